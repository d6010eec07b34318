"""Figures per unit and year, own and rolled up, computed from the store's slices.

Two scopes exist for every unit (DESIGN.md, "Units"): ``own`` is the unit's own work (BNN RI's own
cases), ``rolled`` is the unit together with every unit below it in that year's hierarchy. Rolled
figures are computed from the rows of the unit and all its descendants with the same functions as
own figures, and they are built so that rolled = own + Σ sub-units' rolled holds exactly:
counts add, distinct clients are distinct per (unit, client_ref), and seizure quantities are
rounded to three decimals per unit before they are added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from helpers.reference.registry import Registry
from helpers.store.slices import Store

Scope = Literal["own", "rolled"]
SERVICES = ("rawat_jalan", "rawat_inap", "pasca_rehab")
QUANTITY_DECIMALS = 3


@dataclass(frozen=True)
class Frames:
    """The rows one report reads for one year and scope."""

    unit_ids: tuple[str, ...]
    year: int
    cases: pd.DataFrame
    seizures: pd.DataFrame
    rehab: pd.DataFrame
    outreach: pd.DataFrame
    targets: pd.DataFrame


def scope_units(registry: Registry, unit_id: str, year: int, scope: Scope = "rolled") -> list[str]:
    """The units whose rows a figure of this scope adds up (the unit first)."""
    if scope == "own":
        return [unit_id]
    return [unit_id, *registry.descendants(unit_id, year)]


def load_frames(store: Store, registry: Registry, unit_id: str, year: int,
                scope: Scope = "rolled") -> Frames:
    """Read the slices of one unit (and, rolled, of its sub-units) for one year."""
    units = scope_units(registry, unit_id, year, scope)
    return Frames(
        unit_ids=tuple(units),
        year=year,
        cases=store.read("cases", year, units),
        seizures=store.read("seizures", year, units),
        rehab=store.read("rehab", year, units),
        outreach=store.read("outreach", year, units),
        targets=store.read("targets", year, [unit_id]),
    )


def seizures_by_drug(seizures: pd.DataFrame) -> pd.DataFrame:
    """Quantity per (drug, uom): grams and tablets are never added together.

    Rounded to three decimals per unit first, so that a parent's total equals the sum of its
    sub-units' published totals to the last digit. A drug with nothing seized is absent.
    """
    if seizures.empty:
        return pd.DataFrame({"drug": pd.Series(dtype="string"), "uom": pd.Series(dtype="string"),
                             "quantity": pd.Series(dtype="float64")})
    per_unit = (seizures.groupby(["unit_id", "drug", "uom"], observed=True)["quantity"].sum()
                .round(QUANTITY_DECIMALS).reset_index())
    total = (per_unit.groupby(["drug", "uom"], observed=True)["quantity"].sum()
             .round(QUANTITY_DECIMALS).reset_index())
    total = total[total["quantity"] > 0]
    return total.sort_values(["quantity"], ascending=False, kind="stable").reset_index(drop=True)


def rehab_clients(rehab: pd.DataFrame) -> dict[str, int]:
    """Distinct clients per service, and in total (a client in two services counts once)."""
    distinct = rehab.drop_duplicates(["unit_id", "client_ref", "service"])
    counts = {s: int((distinct["service"] == s).sum()) for s in SERVICES}
    counts["clients"] = int(len(rehab.drop_duplicates(["unit_id", "client_ref"])))
    return counts


def outreach_totals(outreach: pd.DataFrame) -> dict[str, int]:
    """Activities, people met face to face, and media audience (kept apart)."""
    return {
        "activities": int(len(outreach)),
        "participants": int(outreach["participants"].fillna(0).sum()),
        "media_reach": int(outreach["media_reach"].fillna(0).sum()),
    }


def headline_figures(frames: Frames) -> dict:
    """The headline figures of the per-report figures file (DESIGN.md) for these rows."""
    return {
        "cases": int(len(frames.cases)),
        "suspects": int(frames.cases["suspects"].fillna(0).sum()),
        "seizures": [
            {"drug": str(r.drug), "quantity": _number(r.quantity), "uom": str(r.uom)}
            for r in seizures_by_drug(frames.seizures).itertuples()
        ],
        "rehab": rehab_clients(frames.rehab),
        "outreach": outreach_totals(frames.outreach),
    }


def _number(value: float) -> int | float:
    """A quantity as JSON shows it: 10 for ten tablets, 307.527 for grams."""
    value = round(float(value), QUANTITY_DECIMALS)
    return int(value) if value.is_integer() else value


def per_month(frame: pd.DataFrame, date_column: str, value: str | None = None) -> list[int]:
    """Twelve monthly totals (rows counted, or a column summed), January first."""
    if frame.empty:
        return [0] * 12
    months = frame[date_column].dt.month
    series = (frame.groupby(months)[value].sum() if value
              else frame.groupby(months).size())
    return [int(series.get(m, 0)) for m in range(1, 13)]


def outreach_by_activity(outreach: pd.DataFrame) -> pd.DataFrame:
    """Activities, participants and media reach per activity type, largest first."""
    grouped = outreach.groupby("activity", observed=True).agg(
        activities=("activity_id", "size"),
        participants=("participants", "sum"),
        media_reach=("media_reach", "sum"),
    )
    grouped = grouped.astype("int64").reset_index()
    return grouped.sort_values(["activities", "activity"], ascending=[False, True],
                               kind="stable").reset_index(drop=True)
