"""The quarantine: one workbook per submitted file with rejected rows, in the form's layout, with
each row's reasons and original row number, personal data masked, never overwriting another."""

from __future__ import annotations

import re
import tracemalloc
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from helpers.ingest import quarantine
from helpers.ingest.outcomes import RowOutcome
from helpers.ingest.quarantine import quarantine_name, write_quarantine
from helpers.ingest.readers import SourceFile
from helpers.reference.vocab import load_vocab
from ingest_support import UNIT, case, rehab, run

STAMP = datetime(2023, 1, 15, 9, 30)
NIK = "3201234567890123"


def _rejected(outcomes: dict[str, list[RowOutcome]]) -> list[RowOutcome]:
    return [o for rows in outcomes.values() for o in rows if not o.accepted]


def test_a_quarantine_file_is_named_by_time_and_the_submitted_file():
    def name(submitted: str) -> str:
        return quarantine_name(SourceFile(submitted, submitted, "0" * 64), STAMP)

    assert name("kasus.csv") == "20230115T093000_kasus.xlsx"
    assert name("Kiriman BNNK (final).xlsx") == "20230115T093000_Kiriman_BNNK_final_.xlsx"
    assert name("../../etc/passwd") == "20230115T093000_passwd.xlsx"
    assert name(".xlsx") == "20230115T093000_.xlsx.xlsx"
    assert name("x" * 100 + ".xlsx") == f"20230115T093000_{'x' * 60}.xlsx"


def test_rejected_rows_keep_their_cells_reasons_and_row_numbers_with_personal_data_masked(
        tmp_path: Path):
    outcomes = run({"rehab": [rehab("RJ-1"), rehab(NIK), rehab("RJ-3", age="-4")],
                    "cases": [case(suspects="-2", catatan="lihat berkas")]})
    rejected = _rejected(outcomes)
    assert len(rejected) == 3  # RJ-1 was accepted: not quarantined
    [path] = write_quarantine(tmp_path / "karantina", rejected, load_vocab(), [UNIT],
                              stamp=STAMP, lang="en")
    assert path.name == "20230115T093000_kiriman.xlsx"
    assert NIK.encode() not in path.read_bytes()
    book = openpyxl.load_workbook(path)
    rehab_rows = list(book["rehabilitasi"].iter_rows(values_only=True))
    header = rehab_rows[0]
    reason, source_row = header.index("alasan_penolakan"), header.index("baris_asal")
    assert source_row == reason + 1 == len(header) - 1
    body = [row for row in rehab_rows[1:] if any(v is not None for v in row[:reason])]
    assert [(row[0], row[source_row]) for row in body] == [("[disamarkan]", 3), ("RJ-3", 4)]
    assert "NIK" in body[0][reason] and body[1][reason].startswith("age: value -4 is negative")
    case_rows = list(book["kasus"].iter_rows(values_only=True))
    assert case_rows[0][-3:] == ("alasan_penolakan", "baris_asal", "catatan")  # kept, not lost
    [row] = [r for r in case_rows[1:] if r[0] is not None]
    assert row[0] == "LKN/01" and row[-2:] == (2, "lihat berkas")
    assert "value -2 is negative" in row[-3]
    tables = {"kasus", "barang_bukti", "rehabilitasi", "kegiatan_p2m", "target_kinerja"}
    assert tables & set(book.sheetnames) == {"kasus", "rehabilitasi"}  # those with rejected rows


def test_each_submitted_file_gets_its_own_file_and_none_is_overwritten(tmp_path: Path):
    first = _rejected(run({"cases": [case(suspects="-1")]}))
    second = _rejected(run({"cases": [case(suspects="-2")]}))  # another file of the same name
    folder = tmp_path / "karantina"
    written = write_quarantine(folder, first + second, load_vocab(), [UNIT], stamp=STAMP)
    assert [p.name for p in written] == ["20230115T093000_kiriman.xlsx",
                                         "20230115T093000_kiriman-2.xlsx"]
    again = write_quarantine(folder, first, load_vocab(), [UNIT], stamp=STAMP)
    assert [p.name for p in again] == ["20230115T093000_kiriman-3.xlsx"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written + again)


def test_cells_keep_their_kind_a_formula_stays_text_and_unwritable_characters_are_escaped(
        tmp_path: Path):
    when = datetime(2022, 12, 30)
    rows = [case("=HYPERLINK(\"http://x\")", when, suspects="-1"),
            case("LKN/\x01_x0041_&<b>", "30/12/2022", suspects=-3, p21=True)]
    rejected = _rejected(run({"cases": rows}))
    [path] = write_quarantine(tmp_path, rejected, load_vocab(), [UNIT], stamp=STAMP)
    ws = openpyxl.load_workbook(path)["kasus"]
    assert ws.max_row == 3  # the header and the two rows: none of the form's empty rows
    assert ws["A2"].value == '=HYPERLINK("http://x")' and ws["A2"].data_type == "s"
    assert ws["C2"].value == when and ws["C2"].number_format == "DD/MM/YYYY"
    # Excel reads _xHHHH_ back as the character; openpyxl shows the escape as it is stored.
    assert ws["A3"].value == "LKN/_x0001__x005F_x0041_&<b>"
    assert ws["D3"].value == -3 and ws["E3"].value is True
    assert ws["C3"].value == "30/12/2022"  # as submitted: text stays text


def test_more_rows_than_a_sheet_holds_go_on_in_a_second_file(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(quarantine, "MAX_SHEET_ROWS", 2)
    rejected = _rejected(run({"cases": [case(f"LKN/{i}", suspects="-1") for i in range(5)],
                              "rehab": [rehab("RJ-1", age="-4")]}))
    written = write_quarantine(tmp_path, rejected, load_vocab(), [UNIT], stamp=STAMP)
    assert [p.name for p in written] == ["20230115T093000_kiriman.xlsx",
                                         "20230115T093000_kiriman-2.xlsx",
                                         "20230115T093000_kiriman-3.xlsx"]
    ids = [[r[0] for r in openpyxl.load_workbook(p)["kasus"].iter_rows(min_row=2,
                                                                         values_only=True)]
           for p in written]
    assert ids == [["LKN/0", "LKN/1"], ["LKN/2", "LKN/3"], ["LKN/4"]]  # every row, once
    assert "rehabilitasi" in openpyxl.load_workbook(written[0]).sheetnames
    assert "rehabilitasi" not in openpyxl.load_workbook(written[1]).sheetnames


def test_writing_many_rejected_rows_holds_no_more_than_a_few_rows_in_memory(tmp_path: Path):
    def peak(n: int) -> tuple[int, Path]:
        rejected = _rejected(run({"cases": [case(f"LKN/{i}", suspects="-1")
                                            for i in range(n)]}))
        tracemalloc.start()
        try:
            [path] = write_quarantine(tmp_path / str(n), rejected, load_vocab(), [UNIT],
                                      stamp=STAMP)
            return tracemalloc.get_traced_memory()[1], path
        finally:
            tracemalloc.stop()

    small, _ = peak(2_000)
    large, path = peak(20_000)
    assert large - small < 2 * 1024 * 1024  # openpyxl cells took ~50 MB more for 18,000 rows
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet3.xml")
    assert sheet.count(b"<row ") == 20_001 and re.search(rb'<dimension ref="A1:[A-Z]+20001"/>',
                                                         sheet)
