"""Data caveats on a small hand-made store: missing tables, silent months, who did not submit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from helpers.stats.caveats import missing_tables, non_submitters, silent_months
from helpers.store.register import REGISTER_FILE, register_writer
from helpers.store.slices import Store

A, B = "bnnk-a", "bnnk-b"


def _cases(unit_id: str, *dates: str) -> pd.DataFrame:
    return pd.DataFrame({"case_id": [f"LKN/{i}" for i in range(len(dates))], "unit_id": unit_id,
                         "date": pd.to_datetime(list(dates)), "suspects": 1, "p21": True,
                         "tppu": False})


def _rehab(unit_id: str, *dates: str) -> pd.DataFrame:
    return pd.DataFrame({"client_ref": [f"RJ-{i}" for i in range(len(dates))],
                         "unit_id": unit_id, "admission_date": pd.to_datetime(list(dates)),
                         "service": "rawat_jalan", "provider": "Klinik", "sex": "L", "age": 30,
                         "voluntary": True, "status": "selesai", "funding": "dipa"})


def _register(store_dir: Path, *entries: tuple[str, int, int]) -> None:
    """(unit_id, year, rows_accepted) submissions of the cases table."""
    rows = pd.DataFrame([{"ingested_at": datetime(2023, 1, 15), "unit_id": unit, "year": year,
                          "table": "cases", "file_name": "kiriman.xlsx",
                          "file_sha256": "0" * 64, "mode": "replace",
                          "rows_accepted": accepted, "rows_rejected": 0}
                         for unit, year, accepted in entries])
    store_dir.mkdir(parents=True, exist_ok=True)
    register_writer(store_dir, rows)(store_dir / REGISTER_FILE)


def test_missing_tables_names_each_unit_and_table_without_a_slice(tmp_path: Path):
    store = Store(tmp_path / "store")
    store.write_slice("cases", 2022, A, _cases(A, "2022-01-05"))
    store.write_slice("rehab", 2022, A, _rehab(A))  # an empty slice: sent, with no clients
    store.write_slice("outreach", 2021, A, pd.DataFrame())  # another year does not count
    assert missing_tables(store, [A, B], 2022) == [
        (A, "outreach"), (B, "cases"), (B, "rehab"), (B, "outreach")]
    assert missing_tables(store, [A], 2022, tables=("cases", "targets")) == [(A, "targets")]


def test_silent_months_are_those_no_activity_table_has_a_row_in(tmp_path: Path):
    store = Store(tmp_path / "store")
    store.write_slice("cases", 2022, A, _cases(A, "2022-01-05", "2022-01-20", "2022-03-31"))
    store.write_slice("cases", 2022, B, _cases(B, "2022-12-01"))
    store.write_slice("rehab", 2022, B, _rehab(B, "2022-02-14", "2022-07-01"))
    frames = {"cases": store.read("cases", 2022, [A, B]),
              "rehab": store.read("rehab", 2022, [A, B]),
              "outreach": store.read("outreach", 2022, [A, B])}  # no slice: no rows
    assert silent_months(frames) == [4, 5, 6, 8, 9, 10, 11]
    assert silent_months({"cases": store.read("cases", 2022, [B])}) == list(range(1, 12))
    assert silent_months({}) == list(range(1, 13))


def test_non_submitters_cannot_be_told_for_a_year_the_register_never_saw(tmp_path: Path):
    store_dir = tmp_path / "store"
    assert non_submitters(store_dir, 2022, [A, B]) is None  # no register at all
    _register(store_dir, (A, 2021, 3))
    assert non_submitters(store_dir, 2022, [A, B]) is None  # nothing ingested for 2022
    assert non_submitters(store_dir, 2021, [A, B]) == [B]


def test_a_submission_with_every_row_rejected_leaves_the_unit_a_non_submitter(tmp_path: Path):
    store_dir = tmp_path / "store"
    _register(store_dir, (A, 2022, 0), (B, 2022, 5))
    assert non_submitters(store_dir, 2022, [A, B]) == [A]
