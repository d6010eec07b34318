from __future__ import annotations

import pandas as pd
import pytest

from helpers.stats.frames import (
    headline_figures,
    load_frames,
    outreach_by_activity,
    per_month,
    rehab_clients,
    seizures_by_drug,
)


def _seizures(rows):
    return pd.DataFrame(rows, columns=["case_id", "unit_id", "drug", "quantity", "uom"])


def test_grams_and_tablets_are_never_added():
    table = seizures_by_drug(_seizures([
        ("c1", "u", "ekstasi", 10, "butir"), ("c2", "u", "ekstasi", 2.5, "gram"),
        ("c3", "u", "ekstasi", 5, "butir"),
    ]))
    got = {(r.drug, r.uom): r.quantity for r in table.itertuples()}
    assert got == {("ekstasi", "butir"): 15, ("ekstasi", "gram"): 2.5}


def test_quantities_round_per_unit_so_parents_add_up_exactly():
    rows = [("c1", "a", "sabu", 0.1004, "gram"), ("c2", "b", "sabu", 0.1004, "gram")]
    table = seizures_by_drug(_seizures(rows))
    assert table["quantity"].tolist() == [0.2]


def test_a_drug_with_nothing_seized_is_absent():
    table = seizures_by_drug(_seizures([("c1", "u", "sabu", 0, "gram"),
                                        ("c2", "u", "ganja", 3, "batang")]))
    assert table["drug"].tolist() == ["ganja"]


def test_a_client_in_two_services_counts_in_each_and_once_in_total():
    rehab = pd.DataFrame({
        "unit_id": ["u", "u", "u", "v"],
        "client_ref": ["K1", "K1", "K2", "K1"],
        "service": ["rawat_jalan", "pasca_rehab", "rawat_jalan", "rawat_jalan"],
    })
    assert rehab_clients(rehab) == {"rawat_jalan": 3, "rawat_inap": 0, "pasca_rehab": 1,
                                    "clients": 3}


def test_per_month_counts_rows_or_sums_a_column():
    frame = pd.DataFrame({"date": pd.to_datetime(["2022-01-05", "2022-01-20", "2022-12-31"]),
                          "suspects": [1, 2, 3]})
    assert per_month(frame, "date") == [2] + [0] * 10 + [1]
    assert per_month(frame, "date", "suspects")[0] == 3
    assert per_month(frame.iloc[:0], "date") == [0] * 12


def test_outreach_keeps_media_reach_apart_from_participants():
    frame = pd.DataFrame({"activity_id": ["a", "b", "c"], "activity": ["media", "sosialisasi",
                          "sosialisasi"], "participants": [0, 40, 60],
                          "media_reach": [5000, 0, 0]})
    table = outreach_by_activity(frame).set_index("activity")
    assert table.loc["sosialisasi", "participants"] == 100
    assert table.loc["media", "media_reach"] == 5000
    assert table.loc["sosialisasi", "activities"] == 2


def _add(a: dict, b: dict) -> dict:
    """Add two headline figure dicts the way the invariant states."""
    seizures = {}
    for s in a["seizures"] + b["seizures"]:
        key = (s["drug"], s["uom"])
        seizures[key] = round(seizures.get(key, 0) + s["quantity"], 3)
    return {
        "cases": a["cases"] + b["cases"], "suspects": a["suspects"] + b["suspects"],
        "seizures": seizures,
        "rehab": {k: a["rehab"][k] + b["rehab"][k] for k in a["rehab"]},
        "outreach": {k: a["outreach"][k] + b["outreach"][k] for k in a["outreach"]},
    }


@pytest.mark.parametrize("unit_id", ["bnn-ri", "bnnp-sumsel", "bnnp-jabar"])
def test_rolled_up_equals_own_plus_sub_units_rolled_up(sample_store, registry, unit_id):
    year = 2022
    rolled = headline_figures(load_frames(sample_store, registry, unit_id, year, "rolled"))
    total = headline_figures(load_frames(sample_store, registry, unit_id, year, "own"))
    total = {**total, "seizures": [dict(s) for s in total["seizures"]]}
    children = registry.children(unit_id, year)
    assert children, "the invariant needs sub-units to be meaningful"
    acc = _add(total, {"cases": 0, "suspects": 0, "seizures": [],
                       "rehab": dict.fromkeys(total["rehab"], 0),
                       "outreach": dict.fromkeys(total["outreach"], 0)})
    for child in children:
        child_rolled = headline_figures(load_frames(sample_store, registry, child, year))
        acc = _add({**acc, "seizures": [{"drug": d, "uom": u, "quantity": q}
                                        for (d, u), q in acc["seizures"].items()]}, child_rolled)
    assert acc["cases"] == rolled["cases"]
    assert acc["suspects"] == rolled["suspects"]
    assert acc["rehab"] == rolled["rehab"]
    assert acc["outreach"] == rolled["outreach"]
    assert acc["seizures"] == {(s["drug"], s["uom"]): s["quantity"] for s in rolled["seizures"]}


def test_a_bnnk_rolled_up_equals_its_own(sample_store, registry):
    own = headline_figures(load_frames(sample_store, registry, "bnnk-lubuklinggau", 2022, "own"))
    rolled = headline_figures(load_frames(sample_store, registry, "bnnk-lubuklinggau", 2022))
    assert own == rolled
