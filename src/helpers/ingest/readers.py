"""Reading submissions: the Excel form and CSV files into raw rows keyed by canonical column.

Readers only find tables, headers and rows; they do not judge values (that is
:mod:`helpers.ingest.validate`). They never stop at the first problem: a structural problem (a
file that is not a spreadsheet, a missing column, merged header cells) is recorded and the rows it
affects are still carried along, so that the caller can quarantine them instead of losing them.
Cell values stay as they came: Excel numbers and dates as Python values, CSV cells as text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from helpers.ingest.limits import (
    MAX_FILE_BYTES,
    decode_csv,
    file_size_problem,
    list_submission,
    zip_problem,
)
from helpers.ingest.messages import Problem
from helpers.ingest.numbers import is_blank
from helpers.ingest.xlsx_sheets import choose_sheets, uncomputed_cells
from helpers.reference.schema import TABLES, Table

if TYPE_CHECKING:
    from openpyxl import Workbook

# A cell as long as the whole file allowed is reported by validation as too long (with its row
# quarantined), not by the csv module as a damaged file that quarantines nothing.
csv.field_size_limit(MAX_FILE_BYTES)

META_SHEET = "_formulir"  # hidden key/value sheet of a form: kind, unit_id, year
LISTS_SHEET = "_daftar"  # hidden sheet of the form's drop-down lists
README_SHEET = "README"
QUARANTINE_KIND = "karantina"
REASON_HEADER = "alasan_penolakan"  # the quarantine's reason column: ignored when read back
SOURCE_ROW_HEADER = "baris_asal"
IGNORED_HEADERS = {REASON_HEADER, SOURCE_ROW_HEADER, "reason", "source_row"}
HEADER_SCAN_ROWS = 10
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class SheetData:
    """The rows of one table from one file (an xlsx sheet or one CSV file)."""

    file: str  # as shown to the analyst
    sheet: str  # the form's sheet name (also for CSV, so messages read alike)
    table: Table
    rows: list[tuple[int, dict[str, object]]]  # (spreadsheet row number, canonical -> raw)
    headers: dict[str, str] = field(default_factory=dict)  # canonical -> header as written
    rejected_reason: Problem | None = None  # a structural problem that rejects every row
    uncomputed: dict[int, set[str]] = field(default_factory=dict)  # row -> formula, no result


@dataclass
class SourceFile:
    """One submitted file: its name for the register (never a local path) and its hash."""

    display: str
    name: str
    sha256: str
    form_unit: str | None = None
    form_year: int | None = None
    quarantine: bool = False  # a quarantine file read back: merges by key, never replaces
    sheets: list[SheetData] = field(default_factory=list)


@dataclass
class ReadResult:
    files: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def header_key(text: object) -> str:
    """Matching key of a header: lower case, runs of spaces, ``-`` and ``_`` as one ``_``."""
    return re.sub(r"[\s_\-]+", "_", str(text).strip().lower()).strip("_")


def header_map(table: Table) -> dict[str, str]:
    """Every accepted header of ``table`` → canonical: canonical, Indonesian, the form's."""
    out: dict[str, str] = {}
    for column in table.columns:
        for name in (column.name, column.header_id, form_header(column.header_id, column.name)):
            out[header_key(name)] = column.name
    return out


def form_header(header_id: str, canonical: str) -> str:
    """The form's header cell: the Indonesian header with the canonical name beside it."""
    return header_id if header_id == canonical else f"{header_id} ({canonical})"


def table_for_name(name: str) -> Table | None:
    """The table a sheet name or CSV file stem stands for (canonical or form name)."""
    key = header_key(name)
    for table in TABLES.values():
        if key in (table.name, table.sheet):
            return table
    return None


def list_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The files a submission is made of, and what listing refused or skipped (see limits)."""
    listing = list_submission(paths)
    return listing.files, listing.problems


def read_paths(paths: Iterable[Path]) -> ReadResult:
    """Read every submission file; folders are read file by file (xlsx and csv)."""
    result = ReadResult()
    listing = list_submission(paths)
    result.problems.extend(listing.problems)
    for path in listing.files:
        _read_file(path, result)
    return result


def _read_file(path: Path, result: ReadResult) -> None:
    too_large = file_size_problem(path, str(path))
    if too_large is not None:
        result.problems.append(too_large)
        return
    data = path.read_bytes()
    source = SourceFile(display=str(path), name=path.name, sha256=hashlib.sha256(data).hexdigest())
    result.files.append(source)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        problems = read_csv(data, source)
    elif data.startswith(OLE_MAGIC):
        code = "encrypted" if "EncryptionInfo".encode("utf-16-le") in data else "old_xls"
        problems = [Problem(code, source.display)]
    elif data.startswith(ZIP_MAGIC):
        problems = read_xlsx(data, source)
    else:
        problems = [Problem("old_xls" if suffix == ".xls" else "not_spreadsheet", source.display)]
    result.problems.extend(problems)


# ---------------------------------------------------------------- CSV


def read_csv(data: bytes, source: SourceFile) -> list[Problem]:
    """One CSV file = one table, named by its stem; comma or semicolon delimited."""
    table = table_for_name(Path(source.name).stem)
    if table is None:
        names = ", ".join(f"{t.sheet}.csv/{t.name}.csv" for t in TABLES.values())
        return [Problem("csv_unknown_name", source.display, params={"names": names})]
    decoded = decode_csv(data, source.display)
    if decoded.text is None:
        return decoded.problems
    text = decoded.text
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if first.count("\t") > first.count(delimiter):
        delimiter = "\t"  # Excel's "Unicode Text" (UTF-16) is tab-separated
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[object]]] = []
    try:
        for record in reader:
            records.append((reader.line_num, list(record)))
    except csv.Error as exc:
        return [Problem("corrupt", source.display, params={"detail": str(exc)})]
    sheet, problems = _sheet_from_records(source, table, records)
    source.sheets.append(sheet)
    return decoded.problems + problems


# ---------------------------------------------------------------- XLSX


def read_xlsx(data: bytes, source: SourceFile) -> list[Problem]:
    """Every visible form sheet of a workbook; the others are named (:mod:`xlsx_sheets`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "xl/workbook.xml" not in names:
                return [Problem("not_spreadsheet", source.display)]
            if (bomb := zip_problem(archive, source.display)) is not None:
                return [bomb]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except zipfile.BadZipFile:
        return [Problem("corrupt", source.display, params={"detail": "zip"})]
    except (InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        return [Problem("corrupt", source.display, params={"detail": type(exc).__name__})]

    meta = _form_meta(book)
    source.form_unit = meta.get("unit_id") or None
    source.form_year = int(meta["tahun"]) if str(meta.get("tahun", "")).isdigit() else None
    source.quarantine = meta.get("jenis") == QUARANTINE_KIND
    chosen, problems = choose_sheets(book, source.display, {META_SHEET, LISTS_SHEET,
                                                             README_SHEET},
                                     table_for_name, _tables_in)
    uncomputed = uncomputed_cells(data, names, book, [c.ws.title for c in chosen])
    for c in chosen:
        records = [(i, list(values)) for i, values in enumerate(c.ws.iter_rows(values_only=True),
                                                                 1)]
        sheet, sheet_problems = _sheet_from_records(source, c.table, records,
                                                    merged=list(c.ws.merged_cells.ranges),
                                                    reason=c.reason,
                                                    uncomputed=uncomputed.get(c.ws.title))
        source.sheets.append(sheet)
        problems.extend(sheet_problems)
    found = {c.table.name for c in chosen}
    if not found:  # "no form sheet" says it all: no warning per ignored sheet
        problems = [p for p in problems if p.code != "ignored_sheet"]
        problems.append(Problem("no_tables", source.display, params={
            "names": ", ".join(t.sheet for t in TABLES.values())}))
    elif meta and not source.quarantine:
        for table in TABLES.values():
            if table.name not in found:
                problems.append(Problem("missing_sheet", source.display, table.sheet,
                                        params={"sheet": table.sheet, "table": table.name},
                                        warning=True))
    return list({id(p): p for p in problems}.values())


def _tables_in(ws: object) -> list[Table]:
    """The table whose headers a sheet's top rows carry best (a renamed or hidden table sheet).

    Ties are all returned: ``case_id, unit_id`` alone could be cases or seizures.
    """
    rows = [list(v) for v in ws.iter_rows(max_row=HEADER_SCAN_ROWS,  # type: ignore[attr-defined]
                                          values_only=True)]
    scores: dict[str, int] = {}
    for table in TABLES.values():
        known = header_map(table)
        hits = [len({known[header_key(v)] for v in row if not is_blank(v)
                     and header_key(v) in known}) for row in rows]
        if max(hits, default=0) >= 2:
            scores[table.name] = max(hits)
    best = max(scores.values(), default=0)
    return [TABLES[name] for name, score in scores.items() if score == best]


def _form_meta(book: Workbook) -> dict[str, str]:
    """The hidden ``_formulir`` sheet's key/value pairs ({} for a workbook not made by us)."""
    if META_SHEET not in book.sheetnames:
        return {}
    ws = book[META_SHEET]
    return {str(k).strip(): str(v).strip() for k, v, *_ in ws.iter_rows(values_only=True)
            if k is not None and v is not None}


# ---------------------------------------------------------------- shared


def _sheet_from_records(source: SourceFile, table: Table, records: list[tuple[int, list[object]]],
                        merged: list | None = None, reason: Problem | None = None,
                        uncomputed: set[tuple[int, int]] | None = None,
                        ) -> tuple[SheetData, list[Problem]]:
    sheet = SheetData(file=source.display, sheet=table.sheet, table=table, rows=[],
                      rejected_reason=reason)
    problems: list[Problem] = []
    known = header_map(table)
    header_at = _find_header(records, known)
    if header_at is None:
        sheet.rejected_reason = Problem("no_header", source.display, table.sheet)
        sheet.rows = [(n, {str(i): v for i, v in enumerate(vals)}) for n, vals in records
                      if not all(is_blank(v) for v in vals)]
        return sheet, [sheet.rejected_reason]
    header_row, header = records[header_at]
    on_header = [r for r in (merged or []) if r.min_row <= header_row <= r.max_row]
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        if is_blank(cell):
            continue
        key = header_key(cell)
        canonical = known.get(key)
        if canonical is None:
            if key not in IGNORED_HEADERS:
                problems.append(Problem("extra_column", source.display, table.sheet, header_row,
                                        params={"value": str(cell).strip()}, warning=True))
            continue
        if canonical in positions:
            sheet.rejected_reason = sheet.rejected_reason or Problem(
                "duplicate_column", source.display, table.sheet, header_row, canonical,
                params={"canonical": canonical})
            continue
        positions[canonical] = index
        sheet.headers[canonical] = str(cell).strip()
    prefill = {"unit_id": source.form_unit, "year": source.form_year}
    for number, values in records[header_at + 1:]:
        row = {name: (values[i] if i < len(values) else None) for name, i in positions.items()}
        formulas = {name for name, i in positions.items() if (number, i) in (uncomputed or ())}
        if _is_empty(row, prefill) and not formulas:
            continue
        if formulas:
            sheet.uncomputed[number] = formulas
        sheet.rows.append((number, row))
    if on_header:
        cells = ", ".join(str(r) for r in on_header)
        sheet.rejected_reason = Problem("merged_header", source.display, table.sheet, header_row,
                                        params={"cells": cells})
    for column in table.columns:
        if column.required and column.name not in positions and sheet.rejected_reason is None:
            header = form_header(column.header_id, column.name)
            sheet.rejected_reason = Problem(
                "missing_column", source.display, table.sheet, header_row, column.name,
                params={"header": header, "canonical": column.name})
    if sheet.rejected_reason is not None:
        problems.append(sheet.rejected_reason)
    elif not sheet.rows and not source.quarantine:
        problems.append(Problem("empty_sheet", source.display, table.sheet, warning=True))
    return sheet, problems


def _find_header(records: list[tuple[int, list[object]]], known: dict[str, str]) -> int | None:
    """The first of the top rows naming at least two of the table's columns."""
    for index, (_, values) in enumerate(records[:HEADER_SCAN_ROWS]):
        hits = {known[header_key(v)] for v in values if not is_blank(v) and header_key(v) in known}
        if len(hits) >= 2:
            return index
    return None


def _is_empty(row: dict[str, object], prefill: dict[str, object]) -> bool:
    """Blank, or holding only the values the form pre-filled (unit, year)."""
    for name, value in row.items():
        if is_blank(value):
            continue
        default = prefill.get(name)
        if default is not None and str(value).strip() == str(default):
            continue
        return False
    return True
