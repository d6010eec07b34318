"""One report's figures file (``<unit_id>.json``): every number the report shows on its cover and
summary, from the engine, with the provenance that says which data and code made them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from helpers.reference.registry import Registry
from helpers.stats.engine import FiguresOf, subtree_figures
from helpers.stats.figures_file import (
    TREND_YEARS,
    code_version,
    data_units,
    generation_time,
    public_parameters,
)
from helpers.store.slices import Store


def report_figures(store: Store, registry: Registry, unit_id: str, year: int, *,
                   parameters: dict, language: str = "id",
                   figures_of: FiguresOf | None = None,
                   store_years: Iterable[int] | None = None) -> dict:
    """The figures file of one report: rolled-up figures on top, ``own``, ``previous``.

    Every figure comes from the engine; ``figures_of`` (year → the engine's figures of the
    unit's subtree, :func:`helpers.stats.engine.subtree_figures`) lets the report share the
    years it also shows in its trend and sub-unit comparison; ``store_years``: the store's
    years (:meth:`Store.years`) if already listed.
    """
    unit = registry.get(unit_id)
    figures_of = figures_of or subtree_figures(store, registry, unit_id)
    mine = figures_of(year)[unit_id]
    previous = None
    held = store.years() if store_years is None else store_years
    if unit.exists_in(year - 1) and (year - 1) in held:
        previous = {"year": year - 1, **figures_of(year - 1)[unit_id]["rolled"]}
    years = range(year - TREND_YEARS + 1, year + 1)
    return {
        "unit_id": unit.unit_id,
        "unit_name": unit.name,
        "year": year,
        "level": unit.level,
        "parent_id": registry.parent(unit_id, year),
        "region_codes": registry.region_codes(unit_id),
        "language": language,
        **mine["rolled"],
        "own": mine["own"],
        "previous": previous,
        "provenance": {
            "data": Path(store.root.name).as_posix(),
            "data_sha256": store.digest(years, data_units(registry, unit_id, years)),
            "code_version": code_version(),
            "parameters": public_parameters(parameters),
            "generated_at": generation_time().isoformat(),
        },
    }
