"""The Excel form (helpers.ingest.template): what a unit sees when it fills in its data."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from helpers.ingest.readers import META_SHEET, read_paths
from helpers.ingest.template import PREFILL_ROWS, write_template
from helpers.reference.schema import TABLES
from helpers.reference.vocab import load_vocab

UNIT = "bnnk-lubuklinggau"


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("form") / "formulir.xlsx"
    write_template(path, load_vocab(), [UNIT, "bnnp-sumsel"], unit_id=UNIT, year=2022)
    return openpyxl.load_workbook(path)


def test_one_sheet_per_table_with_indonesian_and_canonical_headers(form) -> None:  # noqa: ANN001
    assert [t.sheet for t in TABLES.values()] == [
        n for n in form.sheetnames if n in {t.sheet for t in TABLES.values()}]
    headers = [c.value for c in form["kasus"][1]]
    assert headers[:3] == ["nomor_lkn (case_id)", "satuan_kerja (unit_id)", "tanggal (date)"]
    assert "p21" in headers  # same name in both: written once


def test_readme_explains_every_column(form) -> None:  # noqa: ANN001
    text = {str(c.value) for row in form["README"].iter_rows() for c in row if c.value}
    for table in TABLES.values():
        for column in table.columns:
            assert column.name in text, column.name
    assert any("NIK" in t for t in text)


def test_vocabulary_columns_have_drop_down_lists(form) -> None:  # noqa: ANN001
    ws = form["barang_bukti"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation
             if dv.type == "list"}
    drug_ref = next(f for ref, f in lists.items() if ref.startswith("C2:"))
    column = drug_ref.split("!")[1].split(":")[0].replace("$", "")[0]
    values = [c.value for c in form["_daftar"][column]]
    assert values[0] == "drug" and "sabu" in values and "ekstasi" in values
    uom_ref = next(f for ref, f in lists.items() if ref.startswith("E2:"))
    uom_col = uom_ref.split("!")[1].split(":")[0].replace("$", "")[0]
    assert "kilogram" in [c.value for c in form["_daftar"][uom_col]]


def test_unit_and_year_are_prefilled_and_recorded(form) -> None:  # noqa: ANN001
    assert form["kasus"]["B2"].value == UNIT
    assert form["kasus"].cell(PREFILL_ROWS + 1, 2).value == UNIT
    assert form["target_kinerja"]["B2"].value == 2022
    meta = {row[0]: row[1] for row in form[META_SHEET].iter_rows(values_only=True)}
    assert meta["unit_id"] == UNIT and meta["tahun"] == "2022"
    assert form[META_SHEET].sheet_state == "hidden"


def test_an_untouched_form_reads_as_empty_not_as_errors(tmp_path: Path) -> None:
    path = write_template(tmp_path / "f.xlsx", load_vocab(), [UNIT], unit_id=UNIT, year=2022)
    result = read_paths([path])
    [source] = result.files
    assert (source.form_unit, source.form_year) == (UNIT, 2022)
    assert all(not sheet.rows for sheet in source.sheets)
    assert all(p.warning for p in result.problems)


def test_form_without_unit_leaves_the_unit_column_empty(tmp_path: Path) -> None:
    path = write_template(tmp_path / "f.xlsx", load_vocab(), [UNIT])
    book = openpyxl.load_workbook(path)
    assert book["kasus"]["B2"].value is None


def _list_values(form, sheet: str, column: int) -> list[str]:  # noqa: ANN001
    """The drop-down values offered in one column of a sheet."""
    letter = openpyxl.utils.get_column_letter(column)
    [dv] = [dv for dv in form[sheet].data_validations.dataValidation
            if dv.type == "list" and str(dv.sqref).startswith(f"{letter}2:")]
    first, last = dv.formula1.split("!")[1].replace("$", "").split(":")
    return [c.value for (c,) in form["_daftar"][f"{first}:{last}"]]


def test_the_year_end_sheets_offer_their_codes_and_guard_positives(form) -> None:  # noqa: ANN001
    headers = {s: [c.value for c in form[s][1]] for s in ("asesmen", "pemeriksaan",
                                                         "pemberdayaan")}
    assert headers["asesmen"][:4] == ["kode_asesmen (assessment_ref)", "satuan_kerja (unit_id)",
                                      "tanggal (date)", "rekomendasi (recommendation)"]
    assert _list_values(form, "asesmen", 4) == ["rawat_jalan", "rawat_inap", "proses_hukum"]
    assert _list_values(form, "pemeriksaan", 4) == ["skhpn", "tes_urine"]
    assert "ibm_lembaga" in _list_values(form, "pemberdayaan", 3)
    assert "ibm" in _list_values(form, "rehabilitasi", 4)
    [guard] = [dv for dv in form["pemeriksaan"].data_validations.dataValidation
               if dv.type == "custom"]
    assert guard.formula1 == "AND(G2>=0,G2<=F2)" and str(guard.sqref).startswith("G2:")
    assert form["asesmen"]["B2"].value == UNIT  # pre-filled as every sheet
    kasus = [c.value for c in form["kasus"][1]]
    assert kasus[-2:] == ["jaringan (network)", "laboratorium_gelap (lab)"]
    text = " ".join(str(c.value) for row in form["README"].iter_rows() for c in row if c.value)
    assert "tidak dilaporkan" in text and "jumlah 0" in text and "TAT-2024-001" in text
