"""Target vs realisation: count indicators come from the data, indices from the targets table;
a count the unit did not report has no realisation, and penggiat falls back to its proxy."""

from __future__ import annotations

import pandas as pd

from helpers.reference.vocab import load_vocab
from helpers.stats.kinerja import (
    achievements,
    count_realisations,
    proxied_indicators,
    unit_achievements,
)

OWN = {"cases": 12, "suspects": 15, "networks": 2, "rehab": {"clients": 70},
       "assessments": {"total": 46}, "tests": {"skhpn": {"tested": 333},
                                               "tes_urine": {"tested": 900}},
       "community": {"penggiat": 60, "relawan": 515, "desa_bersinar": 3,
                     "sekolah_bersinar": 51}}
NOT_REPORTED = {**OWN, "assessments": {"total": None},
                "tests": {"skhpn": {"tested": None}, "tes_urine": {"tested": None}},
                "community": {"penggiat": None, "relawan": None, "desa_bersinar": None,
                              "sekolah_bersinar": None}}


def _outreach() -> pd.DataFrame:
    return pd.DataFrame({"activity": ["workshop_penggiat", "sosialisasi", "workshop_penggiat"],
                         "participants": [40, 500, 60]})


def test_count_realisations_follow_the_documented_mapping():
    assert count_realisations(OWN, _outreach()) == {
        "kasus": 12.0, "tersangka": 15.0, "jaringan": 2.0, "rehab": 70.0, "asesmen": 46.0,
        "skhpn": 333.0, "tes_urine": 900.0, "penggiat": 60.0, "relawan": 515.0,
        "desa_bersinar": 3.0, "sekolah_bersinar": 51.0}
    assert proxied_indicators(OWN) == frozenset()


def test_penggiat_falls_back_to_workshop_participants_when_pemberdayaan_is_not_reported():
    realised = count_realisations(NOT_REPORTED, _outreach())
    assert realised["penggiat"] == 100.0  # the two penggiat workshops' participants
    assert realised["skhpn"] is None and realised["asesmen"] is None
    assert proxied_indicators(NOT_REPORTED) == {"penggiat"}


def test_achievement_is_realisation_over_target_and_data_wins_for_counts():
    targets = pd.DataFrame({
        "indicator": ["penggiat", "kasus", "ikp", "rehab", "skhpn", "desa_bersinar"],
        "target": [200.0, 10.0, 65.0, 0.0, 350.0, 2.0],
        "realisation": [999.0, None, 68.25, None, None, None],  # 999 entered by hand: ignored
    })
    rows = achievements(targets, count_realisations(OWN, _outreach()), load_vocab())
    by = {a.indicator: a for a in rows}
    assert [a.indicator for a in rows] == ["ikp", "kasus", "rehab", "penggiat", "skhpn",
                                           "desa_bersinar"]  # vocab order
    assert by["kasus"].ratio == 1.2 and by["kasus"].achieved
    assert by["penggiat"].realisation == 60 and by["penggiat"].ratio == 0.3
    assert not by["penggiat"].achieved and by["penggiat"].basis is None
    assert by["ikp"].kind == "index" and by["ikp"].ratio == 68.25 / 65
    assert by["rehab"].ratio is None and by["rehab"].achieved is None  # target 0
    # BNNK Bone Bolango 2024: "333 Surat dari target 350"; BNNK Karimun: 3 Desa Bersinar of 2.
    assert by["skhpn"].ratio == 333 / 350 and not by["skhpn"].achieved
    assert by["desa_bersinar"].ratio == 1.5 and by["desa_bersinar"].achieved


def test_a_count_not_reported_has_no_achievement_and_says_why():
    targets = pd.DataFrame({"indicator": ["skhpn", "penggiat", "ikm"],
                            "target": [350.0, 50.0, 3.2], "realisation": [None, None, 3.41]})
    by = {a.indicator: a for a in unit_achievements(targets, NOT_REPORTED, _outreach(),
                                                    load_vocab())}
    assert (by["skhpn"].realisation, by["skhpn"].ratio, by["skhpn"].achieved) == (None, None,
                                                                                   None)
    assert by["skhpn"].basis == "not_reported"
    assert (by["penggiat"].realisation, by["penggiat"].basis) == (100.0, "proxy")
    assert by["penggiat"].achieved
    assert by["ikm"].kind == "index" and by["ikm"].ratio == 3.41 / 3.2
