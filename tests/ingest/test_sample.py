from __future__ import annotations

import re

import pytest

from helpers.ingest.sample import generate_sample, unit_year_tables
from helpers.store.slices import Store


def test_generator_is_deterministic_to_the_byte(tmp_path, registry):
    a, b = Store(tmp_path / "a"), Store(tmp_path / "b")
    generate_sample(a, registry, years=[2022])
    generate_sample(b, registry, years=[2022])
    files_a = sorted(p.relative_to(a.root) for p in a.root.rglob("*.parquet"))
    assert files_a == sorted(p.relative_to(b.root) for p in b.root.rglob("*.parquet"))
    assert all((a.root / f).read_bytes() == (b.root / f).read_bytes() for f in files_a)


def test_a_unit_year_does_not_depend_on_what_else_is_generated(registry):
    unit = registry.get("bnnk-lubuklinggau")
    one = unit_year_tables(unit, 2022)
    unit_year_tables(registry.get("bnnp-sumsel"), 2022)
    again = unit_year_tables(unit, 2022)
    for table in one:
        assert one[table].equals(again[table])


def test_a_typical_bnnk_has_plausible_magnitudes(sample_store, registry):
    counts = []
    for unit in registry.units(2022):
        if unit.level != "kabkota":
            continue
        cases = sample_store.read("cases", 2022, [unit.unit_id])
        rehab = sample_store.read("rehab", 2022, [unit.unit_id])
        outreach = sample_store.read("outreach", 2022, [unit.unit_id])
        counts.append((len(cases), rehab["client_ref"].nunique(), len(outreach),
                       int(outreach["participants"].sum())))
    median = sorted(counts)[len(counts) // 2]
    assert 3 <= median[0] <= 40
    assert all(15 <= c[1] <= 200 for c in counts)
    assert all(10 <= c[2] <= 150 for c in counts)
    assert sorted(c[3] for c in counts)[len(counts) // 2] >= 1000


def test_provinces_and_the_centre_do_more_than_a_bnnk(sample_store):
    def cases(unit_id):
        return len(sample_store.read("cases", 2022, [unit_id]))
    assert cases("bnn-ri") > cases("bnnk-lubuklinggau")


def test_size_factor_scales_counts(registry):
    unit = registry.get("bnnp-jabar")
    small = unit_year_tables(unit, 2022, size=1)
    big = unit_year_tables(unit, 2022, size=10)
    assert len(big["rehab"]) > 5 * len(small["rehab"])
    assert len(big["outreach"]) > 5 * len(small["outreach"])


def test_units_get_data_only_in_years_they_exist(sample_store, registry):
    for unit in registry.units():
        for year in (2020, 2021, 2022):
            has = sample_store.has_slice("cases", year, unit.unit_id)
            assert has == unit.exists_in(year), (unit.unit_id, year)


@pytest.mark.parametrize("year", [2020, 2022])
def test_rows_satisfy_the_data_contract(sample_store, registry, year):
    units = [u.unit_id for u in registry.units(year)]
    rehab = sample_store.read("rehab", year, units)
    assert rehab["client_ref"].map(lambda r: bool(re.fullmatch(r"[A-Za-z0-9./-]+", r))).all()
    assert (rehab["admission_date"].dt.year == year).all()
    assert set(rehab["service"]) <= {"rawat_jalan", "rawat_inap", "pasca_rehab"}
    seizures = sample_store.read("seizures", year, units)
    cases = sample_store.read("cases", year, units)
    assert set(seizures["case_id"]) <= set(cases["case_id"])
    assert (seizures["quantity"] >= 0).all()
    allowed = {"sabu": {"gram"}, "ganja": {"gram", "batang"}, "ekstasi": {"butir", "gram"},
               "psikotropika": {"butir"}, "cairan": {"mililiter"}}
    for row in seizures.itertuples():
        assert row.uom in allowed.get(row.drug, {"gram"})
    assert not seizures.duplicated(["unit_id", "case_id", "drug", "uom"]).any()
