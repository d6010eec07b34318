"""The data office's overview: submissions per unit and table from the register, units that
sent nothing, and the year's plausibility flags."""

from __future__ import annotations

import json

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
