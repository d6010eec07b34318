"""Target vs realisation: count indicators come from the data, indices from the targets table."""

from __future__ import annotations

import pandas as pd

from helpers.reference.vocab import load_vocab
from helpers.stats.kinerja import achievements, count_realisations

OWN = {"cases": 12, "suspects": 15, "rehab": {"clients": 70}}


def _outreach() -> pd.DataFrame:
    return pd.DataFrame({"activity": ["workshop_penggiat", "sosialisasi", "workshop_penggiat"],
                         "participants": [40, 500, 60]})


def test_count_realisations_follow_the_documented_mapping():
    assert count_realisations(OWN, _outreach()) == {
        "kasus": 12.0, "tersangka": 15.0, "rehab": 70.0, "penggiat": 100.0}


def test_achievement_is_realisation_over_target_and_data_wins_for_counts():
    targets = pd.DataFrame({
        "indicator": ["penggiat", "kasus", "ikp", "rehab"],
        "target": [200.0, 10.0, 65.0, 0.0],
        "realisation": [999.0, None, 68.25, None],  # 999 entered by hand is ignored
    })
    rows = achievements(targets, count_realisations(OWN, _outreach()), load_vocab())
    by = {a.indicator: a for a in rows}
    assert [a.indicator for a in rows] == ["ikp", "kasus", "rehab", "penggiat"]  # vocab order
    assert by["kasus"].ratio == 1.2 and by["kasus"].achieved
    assert by["penggiat"].realisation == 100 and by["penggiat"].ratio == 0.5
    assert not by["penggiat"].achieved
    assert by["ikp"].kind == "index" and by["ikp"].ratio == 68.25 / 65
    assert by["rehab"].ratio is None and by["rehab"].achieved is None  # target 0
