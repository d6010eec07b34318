"""Breakdowns count each client once and roll up exactly: own + Σ sub-units = rolled up."""

from __future__ import annotations

import pandas as pd

from helpers.stats import breakdowns as bd


def _rehab() -> pd.DataFrame:
    return pd.DataFrame({
        "client_ref": ["A", "A", "B", "C"],
        "unit_id": ["u", "u", "u", "v"],
        "admission_date": pd.to_datetime(["2022-03-01", "2022-05-01", "2022-01-10", "2022-03-05"]),
        "service": ["rawat_jalan", "pasca_rehab", "rawat_inap", "rawat_jalan"],
        "provider": ["Klinik", "RSUD", "RSUD", "Klinik"],
        "sex": ["L", "L", "P", "L"],
        "age": [19, 19, 34, 55],
        "voluntary": [True, True, False, True],
        "status": ["selesai", "berlangsung", "drop_out", "selesai"],
    })


def test_each_client_counts_once_by_first_admission():
    r = _rehab()
    assert sum(bd.clients_per_month(r)) == 3
    assert bd.clients_per_month(r)[2] == 2  # A (March) and C (March); A's May aftercare not again
    assert bd.clients_by_provider(r) == {"Klinik": 2, "RSUD": 1}
    assert bd.clients_by_sex(r) == {"L": 2, "P": 1}
    assert bd.clients_by_age_group(r) == {"<20": 1, "20–29": 0, "30–39": 1, "40–49": 0,
                                          "≥50": 1}
    assert bd.clients_by_referral(r) == {"sukarela": 2, "rujukan": 1}


def test_rows_come_in_an_order_their_counts_do_not_decide():
    # Largest first, "9, <5, <5" with a total of 16 tells a reader the hidden cells are 4 and 3.
    r = pd.DataFrame({
        "client_ref": [f"c{i}" for i in range(16)], "unit_id": "u",
        "admission_date": pd.to_datetime(["2022-03-01"] * 16), "service": "rawat_jalan",
        "provider": ["Zamrud"] * 9 + ["anggrek"] * 4 + ["Melati"] * 3,
        "sex": "L", "age": 30, "voluntary": True, "status": "selesai"})
    assert list(bd.clients_by_provider(r)) == ["anggrek", "Melati", "Zamrud"]
    swapped = r.assign(provider=["Zamrud"] * 3 + ["anggrek"] * 9 + ["Melati"] * 4)
    assert list(bd.clients_by_provider(swapped)) == ["anggrek", "Melati", "Zamrud"]
    tests = _tests()
    order = bd.urine_tests_by_sector(tests, ["pendidikan", "pemerintah"])["sector"].tolist()
    more = tests.assign(tested=tests["tested"][::-1].to_numpy())
    assert bd.urine_tests_by_sector(more, ["pendidikan", "pemerintah"])["sector"].tolist() == order


def test_client_breakdowns_given_the_first_admissions_count_the_same(sample_store):
    """A report computes the first admissions once and hands them to every client table."""
    rehab = sample_store.read("rehab", 2022, sample_store.units("rehab", 2022)[:6])
    first = bd.first_admissions(rehab)
    assert 0 < len(first) < len(rehab)  # some clients were admitted more than once
    for breakdown in (bd.clients_per_month, bd.clients_by_provider, bd.clients_by_sex,
                      bd.clients_by_age_group, bd.clients_by_referral):
        assert breakdown(rehab, first=first) == breakdown(rehab), breakdown.__name__


def test_completion_counts_enrolments_and_ignores_ongoing():
    status = bd.enrolments_by_status(_rehab())
    assert status == {"selesai": 2, "berlangsung": 1, "drop_out": 1, "dirujuk": 0}
    assert bd.completion_rate(status) == 2 / 3
    assert bd.completion_rate({"berlangsung": 3}) is None


def test_empty_tables_give_zero_rows_not_errors():
    empty = _rehab().iloc[0:0]
    assert bd.clients_per_month(empty) == [0] * 12
    assert bd.clients_by_sex(empty) == {"L": 0, "P": 0}
    assert bd.completion_rate(bd.enrolments_by_status(empty)) is None


def test_seizures_are_grouped_by_unit_of_measure():
    seizures = [{"drug": "ganja", "quantity": 10.5, "uom": "gram"},
                {"drug": "ekstasi", "quantity": 7, "uom": "butir"},
                {"drug": "ganja", "quantity": 3, "uom": "batang"}]
    assert bd.seizures_by_uom(seizures) == {"gram": [("ganja", 10.5)],
                                            "batang": [("ganja", 3.0)],
                                            "butir": [("ekstasi", 7.0)]}


def test_per_month_counts_rows_or_sums_a_column():
    frame = pd.DataFrame({"date": pd.to_datetime(["2022-01-05", "2022-01-20", "2022-12-31"]),
                          "suspects": [1, 2, 3]})
    assert bd.per_month(frame, "date") == [2] + [0] * 10 + [1]
    assert bd.per_month(frame, "date", "suspects")[0] == 3
    assert bd.per_month(frame.iloc[:0], "date") == [0] * 12


def test_outreach_keeps_media_reach_apart_from_participants():
    frame = pd.DataFrame({"activity_id": ["a", "b", "c"], "activity": ["media", "sosialisasi",
                          "sosialisasi"], "participants": [0, 40, 60],
                          "media_reach": [5000, 0, 0]})
    table = bd.outreach_by_activity(frame).set_index("activity")
    assert table.loc["sosialisasi", "participants"] == 100
    assert table.loc["media", "media_reach"] == 5000
    assert table.loc["sosialisasi", "activities"] == 2


def test_clients_by_funding_count_each_client_once_by_first_admission():
    r = _rehab().assign(funding=["dipa", "non_dipa", "non_dipa", "dipa"])
    assert bd.clients_by_funding(r) == {"dipa": 2, "non_dipa": 1}  # A counted by March's DIPA
    assert bd.clients_by_funding(r.iloc[0:0]) == {"dipa": 0, "non_dipa": 0}


def _assessments() -> pd.DataFrame:
    return pd.DataFrame({
        "assessment_ref": ["A", "A", "B", "C", "D"], "unit_id": ["u", "u", "u", "u", "v"],
        "date": pd.to_datetime(["2022-01-03", "2022-04-01", "2022-02-01", "2022-02-02",
                                "2022-04-09"]),
        "recommendation": ["rawat_jalan", "rawat_inap", "proses_hukum", "rawat_jalan",
                           "rawat_jalan"],
        "sex": pd.array(["L", "L", "P", None, "L"], dtype="string"),
        "age": pd.array([17, 17, 34, None, 51], dtype="Int64"),
    })


def test_people_assessed_count_once_by_their_latest_assessment_and_unknowns_are_a_row():
    a = _assessments()
    latest = bd.latest_assessments(a)
    assert len(latest) == 4
    assert latest.set_index("assessment_ref").loc["A", "recommendation"] == "rawat_inap"
    assert bd.assessed_by_sex(a) == {"L": 2, "P": 1, "unknown": 1}
    assert bd.assessed_by_age_group(a) == {"<20": 1, "20–29": 0, "30–39": 1, "40–49": 0,
                                           "≥50": 1, "unknown": 1}
    assert sum(bd.assessments_per_month(a)) == 5  # assessments held, not people
    assert bd.assessed_by_sex(a.iloc[0:0]) == {"L": 0, "P": 0, "unknown": 0}


def _tests() -> pd.DataFrame:
    return pd.DataFrame({
        "test_id": ["S1", "T1", "T2", "T3", "T4"], "unit_id": "u",
        "date": pd.to_datetime(["2022-01-28", "2022-02-01", "2022-02-09", "2022-06-01",
                                "2022-06-02"]),
        "kind": ["skhpn", "tes_urine", "tes_urine", "tes_urine", "tes_urine"],
        "sector": pd.array([None, "pemerintah", "pendidikan", "pemerintah", None],
                           dtype="string"),
        "tested": [120, 40, 300, 25, 10], "positive": [1, 2, 0, 1, 0]})


def test_urine_tests_by_sector_add_up_to_the_headline_and_skhpn_is_not_among_them():
    table = bd.urine_tests_by_sector(_tests(), ["pemerintah", "swasta"])
    assert table.to_dict("records") == [  # the given sectors in order, the others, unknown
        {"sector": "pemerintah", "events": 2, "tested": 65, "positive": 3},
        {"sector": "swasta", "events": 0, "tested": 0, "positive": 0},  # listed, none tested
        {"sector": "pendidikan", "events": 1, "tested": 300, "positive": 0},
        {"sector": "unknown", "events": 1, "tested": 10, "positive": 0}]
    assert bd.tests_per_month(_tests(), "tes_urine")[1] == 340
    assert bd.tests_per_month(_tests(), "skhpn", "positive")[0] == 1
    assert bd.urine_tests_by_sector(_tests().iloc[0:0]).empty


def test_positive_rate_is_unknown_without_anyone_tested_or_when_not_reported():
    assert bd.positive_rate(120, 3) == 0.025
    assert bd.positive_rate(0, 0) is None and bd.positive_rate(None, None) is None
