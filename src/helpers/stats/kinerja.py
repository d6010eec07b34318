"""Capaian kinerja: each indicator's target against its realisation, with % achievement.

Index indicators (IKOTAN, IKP, IKKRN, IKKTT; vocabulary kind ``index``) come from surveys, so
their realisation is the one entered in the targets table. Count indicators (kind ``count``) are
realised from the data, from the unit's OWN figures (targets are set per unit, for its own work):

==========  ===============================================================
indicator   realisation
==========  ===============================================================
kasus       cases uncovered (LKN) by the unit
tersangka   suspects in those cases
rehab       distinct rehabilitation clients of the unit
penggiat    participants of ``workshop_penggiat`` activities (activists trained)
==========  ===============================================================

A realisation entered for a count indicator is ignored: the data wins, so the report and the
figures file can never disagree. Achievement is realisation ÷ target; with a target of 0 it is
undefined (shown as "–"). All indicators are "higher is better".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from helpers.reference.vocab import Vocab

COUNT_SOURCES = {
    "kasus": "cases",
    "tersangka": "suspects",
    "rehab": "clients",
    "penggiat": "penggiat",
}


@dataclass(frozen=True)
class Achievement:
    indicator: str
    kind: str  # index | count
    target: float | None
    realisation: float | None
    ratio: float | None  # realisation / target

    @property
    def achieved(self) -> bool | None:
        return None if self.ratio is None else self.ratio >= 1


def count_realisations(own: dict, outreach: pd.DataFrame) -> dict[str, float]:
    """The data's realisation of each count indicator (``own``: the unit's own figures)."""
    penggiat = outreach.loc[outreach["activity"] == "workshop_penggiat", "participants"]
    values = {"cases": own["cases"], "suspects": own["suspects"],
              "clients": own["rehab"]["clients"], "penggiat": int(penggiat.fillna(0).sum())}
    return {ind: float(values[src]) for ind, src in COUNT_SOURCES.items()}


def _number(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def achievements(targets: pd.DataFrame, realised: dict[str, float], vocab: Vocab,
                 ) -> list[Achievement]:
    """One row per indicator that has a target, in the vocabulary's order."""
    order = {code: i for i, code in enumerate(vocab.codes("indicator"))}
    rows = []
    for row in targets.itertuples():
        indicator = str(row.indicator)
        kind = vocab.kind("indicator", indicator) or ("count" if indicator in COUNT_SOURCES
                                                       else "index")
        target = _number(row.target)
        realisation = (realised.get(indicator) if kind == "count"
                       else _number(row.realisation))
        ratio = (realisation / target if target and realisation is not None
                 and not math.isnan(target) else None)
        rows.append(Achievement(indicator, kind, target, realisation, ratio))
    return sorted(rows, key=lambda a: (order.get(a.indicator, len(order)), a.indicator))
