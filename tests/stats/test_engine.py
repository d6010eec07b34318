from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers.reference.schema import TABLES
from helpers.reference.vocab import DEFAULT_REFERENCE_DIR, clear_cache, load_vocab
from helpers.stats import engine as engine_module
from helpers.stats.engine import SERVICES, quantity_number, scope_figures
from helpers.stats.engine import unit_figures as rollup
from helpers.stats.frames import Frames, load_frames
from helpers.store.slices import Store

# The years of the session sample store (conftest.py): 2021 has a unit without outreach, 2022
# one with a single case, one with none, and one that sent neither tests nor community rows;
# some units never send asesmen, pemeriksaan or pemberdayaan, or never fill in network and lab.
SAMPLE_TEST_YEARS = (2020, 2021, 2022)
VOCAB = load_vocab()


def _expected(store: Store, registry, unit_id: str, year: int, scope: str) -> dict:
    """The figures computed the plain way, from one report's rows with pandas: an oracle for
    the engine, which reads whole years with pyarrow and adds units up with a matrix."""
    frames = load_frames(store, registry, unit_id, year, scope)
    sent = {table: sum(store.has_slice(table, year, u) for u in frames.unit_ids)
            for table in ("assessments", "tests", "community")}
    return _plain_figures(frames, sent)


def _plain_figures(frames: Frames, sent: dict[str, int]) -> dict:
    seizures = frames.seizures
    per_unit = (seizures.groupby(["unit_id", "drug", "uom"], observed=True)["quantity"].sum()
                .round(3).reset_index())
    total = (per_unit.groupby(["drug", "uom"], observed=True)["quantity"].sum()
             .round(3).reset_index())
    total = total[total["quantity"] > 0].sort_values("quantity", ascending=False, kind="stable")
    rehab = frames.rehab
    distinct = rehab.drop_duplicates(["unit_id", "client_ref", "service"])
    cases = frames.cases
    network = cases["network"].map(lambda v: " ".join(v.lower().split()) if isinstance(v, str)
                                   else "").replace("", pd.NA)
    detailed = cases[network.notna() | cases["lab"].notna()]["unit_id"].nunique()
    figures = {
        "cases": len(cases),
        "suspects": int(cases["suspects"].fillna(0).sum()),
        "p21": int(cases["p21"].fillna(False).sum()),
        "tppu": int(cases["tppu"].fillna(False).sum()),
        "assets_rp": int(cases.groupby("unit_id")["assets_rp"].sum().round().sum()),
        "networks": int(network.groupby(cases["unit_id"]).nunique().sum()) if detailed else None,
        "labs": int(cases["lab"].fillna(False).sum()) if detailed else None,
        "seizures": [{"drug": str(r.drug), "quantity": quantity_number(r.quantity),
                      "uom": str(r.uom)} for r in total.itertuples()],
        "rehab": {**{s: int((distinct["service"] == s).sum()) for s in SERVICES},
                  "clients": len(rehab.drop_duplicates(["unit_id", "client_ref"]))},
        "outreach": {"activities": len(frames.outreach),
                     "participants": int(frames.outreach["participants"].fillna(0).sum()),
                     "media_reach": int(frames.outreach["media_reach"].fillna(0).sum())},
        "assessments": _plain_assessments(frames.assessments, bool(sent["assessments"])),
        "tests": {kind: {column: int(frames.tests.loc[frames.tests["kind"] == kind, column].sum())
                         if sent["tests"] else None for column in ("tested", "positive")}
                  for kind in VOCAB.codes("test_kind")},
        "community": {item: int(frames.community.loc[frames.community["item"] == item,
                                                     "count"].sum())
                      if sent["community"] else None for item in VOCAB.codes("community_item")},
        "reporting_units": {"networks": detailed, "labs": detailed, **sent},
    }
    return figures


def _plain_assessments(rows: pd.DataFrame, sent: bool) -> dict:
    """Each person once, by the recommendation of their latest assessment in the unit."""
    latest = rows.sort_values("date").drop_duplicates(["unit_id", "assessment_ref"], keep="last")
    counts = {"total": len(latest), **{code: int((latest["recommendation"] == code).sum())
                                       for code in VOCAB.codes("recommendation")}}
    return {key: value if sent else None for key, value in counts.items()}


def _copy_year(sample_store: Store, tmp_path, year: int) -> Store:
    """A writable copy of one year of the (read-only) session sample store."""
    store = Store(tmp_path / "store")
    for folder in sample_store.root.glob(f"*/{year}"):
        shutil.copytree(folder, store.root / folder.parent.name / str(year))
    return store


def _cases(unit_id: str, suspects: list[int], **columns: list) -> pd.DataFrame:
    n = len(suspects)
    return pd.DataFrame({"case_id": [f"LKN-{unit_id}-{i}" for i in range(n)],
                         "unit_id": unit_id, "date": pd.to_datetime(["2022-05-01"] * n),
                         "suspects": suspects, "p21": True, "tppu": False, **columns})


def _seizures(unit_id: str, rows: list[tuple[str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame({"case_id": [f"LKN-{unit_id}-{i}" for i in range(len(rows))],
                         "unit_id": unit_id, "drug": [r[0] for r in rows],
                         "quantity": [r[1] for r in rows], "uom": [r[2] for r in rows]})


@pytest.mark.parametrize("year", SAMPLE_TEST_YEARS)
def test_every_unit_and_scope_equals_the_plain_computation_over_its_rows(sample_store, registry,
                                                                        year):
    result = rollup(sample_store, registry, year)
    assert list(result) == [u.unit_id for u in registry.units(year)]
    for unit_id, figures in result.items():
        assert set(figures) == {"own", "rolled"}
        for scope in ("own", "rolled"):
            # Exact equality: the same counts, the same float quantities, the same order.
            assert figures[scope] == _expected(sample_store, registry, unit_id, year, scope), (
                unit_id, scope)


@pytest.mark.parametrize("year", SAMPLE_TEST_YEARS)
def test_rolled_is_own_plus_the_childrens_rolled(sample_store, registry, year):
    result = rollup(sample_store, registry, year)
    checked = 0
    for unit_id, figures in result.items():
        own, rolled = figures["own"], figures["rolled"]
        children = [result[c]["rolled"] for c in registry.children(unit_id, year)]
        seizures: dict[tuple[str, str], float] = {}
        for part in [own, *children]:
            for s in part["seizures"]:
                key = (s["drug"], s["uom"])
                seizures[key] = round(seizures.get(key, 0) + s["quantity"], 3)
        assert rolled["cases"] == own["cases"] + sum(c["cases"] for c in children)
        assert rolled["suspects"] == own["suspects"] + sum(c["suspects"] for c in children)
        for key in ("p21", "tppu", "assets_rp", "networks", "labs"):
            assert rolled[key] == _added([own[key], *(c[key] for c in children)]), key
        for group in ("rehab", "outreach", "assessments", "community", "reporting_units"):
            assert rolled[group] == {k: _added([v, *(c[group][k] for c in children)])
                                     for k, v in own[group].items()}, (unit_id, group)
        for kind, values in own["tests"].items():
            assert rolled["tests"][kind] == {k: _added([v, *(c["tests"][kind][k]
                                                             for c in children)])
                                             for k, v in values.items()}, (unit_id, kind)
        assert {(s["drug"], s["uom"]): s["quantity"] for s in rolled["seizures"]} == seizures
        checked += bool(children)
    assert checked > 10  # BNN RI and the BNNPs with BNNKs were compared with their sub-units


def _added(values: list[int | None]) -> int | None:
    """The roll-up of one figure: the sum of what was reported, None when nobody reported."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def test_a_bnnk_rolled_equals_its_own_and_the_nation_adds_up_every_unit(sample_store,
                                                                          registry):
    result = rollup(sample_store, registry, 2022)
    assert result["bnnk-lubuklinggau"]["own"] == result["bnnk-lubuklinggau"]["rolled"]
    national = result["bnn-ri"]["rolled"]
    assert national["cases"] == sum(f["own"]["cases"] for f in result.values())
    assert national["cases"] > result["bnn-ri"]["own"]["cases"] > 0


def test_a_unit_without_slices_gets_zeros_and_no_seizures(sample_store, registry, tmp_path):
    store = _copy_year(sample_store, tmp_path, 2022)
    for path in store.root.glob("*/2022/bnnk-lubuklinggau.parquet"):
        path.unlink()
    result = rollup(store, registry, 2022)
    own = result["bnnk-lubuklinggau"]["own"]
    assert own == {"cases": 0, "suspects": 0, "p21": 0, "tppu": 0, "assets_rp": 0,
                   "networks": None, "labs": None, "seizures": [],
                   "rehab": {"rawat_jalan": 0, "rawat_inap": 0, "ibm": 0, "pasca_rehab": 0,
                             "clients": 0},
                   "outreach": {"activities": 0, "participants": 0, "media_reach": 0},
                   "assessments": {"total": None, "rawat_jalan": None, "rawat_inap": None,
                                   "proses_hukum": None},
                   "tests": {"skhpn": {"tested": None, "positive": None},
                             "tes_urine": {"tested": None, "positive": None}},
                   "community": {item: None for item in VOCAB.codes("community_item")},
                   "reporting_units": {"networks": 0, "labs": 0, "assessments": 0, "tests": 0,
                                       "community": 0}}
    assert result["bnnk-lubuklinggau"]["rolled"] == own
    assert result["bnnp-sumsel"]["rolled"] == _expected(store, registry, "bnnp-sumsel", 2022,
                                                        "rolled")


def test_a_unit_that_does_not_exist_in_the_year_is_absent_and_its_rows_are_not_read(
        sample_store, registry, tmp_path):
    assert not registry.get("bnnk-ogan-ilir").exists_in(2020)
    assert "bnnk-ogan-ilir" not in rollup(sample_store, registry, 2020)
    # A stray slice of a unit that does not exist that year counts nowhere.
    store = _copy_year(sample_store, tmp_path, 2022)
    before = rollup(store, registry, 2022)
    assert "bnnp-papua-selatan" not in before  # founded in 2023
    store.write_slice("cases", 2022, "bnnp-papua-selatan", _cases("bnnp-papua-selatan", [4]))
    after = rollup(store, registry, 2022)
    assert "bnnp-papua-selatan" not in after
    assert after["bnn-ri"]["rolled"]["cases"] == before["bnn-ri"]["rolled"]["cases"]


def test_rows_roll_up_to_the_parent_of_that_year(registry, tmp_path):
    store = Store(tmp_path / "store")
    for year in (2022, 2023):
        store.write_slice("cases", year, "bnnk-merauke", _cases("bnnk-merauke", [2, 3]))
    assert rollup(store, registry, 2022)["bnnp-papua"]["rolled"]["suspects"] == 5
    in_2023 = rollup(store, registry, 2023)
    assert in_2023["bnnp-papua"]["rolled"]["suspects"] == 0
    assert in_2023["bnnp-papua-selatan"]["rolled"]["suspects"] == 5
    assert in_2023["bnn-ri"]["rolled"]["cases"] == 2


def test_seizures_round_per_unit_keep_units_apart_and_order_by_quantity(registry, tmp_path):
    store = Store(tmp_path / "store")
    store.write_slice("seizures", 2022, "bnnk-palembang", _seizures("bnnk-palembang", [
        ("sabu", 0.1004, "gram"), ("ekstasi", 7, "butir"), ("ekstasi", 2.5, "gram"),
        ("heroin", 0.0, "gram"), ("ganja", 7, "batang")]))
    store.write_slice("seizures", 2022, "bnnk-lubuklinggau", _seizures("bnnk-lubuklinggau", [
        ("sabu", 0.1004, "gram"), ("kokain", 0.0004, "gram")]))
    result = rollup(store, registry, 2022)
    rolled = result["bnnp-sumsel"]["rolled"]["seizures"]
    # 0.1004 rounds to 0.1 in each BNNK before adding (0.2, not 0.201); grams and tablets stay
    # apart; nothing seized (0 g, or 0.0004 g rounded) is absent; equal quantities by drug.
    assert rolled == [{"drug": "ekstasi", "quantity": 7, "uom": "butir"},
                      {"drug": "ganja", "quantity": 7, "uom": "batang"},
                      {"drug": "ekstasi", "quantity": 2.5, "uom": "gram"},
                      {"drug": "sabu", "quantity": 0.2, "uom": "gram"}]
    assert result["bnnk-lubuklinggau"]["own"]["seizures"] == [
        {"drug": "sabu", "quantity": 0.1, "uom": "gram"}]
    assert result["bnnp-sumsel"]["own"]["seizures"] == []
    for unit_id in ("bnnp-sumsel", "bnn-ri", "bnnk-palembang"):
        for scope in ("own", "rolled"):
            assert result[unit_id][scope] == _expected(store, registry, unit_id, 2022, scope)


def test_distinct_clients_are_per_unit_and_service(registry, tmp_path):
    store = Store(tmp_path / "store")
    for unit_id in ("bnnk-palembang", "bnnk-lubuklinggau"):
        store.write_slice("rehab", 2022, unit_id, pd.DataFrame({
            "client_ref": ["K1", "K1", "K1", "K2"], "unit_id": unit_id,
            "admission_date": pd.to_datetime(["2022-01-05", "2022-03-01", "2022-06-01",
                                              "2022-02-01"]),
            "service": ["rawat_jalan", "rawat_jalan", "pasca_rehab", "ibm"]}))
    result = rollup(store, registry, 2022)
    # K1 twice in outpatient counts once; in two services it counts in each, once in total.
    assert result["bnnk-palembang"]["own"]["rehab"] == {
        "rawat_jalan": 1, "rawat_inap": 0, "ibm": 1, "pasca_rehab": 1, "clients": 2}
    assert result["bnnp-sumsel"]["rolled"]["rehab"] == {
        "rawat_jalan": 2, "rawat_inap": 0, "ibm": 2, "pasca_rehab": 2, "clients": 4}
    assert result["bnnp-sumsel"]["rolled"] == _expected(store, registry, "bnnp-sumsel", 2022,
                                                        "rolled")


def computed(store: Store, registry, year: int, root: str | None = None) -> dict:
    """The engine's figures computed from the slices, never from a year kept beside the store
    (tests/stats/test_year_cache.py): what the tests of what is read read."""
    return engine_module._computed_figures(store, registry, year, root,
                                           engine_module.store_vocab(store))


def test_each_slice_is_read_once_and_targets_not_at_all(sample_store, registry, monkeypatch):
    reads: list[str] = []
    real = engine_module.read_slice_file

    def counting(source, *args, **kwargs):
        reads.append(str(source))
        return real(source, *args, **kwargs)

    monkeypatch.setattr(engine_module, "read_slice_file", counting)
    computed(sample_store, registry, 2022)
    assert reads, "the engine reads the slices through store.read_slice_file"
    assert len(reads) == len(set(reads))
    assert not [r for r in reads if "/targets/" in r]
    existing = {str(p) for p in sample_store.root.glob("*/2022/*.parquet")
                if "/targets/" not in str(p)}
    assert set(reads) == existing


def test_a_root_limits_the_figures_to_that_unit_and_the_units_below(sample_store, registry,
                                                                  monkeypatch):
    year = SAMPLE_TEST_YEARS[-1]
    everything = rollup(sample_store, registry, year)
    read: list[str] = []
    real = engine_module.read_slice_file
    monkeypatch.setattr(engine_module, "read_slice_file",
                        lambda path, *a: read.append(Path(path).stem) or real(path, *a))
    province = computed(sample_store, registry, year, root="bnnp-sumsel")
    assert list(province) == ["bnnp-sumsel", *registry.descendants("bnnp-sumsel", year)]
    assert {u: province[u] for u in province} == {u: everything[u] for u in province}
    assert set(read) == set(province)
    assert rollup(sample_store, registry, year, root="bnnk-lubuklinggau") == {
        "bnnk-lubuklinggau": everything["bnnk-lubuklinggau"]}


def test_grams_and_tablets_of_one_drug_are_never_added(registry, tmp_path):
    store = Store(tmp_path / "store")
    store.write_slice("seizures", 2022, "bnnk-palembang", _seizures("bnnk-palembang", [
        ("ekstasi", 10, "butir"), ("ekstasi", 2.5, "gram"), ("ekstasi", 5, "butir")]))
    own = rollup(store, registry, 2022)["bnnk-palembang"]["own"]
    assert own["seizures"] == [{"drug": "ekstasi", "quantity": 15, "uom": "butir"},
                               {"drug": "ekstasi", "quantity": 2.5, "uom": "gram"}]


def test_a_client_seen_by_two_units_counts_in_each_and_twice_above_them(registry, tmp_path):
    store = Store(tmp_path / "store")
    for unit_id in ("bnnk-palembang", "bnnk-lubuklinggau"):
        store.write_slice("rehab", 2022, unit_id, pd.DataFrame({
            "client_ref": ["K1"], "unit_id": unit_id,
            "admission_date": pd.to_datetime(["2022-01-05"]), "service": ["rawat_jalan"]}))
    result = rollup(store, registry, 2022)
    assert result["bnnk-palembang"]["own"]["rehab"]["clients"] == 1
    assert result["bnnp-sumsel"]["rolled"]["rehab"]["clients"] == 2


def test_subtree_figures_computes_each_year_once(sample_store, registry, monkeypatch):
    calls: list[int] = []
    real = engine_module.unit_figures
    monkeypatch.setattr(engine_module, "unit_figures",
                        lambda store, reg, year, root=None: calls.append(year)
                        or real(store, reg, year, root=root))
    figures_of = engine_module.subtree_figures(sample_store, registry, "bnnp-sumsel")
    assert figures_of(2022) is figures_of(2022)
    figures_of(2021)
    assert calls == [2022, 2021]
    assert set(figures_of(2022)) == {"bnnp-sumsel", *registry.descendants("bnnp-sumsel", 2022)}


def _write(store: Store, table: str, unit_id: str, rows: dict) -> None:
    store.write_slice(table, 2022, unit_id, pd.DataFrame({"unit_id": unit_id, **rows}))


def test_a_table_not_sent_is_none_and_a_table_sent_empty_is_zero(registry, tmp_path):
    store = Store(tmp_path / "store")
    _write(store, "tests", "bnnk-palembang", {
        "test_id": ["T1", "T2", "S1"], "date": pd.to_datetime(["2022-03-01"] * 3),
        "kind": ["tes_urine", "tes_urine", "skhpn"], "tested": [40, 25, 120],
        "positive": [2, 0, 1]})
    store.write_slice("tests", 2022, "bnnk-lubuklinggau", pd.DataFrame())  # sent, nothing in it
    result = rollup(store, registry, 2022)
    assert result["bnnk-palembang"]["own"]["tests"] == {
        "skhpn": {"tested": 120, "positive": 1}, "tes_urine": {"tested": 65, "positive": 2}}
    assert result["bnnk-lubuklinggau"]["own"]["tests"]["skhpn"] == {"tested": 0, "positive": 0}
    assert result["bnnk-prabumulih"]["own"]["tests"]["skhpn"] == {"tested": None,
                                                                  "positive": None}
    province = result["bnnp-sumsel"]["rolled"]
    assert province["tests"]["tes_urine"] == {"tested": 65, "positive": 2}
    assert province["reporting_units"]["tests"] == 2  # of the province's five units
    assert result["bnnp-sumsel"]["own"]["tests"]["tes_urine"]["tested"] is None
    assert province["community"] == {item: None for item in VOCAB.codes("community_item")}


def test_a_slice_written_before_network_and_lab_existed_reads_them_as_not_reported(
        registry, tmp_path):
    store = Store(tmp_path / "store")
    old = pd.DataFrame({"case_id": ["A", "B"], "unit_id": "bnnk-palembang",
                        "date": pd.to_datetime(["2022-02-01", "2022-03-01"]),
                        "suspects": [1, 2], "p21": [True, False], "tppu": [True, False],
                        "assets_rp": [648_734_500.0, None]})
    path = store.slice_path("cases", 2022, "bnnk-palembang")
    path.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pandas(old, preserve_index=False), path)
    own = rollup(store, registry, 2022)["bnnk-palembang"]["own"]
    assert (own["cases"], own["p21"], own["tppu"], own["assets_rp"]) == (2, 1, 1, 648_734_500)
    assert own["networks"] is None and own["labs"] is None
    assert own["reporting_units"]["networks"] == 0
    assert store.read("cases", 2022, ["bnnk-palembang"])["network"].isna().all()


def test_networks_are_distinct_per_unit_and_labs_answered_tidak_are_reported_zero(registry,
                                                                               tmp_path):
    store = Store(tmp_path / "store")
    store.write_slice("cases", 2022, "bnnk-palembang", _cases(
        "bnnk-palembang", [1, 1, 1, 1], network=["Jaringan Aceh", " jaringan  ACEH", "", None],
        lab=[False, True, None, None]))
    store.write_slice("cases", 2022, "bnnk-lubuklinggau", _cases(
        "bnnk-lubuklinggau", [1, 1], network=[None, None], lab=[False, False]))
    store.write_slice("cases", 2022, "bnnk-prabumulih", _cases("bnnk-prabumulih", [1]))
    result = rollup(store, registry, 2022)
    assert (result["bnnk-palembang"]["own"]["networks"],
            result["bnnk-palembang"]["own"]["labs"]) == (1, 1)
    # "tidak" for every case is a report of none; blank network and lab is no report at all.
    assert (result["bnnk-lubuklinggau"]["own"]["networks"],
            result["bnnk-lubuklinggau"]["own"]["labs"]) == (0, 0)
    assert result["bnnk-prabumulih"]["own"]["networks"] is None
    rolled = result["bnnp-sumsel"]["rolled"]
    assert (rolled["networks"], rolled["labs"], rolled["reporting_units"]["networks"]) == (1, 1, 2)


def test_a_person_assessed_twice_counts_once_by_the_latest_recommendation(registry, tmp_path):
    store = Store(tmp_path / "store")
    for unit_id in ("bnnk-palembang", "bnnk-lubuklinggau"):
        _write(store, "assessments", unit_id, {
            "assessment_ref": ["A", "B", "A", "C"],
            "date": pd.to_datetime(["2022-05-01", "2022-02-01", "2022-01-10", "2022-03-03"]),
            "recommendation": ["rawat_inap", "proses_hukum", "rawat_jalan", "rawat_jalan"]})
    result = rollup(store, registry, 2022)
    assert result["bnnk-palembang"]["own"]["assessments"] == {
        "total": 3, "rawat_jalan": 1, "rawat_inap": 1, "proses_hukum": 1}
    assert result["bnnp-sumsel"]["rolled"]["assessments"]["total"] == 6  # once in each unit
    assert result["bnnp-sumsel"]["rolled"] == _expected(store, registry, "bnnp-sumsel", 2022,
                                                        "rolled")


def test_assets_round_to_whole_rupiah_per_unit_before_they_add(registry, tmp_path):
    store = Store(tmp_path / "store")
    for unit_id in ("bnnk-palembang", "bnnk-lubuklinggau"):
        store.write_slice("cases", 2022, unit_id, _cases(unit_id, [1, 1],
                                                         assets_rp=[1000.3, 2000.3]))
    result = rollup(store, registry, 2022)
    assert result["bnnk-palembang"]["own"]["assets_rp"] == 3001
    assert result["bnnp-sumsel"]["rolled"]["assets_rp"] == 6002  # 3001 + 3001, not 6001,2
    assert result["bnnp-sumsel"]["rolled"]["assets_rp"] == sum(
        result[u]["own"]["assets_rp"] for u in ("bnnk-palembang", "bnnk-lubuklinggau"))


def test_a_deployment_s_own_community_item_is_a_key_of_every_unit_s_figures(registry,
                                                                            tmp_path):
    reference = tmp_path / "data" / "reference"
    shutil.copytree(DEFAULT_REFERENCE_DIR, reference)
    with (reference / "vocabulary.csv").open("a", encoding="utf-8") as handle:
        handle.write("community_item,posko,Posko anti narkoba dibentuk,Anti-drug posts set up"
                     ",7,,\n")
    clear_cache()
    try:
        store = Store(tmp_path / "data" / "store")
        _write(store, "community", "bnnk-palembang", {
            "date": pd.to_datetime(["2022-04-01", "2022-05-01"]), "item": ["posko", "penggiat"],
            "count": [2, 30], "name": ["Pasar", None]})
        result = rollup(store, registry, 2022)
        assert result["bnnk-palembang"]["own"]["community"]["posko"] == 2
        assert result["bnnp-sumsel"]["rolled"]["community"]["posko"] == 2
        assert result["bnnk-lubuklinggau"]["own"]["community"]["posko"] is None
    finally:
        clear_cache()


def test_scope_figures_are_the_units_figures_of_that_scope(sample_store, registry):
    whole = rollup(sample_store, registry, 2022)
    for scope in ("own", "rolled"):
        assert scope_figures(sample_store, registry, "bnnp-sumsel", 2022, scope) == whole[
            "bnnp-sumsel"][scope]


def test_the_sample_has_units_that_did_not_report_and_units_that_did(sample_store, registry):
    result = rollup(sample_store, registry, 2022)
    for group in ("assessments", "tests", "community", "networks"):
        sent = [u for u, f in result.items() if f["own"]["reporting_units"][group]]
        assert len(result) - 6 <= len(sent) < len(result), group
    assert TABLES["tests"].name in {p.parent.parent.name
                                    for p in sample_store.root.glob("*/2022/*.parquet")}


def test_the_oracle_names_every_figure_the_engine_publishes(sample_store, registry):
    figures = rollup(sample_store, registry, 2022)["bnnk-lubuklinggau"]["own"]
    oracle = _expected(sample_store, registry, "bnnk-lubuklinggau", 2022, "own")
    assert list(figures) == list(oracle) == list(engine_module.HEADLINE_KEYS)
