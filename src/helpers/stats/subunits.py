"""A parent's figures set beside its sub-units': the comparison table and the five-year trend.

Both read the engine's figures (:func:`helpers.stats.engine.unit_figures`), so a sub-unit's
row shows exactly what that sub-unit's own report and figures file show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from helpers.reference.registry import Registry
from helpers.stats.engine import Figures, FiguresOf, subtree_figures
from helpers.store.slices import Store

COMPARED = ("cases", "suspects", "clients", "activities", "participants")


def compared_counts(figures: Figures) -> dict[str, int]:
    """The headline counts a comparison of units shows, from one scope's figures."""
    return {"cases": figures["cases"], "suspects": figures["suspects"],
            "clients": figures["rehab"]["clients"],
            "activities": figures["outreach"]["activities"],
            "participants": figures["outreach"]["participants"]}


@dataclass(frozen=True)
class SubunitComparison:
    """A parent's rolled-up counts as its own work plus each direct sub-unit's rolled-up counts."""

    own: dict[str, int]
    subunits: list[tuple[str, str, dict[str, int]]]  # (unit_id, name, counts) ranked
    total: dict[str, int]

    def check(self) -> None:
        """Rolled-up = own + Σ sub-units, exactly: a report never shows otherwise."""
        for key in COMPARED:
            expected = self.own[key] + sum(f[key] for _, _, f in self.subunits)
            if expected != self.total[key]:
                raise AssertionError(f"roll-up of {key} does not add up: own "
                                     f"{self.own[key]} + sub-units ≠ total {self.total[key]}")


def compare_subunits(store: Store, registry: Registry, unit_id: str, year: int,
                     rank_by: str = "cases",
                     figures_of: FiguresOf | None = None) -> SubunitComparison:
    """Own work, each direct sub-unit's rolled-up counts (as their ``.json``) and the total.

    Sub-units are ranked by ``rank_by`` (descending), then by name. ``figures_of`` lets a
    caller that already computed the year (the report does, for its figures file) share it.
    """
    below = (figures_of or subtree_figures(store, registry, unit_id))(year)
    subunits = [(child, registry.get(child).name, compared_counts(below[child]["rolled"]))
                for child in registry.children(unit_id, year)]
    subunits.sort(key=lambda s: (-s[2][rank_by], s[1]))
    mine = below[unit_id]
    result = SubunitComparison(compared_counts(mine["own"]), subunits,
                               compared_counts(mine["rolled"]))
    result.check()
    return result


def yearly_counts(store: Store, registry: Registry, unit_id: str, year: int,
                  span: int = 5, figures_of: FiguresOf | None = None,
                  store_years: Iterable[int] | None = None) -> list[dict[str, int]]:
    """Rolled-up headline counts for up to ``span`` years ending in ``year``: only years in which
    the unit existed and the store holds data (a unit's first year has a one-point trend).
    ``store_years``: the store's years (:meth:`Store.years`) if already listed."""
    unit = registry.get(unit_id)
    figures_of = figures_of or subtree_figures(store, registry, unit_id)
    with store.reading():  # the years' reads under one hold of the store
        held = set(store.years() if store_years is None else store_years)
        return [{"year": y, **compared_counts(figures_of(y)[unit_id]["rolled"])}
                for y in range(year - span + 1, year + 1) if y in held and unit.exists_in(y)]
