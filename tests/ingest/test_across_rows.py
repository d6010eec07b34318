"""Rules across the rows of a submission and against the store (helpers.ingest.across_rows):
duplicate keys, a seizure's case and year, the submission year, a unit's years."""

from __future__ import annotations

from ingest_support import UNIT, FakeStore, case, codes, run, seizure


def test_unit_that_no_longer_exists_in_the_year_is_refused() -> None:
    [row] = run({"cases": [case(unit_id="bnnk-lama")]})["cases"]
    assert codes(row) == {"unit_id": "unit_not_in_year"}


def test_dates_outside_the_submission_year_are_refused() -> None:
    rows = run({"cases": [case("A"), case("B", when="01/01/2023")]}, year=2022)["cases"]
    assert rows[0].accepted
    assert codes(rows[1]) == {"date": "date_outside_year"}


def test_targets_of_another_year_are_refused() -> None:
    target = {"unit_id": UNIT, "year": "2021", "indicator": "ikotan", "target": "60,5"}
    [row] = run({"targets": [target]}, year=2022)["targets"]
    assert codes(row) == {"year": "year_mismatch"}


def test_duplicate_keys_refuse_every_copy() -> None:
    rows = run({"cases": [case("A"), case("A"), case("B")]})["cases"]
    assert [r.accepted for r in rows] == [False, False, True]
    assert rows[0].problems[0].code == "duplicate_key"
    assert "3" in rows[0].problems[0].params["rows"]


def test_seizure_takes_its_year_from_the_submitted_case() -> None:
    out = run({"cases": [case(when="15/06/2021")], "seizures": [seizure()]})
    assert out["seizures"][0].accepted and out["seizures"][0].year == 2021


def test_seizure_of_a_stored_case_takes_the_stored_year() -> None:
    store = FakeStore({(UNIT, 2020): ["LKN/OLD"]})
    [row] = run({"seizures": [seizure("LKN/OLD")]}, store=store)["seizures"]
    assert row.accepted and row.year == 2020


def test_seizure_whose_case_is_nowhere_is_refused() -> None:
    store = FakeStore({("bnnp-sumsel", 2022): ["LKN/09"]})  # another unit's case does not count
    [row] = run({"cases": [case()], "seizures": [seizure("LKN/09")]}, store=store)["seizures"]
    assert codes(row) == {"case_id": "case_missing"}


def test_seizure_of_a_rejected_case_is_quarantined_with_it() -> None:
    out = run({"cases": [case(suspects="-3")], "seizures": [seizure()]})
    assert codes(out["seizures"][0]) == {"case_id": "case_rejected"}


def test_stored_case_in_a_slice_being_replaced_does_not_count() -> None:
    store = FakeStore({(UNIT, 2022): ["LKN/GONE"]})
    out = run({"cases": [case()], "seizures": [seizure("LKN/GONE")]}, store=store)
    assert codes(out["seizures"][0]) == {"case_id": "case_missing"}
