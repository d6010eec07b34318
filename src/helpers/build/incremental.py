"""Which reports are stale: content hashes of everything a report depends on, kept in a manifest.

docs/architecture.md ("What a report depends on"): the data of the unit and its sub-units for the
year and the four before, the units registry, the notebook, the helpers' code, the params that
apply, the language and formats, the years the unit has reports (its page links them), and the
locked package versions (with the Python they run on).
Each is hashed by content (never by file time, which a copy or a checkout changes) and recorded,
when a report rendered, in a small manifest beside its executed notebook:
``notebooks/<year>/<unit_id>.build.json`` (never published; one file per report, so outputs of
separate builds merge without conflict). A run is skipped when every hash matches and its
outputs are present; otherwise the reasons name what changed (down to the data slices), which is
what ``workbook build --dry-run`` prints.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.common.codehash import (
    code_digest,
    file_digest,
    notebook_digest,
    sha256_bytes,
    tree_digest,
)
from helpers.common.config import project_root
from helpers.reference.registry import Registry
from helpers.reference.schema import TABLES
from helpers.report.navigation import report_years
from helpers.report.params import param_files
from helpers.stats.figures_file import LOCAL_PARAMETERS, TREND_YEARS, data_units
from helpers.store.slices import Store

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Fingerprint:
    """The build-wide digests (the same for every report of one build)."""

    registry: str
    notebook: str
    code: str
    packages: str

    @classmethod
    def current(cls, reference_dir: Path, notebook: Path) -> Fingerprint:
        root = project_root()
        return cls(
            registry=tree_digest(Path(reference_dir).glob("*.csv"), Path(reference_dir)),
            notebook=notebook_digest(notebook) or "",  # its source, never its outputs
            code=code_digest(),
            packages=sha256_bytes(f"{file_digest(root / 'uv.lock')}\n{python_runtime()}".encode()),
        )


def python_runtime() -> str:
    """The interpreter the kernels run on: part of "the locked package versions" a report
    depends on (``make`` may move ``.venv`` to another build of Python, see README)."""
    return f"{sys.implementation.name} {platform.python_version()}"


class SliceDigests:
    """Per-slice content hashes of the store, each file hashed once per build.

    Each table's folder of a year is listed once and only the slices in it are opened (a
    national build asks for ~150,000 (table, year, unit) triples, most of them absent or asked
    before); a report's part for one unit and year is assembled once and shared by every report
    that reads it (the unit's own, its BNNP's and BNN RI's for five years).
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[tuple[str, int, str], str | None] = {}
        self._listed: dict[tuple[str, int], frozenset[str]] = {}
        self._parts: dict[tuple[str, int], dict[str, str]] = {}
        self._years: list[int] | None = None

    def years(self) -> list[int]:
        """The years the store holds, read once per build."""
        if self._years is None:
            self._years = self.store.years()
        return self._years

    def _present(self, table: str, year: int) -> frozenset[str]:
        """The unit_ids with a slice of ``table`` in ``year`` (one listing per build)."""
        key = (table, year)
        if key not in self._listed:
            folder = os.path.join(self.store.root, table, str(int(year)))
            try:
                with os.scandir(folder) as entries:
                    self._listed[key] = frozenset(
                        e.name[:-len(".parquet")] for e in entries
                        if e.name.endswith(".parquet"))
            except FileNotFoundError:
                self._listed[key] = frozenset()
        return self._listed[key]

    def get(self, table: str, year: int, unit_id: str) -> str | None:
        key = (table, year, unit_id)
        if key not in self._cache:
            digest = None
            if unit_id in self._present(table, year):  # a name listed in the folder: no path
                path = os.path.join(self.store.root, table, str(int(year)), f"{unit_id}.parquet")
                with self.store.reading():
                    digest = file_digest(path)
            self._cache[key] = digest
        return self._cache[key]

    def _part(self, unit_id: str, year: int) -> dict[str, str]:
        """``{"table/year/unit": sha256}`` of one unit's existing slices of one year."""
        key = (unit_id, year)
        if key not in self._parts:
            with self.store.reading():
                part = {}
                for table in TABLES:
                    digest = self.get(table, year, unit_id)
                    if digest is not None:
                        part[f"{table}/{year}/{unit_id}"] = digest
            self._parts[key] = part
        return self._parts[key]

    def for_report(self, registry: Registry, unit_id: str, year: int) -> dict[str, str]:
        """``{"table/year/unit": sha256}`` for every existing slice the report reads."""
        years = range(year - TREND_YEARS + 1, year + 1)
        found: dict[str, str] = {}
        for unit in data_units(registry, unit_id, years):
            for y in years:
                found.update(self._part(unit, y))
        return found


@dataclass
class Dependencies:
    """Everything one report depends on, as content hashes."""

    fingerprint: Fingerprint
    data: dict[str, str]
    params: dict[str, str | None]  # params file (relative) → digest; "values" → merged values
    options: dict[str, Any]
    #: The years the unit has reports, which its page links (helpers.report.navigation).
    years: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"registry": self.fingerprint.registry, "notebook": self.fingerprint.notebook,
                "code": self.fingerprint.code, "packages": self.fingerprint.packages,
                "data": self.data, "params": self.params, "options": self.options,
                "years": self.years}


def report_dependencies(*, fingerprint: Fingerprint, slices: SliceDigests, registry: Registry,
                        params_dir: Path, unit_id: str, year: int,
                        parameters: Mapping[str, Any], formats: Iterable[str]) -> Dependencies:
    """Hash what one (unit, year) report depends on."""
    files: dict[str, str | None] = {}
    for path in param_files(Path(params_dir), year, unit_id):
        files[path.relative_to(params_dir).as_posix()] = file_digest(path)
    public = {k: v for k, v in parameters.items() if k not in LOCAL_PARAMETERS}
    files["values"] = sha256_bytes(json.dumps(public, sort_keys=True, default=str).encode())
    return Dependencies(
        fingerprint=fingerprint,
        data=slices.for_report(registry, unit_id, year),
        params=files,
        options={"language": parameters.get("language", "id"), "formats": sorted(formats)},
        years=report_years(registry, unit_id, [*slices.years(), year]),
    )


@dataclass
class Staleness:
    """Whether a run must render, and why (empty ``reasons``: up to date)."""

    reasons: list[str] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        return bool(self.reasons)

    def summary(self) -> str:
        return "; ".join(self.reasons) if self.reasons else "up to date"


def _changed_slices(old: Mapping[str, str], new: Mapping[str, str], limit: int = 3) -> str:
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    shown = ", ".join(keys[:limit]) + (f" and {len(keys) - limit} more" if len(keys) > limit
                                       else "")
    return f"data changed ({shown})"


def staleness(deps: Dependencies, manifest: Mapping[str, Any] | None,
              outputs: Iterable[Path], *, force: bool = False) -> Staleness:
    """Compare a report's dependencies with its manifest; list what changed."""
    if force:
        return Staleness(["--force"])
    if manifest is None:
        return Staleness(["never rendered"])
    old = manifest.get("dependencies", {})
    if manifest.get("version") != MANIFEST_VERSION:
        return Staleness(["manifest from another version"])
    new = deps.to_json()
    reasons = []
    missing = [p.name for p in outputs if not p.exists()]
    if missing:
        reasons.append(f"output missing ({', '.join(missing)})")
    for key, label in (("notebook", "notebook changed"), ("code", "helpers' code changed"),
                       ("registry", "units registry changed"),
                       ("packages", "locked packages (uv.lock) or Python changed")):
        if old.get(key) != new[key]:
            reasons.append(label)
    if old.get("data") != new["data"]:
        reasons.append(_changed_slices(old.get("data") or {}, new["data"]))
    if old.get("params") != new["params"]:
        names = [k for k in sorted(set(old.get("params") or {}) | set(new["params"]))
                 if k != "values" and (old.get("params") or {}).get(k) != new["params"].get(k)]
        reasons.append(f"params changed ({', '.join(names)})" if names
                       else "parameters changed")
    if old.get("options") != new["options"]:
        reasons.append("language or formats changed")
    if old.get("years") != new["years"]:
        reasons.append("the unit's years with reports changed (the page links each)")
    return Staleness(reasons)


def read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def manifest_bytes(deps: Dependencies, outputs: Mapping[str, bytes]) -> bytes:
    """The manifest recorded after a report rendered: its dependencies and its outputs' hashes."""
    body = {"version": MANIFEST_VERSION, "dependencies": deps.to_json(),
            "outputs": {name: sha256_bytes(data) for name, data in sorted(outputs.items())}}
    return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode("utf-8")
