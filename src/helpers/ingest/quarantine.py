"""The quarantine: rejected rows, kept with their reasons, ready to be fixed and ingested again.

Nothing a unit sent is dropped silently. Each submitted file whose rows were rejected gets one
workbook under ``<data-dir>/quarantine/`` (more than one when a table has more rejected rows than
an Excel sheet holds), in the form's own layout (same sheets, headers and drop-downs) plus a
reason column and the row's number in the original file. The analyst fixes the cells, deletes
the reason if they like, and runs ``workbook ingest`` on it: a quarantine file is marked as
such, so its rows are merged into the store by key instead of replacing the unit's slices
(which would drop the rows that were accepted the first time). A cell holding personal data (a
NIK or a name as client_ref) is masked here: it must not land on disk outside the unit.

The rows are streamed: openpyxl lays out the form (headers, drop-downs, README) and this module
writes each rejected row straight into the sheet's XML, so a million rejected rows cost the
memory of one and about 20 s, not the gigabytes and minutes of a million openpyxl cells.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from openpyxl.utils import get_column_letter

from helpers.common.atomic import replacing
from helpers.ingest.limits import MAX_CELL_CHARS
from helpers.ingest.outcomes import RowOutcome
from helpers.ingest.readers import QUARANTINE_KIND, REASON_HEADER, SOURCE_ROW_HEADER, SourceFile
from helpers.ingest.template import build_form
from helpers.ingest.validate import MASK, has_nik
from helpers.reference.schema import TABLES, Table
from helpers.reference.vocab import Vocab

#: Data rows one sheet holds: Excel's 1,048,576 rows, less the header.
MAX_SHEET_ROWS = 1_048_575
ROWS_PER_WRITE = 2000
EXCEL_EPOCH = datetime(1899, 12, 30)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_DATA = re.compile(r"<sheetData>(.*?)</sheetData>|<sheetData ?/>", re.S)
FIRST_ROW = re.compile(r'<row r="1"[ >].*?</row>|<row r="1"[^>]*/>', re.S)
SECOND_ROW = re.compile(r'<row r="2"[ >].*?</row>', re.S)
CELL_STYLE = re.compile(r'<c r="([A-Z]+)2" s="(\d+)"')
DIMENSION = re.compile(r'<dimension ref="[^"]*" ?/>')
# What XML 1.0 cannot hold, written as OOXML's _xHHHH_ (Excel shows the character again); a
# text that already reads like such an escape gets its underscore escaped, so it stays as sent.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def quarantine_name(source: SourceFile, stamp: datetime) -> str:
    """``20230115T093000_kasus.xlsx``: sortable by time, named after the submitted file."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(source.name).stem)[:60] or "kiriman"
    return f"{stamp:%Y%m%dT%H%M%S}_{stem}.xlsx"


def write_quarantine(folder: Path, rejected: Iterable[RowOutcome], vocab: Vocab,
                     unit_ids: list[str], *, stamp: datetime, lang: str = "id",
                     year: int | None = None) -> list[Path]:
    """The quarantine workbooks of the submitted files that had rejected rows; their paths."""
    by_source: dict[int, list[RowOutcome]] = defaultdict(list)
    sources: dict[int, SourceFile] = {}
    for outcome in rejected:
        by_source[id(outcome.source)].append(outcome)
        sources[id(outcome.source)] = outcome.source
    written = []
    for key, outcomes in by_source.items():
        source = sources[key]
        for part in _parts(outcomes):
            path = _unique(folder / quarantine_name(source, stamp))
            _write_one(path, source, part, vocab, unit_ids, lang, year)
            written.append(path)
    return written


def _parts(outcomes: list[RowOutcome]) -> Iterator[list[RowOutcome]]:
    """The outcomes in workbooks' worth: each sheet at most :data:`MAX_SHEET_ROWS` rows."""
    by_table: dict[str, list[RowOutcome]] = defaultdict(list)
    for outcome in outcomes:
        by_table[outcome.table].append(outcome)
    start = 0
    while any(len(rows) > start for rows in by_table.values()):
        yield [o for rows in by_table.values() for o in rows[start:start + MAX_SHEET_ROWS]]
        start += MAX_SHEET_ROWS


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
    sheets: dict[str, _SheetRows] = {}
    for table in tables:
        rows = [o for o in outcomes if o.table == table.name]
        extra_keys = sorted({k for o in rows for k in o.raw if k not in table.column_names})
        ws = book[table.sheet]
        width = len(table.columns)
        for offset, header in enumerate([REASON_HEADER, SOURCE_ROW_HEADER, *extra_keys], 1):
            ws.cell(1, width + offset, header)
        ws.column_dimensions[ws.cell(1, width + 1).column_letter].width = 80
        sheets[table.sheet] = _SheetRows(table, extra_keys, rows, lang)
    form = io.BytesIO()
    book.save(form)
    with replacing(path) as tmp, open(tmp, "wb") as out:
        fill_sheets(form.getvalue(), out, sheets)


class _SheetRows:
    """The rows one sheet of a quarantine workbook gets, cell by cell."""

    def __init__(self, table: Table, extra_keys: list[str], outcomes: list[RowOutcome],
                 lang: str) -> None:
        self.table, self.extra_keys, self.outcomes, self.lang = table, extra_keys, outcomes, lang

    def __len__(self) -> int:
        return len(self.outcomes)

    @property
    def width(self) -> int:
        return len(self.table.columns) + 2 + len(self.extra_keys)

    def __iter__(self) -> Iterator[list[object]]:
        names = self.table.column_names
        for outcome in self.outcomes:
            reasons = "; ".join(dict.fromkeys(
                f"{p.column or '-'}: {p.text(self.lang)}" for p in outcome.problems))
            yield [*(masked_value(outcome, name) for name in names), reasons, outcome.number,
                   *(masked_value(outcome, key) for key in self.extra_keys)]


def fill_sheets(form: bytes, out: BinaryIO, sheets: dict[str, _SheetRows]) -> None:
    """Copy the workbook ``form`` to ``out`` with each named sheet's rows written after its
    header (the form's own empty rows dropped, their cell styles kept for the new rows)."""
    with zipfile.ZipFile(io.BytesIO(form)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        members = _sheet_members(source)
        filled = {members[name]: rows for name, rows in sheets.items()}
        for info in source.infolist():
            rows = filled.get(info.filename)
            if rows is None:
                target.writestr(info, source.read(info))
                continue
            with target.open(info.filename, "w", force_zip64=True) as sheet:
                _write_sheet(source.read(info).decode("utf-8"), rows, sheet)


def _sheet_members(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML file inside the workbook."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{PKG_REL_NS}}}Relationship")}
    out = {}
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        target = targets[sheet.get(f"{{{REL_NS}}}id")]
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") \
            else f"xl/{target}"
    return out


def _write_sheet(xml: str, rows: _SheetRows, out: BinaryIO) -> None:
    found = SHEET_DATA.search(xml)
    if found is None:
        raise ValueError("the form's sheet has no sheetData")
    body = found.group(1) or ""
    header = FIRST_ROW.search(body)
    second = SECOND_ROW.search(body)
    styles = dict(CELL_STYLE.findall(second.group(0))) if second else {}
    letters = [get_column_letter(i) for i in range(1, rows.width + 1)]
    style = [f' s="{styles[c]}"' if c in styles else "" for c in letters]
    head = DIMENSION.sub(f'<dimension ref="A1:{letters[-1]}{len(rows) + 1}"/>',
                         xml[:found.start()], count=1)
    out.write(f"{head}<sheetData>{header.group(0) if header else ''}".encode())
    chunk = []
    for r, values in enumerate(rows, 2):
        cells = "".join(_cell(f"{letters[i]}{r}", v, style[i])
                        for i, v in enumerate(values) if v is not None)
        chunk.append(f'<row r="{r}">{cells}</row>')
        if len(chunk) == ROWS_PER_WRITE:
            out.write("".join(chunk).encode())
            chunk = []
    out.write("".join(chunk).encode())
    out.write(f"</sheetData>{xml[found.end():]}".encode())


def _cell(ref: str, value: object, style: str) -> str:
    """One cell's XML: text as an inline string (so a formula-like text stays text), numbers
    and dates as numbers (a date in the column's date format), yes/no as a boolean."""
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)) and math.isfinite(value):
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{ref}"{style}><v>{(value - EXCEL_EPOCH).total_seconds() / 86400!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}"{style}><v>{(value - EXCEL_EPOCH.date()).days}</v></c>'
    text = str(value)
    if UNWRITABLE.search(text):
        text = UNWRITABLE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    return (f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">'
            f"{text.translate(XML_TEXT)}</t></is></c>")


def masked_value(outcome: RowOutcome, column: str) -> object:
    """The cell as submitted, or the mask when it holds personal data."""
    value = outcome.raw.get(column)
    if outcome.is_masked(column) or (value is not None and has_nik(str(value))):
        return MASK  # also a NIK in a column validation never looked at (an unknown one)
    return _value(value)


def _value(value: object) -> object:
    """The value as a cell can hold it: over-long text is cut (Excel's limit is 32,767)."""
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[:MAX_CELL_CHARS] + "…"
    if value is None or isinstance(value, (int, float, str, datetime, date)):
        return value
    return str(value)
