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
    accepted,
    conform_register,
    read_register,
    register_writer,
    units_without_submission,
    year_entries,
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


def test_a_year_s_register_is_the_full_register_s_rows_of_that_year(tmp_path: Path) -> None:
    """A report reads only its year's rows (picked before pandas): the same values, dtypes and
    order as the whole register filtered; a year nobody ingested reads empty, with its dtypes."""
    store_dir = tmp_path / "store"
    _append(store_dir, _rows(("bnnk-a", 2021, "cases", "replace", 3),
                             ("bnnk-b", 2022, "rehab", "replace", 0),
                             ("bnnk-a", 2022, "cases", "check", 2)))
    _append(store_dir, _rows(("bnnk-b", 2021, "rehab", "merge", 4)))
    full = read_register(store_dir)
    for year in (2021, 2022, 2023):
        for columns in (None, SUBMISSION_COLUMNS, ["unit_id", "mode"]):
            expected = full[full["year"] == year].reset_index(drop=True)
            pd.testing.assert_frame_equal(read_register(store_dir, columns, year=year),
                                          expected[list(columns or REGISTER_COLUMNS)])
    assert read_register(store_dir, year=2021)["unit_id"].tolist() == ["bnnk-a", "bnnk-b"]
    assert units_without_submission(store_dir, 2022, ["bnnk-a", "bnnk-b"]) == [
        "bnnk-a", "bnnk-b"]
    assert units_without_submission(store_dir, 2021, ["bnnk-a", "bnnk-c"]) == ["bnnk-c"]


def test_a_year_s_entries_are_the_register_s_rows_of_that_year_and_those_units(
        tmp_path: Path) -> None:
    """What a report asks, as plain records: the same rows, values and order as the register
    read whole and filtered; None for a year nothing was registered for; an entry brings data
    as the DataFrame's filter said (rows accepted, not a check, nothing unknown)."""
    store_dir = tmp_path / "store"
    assert year_entries(store_dir, 2021, ["bnnk-a"]) is None  # no register at all
    _append(store_dir, _rows(("bnnk-a", 2021, "cases", "replace", 3),
                             ("bnnk-b", 2021, "rehab", "check", 2),
                             ("bnnk-c", 2021, "rehab", "merge", 0),
                             ("bnnk-a", 2022, "cases", "replace", 1)))
    _append(store_dir, _rows(("bnnk-b", 2021, "rehab", "merge", 4)))
    full = read_register(store_dir)
    columns = ("ingested_at", "unit_id", "mode", "rows_accepted")
    entries = year_entries(store_dir, 2021, ["bnnk-b", "bnnk-c"], columns)
    rows = full[(full["year"] == 2021) & full["unit_id"].isin(["bnnk-b", "bnnk-c"])]
    assert entries == rows[list(columns)].to_dict("records")
    mask = (rows["rows_accepted"] > 0) & (rows["mode"] != "check")
    assert [accepted(e) for e in entries] == mask.tolist() == [False, False, True]
    assert year_entries(store_dir, 2021, ["bnnk-d"]) == []  # the year is known, the unit not
    assert year_entries(store_dir, 2023, ["bnnk-a"]) is None
    assert not accepted({"rows_accepted": 3, "mode": None})  # a register from before "mode"
    assert not accepted({"rows_accepted": None, "mode": "replace"})


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
