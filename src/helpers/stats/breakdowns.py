"""Breakdowns the report's sections show, beyond the headline figures of :mod:`aggregate`.

Every rehabilitation breakdown counts each distinct client once, by the first admission of that
client at that unit in the year (its month, provider, sex, age, voluntary/referred), so each table
adds up to the published number of clients and small-number suppression can reason with that
total. Completion is counted per client and service (the status of that enrolment), so it adds up
to the sum of the per-service figures. Outreach tables keep media reach apart from participants.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from helpers.reference.registry import Registry
from helpers.stats.engine import RollupOf
from helpers.stats.engine import rollup as rollup_figures
from helpers.stats.frames import per_month, seizures_by_drug
from helpers.store.slices import Store

AGE_GROUPS = ((0, 19, "<20"), (20, 29, "20–29"), (30, 39, "30–39"), (40, 49, "40–49"),
              (50, 200, "≥50"))
STATUSES = ("selesai", "berlangsung", "drop_out", "dirujuk")
SEXES = ("L", "P")


def first_admissions(rehab: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct (unit, client): that client's earliest admission in the year."""
    if rehab.empty:
        return rehab
    ordered = rehab.sort_values(["unit_id", "client_ref", "admission_date", "service"],
                                kind="stable")
    return ordered.drop_duplicates(["unit_id", "client_ref"]).reset_index(drop=True)


def _first(rehab: pd.DataFrame, first: pd.DataFrame | None) -> pd.DataFrame:
    return first_admissions(rehab) if first is None else first


# The client breakdowns below take ``first``: ``first_admissions(rehab)`` when the caller has it
# already (a report computes it once for its five client tables and its chart, ~3 ms each).


def clients_per_month(rehab: pd.DataFrame, *, first: pd.DataFrame | None = None) -> list[int]:
    """Distinct clients by the month of their first admission, January first."""
    return per_month(_first(rehab, first), "admission_date")


def counts_by(frame: pd.DataFrame, column: str, order: tuple[str, ...] | None = None,
              ) -> dict[str, int]:
    """Rows per value of ``column``; with ``order``, every listed value (0 when absent) first."""
    counts = frame[column].astype("string").value_counts() if not frame.empty else pd.Series()
    out = {str(k): int(counts.get(k, 0)) for k in (order or ())}
    extra = sorted((str(k) for k in counts.index if str(k) not in out), key=str)
    out.update({k: int(counts[k]) for k in extra})
    return out


def clients_by_provider(rehab: pd.DataFrame, *,
                        first: pd.DataFrame | None = None) -> dict[str, int]:
    """Distinct clients per provider of their first admission, largest first (name breaks ties)."""
    counts = counts_by(_first(rehab, first), "provider")
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def clients_by_sex(rehab: pd.DataFrame, *, first: pd.DataFrame | None = None) -> dict[str, int]:
    return counts_by(_first(rehab, first), "sex", SEXES)


def age_group(age: int) -> str:
    """The report's age band of an age in whole years (``<20``, ``20–29``, …, ``≥50``)."""
    for low, high, label in AGE_GROUPS:
        if low <= age <= high:
            return label
    return AGE_GROUPS[-1][2]


def clients_by_age_group(rehab: pd.DataFrame, *,
                         first: pd.DataFrame | None = None) -> dict[str, int]:
    first = _first(rehab, first)
    bands = {label: 0 for _, _, label in AGE_GROUPS}
    for age in first["age"].dropna() if not first.empty else []:
        bands[age_group(int(age))] += 1
    return bands


def clients_by_referral(rehab: pd.DataFrame, *,
                        first: pd.DataFrame | None = None) -> dict[str, int]:
    """``sukarela`` (own request) vs ``rujukan`` (referred by law enforcement), distinct clients."""
    first = _first(rehab, first)
    voluntary = int(first["voluntary"].fillna(False).astype(bool).sum()) if len(first) else 0
    return {"sukarela": voluntary, "rujukan": int(len(first)) - voluntary}


def enrolments_by_status(rehab: pd.DataFrame) -> dict[str, int]:
    """Per (client, service) enrolment, its latest status: selesai, berlangsung, drop out, …"""
    if rehab.empty:
        return {s: 0 for s in STATUSES}
    latest = (rehab.sort_values(["unit_id", "client_ref", "service", "admission_date"],
                                kind="stable")
              .drop_duplicates(["unit_id", "client_ref", "service"], keep="last"))
    return counts_by(latest, "status", STATUSES)


def completion_rate(status: dict[str, int]) -> float | None:
    """Completed share of the enrolments that ended (ongoing ones are not yet decided)."""
    ended = sum(v for k, v in status.items() if k != "berlangsung")
    return status.get("selesai", 0) / ended if ended else None


def suspects_per_month(cases: pd.DataFrame) -> list[int]:
    return per_month(cases, "date", "suspects")


def outreach_by_sector(outreach: pd.DataFrame) -> pd.DataFrame:
    """Activities, participants and media reach per sector, largest participation first."""
    columns = ["sector", "activities", "participants", "media_reach"]
    if outreach.empty:
        return pd.DataFrame(columns=columns)
    grouped = outreach.groupby("sector", observed=True).agg(
        activities=("activity_id", "size"), participants=("participants", "sum"),
        media_reach=("media_reach", "sum")).fillna(0).astype("int64").reset_index()
    grouped["sector"] = grouped["sector"].astype(str)
    return grouped.sort_values(["participants", "activities", "sector"],
                               ascending=[False, False, True], kind="stable",
                               ).reset_index(drop=True)[columns]


def seizures_by_uom(seizures: pd.DataFrame) -> dict[str, list[tuple[str, float]]]:
    """Seized quantities grouped by unit of measure: grams, tablets and plants never mix."""
    table = seizures_by_drug(seizures)
    out: dict[str, list[tuple[str, float]]] = {}
    for row in table.itertuples():
        out.setdefault(str(row.uom), []).append((str(row.drug), float(row.quantity)))
    return out


# --------------------------------------------------------------------------- sub-units

COMPARED = ("cases", "suspects", "clients", "activities", "participants")


def flat_figures(figures: dict) -> dict[str, int]:
    """The headline counts a comparison of units shows, from a figures dict (or its ``own``)."""
    return {"cases": figures["cases"], "suspects": figures["suspects"],
            "clients": figures["rehab"]["clients"],
            "activities": figures["outreach"]["activities"],
            "participants": figures["outreach"]["participants"]}


@dataclass(frozen=True)
class Rollup:
    """A parent's rolled-up figures as own work plus each direct sub-unit's rolled-up figures."""

    own: dict[str, int]
    subunits: list[tuple[str, str, dict[str, int]]]  # (unit_id, name, figures) ranked
    total: dict[str, int]

    def check(self) -> None:
        """Rolled-up = own + Σ sub-units, exactly (DESIGN.md): a report never shows otherwise."""
        for key in COMPARED:
            expected = self.own[key] + sum(f[key] for _, _, f in self.subunits)
            if expected != self.total[key]:
                raise AssertionError(f"roll-up of {key} does not add up: own "
                                     f"{self.own[key]} + sub-units ≠ total {self.total[key]}")


def subtree_rollup(store: Store, registry: Registry, unit_id: str) -> RollupOf:
    """year → the roll-up of ``unit_id`` and the units below it (see :mod:`helpers.stats.engine`),
    each year computed once for the life of the returned function."""
    return cache(lambda year: rollup_figures(store, registry, year, root=unit_id))


def rollup(store: Store, registry: Registry, unit_id: str, year: int, figures: dict,
           rank_by: str = "cases", rollup_of: RollupOf | None = None) -> Rollup:
    """Own work, each direct sub-unit's rolled-up figures (as their ``.json``) and the total.

    Sub-units are ranked by ``rank_by`` (descending), then by name. ``rollup_of`` lets a caller
    that already rolled the year up (the report's trend does) share it.
    """
    below = (rollup_of or subtree_rollup(store, registry, unit_id))(year)
    subunits = [(child, registry.get(child).name, flat_figures(below[child]["rolled"]))
                for child in registry.children(unit_id, year)]
    subunits.sort(key=lambda s: (-s[2][rank_by], s[1]))
    result = Rollup(flat_figures(figures["own"]), subunits, flat_figures(figures))
    result.check()
    return result


def yearly_counts(store: Store, registry: Registry, unit_id: str, year: int,
                  span: int = 5, rollup_of: RollupOf | None = None) -> list[dict[str, int]]:
    """Rolled-up headline counts for up to ``span`` years ending in ``year``: only years in which
    the unit existed and the store holds data (a unit's first year has a one-point trend)."""
    held = set(store.years())
    unit = registry.get(unit_id)
    rollup_of = rollup_of or subtree_rollup(store, registry, unit_id)
    rows = []
    for y in range(year - span + 1, year + 1):
        if y in held and unit.exists_in(y):
            figures = rollup_of(y)[unit_id]["rolled"]
            rows.append({"year": y, **flat_figures(figures)})
    return rows
