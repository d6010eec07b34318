"""The data office's overview: submissions per unit and table from the register, units that
sent nothing, and the year's plausibility flags."""

from __future__ import annotations

import json

import pandas as pd

from helpers.stats.data_office import data_office_overview
from helpers.stats.plausibility import Flag
from helpers.store.register import read_register
from helpers.store.slices import Store

FLAG = Flag("bnnk-lubuklinggau", 2022, "seizures", "sabu (gram)", 9000.0,
            ((2019, 9.0), (2020, 10.0), (2021, 11.0)), 10.0, "quantity_high")


def test_every_unit_with_its_tables_rows_and_dates(sample_store, registry):
    overview = data_office_overview(sample_store, registry, 2022, [FLAG])
    register = read_register(sample_store.root)
    register = register[register["year"] == 2022]
    assert overview["rows_accepted"] == int(register["rows_accepted"].sum())
    units = {u["unit_id"]: u for u in overview["units"]}
    assert set(units) == {u.unit_id for u in registry.units(2022)}
    assert overview["units"][0]["unit_id"] == "bnn-ri"
    lubuk = units["bnnk-lubuklinggau"]
    cases = register[(register["unit_id"] == "bnnk-lubuklinggau")
                     & (register["table"] == "cases")]
    assert lubuk["submissions"]["cases"]["rows_accepted"] == int(cases["rows_accepted"].sum())
    assert "cases" not in lubuk["missing"]
    assert overview["flags"][0]["figure"] == "sabu (gram)"
    json.dumps(overview)  # plain data: the site writes it as is


def test_units_that_sent_nothing_are_named(tmp_path, registry):
    overview = data_office_overview(Store(tmp_path / "store"), registry, 2022, [])
    assert overview["not_submitted"] == [u["unit_id"] for u in overview["units"]]
    assert len(overview["not_submitted"]) == len(registry.units(2022))
    assert data_office_overview(Store(tmp_path / "store"), registry, 2021, [FLAG])["flags"] == []


def test_each_table_counts_its_files_rows_and_last_date_check_runs_left_out(tmp_path, registry):
    """Two files of one table (the later date, both files, rows summed), a wholly refused
    table (listed, and still missing), a ``check`` run (not counted) and a row count the
    register does not know (counted as 0)."""
    from helpers.store.register import REGISTER_FILE, conform_register

    def row(when, table, sha, mode, accepted, rejected, unit="bnnk-lubuklinggau"):
        return {"ingested_at": pd.Timestamp(when), "unit_id": unit, "year": 2022,
                "table": table, "file_name": f"{sha}.csv", "file_sha256": sha, "mode": mode,
                "rows_accepted": accepted, "rows_rejected": rejected}

    store = Store(tmp_path / "store")
    store.root.mkdir(parents=True)
    conform_register(pd.DataFrame([
        row("2022-12-01 10:00", "cases", "a", "replace", 10, 1),
        row("2022-12-20 08:30", "cases", "b", "replace", 12, pd.NA),
        row("2022-12-21 09:00", "cases", "c", "check", 99, 99),
        row("2022-12-05 07:00", "rehab", "d", "replace", 0, 40),
        row("2022-12-06 07:00", "outreach", "e", "replace", 5, 0, unit="bnnp-sumsel"),
    ])).to_parquet(store.root / REGISTER_FILE, index=False)
    units = {u["unit_id"]: u for u in data_office_overview(store, registry, 2022, [])["units"]}
    lubuk = units["bnnk-lubuklinggau"]
    assert lubuk["submissions"] == {
        "cases": {"last": "2022-12-20 08:30", "files": 2, "rows_accepted": 22,
                  "rows_rejected": 1},
        "rehab": {"last": "2022-12-05 07:00", "files": 1, "rows_accepted": 0,
                  "rows_rejected": 40},
    }
    assert "rehab" in lubuk["missing"] and "cases" not in lubuk["missing"]
    assert list(units["bnnp-sumsel"]["submissions"]) == ["outreach"]
