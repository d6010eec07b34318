"""Rows shared by the store and schema tests (no tests of its own)."""

from __future__ import annotations

import pandas as pd


def cases_frame(unit_id: str, n: int) -> pd.DataFrame:
    """``n`` canonical cases rows of one unit (one suspect each, P-21, no TPPU)."""
    return pd.DataFrame({
        "case_id": [f"LKN-{i}" for i in range(n)],
        "unit_id": unit_id,
        "date": pd.to_datetime(["2022-03-01"] * n),
        "suspects": [1] * n,
        "p21": [True] * n,
        "tppu": [False] * n,
        "assets_rp": [None] * n,
    })
