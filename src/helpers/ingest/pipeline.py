"""One ingest, start to end: read → validate → quarantine the rejected → commit the accepted.

This is the Python API behind ``workbook ingest``; the CLI only prints what it returns. What a
submission covers is the (unit, year, table) slices of its accepted rows: each is replaced as a
whole, so sending the same file twice changes nothing and a corrected resubmission is the normal
way to fix data. A quarantine file read back is merged by key instead, so fixing the rejected
rows does not wipe the rows accepted the first time. The store changes in one commit
(:mod:`helpers.ingest.commit`) together with the register, or not at all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from helpers.common.config import Paths
from helpers.ingest import commit as commit_mod
from helpers.ingest.messages import Problem
from helpers.ingest.outcomes import Context, RowOutcome
from helpers.ingest.quarantine import write_quarantine
from helpers.ingest.readers import SourceFile, read_paths
from helpers.ingest.validate import validate
from helpers.reference.registry import Registry
from helpers.reference.schema import TABLES, conform
from helpers.reference.vocab import Vocab, load_vocab
from helpers.store.access import Notify, tell_stderr
from helpers.store.journal import crash_point
from helpers.store.register import REGISTER_FILE, register_writer
from helpers.store.slices import Store, write_slice_file

Progress = Callable[[str, int, int], None]


@dataclass
class TableCount:
    read: int = 0
    accepted: int = 0
    rejected: int = 0


@dataclass
class IngestReport:
    """What an ingest did: every row's outcome, every problem, the files it wrote."""

    outcomes: list[RowOutcome]
    problems: list[Problem]  # errors (files, sheets, then rows in order), then warnings
    quarantine_files: list[Path] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # store files replaced
    checked_only: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    @property
    def accepted(self) -> int:
        return sum(o.accepted for o in self.outcomes)

    @property
    def rejected(self) -> int:
        return sum(not o.accepted for o in self.outcomes)

    @property
    def ok(self) -> bool:
        """True when everything submitted was accepted (exit code 0)."""
        return not self.errors and self.rejected == 0

    def counts(self) -> dict[tuple[str, str], TableCount]:
        """Rows read / accepted / rejected per (table, unit), in table order."""
        out: dict[tuple[str, str], TableCount] = {}
        order = {name: i for i, name in enumerate(TABLES)}
        for o in sorted(self.outcomes, key=lambda o: order[o.table]):
            count = out.setdefault((o.table, o.unit_id or "?"), TableCount())
            count.read += 1
            count.accepted += o.accepted
            count.rejected += not o.accepted
        return out


def ingest(inputs: Iterable[Path], paths: Paths, *, year: int | None = None, lang: str = "id",
           check_only: bool = False, registry: Registry | None = None, vocab: Vocab | None = None,
           progress: Progress | None = None, now: datetime | None = None,
           on_wait: Notify | None = tell_stderr) -> IngestReport:
    """Ingest submission files and folders into the store of ``paths``; see the module doc.

    ``year`` restricts the submission to one year (rows dated outside it are refused; a form
    made for a year does that by itself). ``check_only`` validates and reports, writing nothing.
    ``on_wait`` is told when the commit waits for builds or notebooks reading the store.
    """
    registry = registry or Registry.load(paths.reference_dir)
    vocab = vocab or load_vocab(paths.reference_dir)
    now = now or datetime.now(UTC).replace(tzinfo=None)
    store = Store(paths.store_dir, on_wait=on_wait)
    if check_only:
        return _run(list(inputs), store, registry, vocab, paths, year, lang, progress, now, True)
    with commit_mod.store_lock(paths.store_dir):
        commit_mod.recover(paths.store_dir, on_wait)
        discard_partial_quarantine(paths.quarantine_dir)
        return _run(list(inputs), store, registry, vocab, paths, year, lang, progress, now, False)


def _run(inputs: list[Path], store: Store, registry: Registry, vocab: Vocab, paths: Paths,
         year: int | None, lang: str, progress: Progress | None, now: datetime,
         check_only: bool) -> IngestReport:
    read = read_paths(inputs)
    ctx = Context(registry=registry, vocab=vocab, store=store, year=year, today=now.date())
    outcomes = validate(read.files, ctx, progress)
    report = IngestReport(outcomes, _all_problems(read.problems, outcomes),
                          checked_only=check_only)
    if check_only:
        return report
    crash_point("ingest.validated")
    rejected = [o for o in outcomes if not o.accepted]
    if rejected:
        unit_ids = [u.unit_id for u in registry.units()]
        report.quarantine_files = write_quarantine(paths.quarantine_dir, rejected, vocab,
                                                   unit_ids, stamp=now, lang=lang, year=year)
    crash_point("ingest.quarantined")
    files = slice_writers(store, outcomes)
    files[REGISTER_FILE] = register_writer(paths.store_dir, register_rows(read.files, outcomes,
                                                                           now))
    report.written = [p for p in commit_mod.commit(paths.store_dir, files,
                                                   on_wait=store.on_wait)
                      if p.name != REGISTER_FILE]
    return report


def discard_partial_quarantine(folder: Path) -> list[Path]:
    """Remove quarantine files a killed ingest left half-written (``.<name>.xlsx.*.tmp``: the
    atomic writer's temporary names); called with the ingest lock held, so none is being
    written."""
    gone = [p for p in folder.glob(".*.xlsx.*.tmp") if p.is_file()] if folder.is_dir() else []
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def _all_problems(read_problems: list[Problem], outcomes: list[RowOutcome]) -> list[Problem]:
    """Errors first (files and sheets, then rows in submission order), warnings last."""
    seen = {id(p) for p in read_problems}
    problems = list(read_problems)
    for outcome in outcomes:
        for problem in outcome.problems:
            if id(problem) not in seen:
                seen.add(id(problem))
                problems.append(problem)
    return sorted(problems, key=lambda p: p.warning)


def slice_writers(store: Store, outcomes: list[RowOutcome]) -> dict[str, commit_mod.Writer]:
    """The new content of every slice the accepted rows touch, as commit writers."""
    replace: dict[tuple[str, int, str], list[dict]] = defaultdict(list)
    merge: dict[tuple[str, int, str], list[dict]] = defaultdict(list)
    for o in outcomes:
        if o.accepted and o.year is not None and o.unit_id:
            target = merge if o.source.quarantine else replace
            target[(o.table, o.year, o.unit_id)].append(o.values)
    writers: dict[str, commit_mod.Writer] = {}
    for key in sorted(set(replace) | set(merge)):
        table, year, unit_id = key
        spec = TABLES[table]
        if key in replace:
            frame = conform(spec, pd.DataFrame(replace[key], columns=spec.column_names))
        else:
            frame = store.read(table, year, [unit_id])
        if key in merge:
            frame = upsert(frame, conform(spec, pd.DataFrame(merge[key],
                                                             columns=spec.column_names)),
                           list(spec.key))
        rel = store.slice_path(table, year, unit_id).relative_to(store.root).as_posix()
        writers[rel] = _parquet_writer(table, frame)
    return writers


def upsert(base: pd.DataFrame, new: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """``base`` with the rows of ``new`` added, replacing base rows that share their key."""
    new_keys = set(new[key].astype(str).apply(tuple, axis=1)) if len(new) else set()
    if len(base):
        keep = ~base[key].astype(str).apply(tuple, axis=1).isin(new_keys)
        base = base[keep]
    return pd.concat([base, new], ignore_index=True) if len(base) else new


def _parquet_writer(table: str, frame: pd.DataFrame) -> commit_mod.Writer:
    """Write a slice exactly as :meth:`helpers.store.slices.Store.write_slice` would."""
    spec = TABLES[table]

    def write(path: Path) -> None:
        write_slice_file(spec, frame, path)

    return write


def register_rows(files: list[SourceFile], outcomes: list[RowOutcome],
                  now: datetime) -> pd.DataFrame:
    """One register row per (file, table, unit, year) seen, with its accepted/rejected counts."""
    counts: Counter[tuple[int, str, str | None, int | None, bool]] = Counter()
    by_id = {id(f): f for f in files}
    for o in outcomes:
        counts[(id(o.source), o.table, o.unit_id, o.year, o.accepted)] += 1
    groups: dict[tuple[int, str, str | None, int | None], list[int]] = {}
    for (source, table, unit_id, year, accepted), n in counts.items():
        slot = groups.setdefault((source, table, unit_id, year), [0, 0])
        slot[0 if accepted else 1] += n
    rows = []
    for (source, table, unit_id, year), (ok, bad) in groups.items():
        f = by_id[source]
        rows.append({"ingested_at": now, "unit_id": unit_id, "year": year, "table": table,
                     "file_name": f.name, "file_sha256": f.sha256,
                     "mode": "merge" if f.quarantine else "replace",
                     "rows_accepted": ok, "rows_rejected": bad})
    seen = {id(o.source) for o in outcomes}
    for f in files:
        if id(f) not in seen:  # a file nothing could be read from: still on record
            rows.append({"ingested_at": now, "unit_id": f.form_unit, "year": f.form_year,
                         "table": None, "file_name": f.name, "file_sha256": f.sha256,
                         "mode": "merge" if f.quarantine else "replace",
                         "rows_accepted": 0, "rows_rejected": 0})
    return pd.DataFrame(rows)
