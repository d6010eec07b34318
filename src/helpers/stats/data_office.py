"""The data office's view of a year: who submitted which table, when, what was refused, who did
not submit, and which figures look implausible.

From the submission register (:mod:`helpers.store.register`) and the plausibility flags
(:mod:`helpers.stats.plausibility`); returned as plain data (JSON-ready), so the site draws the
page without reading the store.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.reference.registry import Registry
from helpers.reference.schema import TABLES
from helpers.stats.plausibility import Flag
from helpers.store.register import read_register
from helpers.store.slices import Store


def _table_summaries(register: pd.DataFrame) -> dict[tuple[str, str], dict[str, Any]]:
    """(unit, table) → when it was last sent, how many distinct files, rows accepted and
    rejected: one grouping of the year's register (a national year has ~2,000 rows)."""
    rows = register[register["table"].isin(list(TABLES))].assign(
        rows_accepted=register["rows_accepted"].fillna(0),
        rows_rejected=register["rows_rejected"].fillna(0))
    grouped = rows.groupby(["unit_id", "table"], sort=False).agg(
        last=("ingested_at", "max"), files=("file_sha256", "nunique"),
        rows_accepted=("rows_accepted", "sum"), rows_rejected=("rows_rejected", "sum"))
    return {
        (unit_id, table): {"last": last.strftime("%Y-%m-%d %H:%M"), "files": int(files),
                           "rows_accepted": int(accepted), "rows_rejected": int(rejected)}
        for (unit_id, table), last, files, accepted, rejected in zip(
            grouped.index, grouped["last"], grouped["files"], grouped["rows_accepted"],
            grouped["rows_rejected"], strict=True)
    }


def data_office_overview(store: Store, registry: Registry, year: int,
                         flags: list[Flag]) -> dict[str, Any]:
    """The year's submissions per unit and table, the units that sent nothing, and the flags.

    A unit "submitted" a table when the register has an accepted row of it for the year (a
    ``check`` run stores nothing and does not count); rejected rows are counted whatever the
    mode, so the office sees submissions that were wholly refused too.
    """
    register = read_register(store)
    summaries = _table_summaries(
        register[(register["year"] == year) & (register["mode"] != "check")])
    tables = list(TABLES)
    units = []
    for unit in sorted(registry.units(year), key=lambda u: (u.level != "pusat", u.unit_id)):
        submissions = {t: summaries[(unit.unit_id, t)] for t in tables
                       if (unit.unit_id, t) in summaries}
        accepted = [t for t, s in submissions.items() if s["rows_accepted"] > 0]
        units.append({
            "unit_id": unit.unit_id, "name": unit.name, "level": unit.level,
            "submissions": submissions,
            "missing": [t for t in tables if t not in accepted],
        })
    return {
        "year": year,
        "tables": tables,
        "units": units,
        "not_submitted": [u["unit_id"] for u in units if len(u["missing"]) == len(tables)],
        "rows_accepted": sum(s["rows_accepted"] for u in units
                             for s in u["submissions"].values()),
        "rows_rejected": sum(s["rows_rejected"] for u in units
                             for s in u["submissions"].values()),
        "flags": [f.as_dict() for f in flags if f.year == year],
    }
