"""Row rules of an ingest (helpers.ingest.validate): every rule refuses what it must."""

from __future__ import annotations

from datetime import date

import pytest

from helpers.ingest.outcomes import Context
from helpers.ingest.readers import SheetData, SourceFile
from helpers.ingest.validate import validate
from helpers.reference.schema import TABLES
from helpers.reference.vocab import load_vocab
from ingest_support import UNIT, FakeRegistry, case, codes, rehab, run, seizure


def test_a_clean_case_is_accepted_with_typed_values() -> None:
    [row] = run({"cases": [case(assets_rp="1.234,5")]})["cases"]
    assert row.accepted
    assert row.values["date"] == date(2022, 12, 30)
    assert row.values["suspects"] == 2 and row.values["p21"] is True
    assert row.values["assets_rp"] == 1234.5
    assert (row.unit_id, row.year) == (UNIT, 2022)


def test_missing_required_cells_are_named_by_canonical_column() -> None:
    [row] = run({"cases": [case(suspects=None, p21="  ")]})["cases"]
    assert codes(row) == {"suspects": "required", "p21": "required"}


def test_negative_and_non_numeric_counts_are_refused() -> None:
    rows = run({"cases": [case("A", suspects="-1"), case("B", suspects="dua")]})["cases"]
    assert codes(rows[0]) == {"suspects": "negative"}
    assert codes(rows[1]) == {"suspects": "number_invalid"}


def test_negative_quantity_is_refused() -> None:
    out = run({"cases": [case()], "seizures": [seizure(quantity="-5")]})
    assert codes(out["seizures"][0]) == {"quantity": "negative"}


@pytest.mark.parametrize(("column", "raw", "suggestion"), [
    ("drug", "shabu", "sabu"), ("drug", "extasi", "ekstasi"), ("uom", "grm ", None),
])
def test_vocabulary_near_misses_get_did_you_mean(column: str, raw: str,
                                                 suggestion: str | None) -> None:
    out = run({"cases": [case()], "seizures": [seizure(**{column: raw})]})
    [row] = out["seizures"]
    if suggestion is None:  # "grm" is an accepted spelling of gram
        assert row.accepted and row.values["uom"] == "gram"
        return
    [problem] = row.problems
    assert (problem.column, problem.code) == (column, "vocab_unknown")
    assert problem.params["suggestion"] == suggestion
    assert f"maksud Anda '{suggestion}'" in problem.text("id")
    assert f"did you mean '{suggestion}'" in problem.text("en")


def test_unknown_unit_of_measure_suggests_gram() -> None:
    out = run({"cases": [case()], "seizures": [seizure(uom="grammm")]})
    [problem] = out["seizures"][0].problems
    assert problem.code == "vocab_unknown" and problem.params["suggestion"] == "gram"


def test_case_and_spaces_do_not_matter() -> None:
    out = run({"cases": [case()], "seizures": [seizure(drug="  SABU ", uom=" Gram")]})
    assert out["seizures"][0].values["drug"] == "sabu"


def test_kilogram_and_liter_are_normalised() -> None:
    out = run({"cases": [case()],
               "seizures": [seizure(quantity="1,5", uom="kg"),
                            seizure(drug="cairan", quantity="2", uom="liter")]})
    kg, liter = out["seizures"]
    assert (kg.values["quantity"], kg.values["uom"]) == (1500.0, "gram")
    assert (liter.values["quantity"], liter.values["uom"]) == (2000.0, "mililiter")


def test_unit_not_allowed_for_drug_is_refused() -> None:
    out = run({"cases": [case()], "seizures": [seizure(uom="butir")]})
    assert codes(out["seizures"][0]) == {"uom": "uom_not_allowed"}


def test_unknown_service_and_activity_are_refused() -> None:
    out = run({"rehab": [rehab(service="rawat jalan "), rehab("RJ-2", service="rawat_santai")]})
    assert out["rehab"][0].accepted
    assert codes(out["rehab"][1]) == {"service": "vocab_unknown"}
    outreach = {"activity_id": "K1", "unit_id": UNIT, "date": "2022-05-01",
                "activity": "sosialisai", "sector": "pendidikan", "participants": "1.200"}
    [row] = run({"outreach": [outreach]})["outreach"]
    assert codes(row) == {"activity": "vocab_unknown"}
    assert row.problems[0].params["suggestion"] == "sosialisasi"


def test_unknown_unit_id_is_refused_but_case_and_spaces_do_not_matter() -> None:
    rows = run({"cases": [case("A", unit_id="bnnk-lubuklingau"),
                          case("B", unit_id=" BNNK-Lubuklinggau ")]})["cases"]
    assert codes(rows[0]) == {"unit_id": "unit_unknown"}
    assert rows[1].accepted and rows[1].values["unit_id"] == UNIT


def test_form_unit_fills_blank_cells_and_refuses_other_units() -> None:
    rows = run({"cases": [case("A", unit_id=None), case("B", unit_id="bnnp-sumsel")]},
               form_unit=UNIT)["cases"]
    assert rows[0].accepted and rows[0].values["unit_id"] == UNIT
    assert codes(rows[1]) == {"unit_id": "unit_not_form"}


@pytest.mark.parametrize(("client_ref", "code"), [
    ("Budi Santoso", "client_ref_name"),
    ("3201234567890123", "client_ref_nik"),
    ("3201 2345 6789 0123", "client_ref_nik"),
    ("RJ#1", "client_ref_chars"),
])
def test_personal_data_in_client_ref_is_refused_and_masked(client_ref: str, code: str) -> None:
    [row] = run({"rehab": [rehab(client_ref)]})["rehab"]
    assert codes(row) == {"client_ref": code}
    assert row.masked == {"client_ref"}
    assert client_ref not in row.problems[0].text("id")


def test_pseudonymous_codes_pass() -> None:
    [row] = run({"rehab": [rehab("RJ/2022.001")]})["rehab"]
    assert row.accepted


def test_every_problem_of_a_row_is_reported_not_only_the_first() -> None:
    [row] = run({"cases": [case(date="besok", suspects="-1", p21="mungkin", tppu=None)]})["cases"]
    assert set(codes(row)) == {"date", "suspects", "p21", "tppu"}


def test_unit_near_miss_gets_did_you_mean_from_the_registry(registry) -> None:  # noqa: ANN001
    source = SourceFile("k.xlsx", "k.xlsx", "0" * 64)
    source.sheets.append(SheetData("k.xlsx", "kasus", TABLES["cases"],
                                   [(2, case(unit_id="bnnk-lubuklingau"))]))
    [row] = validate([source], Context(registry=registry, vocab=load_vocab()))
    [problem] = row.problems
    assert problem.code == "unit_unknown"
    assert "bnnk-lubuklinggau" in problem.text("id")


def test_personal_data_is_masked_even_when_the_whole_sheet_is_rejected() -> None:
    source = SourceFile("r.csv", "rehab.csv", "0" * 64)
    table = TABLES["rehab"]
    sheet = SheetData("r.csv", "rehabilitasi", table, [(2, rehab("3201234567890123"))])
    from helpers.ingest.messages import Problem

    sheet.rejected_reason = Problem("missing_column", "r.csv", "rehabilitasi", 1, "funding")
    source.sheets.append(sheet)
    [row] = validate([source], Context(registry=FakeRegistry(), vocab=load_vocab()))
    assert not row.accepted and "client_ref" in row.masked
