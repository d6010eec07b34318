"""The data office's view of a year: who submitted which table, when, what was refused, who did
not submit, and which figures look implausible.

From the submission register (:mod:`helpers.store.register`) and the plausibility flags
(:mod:`helpers.stats.plausibility`); returned as plain data (JSON-ready), so the site draws the
page without reading the store.
"""

from __future__ import annotations

from typing import Any

from helpers.reference.registry import Registry
from helpers.reference.schema import TABLES
from helpers.stats.plausibility import Flag
from helpers.store.register import read_register
from helpers.store.slices import Store


def _table_summary(rows) -> dict[str, Any]:
    return {
        "last": rows["ingested_at"].max().strftime("%Y-%m-%d %H:%M"),
        "files": int(rows["file_sha256"].nunique()),
        "rows_accepted": int(rows["rows_accepted"].fillna(0).sum()),
        "rows_rejected": int(rows["rows_rejected"].fillna(0).sum()),
    }


def data_office_overview(store: Store, registry: Registry, year: int,
                         flags: list[Flag]) -> dict[str, Any]:
    """The year's submissions per unit and table, the units that sent nothing, and the flags.

    A unit "submitted" a table when the register has an accepted row of it for the year (a
    ``check`` run stores nothing and does not count); rejected rows are counted whatever the
    mode, so the office sees submissions that were wholly refused too.
    """
    register = read_register(store)
    register = register[(register["year"] == year) & (register["mode"] != "check")]
    tables = list(TABLES)
    units = []
    for unit in sorted(registry.units(year), key=lambda u: (u.level != "pusat", u.unit_id)):
        mine = register[register["unit_id"] == unit.unit_id]
        submissions = {t: _table_summary(rows) for t, rows in mine.groupby("table")
                       if t in TABLES}
        accepted = [t for t, s in submissions.items() if s["rows_accepted"] > 0]
        units.append({
            "unit_id": unit.unit_id, "name": unit.name, "level": unit.level,
            "submissions": {t: submissions[t] for t in tables if t in submissions},
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
