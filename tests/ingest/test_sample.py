from __future__ import annotations

import re

import pytest

from helpers.ingest.sample import generate_sample, unit_year_tables
from helpers.ingest.validate import CLIENT_REF, VOCAB_FIELDS
from helpers.reference.schema import TABLES
from helpers.reference.vocab import load_vocab
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
    assert 2 <= median[0] <= 8 and all(c[0] <= 20 for c in counts)  # 0–15 cases, typically
    assert all(15 <= c[1] <= 170 for c in counts)
    assert all(10 <= c[2] <= 150 for c in counts)
    assert sorted(c[3] for c in counts)[len(counts) // 2] >= 1000


def test_a_typical_bnnk_has_the_year_end_figures_bnnk_publish(sample_store, registry):
    """SKHPN 100–500, tens to a few hundred penggiat, a few dozen people assessed; sabu from
    under a gram to a few hundred grams (BNNK Way Kanan, Kendal, Bone Bolango 2024)."""
    skhpn, penggiat, assessed, sabu = [], [], [], []
    for unit in registry.units(2022):
        if unit.level != "kabkota":
            continue
        tests = sample_store.read("tests", 2022, [unit.unit_id])
        community = sample_store.read("community", 2022, [unit.unit_id])
        if len(tests):
            skhpn.append(int(tests.loc[tests["kind"] == "skhpn", "tested"].sum()))
        if len(community):
            penggiat.append(int(community.loc[community["item"] == "penggiat", "count"].sum()))
        assessed.append(sample_store.read("assessments", 2022, [unit.unit_id])[
            "assessment_ref"].nunique())
        seizures = sample_store.read("seizures", 2022, [unit.unit_id])
        sabu += seizures.loc[seizures["drug"] == "sabu", "quantity"].tolist()
    assert all(80 <= n <= 600 for n in skhpn) and 150 <= sorted(skhpn)[len(skhpn) // 2] <= 450
    assert all(10 <= n <= 600 for n in penggiat)
    assert 15 <= sorted(assessed)[len(assessed) // 2] <= 60
    assert min(sabu) < 1 and 100 <= max(sabu) <= 2000 and sorted(sabu)[len(sabu) // 2] < 20


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_the_nation_adds_up_to_what_bnn_ri_publishes(registry, year):
    """Per year, all units together: 600–900 cases, 1.000–1.300 suspects, sabu 0,7–1,9 ton,
    ganja 1–2,2 ton, ekstasi 260.000–370.000 butir (BNN RI's releases of 2022–2024)."""
    cases = suspects = 0
    seized: dict[tuple[str, str], float] = {}
    for unit in registry.units(year):
        tables = unit_year_tables(unit, year)
        cases += len(tables["cases"])
        suspects += int(tables["cases"]["suspects"].sum())
        for row in tables["seizures"].itertuples():
            seized[(row.drug, row.uom)] = seized.get((row.drug, row.uom), 0) + row.quantity
    assert 600 <= cases <= 900 and 1000 <= suspects <= 1300
    assert 700_000 <= seized[("sabu", "gram")] <= 1_900_000
    assert 1_000_000 <= seized[("ganja", "gram")] <= 2_200_000
    assert 260_000 <= seized[("ekstasi", "butir")] <= 370_000


def test_most_units_send_the_newer_tables_and_a_few_do_not(sample_store, registry):
    units = [u.unit_id for u in registry.units(2022)]
    for table in ("assessments", "tests", "community"):
        sent = [u for u in units if sample_store.has_slice(table, 2022, u)]
        assert len(units) - 6 <= len(sent) < len(units), table
    cases = sample_store.read("cases", 2022, units)
    blank = cases.groupby("unit_id")[["network", "lab"]].count().sum(axis=1) == 0
    assert 0 < blank.sum() <= 6  # units that never fill in network and lab
    assert cases["lab"].sum() > 0 and cases["network"].nunique() > 10


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
    assert set(rehab["service"]) <= {"rawat_jalan", "rawat_inap", "ibm", "pasca_rehab"}
    seizures = sample_store.read("seizures", year, units)
    cases = sample_store.read("cases", year, units)
    assert set(seizures["case_id"]) <= set(cases["case_id"])
    assert (seizures["quantity"] >= 0).all()
    allowed = {"sabu": {"gram"}, "ganja": {"gram", "batang"}, "ekstasi": {"butir", "gram"},
               "psikotropika": {"butir"}, "cairan": {"mililiter"}}
    for row in seizures.itertuples():
        assert row.uom in allowed.get(row.drug, {"gram"})
    assert not seizures.duplicated(["unit_id", "case_id", "drug", "uom"]).any()
    vocab = load_vocab()
    for name in ("assessments", "tests", "community"):
        frame = sample_store.read(name, year, units)
        table = TABLES[name]
        assert len(frame) and not frame.duplicated(list(table.key)).any(), name
        assert (frame[table.date_column].dt.year == year).all(), name
        for (table_name, column), field in VOCAB_FIELDS.items():
            if table_name == name:
                assert set(frame[column].dropna()) <= set(vocab.codes(field)), column
    assessments = sample_store.read("assessments", year, units)
    assert assessments["assessment_ref"].map(lambda r: bool(re.fullmatch(CLIENT_REF, r))).all()
    tests = sample_store.read("tests", year, units)
    assert ((tests["positive"] >= 0) & (tests["positive"] <= tests["tested"])).all()
    rehab_services = set(sample_store.read("rehab", year, units)["service"])
    assert "ibm" in rehab_services
