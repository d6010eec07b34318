"""Row rules of an ingest (helpers.ingest.validate): every rule refuses what it must."""

from __future__ import annotations

from datetime import date

import pytest

from helpers.ingest.outcomes import Context
from helpers.ingest.readers import SheetData, SourceFile
from helpers.ingest.validate import validate
from helpers.reference.schema import TABLES
from helpers.reference.vocab import load_vocab
from ingest_support import (
    UNIT,
    FakeRegistry,
    assessment,
    case,
    codes,
    examination,
    formed,
    rehab,
    run,
    seizure,
)


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


# -- the year-end tables: asesmen, pemeriksaan, pemberdayaan; network and lab in kasus ---------


def test_clean_rows_of_the_year_end_tables_are_accepted_with_typed_values() -> None:
    out = run({"cases": [case(network="Jaringan Aceh–Medan", lab="tidak")],
               "assessments": [assessment(recommendation="Proses Hukum", sex=None, age=None)],
               "tests": [examination(kind="SKHPN", sector=None, tested="126", positive="0")],
               "community": [formed("Pegiat P4GN", name=None)]})
    assert all(row.accepted for rows in out.values() for row in rows), {
        t: [codes(r) for r in rows] for t, rows in out.items()}
    assert out["cases"][0].values["network"] == "Jaringan Aceh–Medan"
    assert out["cases"][0].values["lab"] is False
    assert out["assessments"][0].values["recommendation"] == "proses_hukum"
    assert out["tests"][0].values["kind"] == "skhpn"
    assert out["community"][0].values["item"] == "penggiat"
    assert out["community"][0].values["count"] == 25


def test_more_positives_than_tested_is_refused_on_the_positive_column() -> None:
    [row] = run({"tests": [examination(tested="12", positive="15")]})["tests"]
    assert codes(row) == {"positive": "positive_exceeds_tested"}
    [problem] = row.problems
    assert problem.line("id") == ("kiriman.xlsx:pemeriksaan:2:positive: jumlah positif 15 lebih "
                                  "besar dari jumlah diperiksa 12 — periksa kedua angka: hasil "
                                  "positif tidak mungkin melebihi jumlah yang diperiksa")
    assert "15 positive is more than the 12 tested" in problem.text("en")


@pytest.mark.parametrize(("ref", "code"), [
    ("3273012505900001", "assessment_ref_nik"), ("3273-0125-0590-0001", "assessment_ref_nik"),
    ("Budi Santoso", "assessment_ref_name"), ("TAT#1", "assessment_ref_chars"),
])
def test_an_assessment_ref_that_is_a_nik_or_a_name_is_refused_and_masked(ref: str,
                                                                         code: str) -> None:
    [row] = run({"assessments": [assessment(ref)]})["assessments"]
    assert codes(row) == {"assessment_ref": code}
    assert "assessment_ref" in row.masked
    text = row.problems[0].line("id")
    assert ref not in text and "kode asesmen" in text and "TAT-2024-001" in text


def test_an_unknown_recommendation_names_the_allowed_ones_and_the_nearest() -> None:
    [row] = run({"assessments": [assessment(recommendation="rawat inapp")]})["assessments"]
    [problem] = row.problems
    assert (problem.column, problem.code) == ("recommendation", "vocab_unknown")
    assert problem.params["suggestion"] == "rawat_inap"
    assert "rawat_jalan, rawat_inap, proses_hukum" in problem.text("id")


@pytest.mark.parametrize(("table", "row", "column"), [
    ("community", formed(count="-3"), "count"),
    ("tests", examination(tested="-1", positive="0"), "tested"),
    ("tests", examination(positive="-2"), "positive"),
    ("assessments", assessment(age="-4"), "age"),
])
def test_negative_counts_in_the_new_tables_are_refused(table: str, row: dict,
                                                       column: str) -> None:
    [outcome] = run({table: [row]})[table]
    assert codes(outcome)[column] in ("negative", "out_of_range")


def test_a_nik_in_a_name_or_a_network_is_refused_and_masked() -> None:
    out = run({"community": [formed(name="Bpk 3273012505900001")],
               "cases": [case(network="3273 0125 0590 0001")]})
    assert codes(out["community"][0]) == {"name": "nik_in_text"}
    assert "name" in out["community"][0].masked
    assert codes(out["cases"][0]) == {"network": "nik_in_text"}


def test_a_lab_that_is_not_yes_or_no_is_refused() -> None:
    [row] = run({"cases": [case(lab="mungkin")]})["cases"]
    assert codes(row) == {"lab": "bool_invalid"}


@pytest.mark.parametrize(("indicator", "target", "realisation", "bad"), [
    ("ikm", "81,25", None, "target"), ("ikr", "3,1", "0,5", "realisation"),
])
def test_an_index_off_its_one_to_four_scale_is_refused(indicator: str, target: str,
                                                       realisation: str | None,
                                                       bad: str) -> None:
    row = {"unit_id": UNIT, "year": "2022", "indicator": indicator, "target": target,
           "realisation": realisation}
    [outcome] = run({"targets": [row]})["targets"]
    assert codes(outcome) == {bad: "out_of_scale"}
    assert "skala 1–4" in outcome.problems[0].text("id")
    assert "not the converted 0–100 score" in outcome.problems[0].text("en")
    fine = run({"targets": [{**row, "target": "3,25", "realisation": "3,4"}]})["targets"][0]
    assert fine.accepted


def test_two_unnamed_rows_of_one_day_and_item_are_duplicates_and_a_name_tells_them_apart():
    same = run({"community": [formed(name=None), formed(name=None, count="4")]})["community"]
    assert all(codes(r) == {None: "duplicate_key"} for r in same)
    assert "isi kolom nama" in same[0].problems[0].text("id")
    named = run({"community": [formed(name="Desa A"), formed(name="Desa B")]})["community"]
    assert all(r.accepted for r in named)


def test_the_same_person_assessed_twice_on_one_day_is_a_duplicate_on_another_day_is_not():
    twice = run({"assessments": [assessment(), assessment()]})["assessments"]
    assert all(codes(r) == {None: "duplicate_key"} for r in twice)
    later = run({"assessments": [assessment(), assessment(date="20/06/2022")]})["assessments"]
    assert all(r.accepted for r in later)
