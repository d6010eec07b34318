"""The own counts' seizure sums: the same bits as the pandas groupby they replace."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from helpers.stats import own_counts as oc


def _pandas_sums(ids: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """What the engine's pandas step gave: groupby sum over the kept ids, in row order."""
    codes = pd.Categorical.from_codes(ids, categories=range(groups))
    summed = pd.Series(values).groupby(codes, observed=True).sum()
    out = np.zeros(groups)
    out[summed.index.to_numpy(dtype=np.int64)] = summed.to_numpy()
    return out


@pytest.mark.parametrize("ordered", [False, True])
def test_group_sums_are_pandas_bit_for_bit(ordered):
    # Long runs of values of many magnitudes: a plain sum, a Kahan sum and pandas' pairwise
    # sum of ordered ids differ in the last bits here (the test fails if either is used
    # where pandas uses the other).
    rng = np.random.default_rng(3)
    for _ in range(40):
        rows, groups = 300, 4
        ids = rng.integers(-1, groups, rows)
        ids[ids < 0] = -1
        if ordered:
            ids = np.sort(ids)
        values = rng.random(rows) * 10.0 ** rng.integers(-3, 9, rows)
        if not ordered:
            values[rng.integers(0, rows, 3)] = np.nan
        mine = oc.group_sums(ids, values, groups)
        assert mine.tobytes() == _pandas_sums(ids, values, groups).tobytes()


def test_group_sums_differ_from_a_plain_sum_where_pandas_does():
    ids = np.zeros(3, dtype=np.int64)
    values = np.array([1e16, 1.0, 1.0])
    ids_unordered = np.array([0, 1, 0, 0])
    unordered = np.array([1e16, 5.0, 1.0, 1.0])
    assert oc.group_sums(ids_unordered, unordered, 2).tolist() == \
        _pandas_sums(ids_unordered, unordered, 2).tolist() == [1e16 + 2, 5.0]
    assert oc.group_sums(ids, values, 1).tolist() == _pandas_sums(ids, values, 1).tolist()


def test_group_sums_skip_nan_and_keep_infinity():
    ids = np.array([0, 1, 0, 1, 2])
    values = np.array([np.inf, 2.0, 1.0, np.nan, np.nan])
    assert oc.group_sums(ids, values, 3).tolist() == [np.inf, 2.0, 0.0]


def test_seizure_totals_group_by_unit_drug_and_uom_and_round():
    table = pa.table({
        "drug": pa.array(["sabu", "ganja", "sabu", None, "sabu"]).dictionary_encode(),
        "uom": pa.array(["gram", "batang", "gram", "gram", "butir"]).dictionary_encode(),
        "quantity": pa.array([1.0004, 3.0, 2.0004, 9.0, None]),
        oc.UNIT: pa.array([0, 0, 0, 1, 1], pa.int32()),
    })
    totals = oc.seizure_totals(table, 3)
    got = [(int(u), totals.drugs[d], totals.uoms[m], float(q)) for u, d, m, q in zip(
        totals.unit, totals.drug, totals.uom, totals.quantity, strict=True)]
    # In (unit, drug code, uom code) order; the row without a drug is left out, the sabu
    # butir row without a quantity is a combination that sums to 0.
    assert got == [(0, "sabu", "gram", 3.001), (0, "ganja", "batang", 3.0),
                   (1, "sabu", "butir", 0.0)]
