"""The per-report figures file: the headline numbers a report shows, for the site and others.

Built once, inside the report's notebook run, so the ``.json`` beside a report holds exactly the
numbers that report shows; the site and other tools read it and never recompute. Its shape is the
contract in DESIGN.md ("The per-report figures file").
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import helpers
from helpers.common.codehash import code_digest, notebooks_digest
from helpers.reference.registry import Registry

if TYPE_CHECKING:  # pandas: imported by the kernels that compute figures, not by the build
    from helpers.stats.engine import RollupOf
    from helpers.stats.frames import Frames
    from helpers.store.slices import Store

TREND_YEARS = 5
# Parameters that name places on the machine: never published.
LOCAL_PARAMETERS = frozenset({"data_dir", "params_dir", "outputs_dir"})


KEY_ORDER = ("unit_id", "unit_name", "year", "level", "parent_id", "region_codes", "language",
             "cases", "suspects", "seizures", "rehab", "outreach", "own", "previous",
             "provenance")
HEADLINE_ORDER = ("year", "cases", "suspects", "seizures", "rehab", "outreach")


def ordered(figures: dict) -> dict:
    """The figures in the contract's key order (a notebook's JSON output comes back sorted)."""
    out = {k: figures[k] for k in KEY_ORDER if k in figures}
    for scope in ("own", "previous"):
        if isinstance(out.get(scope), dict):
            out[scope] = {k: out[scope][k] for k in HEADLINE_ORDER if k in out[scope]}
    out.update({k: v for k, v in figures.items() if k not in out})
    return out


def generation_time() -> datetime:
    """Now, or the fixed time ``SOURCE_DATE_EPOCH`` stands for (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


@cache
def code_version() -> str:
    """The package version plus a hash of the code and notebook that shape a report.

    The same code hash decides when a report is stale (:mod:`helpers.common.codehash`), so editing
    the batch runner changes neither.
    """
    h = hashlib.sha256(f"{code_digest()}\n{notebooks_digest()}".encode())
    return f"{helpers.__version__}+{h.hexdigest()[:12]}"


def data_units(registry: Registry, unit_id: str, years: range) -> list[str]:
    """Every unit whose rows a report over these years reads (the unit and its sub-units)."""
    found = {unit_id}
    for year in years:
        found.update(registry.descendants(unit_id, year))
    return sorted(found)


def public_parameters(parameters: dict) -> dict:
    """The run's parameters without local paths, for provenance."""
    return {k: v for k, v in sorted(parameters.items()) if k not in LOCAL_PARAMETERS}


def report_figures(store: Store, registry: Registry, unit_id: str, year: int, *,
                   parameters: dict, language: str = "id", rolled_frames: Frames | None = None,
                   own_frames: Frames | None = None,
                   rollup_of: RollupOf | None = None) -> dict:
    """The figures file of one report: rolled-up figures on top, ``own``, ``previous``.

    A caller that already read the year's frames (the report does) passes them, so they are not
    read twice; with ``rollup_of`` (year → :func:`helpers.stats.engine.rollup` of the unit's subtree,
    equal to the per-report figures) the previous year comes from the roll-up the report's
    trend reuses.
    """
    from helpers.stats.frames import headline_figures, load_frames

    unit = registry.get(unit_id)
    rolled = headline_figures(rolled_frames or load_frames(store, registry, unit_id, year,
                                                           "rolled"))
    own = headline_figures(own_frames or load_frames(store, registry, unit_id, year, "own"))
    previous = None
    if unit.exists_in(year - 1) and (year - 1) in store.years():
        before = (rollup_of(year - 1)[unit_id]["rolled"] if rollup_of is not None else
                  headline_figures(load_frames(store, registry, unit_id, year - 1, "rolled")))
        previous = {"year": year - 1, **before}
    years = range(year - TREND_YEARS + 1, year + 1)
    return {
        "unit_id": unit.unit_id,
        "unit_name": unit.name,
        "year": year,
        "level": unit.level,
        "parent_id": registry.parent(unit_id, year),
        "region_codes": registry.region_codes(unit_id),
        "language": language,
        **rolled,
        "own": own,
        "previous": previous,
        "provenance": {
            "data": Path(store.root.name).as_posix(),
            "data_sha256": store.digest(years, data_units(registry, unit_id, years)),
            "code_version": code_version(),
            "parameters": public_parameters(parameters),
            "generated_at": generation_time().isoformat(),
        },
    }
