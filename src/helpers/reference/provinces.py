"""Province outlines for maps, keyed by the registry's 2025 region codes.

The bundled boundaries (``data/reference/provinces-38.geojson``, CC BY 4.0; credit in
:data:`MAP_CREDIT`) carry the parent's code for the six Papua provinces created in 2022
(``91``/``92``), while ``regions.csv`` uses the 2025 codes (``93``–``96``): every outline is
therefore matched to ``regions.csv`` by name, the code only confirming the province. A
boundary file that names a province the registry does not know, or misses one it does, is an
error here rather than a map with a silent hole.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

Ring = tuple[tuple[float, float], ...]

BOUNDARIES_FILE = "provinces-38.geojson"
MAP_CREDIT = {
    "id": "Batas provinsi: Indonesia GeoJSON & TopoJSON Maps (38 Provinces), CC BY 4.0",
    "en": "Province boundaries: Indonesia GeoJSON & TopoJSON Maps (38 Provinces), CC BY 4.0",
}
# Names the boundary file spells differently from regions.csv (Kepmendagri 2025).
_ALIASES = {"DKI Jakarta": "Daerah Khusus Ibukota Jakarta"}
# Where the largest island is not where a reader looks for the province: Kepulauan Riau's
# largest ring is Natuna, 500 km from Bintan and the capital Tanjung Pinang.
_ANCHORS = {"21": (104.45, 0.92)}


@dataclass(frozen=True)
class Province:
    """One province's outline: its outer rings (islands), in longitude/latitude degrees."""

    code: str
    name: str
    rings: tuple[Ring, ...]

    @property
    def anchor(self) -> tuple[float, float]:
        """Where a symbol for the province sits: the area-weighted centre of its largest ring."""
        if self.code in _ANCHORS:
            return _ANCHORS[self.code]
        return _centroid(max(self.rings, key=lambda ring: abs(_area(ring))))


def _edges(ring: Ring) -> zip:
    return zip(ring, ring[1:] + ring[:1], strict=True)


def _area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in _edges(ring)) / 2


def _centroid(ring: Ring) -> tuple[float, float]:
    area = _area(ring)
    if area == 0:
        return (sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring))
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in _edges(ring):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def _outer_rings(geometry: dict) -> tuple[Ring, ...]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    elif geometry["type"] != "MultiPolygon":
        raise ValueError(f"unsupported geometry {geometry['type']!r}")
    return tuple(tuple((float(x), float(y)) for x, y, *_ in polygon[0]) for polygon in polygons)


def _province_codes(regions_csv: Path) -> dict[str, str]:
    with regions_csv.open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row["region_code"] for row in csv.DictReader(handle)
                if row["level"] == "provinsi"}


@cache
def load_provinces(reference_dir: Path) -> tuple[Province, ...]:
    """Every province of ``regions.csv`` with its outline, in region-code order."""
    codes = _province_codes(reference_dir / "regions.csv")
    features = json.loads((reference_dir / BOUNDARIES_FILE).read_text(encoding="utf-8"))
    found: dict[str, Province] = {}
    for feature in features["features"]:
        props = feature["properties"]
        name = _ALIASES.get(props["PROVINSI"], props["PROVINSI"])
        if name not in codes:
            raise ValueError(f"{BOUNDARIES_FILE}: province {props['PROVINSI']!r} is not in "
                             "regions.csv")
        code = codes[name]
        if code[:1] != str(props["KODE_PROV"])[:1] or code in found:
            raise ValueError(f"{BOUNDARIES_FILE}: {props['PROVINSI']!r} ({props['KODE_PROV']}) "
                             f"does not match regions.csv code {code}")
        found[code] = Province(code, name, _outer_rings(feature["geometry"]))
    missing = sorted(set(codes.values()) - set(found))
    if missing:
        raise ValueError(f"{BOUNDARIES_FILE}: no outline for provinces {', '.join(missing)}")
    return tuple(found[code] for code in sorted(found, key=float))
