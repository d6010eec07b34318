"""Publishing a year, and keeping what was published from changing silently.

``workbook publish --year Y`` records what leadership announces: every report of the year must
be built, up to date and signed off (``status: final`` in params/, not a draft); the record
(:mod:`helpers.store.publications`) keeps each report's figures, provenance and file hashes.
The year's reports then show their publication date.

After that a build that would change a published figure stops and lists the changes (unit,
figure, published value, new value) unless it is given a correction note: the note, the date
and the changes become a correction (Ralat) in the record, which every report it touches
shows and the site lists. This is the errata policy of a statistics office: published numbers
change only visibly, with the reason and the date.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from helpers.build.plan import check, output_paths
from helpers.build.run import Run
from helpers.common.config import Paths
from helpers.reference.registry import Registry
from helpers.stats.figures_file import generation_time
from helpers.stats.published import Change, changes, flat_figures
from helpers.store.publications import read_record, write_record
from helpers.store.slices import Store


class PublishError(RuntimeError):
    """A year that cannot be published yet; the message lists the units and the fix."""


def today() -> str:
    """The date a publication or correction is recorded under (``SOURCE_DATE_EPOCH`` aware)."""
    return generation_time().date().isoformat()


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _published_report(outputs_dir: Path, unit_id: str, year: int) -> dict[str, Any]:
    files = output_paths(outputs_dir, unit_id, year)
    figures = json.loads(files["json"].read_text(encoding="utf-8"))
    provenance = figures.get("provenance", {})
    return {
        "figures": flat_figures(figures),
        "data_sha256": provenance.get("data_sha256"),
        "code_version": provenance.get("code_version"),
        "files": {kind: _sha256(files[kind]) for kind in ("html", "pdf", "json")},
    }


def _id_runs(runs: Iterable[Run]) -> list[Run]:
    return [run for run in runs if run.language == "id"]


def publish(paths: Paths, registry: Registry, runs: list[Run], year: int,
            on: str | None = None) -> dict[str, Any]:
    """Record ``runs`` (every Indonesian report of ``year``) as published ``on`` (default today).

    Refuses, naming each unit, when a report is missing or out of date, or still a draft; the
    record's figures are read from the figures files the reports were built with.
    """
    runs = _id_runs(runs)
    if read_record(paths.data_dir, year) is not None:
        raise PublishError(
            f"{year} sudah diterbitkan; perubahan angka hanya lewat `workbook build --year "
            f"{year} --correction \"alasan\"` ({year} is already published; figures change "
            "only through a correction)")
    stale = [c for c in check(paths, registry, runs) if c.stale]
    if stale:
        names = ", ".join(f"{c.run.unit_id} ({'; '.join(c.reasons)})" for c in stale[:10])
        more = f" dan {len(stale) - 10} lainnya" if len(stale) > 10 else ""
        raise PublishError(
            f"{len(stale)} laporan {year} belum dibangun atau sudah usang: {names}{more}. "
            f"Jalankan `workbook build --year {year}` dulu ({len(stale)} report(s) of {year} "
            "not built or out of date: build the year first)")
    drafts = [run.unit_id for run in runs if run.parameters.get("status", "draft") != "final"]
    if drafts:
        raise PublishError(
            f"{len(drafts)} laporan {year} masih draf: {', '.join(drafts[:10])}"
            f"{' …' if len(drafts) > 10 else ''}. Setelah disetujui, tulis `status: final` di "
            f"params/{year}/defaults.yaml (atau params/{year}/<unit_id>.yaml) dan bangun ulang "
            f"({len(drafts)} report(s) of {year} are still drafts: after sign-off set "
            "`status: final` in params and rebuild)")
    record = {
        "year": year,
        "published_on": on or today(),
        "reports": {run.unit_id: _published_report(paths.outputs_dir, run.unit_id, year)
                    for run in sorted(runs, key=lambda r: r.unit_id)},
        "corrections": [],
    }
    write_record(paths.data_dir, record)
    return record


@dataclass
class Review:
    """What a build of published years would change, per year."""

    changes: dict[int, list[Change]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.changes.values())

    def table(self, limit: int = 40) -> str:
        """The changes as lines a person reads: year, unit, figure, published → new."""
        rows = [c for year in sorted(self.changes) for c in self.changes[year]]
        lines = [f"  {year} {c.unit_id}  {c.figure}: {c.published} → {c.new}"
                 for year in sorted(self.changes) for c in self.changes[year]][:limit]
        if len(rows) > limit:
            lines.append(f"  … dan {len(rows) - limit} perubahan lainnya ({len(rows)} in all)")
        return "\n".join(lines)


def review(paths: Paths, registry: Registry, store: Store, runs: list[Run],
           notebook: Path | None = None, force: bool = False) -> Review:
    """The published figures the stale runs of published years would change.

    Only runs that would render are computed (a no-op build computes nothing); their figures
    come from the same engine function the report's kernel calls, so what is compared is what
    would be published.
    """
    found = Review()
    by_year: dict[int, list[Run]] = {}
    for run in _id_runs(runs):
        by_year.setdefault(run.year, []).append(run)
    for year, year_runs in sorted(by_year.items()):
        record = read_record(paths.data_dir, year)
        if record is None:
            continue
        stale = [c.run for c in check(paths, registry, year_runs, force=force,
                                      notebook=notebook) if c.stale]
        if not stale:
            continue
        # Only now: the engine imports pandas, which a no-op build never needs (~0.6 s).
        from helpers.stats.engine import subtree_figures
        from helpers.stats.report_figures import report_figures

        shared: dict[str, Any] = {}
        for run in stale:
            published = record["reports"].get(run.unit_id)
            if published is None:
                continue
            root = _root(registry, run.unit_id, year)
            if root not in shared:
                shared[root] = subtree_figures(store, registry, root)
            new = report_figures(store, registry, run.unit_id, year,
                                 parameters=run.parameters, figures_of=shared[root])
            found.changes.setdefault(year, []).extend(
                changes(run.unit_id, published["figures"], flat_figures(new)))
    return found


def _root(registry: Registry, unit_id: str, year: int) -> str:
    while (parent := registry.parent(unit_id, year)) is not None:
        unit_id = parent
    return unit_id


def record_correction(paths: Paths, year: int, note: str, found: list[Change],
                      on: str | None = None) -> dict[str, Any]:
    """Add a correction (Ralat) to the year's record: the note, the date, every change, and
    the corrected figures become the published ones."""
    note = " ".join(note.split())
    if not note:
        raise PublishError("catatan ralat kosong: tulis alasannya, mis. --correction "
                           "\"Data BNNK X direvisi\" (the correction note is empty)")
    record = read_record(paths.data_dir, year)
    if record is None:
        raise PublishError(f"{year} belum diterbitkan ({year} is not published)")
    for change in found:
        figures = record["reports"][change.unit_id]["figures"]
        if change.new is None:
            figures.pop(change.figure, None)
        else:
            figures[change.figure] = change.new
    record["corrections"].append({"on": on or today(), "note": note,
                                  "changes": [c.as_dict() for c in found]})
    write_record(paths.data_dir, record)
    return record


def refresh_files(paths: Paths, year: int, unit_ids: Iterable[str]) -> None:
    """After a build of a published year: the record keeps the hashes of the files now
    published (a re-render with the publication date or a Ralat changes the files, not the
    figures), with the provenance they came from."""
    record = read_record(paths.data_dir, year)
    if record is None:
        return
    changed = False
    for unit_id in unit_ids:
        if unit_id in record["reports"] and \
                output_paths(paths.outputs_dir, unit_id, year)["json"].exists():
            fresh = _published_report(paths.outputs_dir, unit_id, year)
            fresh["figures"] = record["reports"][unit_id]["figures"]
            if fresh != record["reports"][unit_id]:
                record["reports"][unit_id] = fresh
                changed = True
    if changed:
        write_record(paths.data_dir, record)


def publication_date(value: str) -> str:
    """A ``--date`` argument as an ISO date (``2024-12-30``), or a clear error."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise PublishError(f"tanggal {value!r} tidak valid: tulis YYYY-MM-DD, mis. 2024-12-30 "
                           "(not a date: write YYYY-MM-DD)") from None
