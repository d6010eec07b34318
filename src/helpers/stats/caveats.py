"""Data caveats a report must state: missing tables, silent months, units that did not submit.

A reader of a year-end report cannot tell a quiet month from a month nobody reported, nor a unit
with no rehabilitation clients from a unit that never sent its rehab table; these functions find
what the report then says plainly in "Catatan data".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.stats.breakdowns import row_months
from helpers.store.register import Entry, accepted, year_entries
from helpers.store.slices import Store

ACTIVITY_TABLES = {"cases": "date", "rehab": "admission_date", "outreach": "date"}
# The year-end services tables: a unit that did not send one has its figures published as
# None ("tidak dilaporkan"), and the report names it with missing_tables(…, SERVICE_TABLES).
SERVICE_TABLES = ("assessments", "tests", "community")


def missing_tables(store: Store, unit_ids: list[str], year: int,
                   tables: tuple[str, ...] = tuple(ACTIVITY_TABLES)) -> list[tuple[str, str]]:
    """(unit_id, table) pairs with no slice in the store for that year."""
    return [(u, t) for u in unit_ids for t in tables if not store.has_slice(t, year, u)]


def silent_months(frames: dict[str, pd.DataFrame]) -> list[int]:
    """Months (1–12) in which none of the activity tables holds a single row."""
    active: set[int] = set()
    for table, column in ACTIVITY_TABLES.items():
        frame = frames.get(table)
        if frame is not None and not frame.empty:
            active.update(row_months(frame, column))
    return [m for m in range(1, 13) if m not in active]  # 0, a missing date, is not a month


def non_submitters(store: Store | Path, year: int, unit_ids: list[str], *,
                   entries: list[Entry] | None = None) -> list[str] | None:
    """Units with no accepted submission for ``year``; None when the register has no entry
    for that year at all (nothing was ingested through the register, so nothing can be said).
    ``entries``: :func:`~helpers.store.register.year_entries` of these units, if already read
    (its :data:`~helpers.store.register.SUBMISSION_COLUMNS` at least)."""
    if entries is None:  # a Store: the version it read
        entries = year_entries(store, year, unit_ids)
    if entries is None:
        return None
    sent = {entry["unit_id"] for entry in entries if accepted(entry)}
    return [u for u in unit_ids if u not in sent]
