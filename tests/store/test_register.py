"""The submission register: appended per ingest, read whole or by columns (an older register's
missing column reads as missing), and who did not submit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from helpers.common.config import Paths
from helpers.ingest.pipeline import ingest
from helpers.store.register import (
    REGISTER_COLUMNS,
    REGISTER_FILE,
    SUBMISSION_COLUMNS,
    conform_register,
    read_register,
    register_writer,
    units_without_submission,
)
from ingest_support import CASES_CSV, UNIT, files


def _rows(*entries: tuple[str, int, str, str, int]) -> pd.DataFrame:
    """Register rows: (unit_id, year, table, mode, rows_accepted)."""
    return pd.DataFrame([{"ingested_at": datetime(2023, 1, 15, 9, 30), "unit_id": unit,
                          "year": year, "table": table, "file_name": "kiriman.xlsx",
                          "file_sha256": "0" * 64, "mode": mode, "rows_accepted": accepted,
                          "rows_rejected": 0}
                         for unit, year, table, mode, accepted in entries])


def _append(store_dir: Path, rows: pd.DataFrame) -> None:
    store_dir.mkdir(parents=True, exist_ok=True)
    register_writer(store_dir, rows)(store_dir / REGISTER_FILE)


def test_register_lists_units_that_did_not_submit(data: Paths, registry,  # noqa: ANN001
                                                  tmp_path: Path) -> None:
    ingest([files(tmp_path / "a", kasus=CASES_CSV)], data, registry=registry)
    missing = units_without_submission(data.store_dir, 2022, [UNIT, "bnnp-sumsel"])
    assert missing == ["bnnp-sumsel"]
    assert units_without_submission(data.store_dir, 2021, [UNIT]) == [UNIT]


def test_register_read_by_columns_is_the_full_register_s_columns(data: Paths, registry,  # noqa: ANN001
                                                                 tmp_path: Path) -> None:
    """Reports read only what telling who submitted needs; the values are the same, and a
    column an older register lacks reads as missing."""
    ingest([files(tmp_path / "a", kasus=CASES_CSV)], data, registry=registry)
    full = read_register(data.store_dir)
    some = read_register(data.store_dir, SUBMISSION_COLUMNS)
    pd.testing.assert_frame_equal(some, full[list(SUBMISSION_COLUMNS)])
    path = data.store_dir / REGISTER_FILE
    full.drop(columns=["mode"]).to_parquet(path, index=False)  # a register from before "mode"
    older = read_register(data.store_dir, SUBMISSION_COLUMNS)
    assert list(older.columns) == list(SUBMISSION_COLUMNS) and older["mode"].isna().all()
    assert older["unit_id"].tolist() == full["unit_id"].tolist()


def test_a_store_without_a_register_reads_an_empty_one_with_its_columns(tmp_path: Path) -> None:
    register = read_register(tmp_path / "store")
    assert register.empty
    assert {c: str(t) for c, t in register.dtypes.items()} == REGISTER_COLUMNS
    assert list(read_register(tmp_path / "store", ["unit_id", "year"]).columns) == [
        "unit_id", "year"]


def test_each_writer_appends_to_what_is_registered_oldest_first(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    _append(store_dir, _rows((UNIT, 2022, "cases", "replace", 2)))
    _append(store_dir, _rows(("bnnp-sumsel", 2022, "rehab", "merge", 1),
                             ("bnnp-sumsel", 2022, "outreach", "replace", 3)))
    register = read_register(store_dir)
    assert register[["unit_id", "table", "rows_accepted"]].values.tolist() == [
        [UNIT, "cases", 2], ["bnnp-sumsel", "rehab", 1], ["bnnp-sumsel", "outreach", 3]]
    assert {c: str(t) for c, t in register.dtypes.items()} == REGISTER_COLUMNS


def test_a_check_or_an_all_rejected_submission_is_not_a_submission(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    _append(store_dir, _rows(("bnnk-a", 2022, "cases", "check", 5),
                             ("bnnk-b", 2022, "cases", "replace", 0),
                             ("bnnk-c", 2022, "rehab", "replace", 4),
                             ("bnnk-d", 2021, "cases", "replace", 4)))
    units = ["bnnk-a", "bnnk-b", "bnnk-c", "bnnk-d"]
    assert units_without_submission(store_dir, 2022, units) == ["bnnk-a", "bnnk-b", "bnnk-d"]
    assert units_without_submission(store_dir, 2022, units, "cases") == units
    assert units_without_submission(store_dir, 2022, units, "rehab") == [
        "bnnk-a", "bnnk-b", "bnnk-d"]


def test_conform_gives_the_register_s_own_dtypes_whatever_it_is_given():
    given = pd.DataFrame({"unit_id": ["bnnk-a", None], "year": [2021.0, None]}, index=[5, 7])
    out = conform_register(given, ["unit_id", "year", "mode"])
    assert [str(t) for t in out.dtypes] == ["string", "Int64", "string"]
    assert out["unit_id"].dtype == pd.StringDtype() and out["unit_id"].dtype.na_value is pd.NA
    assert out.index.tolist() == [0, 1]
    assert out["year"].tolist() == [2021, pd.NA] and out["mode"].isna().all()
