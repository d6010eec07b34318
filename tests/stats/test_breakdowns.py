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


# -- the plain counting agrees with pandas' formulation on awkward rows -------------------------
# The breakdowns count in plain Python (a BNNK's few hundred rows); these rows hold what a sort
# and a groupby treat specially: missing keys, dates and counts, ties, and a later row first.

def _awkward_rehab() -> pd.DataFrame:
    return pd.DataFrame({
        "client_ref": pd.array(["B", "A", "A", "A", None, None, "C", "C"], dtype="string"),
        "unit_id": pd.array(["v", "u", "u", "u", "u", "u", "u", "u"], dtype="string"),
        "admission_date": pd.to_datetime(["2022-02-01", "2022-05-01", "2022-03-01",
                                          "2022-03-01", "2022-04-01", None, None, "2022-07-01"]),
        "service": pd.array(["ibm", "rawat_jalan", "rawat_jalan", "pasca_rehab", "ibm",
                             "rawat_inap", "rawat_jalan", "rawat_jalan"], dtype="string"),
        "provider": pd.array(["X", "Y", "Z", None, "X", "Y", "Z", "X"], dtype="string"),
        "sex": pd.array(["L", "P", None, "L", "L", "P", "L", "P"], dtype="string"),
        "age": pd.array([30, None, 19, 45, 60, 22, 18, 33], dtype="Int64"),
        "voluntary": pd.array([True, None, False, True, True, False, None, True],
                              dtype="boolean"),
        "status": pd.array(["selesai", "berlangsung", "drop_out", None, "selesai", "dirujuk",
                            "selesai", "berlangsung"], dtype="string"),
        "funding": pd.array(["lama", None, "non_dipa", "dipa", "dipa", "dipa", "dipa", "dipa"],
                            dtype="string"),
    })


def test_first_admissions_are_those_a_stable_sort_then_drop_duplicates_keeps():
    rehab = _awkward_rehab()
    expected = (rehab.sort_values(["unit_id", "client_ref", "admission_date", "service"],
                                  kind="stable")
                .drop_duplicates(["unit_id", "client_ref"]).reset_index(drop=True))
    pd.testing.assert_frame_equal(bd.first_admissions(rehab), expected)
    # A's tie on 1 March goes to pasca_rehab (by service); C's dated admission beats the undated
    assert expected.set_index("client_ref").loc["A", "service"] == "pasca_rehab"


def test_client_counts_agree_with_pandas_on_missing_values():
    first = bd.first_admissions(_awkward_rehab())
    assert bd.counts_by(first, "provider") == {
        str(k): int(v) for k, v in sorted(first["provider"].value_counts().items())}
    assert bd.clients_by_referral(_awkward_rehab()) == {
        "sukarela": int(first["voluntary"].fillna(False).astype(bool).sum()),
        "rujukan": len(first) - int(first["voluntary"].fillna(False).astype(bool).sum())}
    funding = bd.clients_by_funding(_awkward_rehab())
    assert list(funding) == ["dipa", "non_dipa", "lama"]  # a code not in the order comes after
    assert funding == {str(k): int(v) for k, v in first["funding"].value_counts().items()} | {
        "non_dipa": int((first["funding"] == "non_dipa").sum())}
    assert sum(bd.clients_by_age_group(_awkward_rehab()).values()) == first["age"].notna().sum()


def test_latest_status_is_the_last_a_stable_sort_keeps_per_enrolment():
    rehab = _awkward_rehab()
    latest = (rehab.sort_values(["unit_id", "client_ref", "service", "admission_date"],
                                kind="stable")
              .drop_duplicates(["unit_id", "client_ref", "service"], keep="last"))
    assert bd.enrolments_by_status(rehab) == bd.counts_by(latest, "status", bd.STATUSES)


def test_latest_assessment_of_an_undated_and_a_tied_person_is_as_pandas_keeps_it():
    a = pd.concat([_assessments(), pd.DataFrame({
        "assessment_ref": ["D", "E", "E"], "unit_id": ["v", "u", "u"],
        "date": pd.to_datetime([None, "2022-03-03", "2022-03-03"]),
        "recommendation": ["rawat_inap", "rawat_jalan", "proses_hukum"],
        "sex": pd.array([None, "P", "L"], dtype="string"),
        "age": pd.array([52, None, 40], dtype="Int64")})], ignore_index=True)
    expected = (a.sort_values(["unit_id", "assessment_ref", "date"], kind="stable")
                .drop_duplicates(["unit_id", "assessment_ref"], keep="last")
                .reset_index(drop=True))
    pd.testing.assert_frame_equal(bd.latest_assessments(a), expected)
    assert bd.assessed_by_sex(a) == {"L": 2, "P": 1, "unknown": 2}  # D undated: its latest
    latest = bd.latest_assessments(a)  # a report's two tables share it
    assert bd.assessed_by_sex(a, latest=latest) == bd.assessed_by_sex(a)
    assert bd.assessed_by_age_group(a, latest=latest) == bd.assessed_by_age_group(a)


def test_per_month_leaves_out_undated_rows_and_missing_counts():
    frame = pd.DataFrame({"date": pd.to_datetime(["2022-01-05", None, "2022-12-31",
                                                  "2022-12-01"]),
                          "suspects": pd.array([1, 7, None, 4], dtype="Int64")})
    assert bd.per_month(frame, "date") == [1] + [0] * 10 + [2]
    assert bd.per_month(frame, "date", "suspects") == [1] + [0] * 10 + [4]


def test_outreach_tables_agree_with_a_groupby():
    frame = pd.DataFrame({
        "activity_id": ["a", "b", "c", "d", "e"],
        "activity": pd.array(["media", "sosialisasi", None, "sosialisasi", "penyuluhan"],
                             dtype="string"),
        "sector": pd.array(["media", "pendidikan", "keluarga", None, "pendidikan"],
                           dtype="string"),
        "participants": pd.array([0, 40, 5, None, 60], dtype="Int64"),
        "media_reach": pd.array([5000, None, 0, 0, 0], dtype="Int64")})
    for column, table, order in (("sector", bd.outreach_by_sector(frame),
                                  ["participants", "activities", "sector"]),
                                 ("activity", bd.outreach_by_activity(frame),
                                  ["activities", "activity"])):
        grouped = frame.groupby(column).agg(
            activities=("activity_id", "size"), participants=("participants", "sum"),
            media_reach=("media_reach", "sum")).astype("int64").reset_index()
        grouped = grouped.sort_values(order, ascending=[c == column for c in order],
                                      kind="stable").reset_index(drop=True)
        assert table.astype({column: object}).values.tolist() == \
            grouped.astype({column: object}).values.tolist()


def test_urine_tests_by_sector_puts_the_unknown_sector_last_and_skips_other_kinds():
    table = bd.urine_tests_by_sector(_tests(), ["pendidikan", "pemerintah"])
    assert table.values.tolist() == [["pendidikan", 1, 300, 0], ["pemerintah", 2, 65, 3],
                                     ["unknown", 1, 10, 0]]
    assert bd.tests_per_month(_tests(), "tes_urine")[1] == 340
    assert bd.tests_per_month(_tests(), "skhpn", "positive")[0] == 1
