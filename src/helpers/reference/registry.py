"""The units registry: which BNN units exist, in which years, under which parent, serving where.

Every part of the workbook (ingest, aggregation, batch runs, the site) asks this module, and only
this module, about units, so there is one source of truth: the CSV files under
``data/reference/``, read and checked by :mod:`.registry_files`. The units it hands out and the
unit_id rule are :mod:`.units`; their names are also this module's, as the registry's vocabulary.
"""

from __future__ import annotations

import difflib
import functools
import os
import time
from pathlib import Path

from helpers.reference.registry_files import (
    REGISTRY_FILES,
    Link,
    Region,
    RegistryError,
    read_files,
)
from helpers.reference.units import LEVELS, UNIT_ID_PATTERN, Unit, UnknownUnitError, span

#: How old (ns) every registry file must be for its loaded registry to be kept.
SETTLED_NS = 2_000_000_000

__all__ = ["UNIT_ID_PATTERN", "Region", "Registry", "RegistryError", "Unit",
           "UnknownUnitError", "bundled_reference_dir"]


def bundled_reference_dir() -> Path:
    """The project's own ``data/reference`` folder (the sample registry)."""
    return Path(__file__).resolve().parents[3] / "data" / "reference"


class Registry:
    """The loaded, validated registry; build it with :meth:`Registry.load`."""

    def __init__(self, units: dict[str, Unit], links: dict[str, list[Link]],
                 coverage: dict[str, list[str]], regions: dict[str, Region]) -> None:
        order = sorted(units.values(), key=lambda u: (
            LEVELS.index(u.level), u.region_code or "", u.unit_id))
        self._units = {u.unit_id: u for u in order}
        self._links = links
        self._coverage = coverage
        self._regions = regions
        self._by_region: dict[str, list[str]] = {}
        for unit_id, codes in coverage.items():
            for code in codes:
                self._by_region.setdefault(code, []).append(unit_id)
        self._names = {u.name.lower(): u.unit_id for u in order}
        self._children: dict[int, dict[str, list[str]]] = {}

    @classmethod
    def load(cls, reference_dir: Path) -> Registry:
        """Read and check the four registry files; raise :class:`RegistryError` on any problem.

        Read once per version of the files (their size, modification and change times and
        inode, as the params files are): every report opens the registry (~5 ms of parsing and
        checks), and a kernel forked after the fork-server read it
        (:func:`helpers.report.report.warm_up`) only looks at the four files. A registry is
        never changed once loaded, so one is shared."""
        folder = Path(reference_dir)
        versions = tuple(_version(folder / name) for name in REGISTRY_FILES)
        settled = time.time_ns() - SETTLED_NS
        if any(v is not None and max(v[1], v[2]) > settled for v in versions):
            # A file changed within one tick of the file clock could show the same stat again
            # (as git's index knows): read it afresh until it has settled.
            return cls(*read_files(folder))
        return _load_version(folder, versions)

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._units

    def get(self, unit_id: str) -> Unit:
        """The unit with exactly this unit_id; :class:`UnknownUnitError` otherwise."""
        unit = self._units.get(unit_id)
        if unit is None:
            raise UnknownUnitError(unit_id, self._suggest(str(unit_id)))
        return unit

    def resolve(self, token: str, year: int | None = None) -> Unit:
        """The unit named by a unit_id or a region code (``"16"``, ``"16.73"``).

        Case and spaces are ignored. A region code gives the unit covering it (in ``year`` when
        given, else the latest one); with ``year``, a unit that does not exist then is an error.
        """
        key = "".join(str(token).split()).lower()
        if key in self._units:
            unit = self._units[key]
            if year is not None and not unit.exists_in(year):
                raise UnknownUnitError(str(token), detail=f"{key} does not exist in {year} "
                                       f"({span(unit.from_year, unit.to_year)})")
            return unit
        if key in self._regions:
            found = [self._units[u] for u in self._by_region.get(key, [])
                     if year is None or self._units[u].exists_in(year)]
            if found:
                return max(found, key=lambda u: (u.to_year or 9999, u.from_year))
            region = self._regions[key]
            detail = f"no unit covers region {key} ({region.name})"
            detail += f" in {year}" if year is not None else ""
            province = [u for u in self._by_region.get(region.province_code, [])
                        if year is None or self._units[u].exists_in(year)]
            if key != region.province_code and province:
                detail += f"; its province's unit is {province[0]}"
            raise UnknownUnitError(str(token), detail=detail)
        raise UnknownUnitError(str(token), self._suggest(key))

    def units(self, year: int | None = None) -> list[Unit]:
        """Units existing in ``year`` (all units when None), by level, region code, unit_id."""
        return [u for u in self._units.values() if year is None or u.exists_in(year)]

    def parent(self, unit_id: str, year: int) -> str | None:
        """The unit's parent in ``year`` (None for BNN RI)."""
        unit = self.get(unit_id)
        links = self._links.get(unit_id)
        if not links:
            return unit.parent_id
        for link in links:
            if year < link.from_year or link.to_year is None or year <= link.to_year:
                return link.parent_id
        return links[-1].parent_id

    def children(self, unit_id: str, year: int) -> list[str]:
        """Direct sub-units of ``unit_id`` that exist in ``year``, in registry order."""
        self.get(unit_id)
        if year not in self._children:
            tree: dict[str, list[str]] = {}
            for unit in self.units(year):
                parent = self.parent(unit.unit_id, year)
                if parent is not None:
                    tree.setdefault(parent, []).append(unit.unit_id)
            self._children[year] = tree
        return list(self._children[year].get(unit_id, []))

    def descendants(self, unit_id: str, year: int) -> list[str]:
        """All units below ``unit_id`` in ``year``: each child followed by its own descendants."""
        found: list[str] = []
        for child in self.children(unit_id, year):
            found.append(child)
            found.extend(self.descendants(child, year))
        return found

    def province_of(self, unit_id: str, year: int) -> str | None:
        """The BNNP unit_id a BNNK belongs to in ``year`` (a BNNP's own id; None for BNN RI)."""
        unit = self.get(unit_id)
        if unit.level == "pusat":
            return None
        if unit.level == "provinsi":
            return unit.unit_id
        return self.parent(unit_id, year)

    def region_codes(self, unit_id: str) -> list[str]:
        """The region codes the unit serves (empty for BNN RI, which covers the whole country)."""
        self.get(unit_id)
        return list(self._coverage.get(unit_id, []))

    def regions(self) -> dict[str, Region]:
        """Every region of ``regions.csv`` by code (provinces, regencies and cities), in file
        order: the site names the unit serving each regency or city that has no BNNK of its own."""
        return dict(self._regions)

    def region_name(self, code: str) -> str:
        """The Kemendagri name of a region code (``"16.73"`` → ``"Kota Lubuk Linggau"``)."""
        region = self._regions.get(str(code).strip())
        if region is None:
            raise KeyError(f"unknown region code {code!r}")
        return region.name

    def _suggest(self, key: str) -> tuple[str, ...]:
        key = key.lower()
        ids = difflib.get_close_matches(key, list(self._units), n=3, cutoff=0.75)
        names = difflib.get_close_matches(key, list(self._names), n=3, cutoff=0.75)
        found = dict.fromkeys([*ids, *(self._names[n] for n in names)])
        return tuple(found)[:3]


def _version(path: Path) -> tuple[int, int, int, int] | None:
    """A file's version as its stat tells it (None: missing, which the read then reports): the
    change time too, which any write moves and no tool can set back (a copy that keeps the
    source's modification time, of the same size, into the same file is still seen)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


@functools.lru_cache(maxsize=16)
def _load_version(folder: Path,
                  versions: tuple[tuple[int, int, int, int] | None, ...]) -> Registry:
    return Registry(*read_files(folder))
