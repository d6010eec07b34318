"""What the site shows, read from the registry and the reports' figures files, never recomputed.

For each year the site lists every unit the registry says exists then, with the files that
``workbook build`` wrote for it (or none: a unit without a report is shown as such). Figures
come only from ``site/<year>/<unit_id>.json``; a figures file that cannot be read or holds
something other than numbers where numbers belong is treated as absent for that figure, so one
bad file never stops the site from being built. File names are made from registry unit_ids
(lowercase slugs), never from file contents, so nothing read can point outside the site.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.common.site_paths import report_file
from helpers.reference.registry import Registry
from helpers.reference.units import Unit
from helpers.reference.vocab import Vocab
from helpers.site.coverage import Served, served_regions
from helpers.site.labels import METRIC
from helpers.site.placeholders import is_placeholder

log = logging.getLogger(__name__)

#: The files of a report: the site's name for each (``pdf_en``), its kind and language.
FILE_KINDS = (("html", "html", "id"), ("pdf", "pdf", "id"), ("json", "json", "id"),
              ("html_en", "html", "en"), ("pdf_en", "pdf", "en"))


def number(value: Any) -> float | int | None:
    """A finite number from a figures file, or None (booleans and text are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _dig(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


@dataclass
class Entry:
    """One unit in one year: its registry record, its report files and its figures (if any)."""

    unit: Unit
    year: int
    files: dict[str, str] = field(default_factory=dict)  # kind -> file name in site/<year>/
    figures: dict[str, Any] | None = None
    region_names: tuple[str, ...] = ()

    @property
    def has_report(self) -> bool:
        return bool(self.files)

    def value(self, metric: str, scope: str = "rolled") -> float | int | None:
        """A headline figure: ``rolled`` (top level), ``own`` or ``previous`` (rolled, year-1)."""
        if self.figures is None:
            return None
        data = self.figures if scope == "rolled" else self.figures.get(scope)
        return number(_dig(data, METRIC[metric].path))

    def not_reported(self, metric: str, scope: str = "rolled") -> bool:
        """Whether the figures file holds the figure as null: no unit of the scope reported it
        (a file written before the figure existed lacks the key, which is only missing)."""
        if self.figures is None:
            return False
        *parent, key = METRIC[metric].path
        data = _dig(self.figures if scope == "rolled" else self.figures.get(scope),
                    tuple(parent))
        return isinstance(data, dict) and key in data and data[key] is None

    @property
    def previous_year(self) -> int | None:
        previous = (self.figures or {}).get("previous")
        year = previous.get("year") if isinstance(previous, dict) else None
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    def seizures(self) -> list[tuple[str, float | int, str]]:
        """(drug, quantity, uom) as the figures file lists them; malformed rows are skipped."""
        rows = (self.figures or {}).get("seizures")
        found = []
        for row in rows if isinstance(rows, list) else []:
            if not isinstance(row, dict):
                continue
            quantity = number(row.get("quantity"))
            drug, uom = row.get("drug"), row.get("uom")
            if quantity is not None and isinstance(drug, str) and isinstance(uom, str):
                found.append((drug, quantity, uom))
        return found

    def seizures_by_drug(self, vocab: Vocab) -> list[tuple[str, list[tuple[float | int, str]]]]:
        """Each drug seized with its quantities, one per unit of measure (Ganja: gram, then
        batang): drugs in the order BNN reports them and each drug's units in the order
        ``drugs.csv`` lists them, since grams, tablets and millilitres cannot be ranked against
        each other. Drugs or units the vocabulary does not know come last, by name."""
        known = {drug: index for index, drug in enumerate(vocab.drugs)}
        groups: dict[str, list[tuple[float | int, str]]] = {}
        for drug, quantity, uom in self.seizures():
            groups.setdefault(drug, []).append((quantity, uom))

        def uom_order(drug: str, uom: str) -> tuple[int, str]:
            allowed = vocab.allowed_uoms(drug) if drug in known else ()
            return (allowed.index(uom) if uom in allowed else len(allowed), uom)

        return [(drug, sorted(groups[drug], key=lambda row: uom_order(drug, row[1])))
                for drug in sorted(groups, key=lambda d: (known.get(d, len(known)), d))]

    def search_text(self) -> str:
        """What the search box matches: name, unit_id, region codes and region names (a BNNK's
        include its province)."""
        parts = [self.unit.name, self.unit.unit_id, *self.codes, *self.region_names]
        text = " ".join(parts).lower()
        return f"{text} {text.replace(' ', '').replace('-', '')}"

    @property
    def codes(self) -> tuple[str, ...]:
        codes = (self.figures or {}).get("region_codes")
        if isinstance(codes, list) and all(isinstance(c, str) for c in codes) and codes:
            return tuple(codes)
        return (self.unit.region_code,) if self.unit.region_code else ()


@dataclass
class Province:
    """A BNNP in one year with the BNNK under it then."""

    entry: Entry
    children: list[Entry]
    region_name: str


@dataclass
class YearView:
    """Everything the pages of one year show."""

    year: int
    national: Entry
    provinces: list[Province]
    served: list[Served] = field(default_factory=list)  # regencies and cities without a BNNK
    #: Pages of the year's folder that stand in for reports not built yet (file names).
    placeholders: tuple[str, ...] = ()

    @property
    def has_reports(self) -> bool:
        """Whether any unit of the year has a report (a placeholder page is none)."""
        return any(e.has_report for e in self.entries())

    def entries(self) -> list[Entry]:
        found = [self.national]
        for province in self.provinces:
            found.append(province.entry)
            found.extend(province.children)
        return found


def report_years(site_dir: Path) -> list[int]:
    """Years that have a ``site/<year>/`` folder, newest first."""
    if not site_dir.is_dir():
        return []
    years = [int(p.name) for p in site_dir.iterdir()
             if p.is_dir() and p.name.isdigit() and len(p.name) == 4]
    return sorted(years, reverse=True)


def read_figures(path: Path) -> dict[str, Any] | None:
    """A figures file as a dict, or None (with a warning) when it is unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("figures file skipped: %s/%s: %s", path.parent.name, path.name,
                    type(exc).__name__)
        return None
    return data if isinstance(data, dict) else None


def year_view(site_dir: Path, registry: Registry, year: int) -> YearView:
    """Read one year's folder: which files exist (one directory scan) and every figures file."""
    folder = site_dir / str(year)
    names, placeholders = set(), []
    with os.scandir(folder) as scan:  # a placeholder page is no report (site/placeholders.py)
        for item in scan:
            if not item.is_file():
                continue
            if item.name.endswith(".html") and is_placeholder(Path(item.path),
                                                              item.stat().st_size):
                placeholders.append(item.name)
            else:
                names.add(item.name)

    def entry(unit: Unit, province: str | None = None) -> Entry:
        files = {key: name for key, kind, lang in FILE_KINDS
                 if (name := report_file(unit.unit_id, kind, lang)) in names}
        figures = read_figures(folder / files["json"]) if "json" in files else None
        regions = [province] if province else []  # a BNNK is found by its province's name
        for code in registry.region_codes(unit.unit_id):
            try:
                regions.append(registry.region_name(code))
            except KeyError:
                continue
        return Entry(unit, year, files, figures, tuple(regions))

    units = registry.units(year)
    national = next(u for u in units if u.level == "pusat")
    provinces = []
    for unit in units:
        if unit.level != "provinsi":
            continue
        name = unit.name
        if unit.region_code:
            with contextlib.suppress(KeyError):
                name = registry.region_name(unit.region_code)
        children = [entry(registry.get(c), province=name)
                    for c in registry.children(unit.unit_id, year)]
        provinces.append(Province(entry(unit), children, name))
    return YearView(year, entry(national), provinces, served_regions(registry, year),
                    tuple(sorted(placeholders)))
