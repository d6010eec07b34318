"""The national overview's province map, written beside a year's index as an SVG file.

Drawn by :func:`helpers.report.map.province_map` (the report's style and credit) from the BNNP
figures the year's page shows. The file name carries a hash of what it shows, so an unchanged
map is neither drawn again (matplotlib is imported only when one must be drawn) nor re-fetched
by a browser, and old maps are removed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from helpers.common import site_paths
from helpers.common.atomic import write_atomic
from helpers.common.codehash import file_digest
from helpers.site.model import YearView

METRIC = "cases"


def province_values(view: YearView) -> dict[str, float | None]:
    """The map's figure per province code: each BNNP's rolled-up cases (None: no report)."""
    values: dict[str, float | None] = {}
    for province in view.provinces:
        code = province.entry.unit.region_code
        if code:
            values[str(code)] = province.entry.value(METRIC)
    return values


def _drawing_code() -> list[str | None]:
    """The drawing code's content hashes: a site built before a change to how maps are drawn
    (2019-2022's Papua drawn whole) gets the new drawing, not the file its figures named."""
    report = Path(__file__).resolve().parents[1] / "report"
    return [file_digest(report / name) for name in ("map.py", "charts.py", "charts_svg.py")]


def write_map(site_dir: Path, view: YearView, lang: str, title: str, what: str,
              reference_dir: Path | None = None) -> tuple[str, str] | None:
    """Write (if new) the year's map; returns (its file name in ``<year>/``, its alt text), or
    None when no province has a figure."""
    values = province_values(view)
    if not any(v for v in values.values()):
        return None
    key = hashlib.sha256(json.dumps([values, lang, title, what, _drawing_code()],
                                    sort_keys=True).encode()).hexdigest()[:12]
    base = Path(site_paths.map_file(view.year, lang))
    name = f"{base.stem}-{key}{base.suffix}"
    folder = site_dir / str(view.year)
    from helpers.report.map_alt import map_alt_text  # no matplotlib: only drawing needs it

    alt = map_alt_text(values, what.lower(), lang, reference_dir)
    target = folder / name
    if not target.exists():
        from helpers.report.charts_svg import svg_text
        from helpers.report.map import province_map

        svg = svg_text(province_map(values, title, what, lang, reference_dir))
        write_atomic(target, svg.encode("utf-8"))
    for old in folder.glob(f"{base.stem}-*{base.suffix}"):
        if old.name != name:
            old.unlink(missing_ok=True)
    return name, alt
