"""Plausibility flags: a figure far outside the unit's own history, likely a slip.

Real releases carry such slips ("ganja sebanyak 8.722 kilogram" where the other source says
about 8 kg: grams typed in a kilogram column). Each flag names the figure, the history it was
compared with (the unit's own earlier years, at most five) and the likely fix. Flags are
warnings: they never block an ingest or a build; the data office reads them on its page and
after each ingest, and decides.

Two checks, on the unit's own rows (never rolled up, where one sub-unit's slip would hide):

- a drug's yearly quantity (per unit of measure) 100× its median of earlier years, or 1/100 of
  it: the factor between gram and kilogram, or millilitre and litre, is 1.000;
- a month with 10× the unit's usual cases (the median month of earlier years, at least 1).

A history needs at least :data:`MIN_HISTORY_YEARS` earlier years with data; a unit without one
is not judged (a new unit's first large seizure is not a slip).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

import pandas as pd

from helpers.reference.registry import Registry
from helpers.store.slices import Store

HISTORY_YEARS = 5
MIN_HISTORY_YEARS = 3
QUANTITY_FACTOR = 100
MONTH_FACTOR = 10

_FIX = {
    "quantity_high": {
        "id": "Periksa satuan: nilai ini mungkin ditulis dalam gram/mililiter padahal satuannya "
              "kg/liter (atau sebaliknya), atau ada salah ketik angka.",
        "en": "Check the unit of measure: the value may be in grams/millilitres while the unit "
              "says kg/litre (or the reverse), or a digit was mistyped."},
    "quantity_low": {
        "id": "Periksa satuan: nilai ini mungkin ditulis dalam kg/liter padahal satuannya "
              "gram/mililiter, atau ada baris yang belum dikirim.",
        "en": "Check the unit of measure: the value may be in kg/litres while the unit says "
              "grams/millilitres, or rows are missing."},
    "month_high": {
        "id": "Periksa tanggal dan nomor LKN bulan ini: kasus bisa tercatat ganda atau salah "
              "bulan.",
        "en": "Check this month's dates and LKN numbers: cases may be duplicated or dated in "
              "the wrong month."},
}


@dataclass(frozen=True)
class Flag:
    """One implausible figure of one unit and year."""

    unit_id: str
    year: int
    table: str
    figure: str  # "sabu (gram)", "kasus 2024-03"
    value: float
    history: tuple[tuple[int, float], ...]  # (year, value) the value was compared with
    usual: float  # the median of the history
    kind: str  # quantity_high | quantity_low | month_high

    @property
    def ratio(self) -> float:
        return self.value / self.usual if self.usual else float("inf")

    def fix(self, lang: str = "id") -> str:
        return _FIX[self.kind]["en" if lang == "en" else "id"]

    def as_dict(self) -> dict:
        return {"unit_id": self.unit_id, "year": self.year, "table": self.table,
                "figure": self.figure, "value": self.value, "usual": self.usual,
                "history": [list(h) for h in self.history], "kind": self.kind,
                "fix": self.fix("id"), "fix_en": self.fix("en")}


def _earlier(available: list[int], year: int) -> list[int]:
    return [y for y in available if year - HISTORY_YEARS <= y < year]


def _seizure_totals(store: Store, years: Iterable[int], unit_ids: list[str]
                    ) -> dict[tuple[str, str, str], dict[int, float]]:
    """(unit, drug, uom) → year → total quantity."""
    totals: dict[tuple[str, str, str], dict[int, float]] = {}
    for y in years:
        rows = store.read("seizures", y, unit_ids)
        if rows.empty:
            continue
        for (unit_id, drug, uom), quantity in rows.groupby(["unit_id", "drug", "uom"])[
                "quantity"].sum().items():
            totals.setdefault((str(unit_id), str(drug), str(uom)), {})[y] = float(quantity)
    return totals


def _monthly_cases(store: Store, years: Iterable[int], unit_ids: list[str]
                   ) -> dict[str, dict[int, list[int]]]:
    """unit → year → cases per month (January first), for the years a unit has cases."""
    counts: dict[str, dict[int, list[int]]] = {}
    for y in years:
        cases = store.read("cases", y, unit_ids)
        if cases.empty:
            continue
        months = pd.to_datetime(cases["date"]).dt.month
        table = pd.crosstab(cases["unit_id"], months).reindex(columns=range(1, 13), fill_value=0)
        for unit_id, row in table.iterrows():
            counts.setdefault(str(unit_id), {})[y] = [int(n) for n in row]
    return counts


def quantity_flags(totals: dict[tuple[str, str, str], dict[int, float]], year: int,
                   earlier: list[int]) -> list[Flag]:
    """Drug quantities 100× above or below the unit's earlier median for that drug and unit."""
    flags = []
    for (unit_id, drug, uom), by_year in totals.items():
        history = tuple((y, by_year[y]) for y in earlier if y in by_year)
        if year not in by_year or len(history) < MIN_HISTORY_YEARS:
            continue
        usual, value = median(v for _, v in history), by_year[year]
        if usual <= 0:
            continue
        kind = ("quantity_high" if value >= QUANTITY_FACTOR * usual else
                "quantity_low" if value * QUANTITY_FACTOR <= usual else None)
        if kind:
            flags.append(Flag(unit_id, year, "seizures", f"{drug} ({uom})", value, history,
                              usual, kind))
    return flags


def month_flags(counts: dict[str, dict[int, list[int]]], year: int, earlier: list[int]
                ) -> list[Flag]:
    """Months with 10× the unit's usual monthly cases (the median month of earlier years)."""
    flags = []
    for unit_id, by_year in counts.items():
        history_years = [y for y in earlier if y in by_year]
        if year not in by_year or len(history_years) < MIN_HISTORY_YEARS:
            continue
        usual = max(median(n for y in history_years for n in by_year[y]), 1)
        history = tuple((y, float(sum(by_year[y]))) for y in history_years)
        for month, n in enumerate(by_year[year], start=1):
            if n >= MONTH_FACTOR * usual:
                flags.append(Flag(unit_id, year, "cases", f"kasus {year}-{month:02d}", float(n),
                                  history, float(usual), "month_high"))
    return flags


def plausibility_flags(store: Store, registry: Registry, years: Iterable[int],
                       unit_ids: Iterable[str] | None = None) -> list[Flag]:
    """Every flag of ``years`` for ``unit_ids`` (default: every unit of each year), ordered by
    year and unit. Each year's rows are read once, whatever the number of years judged."""
    years = sorted(set(years))
    available = store.years()
    needed = sorted({y for year in years for y in [*_earlier(available, year), year]
                     if y in available})
    units = sorted(set(unit_ids) if unit_ids is not None else
                   {u.unit_id for year in years for u in registry.units(year)})
    totals = _seizure_totals(store, needed, units)
    counts = _monthly_cases(store, needed, units)
    flags = []
    for year in years:
        earlier = _earlier(available, year)
        flags += quantity_flags(totals, year, earlier) + month_flags(counts, year, earlier)
    return sorted(flags, key=lambda f: (f.year, f.unit_id, f.table, f.figure))
