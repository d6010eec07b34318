"""Capaian kinerja: each indicator's target against its realisation, with % achievement.

Index indicators (IKOTAN, IKP, IKKRN, IKKTT, and IKM and IKR on their 1–4 scale; vocabulary kind
``index``) come from surveys, so their realisation is the one entered in the targets table.
Count indicators (kind ``count``) are realised from the data, from the unit's OWN figures
(targets are set per unit, for its own work):

================  =================================================================
indicator         realisation
================  =================================================================
kasus             cases uncovered (LKN) by the unit
tersangka         suspects in those cases
jaringan          distinct drug networks of those cases
rehab             distinct rehabilitation clients of the unit
asesmen           people given an integrated assessment (asesmen terpadu)
skhpn             SKHPN issued
tes_urine         people given a urine test
penggiat          penggiat formed (pemberdayaan); when the unit did not report
                  pemberdayaan, participants of ``workshop_penggiat`` activities instead
                  (the proxy used before pemberdayaan existed, and the report says so)
relawan           relawan formed
desa_bersinar     Desa/Kelurahan Bersinar designated
sekolah_bersinar  Sekolah Bersinar designated
================  =================================================================

A realisation entered for a count indicator is ignored: the data wins, so the report and the
figures file can never disagree. A count the unit did not report has no realisation (None, not
0), so its achievement is unknown rather than 0 %. Achievement is realisation ÷ target; with a
target of 0 it is undefined (shown as "–"). All indicators are "higher is better".
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from helpers.reference.vocab import Vocab

# indicator → the path of its realisation in the figures (helpers.stats.engine).
COUNT_SOURCES: dict[str, tuple[str, ...]] = {
    "kasus": ("cases",),
    "tersangka": ("suspects",),
    "jaringan": ("networks",),
    "rehab": ("rehab", "clients"),
    "asesmen": ("assessments", "total"),
    "skhpn": ("tests", "skhpn", "tested"),
    "tes_urine": ("tests", "tes_urine", "tested"),
    "penggiat": ("community", "penggiat"),
    "relawan": ("community", "relawan"),
    "desa_bersinar": ("community", "desa_bersinar"),
    "sekolah_bersinar": ("community", "sekolah_bersinar"),
}
PROXY_ACTIVITY = "workshop_penggiat"  # penggiat's realisation when pemberdayaan is not reported


@dataclass(frozen=True)
class Achievement:
    indicator: str
    kind: str  # index | count
    target: float | None
    realisation: float | None
    ratio: float | None  # realisation / target
    #: How the realisation was found when not plainly from the data or the targets table:
    #: ``proxy`` (penggiat from workshop participants), ``not_reported`` (no realisation).
    basis: str | None = None

    @property
    def achieved(self) -> bool | None:
        return None if self.ratio is None else self.ratio >= 1


def _dig(figures: dict, path: tuple[str, ...]) -> object:
    for key in path:
        figures = figures.get(key) if isinstance(figures, dict) else None  # type: ignore[assignment]
    return figures


def proxied_indicators(own: dict) -> frozenset[str]:
    """The count indicators realised from a proxy for this unit: ``penggiat`` when it did not
    report pemberdayaan (``own``: the unit's own figures)."""
    return frozenset() if _dig(own, COUNT_SOURCES["penggiat"]) is not None else frozenset(
        {"penggiat"})


def count_realisations(own: dict, outreach: pd.DataFrame) -> dict[str, float | None]:
    """The data's realisation of each count indicator (``own``: the unit's own figures;
    ``outreach``: its own outreach rows, for the penggiat proxy); None when not reported."""
    values: dict[str, float | None] = {}
    for indicator, path in COUNT_SOURCES.items():
        value = _dig(own, path)
        values[indicator] = None if value is None else float(value)  # type: ignore[arg-type]
    if "penggiat" in proxied_indicators(own):
        trained = outreach.loc[outreach["activity"] == PROXY_ACTIVITY, "participants"]
        values["penggiat"] = float(trained.fillna(0).sum())
    return values


def _number(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def achievements(targets: pd.DataFrame, realised: dict[str, float | None], vocab: Vocab,
                 proxied: Collection[str] = ()) -> list[Achievement]:
    """One row per indicator that has a target, in the vocabulary's order.

    ``proxied``: the indicators whose realisation came from a proxy
    (:func:`proxied_indicators`), marked ``basis="proxy"`` so the report can say so.
    """
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
        basis = ("proxy" if indicator in proxied else
                 "not_reported" if kind == "count" and realisation is None else None)
        rows.append(Achievement(indicator, kind, target, realisation, ratio, basis))
    return sorted(rows, key=lambda a: (order.get(a.indicator, len(order)), a.indicator))


def unit_achievements(targets: pd.DataFrame, own: dict, outreach: pd.DataFrame,
                      vocab: Vocab) -> list[Achievement]:
    """The kinerja table of one unit in one call: its own targets against its own figures
    (``own``), the penggiat proxy from its own ``outreach`` rows marked as such."""
    return achievements(targets, count_realisations(own, outreach), vocab,
                        proxied_indicators(own))
