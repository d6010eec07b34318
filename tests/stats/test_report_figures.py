from __future__ import annotations

import json

from helpers.stats.engine import subtree_figures
from helpers.stats.report_figures import report_figures


def test_figures_file_follows_the_contract(sample_store, registry):
    f = report_figures(sample_store, registry, "bnnk-lubuklinggau", 2022,
                       parameters={"unit_id": "bnnk-lubuklinggau", "data_dir": "/secret/x"})
    assert f["unit_name"] == "BNN Kota Lubuklinggau"
    assert f["level"] == "kabkota" and f["parent_id"] == "bnnp-sumsel"
    assert f["region_codes"] == ["16.73"]
    assert set(f["rehab"]) == {"rawat_jalan", "rawat_inap", "ibm", "pasca_rehab", "clients"}
    assert set(f["outreach"]) == {"activities", "participants", "media_reach"}
    assert f["own"]["cases"] == f["cases"]
    assert f["previous"]["year"] == 2021
    for figures in (f, f["own"], f["previous"]):  # the year-end figures, in all three places
        assert {"p21", "tppu", "assets_rp", "networks", "labs"} <= set(figures)
        assert set(figures["assessments"]) == {"total", "rawat_jalan", "rawat_inap",
                                               "proses_hukum"}
        assert figures["tests"].keys() == {"skhpn", "tes_urine"}
        assert all(set(v) == {"tested", "positive"} for v in figures["tests"].values())
        assert set(figures["community"]) == {"penggiat", "relawan", "desa_bersinar",
                                             "sekolah_bersinar", "ibm_lembaga", "kerja_sama"}
    assert f["tests"]["skhpn"]["tested"] > 0 and f["community"]["penggiat"] > 0
    assert all(round(s["quantity"], 3) == s["quantity"] for s in f["seizures"])
    text = json.dumps(f)
    assert "/secret" not in text and str(sample_store.root.parent) not in text


def test_previous_is_null_in_the_first_year_with_data(sample_store, registry):
    f = report_figures(sample_store, registry, "bnnk-lubuklinggau", 2020, parameters={})
    assert f["previous"] is None


def test_generation_time_follows_source_date_epoch(sample_store, registry, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1672358400")
    f = report_figures(sample_store, registry, "bnnp-sumsel", 2022, parameters={})
    assert f["provenance"]["generated_at"] == "2022-12-30T00:00:00+00:00"


def test_data_hash_covers_sub_units(sample_store, registry):
    province = report_figures(sample_store, registry, "bnnp-sumsel", 2022, parameters={})
    bnnk = report_figures(sample_store, registry, "bnnk-lubuklinggau", 2022, parameters={})
    assert province["provenance"]["data_sha256"] != bnnk["provenance"]["data_sha256"]
    assert province["cases"] > province["own"]["cases"]


def test_shared_engine_figures_give_the_same_file_and_are_asked_once_a_year(sample_store,
                                                                            registry):
    asked: list[int] = []
    shared_of = subtree_figures(sample_store, registry, "bnnp-sumsel")

    def figures_of(year: int) -> dict:
        asked.append(year)
        return shared_of(year)

    params = {"unit_id": "bnnp-sumsel", "year": 2022}
    plain = report_figures(sample_store, registry, "bnnp-sumsel", 2022, parameters=params)
    shared = report_figures(sample_store, registry, "bnnp-sumsel", 2022, parameters=params,
                            figures_of=figures_of)
    assert asked == [2022, 2021]
    assert shared["previous"]["year"] == 2021
    for figures in (plain, shared):
        figures["provenance"].pop("generated_at")
    assert json.dumps(shared, sort_keys=True) == json.dumps(plain, sort_keys=True)


def test_a_unit_that_did_not_report_a_table_has_null_figures_not_zeros(sample_store, registry):
    # bnnk-prabumulih sent neither pemeriksaan nor pemberdayaan for 2022 (the sample's gap).
    f = report_figures(sample_store, registry, "bnnk-prabumulih", 2022, parameters={})
    assert f["tests"] == {"skhpn": {"tested": None, "positive": None},
                          "tes_urine": {"tested": None, "positive": None}}
    assert set(f["community"].values()) == {None}
    assert f["reporting_units"]["tests"] == 0
    assert f["previous"]["tests"]["skhpn"]["tested"] > 0  # it did the year before
    text = json.dumps(f)
    assert '"tested": null' in text
    province = report_figures(sample_store, registry, "bnnp-sumsel", 2022, parameters={})
    assert province["tests"]["skhpn"]["tested"] > 0
    assert province["reporting_units"]["tests"] == 4  # of its five units, all but Prabumulih
