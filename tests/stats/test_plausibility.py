"""Plausibility flags: a kg/gram slip and a month of 10× the usual cases are flagged, with
their history and fix; ordinary variation and units without history are not."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.stats.plausibility import plausibility_flags
from helpers.store.slices import Store

UNIT = "bnnk-lubuklinggau"


def _seizure(year: int, grams: float, drug: str = "sabu") -> pd.DataFrame:
    return pd.DataFrame({"case_id": [f"LKN-{year}-1"], "unit_id": [UNIT], "drug": [drug],
                         "quantity": [grams], "uom": ["gram"]})


def _cases(year: int, per_month: list[int]) -> pd.DataFrame:
    rows = [(f"LKN-{year}-{m}-{i}", pd.Timestamp(year, m, 10)) for m, n in
            enumerate(per_month, start=1) for i in range(n)]
    return pd.DataFrame({"case_id": [r[0] for r in rows], "unit_id": UNIT,
                         "date": [r[1] for r in rows], "suspects": 1, "p21": False,
                         "tppu": False})


@pytest.fixture()
def store(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    for year, grams in ((2019, 9.0), (2020, 12.5), (2021, 10.0), (2022, 11.0)):
        store.write_slice("seizures", year, UNIT, _seizure(year, grams))
        store.write_slice("cases", year, UNIT, _cases(year, [1] * 12))
    return store


def test_a_kilogram_typed_as_grams_is_flagged_with_its_history_and_fix(store, registry):
    store.write_slice("seizures", 2023, UNIT, _seizure(2023, 10_750.0))
    store.write_slice("cases", 2023, UNIT, _cases(2023, [1] * 12))
    (flag,) = plausibility_flags(store, registry, [2023])
    assert (flag.unit_id, flag.figure, flag.value, flag.kind) == (
        UNIT, "sabu (gram)", 10_750.0, "quantity_high")
    assert flag.history == ((2019, 9.0), (2020, 12.5), (2021, 10.0), (2022, 11.0))
    assert flag.usual == 10.5 and flag.ratio > 1000
    assert "satuan" in flag.fix("id") and "unit of measure" in flag.fix("en")


def test_a_quantity_a_hundredth_of_usual_is_flagged_too(store, registry):
    store.write_slice("seizures", 2023, UNIT, _seizure(2023, 0.01))
    assert [f.kind for f in plausibility_flags(store, registry, [2023])] == ["quantity_low"]


def test_ordinary_variation_and_other_drugs_are_not_flagged(store, registry):
    store.write_slice("seizures", 2023, UNIT, _seizure(2023, 80.0))  # 7.6×: a good year
    store.write_slice("cases", 2023, UNIT, _cases(2023, [3, 1, 2, 0, 5, 1, 1, 1, 2, 1, 1, 9]))
    assert plausibility_flags(store, registry, [2023]) == []
    # A drug with no history is a new finding, not a slip.
    store.write_slice("seizures", 2023, UNIT, _seizure(2023, 5000.0, drug="kokain"))
    assert plausibility_flags(store, registry, [2023]) == []


def test_a_month_with_ten_times_the_usual_cases_is_flagged(store, registry):
    store.write_slice("cases", 2023, UNIT, _cases(2023, [1, 1, 12, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
    (flag,) = plausibility_flags(store, registry, [2023])
    assert (flag.figure, flag.value, flag.usual, flag.kind) == (
        "kasus 2023-03", 12.0, 1.0, "month_high")
    assert flag.as_dict()["history"] == [[2019, 12.0], [2020, 12.0], [2021, 12.0],
                                         [2022, 12.0]]


def test_a_unit_with_less_than_three_years_of_history_is_not_judged(tmp_path, registry):
    store = Store(tmp_path / "store")
    for year, grams in ((2021, 10.0), (2022, 10.0), (2023, 50_000.0)):
        store.write_slice("seizures", year, UNIT, _seizure(year, grams))
    assert plausibility_flags(store, registry, [2023]) == []


def test_the_sample_store_has_no_false_alarm(sample_store, registry):
    assert plausibility_flags(sample_store, registry, sample_store.years()) == []
