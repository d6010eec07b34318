"""Reading and checking the registry's four CSV files under ``data/reference/``: ``units.csv``,
``unit_regions.csv``, ``unit_parents.csv`` and ``regions.csv`` (see that folder's README).

Every file is checked when loaded, across files too (a parent must exist over the child's years,
a region is covered by one unit at a time, parent links run on without gaps), and any problem is
a :class:`RegistryError` naming the file, row and column, so a registry edit fails loudly before
any report uses it. :class:`~helpers.reference.registry.Registry` answers questions over what
:func:`read_files` returns.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from helpers.reference.units import LEVELS, UNIT_ID_PATTERN, Unit, span

_REGION_LEVELS = ("provinsi", "kabupaten", "kota")
_REGION_CODE = re.compile(r"^\d{2}(?:\.\d{2})?$")
_YEAR = re.compile(r"^\d{4}$")
_UNITS = ("unit_id", "name", "level", "parent_id", "region_code", "from_year", "to_year")
_COVERAGE = ("unit_id", "region_code")
_PARENTS = ("unit_id", "parent_id", "from_year", "to_year")
_REGIONS = ("region_code", "name", "level", "province_code")
#: The files a registry is read from, in ``data/reference/``.
REGISTRY_FILES = ("regions.csv", "units.csv", "unit_regions.csv", "unit_parents.csv")


class RegistryError(ValueError):
    """An inconsistent registry file; the message names the file, row, column and the problem."""

    def __init__(self, path: Path, row: int | None, column: str | None, problem: str) -> None:
        self.path, self.row, self.column, self.problem = path, row, column, problem
        where = str(path)
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Link:
    parent_id: str
    from_year: int
    to_year: int | None


@dataclass(frozen=True)
class Region:
    name: str
    level: str
    province_code: str


def read_files(reference_dir: Path) -> tuple[dict[str, Unit], dict[str, list[Link]],
                                              dict[str, list[str]], dict[str, Region]]:
    """The units, their parent links, the regions each covers and the regions, all checked;
    raise :class:`RegistryError` on any problem."""
    reference_dir = Path(reference_dir)
    regions = _load_regions(reference_dir / "regions.csv")
    units, rows = _load_units(reference_dir / "units.csv", regions)
    coverage = _load_coverage(reference_dir / "unit_regions.csv", units, rows, regions)
    links = _load_links(reference_dir / "unit_parents.csv", units, rows)
    return units, links, coverage, regions


def _read(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as stripped strings, with their row numbers (the header is row 1)."""
    if not path.is_file():
        raise RegistryError(path, None, None, "file not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [cell.strip() for cell in next(reader, [])]
        missing = [c for c in columns if c not in header]
        if missing:
            raise RegistryError(path, 1, missing[0],
                                f"missing column; the header must be {','.join(columns)}")
        rows = []
        for number, cells in enumerate(reader, start=2):
            stripped = [cell.strip() for cell in cells]
            if not any(stripped):
                continue
            if len(cells) > len(header):
                raise RegistryError(path, number, None,
                                    f"{len(cells)} cells but the header has {len(header)}")
            values = dict(zip(header, stripped, strict=False))
            rows.append((number, {c: values.get(c, "") for c in columns}))
    return rows


def _year(path: Path, row: int, column: str, text: str, *, required: bool) -> int | None:
    if not text and not required:
        return None
    if not _YEAR.fullmatch(text) or not 1945 <= int(text) <= 2100:
        need = "a year (e.g. 2021)" if required else "a year (e.g. 2021) or empty"
        raise RegistryError(path, row, column, f"{text!r} is not {need}")
    return int(text)


def _years(path: Path, row: int, values: dict[str, str]) -> tuple[int, int | None]:
    start = _year(path, row, "from_year", values["from_year"], required=True)
    end = _year(path, row, "to_year", values["to_year"], required=False)
    assert start is not None
    if end is not None and end < start:
        raise RegistryError(path, row, "to_year", f"{end} is before from_year {start}")
    return start, end


def _load_regions(path: Path) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    rows = _read(path, _REGIONS)
    for row, v in rows:
        code = v["region_code"]
        if not _REGION_CODE.fullmatch(code):
            raise RegistryError(path, row, "region_code",
                                f"{code!r} is not a code like 16 or 16.73")
        if code in regions:
            raise RegistryError(path, row, "region_code", f"{code!r} is listed twice")
        if v["level"] not in _REGION_LEVELS:
            raise RegistryError(path, row, "level",
                                f"{v['level']!r} is not one of {', '.join(_REGION_LEVELS)}")
        if v["province_code"] != code.split(".")[0]:
            raise RegistryError(path, row, "province_code",
                                f"{v['province_code']!r} does not match region code {code!r}")
        if (v["level"] == "provinsi") != ("." not in code):
            raise RegistryError(path, row, "level", f"{v['level']!r} does not fit code {code!r}")
        regions[code] = Region(v["name"], v["level"], v["province_code"])
    for row, v in rows:
        if v["province_code"] not in regions:
            raise RegistryError(path, row, "province_code",
                                f"province {v['province_code']!r} is not listed")
    return regions


def _load_units(path: Path, regions: dict[str, Region]) -> tuple[dict[str, Unit], dict[str, int]]:
    units: dict[str, Unit] = {}
    rows: dict[str, int] = {}
    for row, v in _read(path, _UNITS):
        unit_id, level, code = v["unit_id"], v["level"], v["region_code"]
        if not UNIT_ID_PATTERN.fullmatch(unit_id):
            raise RegistryError(path, row, "unit_id", f"{unit_id!r} is not a lowercase slug "
                                "(letters, digits and single hyphens, e.g. bnnk-lubuklinggau)")
        if unit_id in units:
            raise RegistryError(path, row, "unit_id",
                                f"{unit_id!r} is already listed in row {rows[unit_id]}")
        if not v["name"]:
            raise RegistryError(path, row, "name", "empty name")
        if level not in LEVELS:
            raise RegistryError(path, row, "level", f"{level!r} is not one of {', '.join(LEVELS)}")
        if level == "pusat" and (v["parent_id"] or code):
            column = "parent_id" if v["parent_id"] else "region_code"
            raise RegistryError(path, row, column, "must be empty for the pusat unit")
        if level != "pusat":
            if not v["parent_id"]:
                raise RegistryError(path, row, "parent_id", f"a {level} unit needs a parent")
            _check_region(path, row, level, code, regions)
        start, end = _years(path, row, v)
        units[unit_id] = Unit(unit_id, v["name"], level, v["parent_id"] or None, code or None,
                              start, end)
        rows[unit_id] = row
    tops = [u for u in units.values() if u.level == "pusat"]
    if len(tops) != 1:
        raise RegistryError(path, None, "level", f"needs exactly one pusat unit, found {len(tops)}")
    for unit in units.values():
        if unit.parent_id is not None:
            _check_parent(path, rows[unit.unit_id], "parent_id", units, unit,
                          Link(unit.parent_id, unit.from_year, unit.to_year), lifetime=False)
    return units, rows


def _check_region(path: Path, row: int, level: str, code: str,
                  regions: dict[str, Region]) -> None:
    wanted = ("provinsi",) if level == "provinsi" else ("kabupaten", "kota")
    if code not in regions or regions[code].level not in wanted:
        raise RegistryError(path, row, "region_code",
                            f"{code!r} is not a {' or '.join(wanted)} code of regions.csv")


def _check_parent(path: Path, row: int, column: str, units: dict[str, Unit], unit: Unit,
                  link: Link, *, lifetime: bool = True) -> None:
    parent = units.get(link.parent_id)
    if parent is None:
        raise RegistryError(path, row, column, f"parent {link.parent_id!r} is not in units.csv")
    above = LEVELS[LEVELS.index(unit.level) - 1]
    if parent.level != above:
        raise RegistryError(path, row, column, f"parent {parent.unit_id!r} is {parent.level}; "
                            f"a {unit.level} unit's parent must be {above}")
    if not lifetime:
        return
    start = max(link.from_year, unit.from_year)
    ends = [y for y in (link.to_year, unit.to_year) if y is not None]
    end = min(ends) if ends else None
    if parent.from_year > start or (parent.to_year is not None and (
            end is None or end > parent.to_year)):
        raise RegistryError(path, row, column, f"parent {parent.unit_id!r} exists only "
                            f"{span(parent.from_year, parent.to_year)}, not over "
                            f"{span(start, end)}")


def _load_coverage(path: Path, units: dict[str, Unit], unit_rows: dict[str, int],
                   regions: dict[str, Region]) -> dict[str, list[str]]:
    coverage: dict[str, list[str]] = {}
    covering: dict[str, list[str]] = {}  # code → the units listed for it so far (not all units)
    for row, v in _read(path, _COVERAGE):
        unit, code = units.get(v["unit_id"]), v["region_code"]
        if unit is None:
            raise RegistryError(path, row, "unit_id", f"{v['unit_id']!r} is not in units.csv")
        if unit.level == "pusat":
            raise RegistryError(path, row, "unit_id",
                                "the pusat unit covers the whole country and takes no rows")
        _check_region(path, row, unit.level, code, regions)
        codes = coverage.setdefault(unit.unit_id, [])
        if code in codes:
            raise RegistryError(path, row, "region_code", f"{code!r} is listed twice for "
                                f"{unit.unit_id!r}")
        listed = covering.setdefault(code, [])
        order = list(coverage).index if len(listed) > 1 else None
        for other_id in sorted(listed, key=order):  # in the order the file lists the units
            if _overlap(unit, units[other_id]):
                raise RegistryError(path, row, "region_code", f"{code!r} is already covered by "
                                    f"{other_id!r} in overlapping years")
        codes.append(code)
        listed.append(unit.unit_id)
    for unit in units.values():
        codes = coverage.setdefault(unit.unit_id, [unit.region_code] if unit.region_code else [])
        if unit.region_code and unit.region_code not in codes:
            raise RegistryError(path.with_name("units.csv"), unit_rows[unit.unit_id],
                                "region_code", f"{unit.region_code!r} is not among "
                                f"{unit.unit_id!r}'s codes in {path.name}")
    return coverage


def _overlap(a: Unit, b: Unit) -> bool:
    return (a.to_year is None or b.from_year <= a.to_year) and (
        b.to_year is None or a.from_year <= b.to_year)


def _load_links(path: Path, units: dict[str, Unit],
                unit_rows: dict[str, int]) -> dict[str, list[Link]]:
    found: dict[str, list[tuple[int, Link]]] = {}
    for row, v in _read(path, _PARENTS) if path.is_file() else []:
        unit = units.get(v["unit_id"])
        if unit is None:
            raise RegistryError(path, row, "unit_id", f"{v['unit_id']!r} is not in units.csv")
        start, end = _years(path, row, v)
        link = Link(v["parent_id"], start, end)
        _check_parent(path, row, "parent_id", units, unit, link)
        found.setdefault(unit.unit_id, []).append((row, link))
    links: dict[str, list[Link]] = {}
    for unit_id, rows in found.items():
        unit = units[unit_id]
        rows.sort(key=lambda item: item[1].from_year)
        expected = unit.from_year
        for index, (row, link) in enumerate(rows):
            if link.from_year != expected:
                raise RegistryError(path, row, "from_year", f"{unit_id!r}'s parent links must "
                                    f"run on without gaps from {unit.from_year}; expected "
                                    f"{expected}, found {link.from_year}")
            last = index == len(rows) - 1
            if not last and link.to_year is None:
                raise RegistryError(path, row, "to_year", "only the latest link may be open")
            if last and link.to_year is not None and link.to_year != unit.to_year:
                raise RegistryError(path, row, "to_year", f"the latest link must be open or end "
                                    f"with the unit ({unit.to_year or 'empty'})")
            if link.to_year is not None:
                expected = link.to_year + 1
        if rows[-1][1].parent_id != unit.parent_id:
            raise RegistryError(path.with_name("units.csv"), unit_rows[unit_id], "parent_id",
                                f"{unit.parent_id!r} differs from the latest parent "
                                f"{rows[-1][1].parent_id!r} in {path.name}")
        links[unit_id] = [link for _, link in rows]
    units_file = path.with_name("units.csv")  # once: a path is made in ~30 µs, ×220 units
    for unit in units.values():
        if unit.parent_id is not None and unit.unit_id not in links:
            _check_parent(units_file, unit_rows[unit.unit_id], "parent_id",
                          units, unit, Link(unit.parent_id, unit.from_year, unit.to_year))
    return links
