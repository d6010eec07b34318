"""Finding tables, headers and rows in submitted files (helpers.ingest.readers)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from helpers.ingest.readers import ReadResult, read_paths

CANONICAL = "case_id,unit_id,date,suspects,p21,tppu\n"
ROW = "LKN/01,bnnk-lubuklinggau,30/12/2022,2,ya,tidak\n"


def read(*paths: Path) -> ReadResult:
    return read_paths(list(paths))


def codes(result: ReadResult) -> list[str]:
    return [p.code for p in result.problems]


def only_sheet(result: ReadResult):  # noqa: ANN201 - SheetData
    [source] = result.files
    [sheet] = source.sheets
    return sheet


@pytest.mark.parametrize("name", ["cases.csv", "kasus.csv", "KASUS.CSV"])
def test_csv_is_recognised_by_canonical_or_sheet_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(CANONICAL + ROW, encoding="utf-8")
    sheet = only_sheet(read(path))
    assert sheet.table.name == "cases"
    assert sheet.rows == [(2, {"case_id": "LKN/01", "unit_id": "bnnk-lubuklinggau",
                               "date": "30/12/2022", "suspects": "2", "p21": "ya",
                               "tppu": "tidak"})]


def test_csv_with_unknown_name_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "data_2022.csv"
    path.write_text(CANONICAL + ROW, encoding="utf-8")
    assert codes(read(path)) == ["csv_unknown_name"]


def test_semicolon_windows_1252_and_indonesian_headers(tmp_path: Path) -> None:
    path = tmp_path / "barang_bukti.csv"
    text = ("nomor_lkn;satuan_kerja;jenis_narkotika;jumlah;satuan\n"
            "LKN/01;bnnk-lubuklinggau;sabu;307,527;gram\n"
            "LKN/02;bnnk-lubuklinggau;ganja;1.234,5;gram \u2013 kering\n")
    path.write_bytes(text.encode("cp1252"))
    sheet = only_sheet(read(path))
    assert sheet.rows[0][1]["quantity"] == "307,527"
    assert sheet.rows[1][1]["uom"] == "gram \u2013 kering"


def test_utf8_bom_and_form_headers(tmp_path: Path) -> None:
    path = tmp_path / "kasus.csv"
    header = "nomor_lkn (case_id),satuan_kerja (unit_id),tanggal (date),jumlah_tersangka,p21,tppu\n"
    path.write_bytes(b"\xef\xbb\xbf" + (header + ROW).encode("utf-8"))
    sheet = only_sheet(read(path))
    assert sheet.rejected_reason is None
    assert sheet.rows[0][1]["case_id"] == "LKN/01"


def test_missing_required_column_rejects_the_sheet_but_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("case_id,unit_id,date,p21,tppu\nLKN/01,bnnk-x,30/12/2022,ya,tidak\n",
                    encoding="utf-8")
    result = read(path)
    sheet = only_sheet(result)
    assert codes(result) == ["missing_column"]
    assert result.problems[0].column == "suspects"
    assert len(sheet.rows) == 1  # carried along to the quarantine, not dropped


def test_extra_columns_are_warned_and_ignored(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("case_id,unit_id,date,suspects,p21,tppu,catatan\n"
                    "LKN/01,bnnk-x,30/12/2022,2,ya,tidak,penting\n", encoding="utf-8")
    result = read(path)
    assert [(p.code, p.warning) for p in result.problems] == [("extra_column", True)]
    assert "catatan" not in only_sheet(result).rows[0][1]


def test_blank_and_trailing_rows_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(CANONICAL + ROW + ",,,,,\n\n" + ROW.replace("01", "02") + " , ,\n,,,,,\n",
                    encoding="utf-8")
    assert [n for n, _ in only_sheet(read(path)).rows] == [2, 5]


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def test_xlsx_keeps_excel_values_and_finds_a_header_below_a_title(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "f.xlsx", {"kasus": [
        ["Laporan kasus BNNK Lubuklinggau"], [],
        ["case_id", "unit_id", "date", "suspects", "p21", "tppu"],
        ["LKN/01", "bnnk-lubuklinggau", 44925, 2, True, False]]})
    sheet = only_sheet(read(path))
    assert sheet.rows == [(4, {"case_id": "LKN/01", "unit_id": "bnnk-lubuklinggau",
                               "date": 44925, "suspects": 2, "p21": True, "tppu": False})]


def test_merged_header_cells_reject_the_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "f.xlsx", {"kasus": [
        ["case_id", "unit_id", "date", "suspects", "p21", "tppu"],
        ["LKN/01", "bnnk-lubuklinggau", "30/12/2022", 2, "ya", "tidak"]]})
    book = openpyxl.load_workbook(path)
    book["kasus"].merge_cells("E1:F1")
    book.save(path)
    result = read(path)
    assert codes(result) == ["merged_header"]
    assert "E1:F1" in result.problems[0].text("en")


def test_workbook_without_form_sheets_is_an_error(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "f.xlsx", {"Sheet1": [["a", "b"], [1, 2]]})
    assert codes(read(path)) == ["no_tables"]


@pytest.mark.parametrize(("name", "content", "code"), [
    ("laporan.xlsx", b"%PDF-1.4 not a workbook", "not_spreadsheet"),
    ("laporan.pdf", b"%PDF-1.4", "not_spreadsheet"),
    ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old_xls"),
    ("rahasia.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
     "encrypted"),
    ("rusak.xlsx", b"PK\x03\x04" + b"\x00" * 40, "corrupt"),
])
def test_files_that_cannot_be_read_are_reported(tmp_path: Path, name: str, content: bytes,
                                                code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert codes(read(path)) == [code]


def test_truncated_xlsx_is_corrupt(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "f.xlsx", {"kasus": [["case_id", "unit_id"]]})
    path.write_bytes(path.read_bytes()[:300])
    assert codes(read(path)) == ["corrupt"]


def test_folder_reads_csv_files_and_warns_about_others(tmp_path: Path) -> None:
    (tmp_path / "kasus.csv").write_text(CANONICAL + ROW, encoding="utf-8")
    (tmp_path / "catatan.txt").write_text("hello", encoding="utf-8")
    result = read(tmp_path)
    assert [s.table.name for f in result.files for s in f.sheets] == ["cases"]
    assert [(p.code, p.warning) for p in result.problems] == [("ignored_file", True)]


def test_file_hash_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "kasus.csv"
    path.write_text(CANONICAL + ROW, encoding="utf-8")
    [source] = read(path).files
    assert len(source.sha256) == 64 and source.name == "kasus.csv"


def test_form_with_a_sheet_removed_warns_and_reads_the_rest(tmp_path: Path) -> None:
    from helpers.ingest.template import write_template
    from helpers.reference.vocab import load_vocab

    path = write_template(tmp_path / "f.xlsx", load_vocab(), ["bnnk-lubuklinggau"], year=2022)
    book = openpyxl.load_workbook(path)
    del book["rehabilitasi"]
    book["kasus"].append(["LKN/01", "bnnk-lubuklinggau", "30/12/2022", 2, "ya", "tidak"])
    book.save(path)
    result = read(path)
    missing = [p for p in result.problems if p.code == "missing_sheet"]
    assert [(p.sheet, p.warning) for p in missing] == [("rehabilitasi", True)]
    [source] = result.files
    cases = next(s for s in source.sheets if s.table.name == "cases")
    assert len(cases.rows) == 1 and source.form_year == 2022
