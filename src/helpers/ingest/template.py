"""The Excel form a unit fills in (``workbook template``), also the shape of quarantine files.

The form is the cheapest place to prevent errors: drop-down lists offer the vocabularies, date
and number cells refuse obvious slips, the unit (and year) can come pre-filled, and the README
sheet explains every column in the analyst's words. Headers carry the Indonesian name with the
canonical name beside it (``nomor_lkn (case_id)``), so an error message naming the canonical
column points at a header the analyst can see. A hidden ``_formulir`` sheet records the unit and
year the form was made for; ingest reads it back to check dates against that year.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from helpers.common.atomic import replacing
from helpers.ingest.readers import LISTS_SHEET, META_SHEET, README_SHEET, form_header
from helpers.ingest.validate import VOCAB_FIELDS
from helpers.reference.schema import TABLES, Column, Table
from helpers.reference.vocab import Vocab

FORM_VERSION = "2"  # 2: asesmen, pemeriksaan and pemberdayaan; jaringan and lab in kasus
PREFILL_ROWS = 500  # rows whose unit (and year) cells the form pre-fills
VALIDATION_ROWS = 5000  # rows the drop-down lists and cell checks cover
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
BOOL_VALUES = ("ya", "tidak")
EXTRA_UOMS = ("kilogram", "liter")  # accepted and converted on ingest
KIND_ID = {"string": "teks", "int": "bilangan bulat", "float": "angka (koma = desimal)",
           "date": "tanggal (30/12/2022)", "bool": "ya / tidak"}


def list_values(vocab: Vocab, unit_ids: Iterable[str]) -> dict[str, list[str]]:
    """The drop-down lists of the form: vocabulary codes, yes/no and the unit ids."""
    lists = {name: vocab.codes(name) for name in sorted(set(VOCAB_FIELDS.values()))}
    lists["uom"] = [*vocab.codes("uom"), *EXTRA_UOMS]
    lists["bool"] = list(BOOL_VALUES)
    lists["unit_id"] = sorted(unit_ids)
    return lists


def build_form(vocab: Vocab, unit_ids: Iterable[str], *, unit_id: str | None = None,
               year: int | None = None, kind: str = "formulir",
               tables: Iterable[Table] = tuple(TABLES.values())) -> Workbook:
    """A workbook with README, one sheet per table and the hidden lists and form metadata."""
    book = Workbook()
    readme = book.active
    readme.title = README_SHEET
    lists = list_values(vocab, unit_ids)
    list_refs = _write_lists(book.create_sheet(LISTS_SHEET), lists)
    tables = list(tables)
    for table in tables:
        ws = book.create_sheet(table.sheet)
        _write_table_sheet(ws, table, list_refs, unit_id, year, prefill=kind == "formulir")
    _write_readme(readme, tables, lists, unit_id, year)
    meta = book.create_sheet(META_SHEET)
    for row in (("jenis", kind), ("versi", FORM_VERSION), ("unit_id", unit_id or ""),
                ("tahun", str(year) if year else "")):
        meta.append(row)
    meta.sheet_state = "hidden"
    return book


def write_template(out: Path, vocab: Vocab, unit_ids: Iterable[str], *,
                   unit_id: str | None = None, year: int | None = None) -> Path:
    """Write the form to ``out`` (atomically: a half-written form is never left behind)."""
    book = build_form(vocab, unit_ids, unit_id=unit_id, year=year)
    save_atomic(book, out)
    return out


def save_atomic(book: Workbook, out: Path) -> None:
    """Save a workbook through a temporary file in the same folder and a rename.

    Every workbook ingest writes goes through here, so this is where formulas are neutralised.
    """
    neutralise_formulas(book)
    with replacing(out) as tmp:
        book.save(tmp)


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's CSV-injection list


def neutralise_formulas(book: Workbook) -> None:
    """No cell we write can run when opened: text that starts like a formula stays text.

    The forms and quarantine files hold what units typed (a rejected ``=HYPERLINK(...)`` cell
    is kept so it can be fixed); openpyxl would write such a string as a live formula. The text
    is kept exactly (read back, it is the same string) but stored as a string with Excel's quote
    prefix, which is what typing an apostrophe before it does (OWASP's CSV-injection advice).
    """
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_LEADS):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def _write_lists(ws: Worksheet, lists: dict[str, list[str]]) -> dict[str, str]:
    refs = {}
    for index, (name, values) in enumerate(lists.items(), 1):
        letter = get_column_letter(index)
        ws.cell(1, index, name)
        for row, value in enumerate(values, 2):
            ws.cell(row, index, value)
        last = max(len(values) + 1, 2)
        refs[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    ws.sheet_state = "hidden"
    return refs


def _list_for(table: Table, column: Column) -> str | None:
    if column.kind == "bool":
        return "bool"
    if column.name in ("unit_id", "uom"):
        return column.name
    return VOCAB_FIELDS.get((table.name, column.name))


def _write_table_sheet(ws: Worksheet, table: Table, list_refs: dict[str, str],
                       unit_id: str | None, year: int | None, *, prefill: bool) -> None:
    for index, column in enumerate(table.columns, 1):
        cell = ws.cell(1, index, form_header(column.header_id, column.name))
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center")
        required = "wajib" if column.required else "boleh kosong"
        cell.comment = Comment(f"{column.description} ({KIND_ID[column.kind]}; {required})",
                               "workbook")
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = max(14, len(str(cell.value)) + 4)
        cells = f"{letter}2:{letter}{VALIDATION_ROWS + 1}"
        validation = _validation(table, column, list_refs, year)
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(cells)
        if column.kind == "date":
            for row in range(2, 202):
                ws.cell(row, index).number_format = "DD/MM/YYYY"
        fill = {"unit_id": unit_id, "year": year}.get(column.name) if prefill else None
        if fill is not None:
            for row in range(2, PREFILL_ROWS + 2):
                ws.cell(row, index, fill)
    ws.freeze_panes = "A2"


def _validation(table: Table, column: Column, list_refs: dict[str, str],
                year: int | None) -> DataValidation | None:
    """Drop-downs warn rather than stop: ingest also accepts aliases (kg, shabu → sabu)."""
    name = _list_for(table, column)
    if name is not None:
        dv = DataValidation(type="list", formula1=f"={list_refs[name]}", allow_blank=True,
                            errorStyle="warning", showErrorMessage=True)
        dv.error = "Nilai di luar daftar: periksa ejaannya (lihat lembar README)."
        return dv
    if column.kind == "date" and year:
        dv = DataValidation(type="date", operator="between", formula1=f"DATE({year},1,1)",
                            formula2=f"DATE({year},12,31)", allow_blank=True,
                            errorStyle="warning", showErrorMessage=True)
        dv.error = f"Tanggal harus di tahun {year} (tulis 30/12/{year})."
        return dv
    if (table.name, column.name) in AT_MOST:
        return _at_most(table, column, AT_MOST[(table.name, column.name)])
    if column.kind in ("int", "float"):
        dv = DataValidation(type="whole" if column.kind == "int" else "decimal",
                            operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            errorStyle="warning", showErrorMessage=True)
        dv.error = "Isi angka 0 atau lebih (koma untuk desimal)."
        return dv
    return None


# A count that can never exceed another one of its row: positives among those tested.
AT_MOST = {("tests", "positive"): "tested"}


def _at_most(table: Table, column: Column, limit: str) -> DataValidation:
    """A whole number from 0 up to the row's ``limit`` cell (positives ≤ tested)."""
    names = table.column_names
    own = get_column_letter(names.index(column.name) + 1)
    other = get_column_letter(names.index(limit) + 1)
    dv = DataValidation(type="custom", formula1=f"AND({own}2>=0,{own}2<={other}2)",
                        allow_blank=True, errorStyle="warning", showErrorMessage=True)
    dv.error = (f"Isi angka 0 sampai {table.column(limit).header_id}: positif tidak boleh "
                "lebih dari yang diperiksa.")
    return dv


README_LINES = (
    "Cara mengisi",
    "1. Isi satu lembar per tabel; satu baris = satu data. Jangan mengganti nama lembar atau "
    "judul kolom; kolom tambahan diabaikan.",
    "2. Angka: koma untuk desimal, titik untuk ribuan (307,527 gram; 1.234.567). Jumlah dalam "
    "kilogram atau liter boleh: diubah otomatis ke gram / mililiter.",
    "3. Tanggal: 30/12/2022, 2022-12-30 atau 30 Desember 2022. Ya/tidak: ya atau tidak.",
    "4. Kode klien rehabilitasi adalah kode pseudonim (mis. RJ-2022-001): JANGAN menulis nama "
    "atau NIK.",
    "5. Barang bukti merujuk nomor LKN di lembar kasus (atau kasus yang sudah dikirim).",
    "6. Kirim ulang seluruh tabel untuk memperbaiki data: kiriman baru menggantikan data unit "
    "untuk tahun dan tabel yang dikirim.",
    "7. Kasus: isi laboratorium_gelap (ya/tidak) untuk setiap kasus, dan nama jaringan bila "
    "kasusnya bagian dari jaringan/sindikat. Bila kedua kolom kosong di semua kasus, laporan "
    "menyatakan jaringan dan laboratorium gelap tidak dilaporkan.",
    "8. Asesmen: satu baris per asesmen terpadu; kode asesmen adalah kode pseudonim orang yang "
    "diasesmen (mis. TAT-2024-001): JANGAN menulis nama atau NIK.",
    "9. Pemeriksaan: satu baris per kegiatan tes urine, atau per kelompok SKHPN yang "
    "diterbitkan (mis. per bulan); jumlah positif tidak boleh lebih dari jumlah diperiksa.",
    "10. Pemberdayaan: satu baris per pembentukan atau penetapan (penggiat, relawan, Desa/"
    "Kelurahan Bersinar, Sekolah Bersinar, lembaga IBM, perjanjian kerja sama) dengan jumlahnya.",
    "11. Lembar tanpa baris berarti tabel itu tidak dikirim: laporan menulis 'tidak "
    "dilaporkan', bukan 0. Bila memang tidak ada kegiatan, kirim satu baris berjumlah 0.",
)


def _write_readme(ws: Worksheet, tables: list[Table], lists: dict[str, list[str]],
                  unit_id: str | None, year: int | None) -> None:
    ws.append(["Formulir data laporan tahunan BNN"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Satuan kerja (unit_id)", unit_id or "(isi di kolom satuan_kerja)"])
    ws.append(["Tahun", year or "(sesuai tanggal data)"])
    ws.append([])
    for line in README_LINES:
        ws.append([line])
    ws.append([])
    head = ["lembar", "judul kolom", "nama kanonik", "wajib", "jenis isian", "keterangan",
            "nilai yang diterima"]
    ws.append(head)
    for cell in ws[ws.max_row]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for table in tables:
        for column in table.columns:
            name = _list_for(table, column)
            allowed = ", ".join(lists[name]) if name and name != "unit_id" else ""
            ws.append([table.sheet, form_header(column.header_id, column.name), column.name,
                       "ya" if column.required else "tidak", KIND_ID[column.kind],
                       column.description, allowed])
    for letter, width in zip("ABCDEFG", (16, 34, 16, 8, 22, 44, 60), strict=True):
        ws.column_dimensions[letter].width = width
