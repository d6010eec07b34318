"""Which unit serves each regency and city that has no BNNK of its own, for the site's search.

About a third of Indonesia's 514 regencies and cities have a BNNK; someone looking up "Musi
Rawas" must still find who serves it. The registry says so (``data/reference/unit_regions.csv``):
a BNNK may cover neighbouring regencies (rayonisasi: BNN Kota Bima serves Kabupaten Dompu), and
every other regency or city is served by its province's BNNP. A province that has no BNNP yet in
a year (the Papua provinces created in 2022, before their BNNP opened) is served by the BNNP its
BNNKs report to that year. A regency or city that is the seat of a BNNK is left out: the search
finds that BNNK by its own name.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.reference.registry import Region, Registry
from helpers.reference.units import Unit

__all__ = ["Served", "served_regions"]


@dataclass(frozen=True)
class Served:
    """A regency or city without a BNNK seated in it, and the unit that serves it in the year."""

    code: str  # Kemendagri region code, "16.05"
    name: str  # "Kabupaten Musi Rawas"
    unit_id: str  # "bnnp-sumsel"


def served_regions(registry: Registry, year: int) -> list[Served]:
    """Every regency and city of ``regions.csv`` that is not a BNNK's seat in ``year``, with the
    unit serving it then (a BNNK by rayonisasi, else the province's BNNP); a region nobody
    serves that year is left out rather than guessed."""
    units = registry.units(year)
    covering: dict[str, Unit] = {}
    for unit in units:
        for code in registry.region_codes(unit.unit_id):
            covering[code] = unit
    seats = {u.region_code for u in units if u.level == "kabkota" and u.region_code}
    regions = registry.regions()
    former = _bnnp_of_provinces_without_one(registry, year, covering, regions)
    served = []
    for code, region in regions.items():
        if region.level == "provinsi" or code in seats:
            continue
        unit_id = _serving(covering, code, region.province_code, former)
        if unit_id is not None:
            served.append(Served(code, region.name, unit_id))
    return served


def _serving(covering: dict[str, Unit], code: str, province: str,
             former: dict[str, str]) -> str | None:
    unit = covering.get(code) or covering.get(province)
    return unit.unit_id if unit is not None else former.get(province)


def _bnnp_of_provinces_without_one(registry: Registry, year: int, covering: dict[str, Unit],
                                   regions: dict[str, Region]) -> dict[str, str]:
    """Province code → the one BNNP that the province's BNNKs report to in ``year``, for the
    provinces with no BNNP of their own then (none when their BNNKs report to several)."""
    parents: dict[str, set[str]] = {}
    for code, unit in covering.items():
        region = regions.get(code)
        if unit.level != "kabkota" or region is None or region.province_code in covering:
            continue
        parent = registry.parent(unit.unit_id, year)
        if parent is not None:
            parents.setdefault(region.province_code, set()).add(parent)
    return {province: next(iter(ids)) for province, ids in parents.items() if len(ids) == 1}
