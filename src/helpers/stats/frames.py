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
from helpers.store.slices import Store, reads_store, slices_frame


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


#: The tables a report reads rows of, each for every unit of its scope (targets: its own).
SCOPED_TABLES = ("cases", "seizures", "rehab", "outreach", "assessments", "tests", "community")


def load_frames(store: Store, registry: Registry, unit_id: str, year: int,
                scope: Scope = "rolled") -> Frames:
    """Read the slices of one unit (and, rolled, of its sub-units) for one year; the targets are
    always the unit's own (targets are set per unit, for its own work)."""
    units = scope_units(registry, unit_id, year, scope)
    return Frames(unit_ids=tuple(units), year=year,
                  targets=store.read("targets", year, [unit_id]),
                  **{table: store.read(table, year, units) for table in SCOPED_TABLES})


@reads_store
def load_report_frames(store: Store, registry: Registry, unit_id: str,
                       year: int) -> tuple[Frames, Frames]:
    """:func:`load_frames` rolled and own, each slice read once: a unit's own rows are its own
    slices, which its rolled rows hold too (a BNNP's: 8 of its ~150 files)."""
    units = scope_units(registry, unit_id, year, "rolled")
    if units == [unit_id]:  # none below it: its own rows are the rolled ones
        frames = load_frames(store, registry, unit_id, year, "rolled")
        return frames, frames
    targets = store.read("targets", year, [unit_id])
    rolled, own = {}, {}
    for table in SCOPED_TABLES:
        slices = store.read_slices(table, year, units)
        rolled[table] = slices_frame(table, slices.values())
        own[table] = slices_frame(table, [slices[unit_id]] if unit_id in slices else [])
    return (Frames(unit_ids=tuple(units), year=year, targets=targets, **rolled),
            Frames(unit_ids=(unit_id,), year=year, targets=targets, **own))
