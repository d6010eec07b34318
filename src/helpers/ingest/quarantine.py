"""The quarantine: rejected rows, kept with their reasons, ready to be fixed and ingested again.

Nothing a unit sent is dropped silently. Each submitted file whose rows were rejected gets one
workbook under ``<data-dir>/quarantine/``, in the form's own layout (same sheets, headers and
drop-downs) plus a reason column and the row's number in the original file. The analyst fixes
the cells, deletes the reason if they like, and runs ``workbook ingest`` on it: a quarantine file
is marked as such, so its rows are merged into the store by key instead of replacing the unit's
slices (which would drop the rows that were accepted the first time). A cell holding personal
data (a NIK or a name as client_ref) is masked here: it must not land on disk outside the unit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from helpers.ingest.limits import MAX_CELL_CHARS
from helpers.ingest.outcomes import RowOutcome
from helpers.ingest.readers import QUARANTINE_KIND, REASON_HEADER, SOURCE_ROW_HEADER, SourceFile
from helpers.ingest.template import build_form, save_atomic
from helpers.ingest.validate import MASK, has_nik
from helpers.reference.schema import TABLES
from helpers.reference.vocab import Vocab


def quarantine_name(source: SourceFile, stamp: datetime) -> str:
    """``20230115T093000_kasus.xlsx``: sortable by time, named after the submitted file."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(source.name).stem)[:60] or "kiriman"
    return f"{stamp:%Y%m%dT%H%M%S}_{stem}.xlsx"


def write_quarantine(folder: Path, rejected: list[RowOutcome], vocab: Vocab,
                     unit_ids: list[str], *, stamp: datetime, lang: str = "id",
                     year: int | None = None) -> list[Path]:
    """One quarantine workbook per submitted file that had rejected rows; their paths."""
    by_source: dict[int, list[RowOutcome]] = defaultdict(list)
    sources: dict[int, SourceFile] = {}
    for outcome in rejected:
        by_source[id(outcome.source)].append(outcome)
        sources[id(outcome.source)] = outcome.source
    written = []
    for key, outcomes in by_source.items():
        source = sources[key]
        path = _unique(folder / quarantine_name(source, stamp))
        _write_one(path, source, outcomes, vocab, unit_ids, lang, year)
        written.append(path)
    return written


def _unique(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _write_one(path: Path, source: SourceFile, outcomes: list[RowOutcome], vocab: Vocab,
               unit_ids: list[str], lang: str, year: int | None) -> None:
    names = {o.table for o in outcomes}
    tables = [t for t in TABLES.values() if t.name in names]
    book = build_form(vocab, unit_ids, unit_id=source.form_unit, year=year or source.form_year,
                      kind=QUARANTINE_KIND, tables=tables)
    for table in tables:
        ws = book[table.sheet]
        width = len(table.columns)
        extra_keys = sorted({k for o in outcomes if o.table == table.name for k in o.raw
                             if k not in table.column_names})
        for offset, header in enumerate([REASON_HEADER, SOURCE_ROW_HEADER, *extra_keys], 1):
            ws.cell(1, width + offset, header)
        ws.column_dimensions[ws.cell(1, width + 1).column_letter].width = 80
        row = 2
        for outcome in outcomes:
            if outcome.table != table.name:
                continue
            for index, column in enumerate(table.columns, 1):
                ws.cell(row, index, masked_value(outcome, column.name))
            reasons = "; ".join(dict.fromkeys(
                f"{p.column or '-'}: {p.text(lang)}" for p in outcome.problems))
            ws.cell(row, width + 1, reasons)
            ws.cell(row, width + 2, outcome.number)
            for offset, key in enumerate(extra_keys, 3):
                ws.cell(row, width + offset, masked_value(outcome, key))
            row += 1
    save_atomic(book, path)


def masked_value(outcome: RowOutcome, column: str) -> object:
    """The cell as submitted, or the mask when it holds personal data."""
    value = outcome.raw.get(column)
    if column in outcome.masked or (value is not None and has_nik(str(value))):
        return MASK  # also a NIK in a column validation never looked at (an unknown one)
    return _cell(value)


def _cell(value: object) -> object:
    """The value as a cell can hold it: over-long text is cut (Excel's limit is 32,767)."""
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[:MAX_CELL_CHARS] + "…"
    if value is None or isinstance(value, (int, float, str, datetime)):
        return value
    return str(value)
