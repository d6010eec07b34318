"""The rows one report reads: a unit's slices (and, rolled up, its sub-units') for one year.

Headline figures never come from these rows (the engine, :mod:`helpers.stats.engine`, computes
every headline figure of every scope); the report's breakdowns do (:mod:`.breakdowns`: per month,
per provider, per activity, tes urine per sector …), and the data caveats (:mod:`.caveats`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.reference.registry import Registry
from helpers.reference.schema import TABLES, empty_frame
from helpers.stats.engine import Scope, scope_units
from helpers.store.slices import Store


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
    # The year-end services tables: asesmen terpadu, SKHPN and tes urine, pemberdayaan.
    assessments: pd.DataFrame = field(default_factory=lambda: empty_frame(TABLES["assessments"]))
    tests: pd.DataFrame = field(default_factory=lambda: empty_frame(TABLES["tests"]))
    community: pd.DataFrame = field(default_factory=lambda: empty_frame(TABLES["community"]))


def load_frames(store: Store, registry: Registry, unit_id: str, year: int,
                scope: Scope = "rolled") -> Frames:
    """Read the slices of one unit (and, rolled, of its sub-units) for one year; the targets are
    always the unit's own (targets are set per unit, for its own work)."""
    units = scope_units(registry, unit_id, year, scope)
    return Frames(
        unit_ids=tuple(units),
        year=year,
        cases=store.read("cases", year, units),
        seizures=store.read("seizures", year, units),
        rehab=store.read("rehab", year, units),
        outreach=store.read("outreach", year, units),
        targets=store.read("targets", year, [unit_id]),
        assessments=store.read("assessments", year, units),
        tests=store.read("tests", year, units),
        community=store.read("community", year, units),
    )
