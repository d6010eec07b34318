"""Province outlines: every province of regions.csv, matched by name (the Papua codes differ)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from helpers.reference.provinces import BOUNDARIES_FILE, load_provinces
from helpers.reference.registry import bundled_reference_dir


def _province_rows() -> dict[str, str]:
    with (bundled_reference_dir() / "regions.csv").open(encoding="utf-8") as handle:
        return {r["region_code"]: r["name"] for r in csv.DictReader(handle)
                if r["level"] == "provinsi"}


def test_every_province_of_regions_csv_has_its_outline_under_its_2025_code():
    provinces = load_provinces(bundled_reference_dir())
    assert {p.code: p.name for p in provinces} == _province_rows()
    by_code = {p.code: p for p in provinces}
    # The boundary file gives these the parent's code (91/92): matched by name instead.
    assert by_code["93"].name == "Papua Selatan"
    assert by_code["96"].name == "Papua Barat Daya"
    assert by_code["31"].name == "Daerah Khusus Ibukota Jakarta"


def test_anchors_sit_inside_indonesia_and_on_the_province():
    for province in load_provinces(bundled_reference_dir()):
        lon, lat = province.anchor
        assert 94 < lon < 142 and -12 < lat < 7, province.name
        xs = [x for ring in province.rings for x, _ in ring]
        ys = [y for ring in province.rings for _, y in ring]
        assert min(xs) <= lon <= max(xs) and min(ys) <= lat <= max(ys), province.name
    riau_islands = {p.code: p for p in load_provinces(bundled_reference_dir())}["21"]
    assert riau_islands.anchor[0] < 105  # at Bintan, not on Natuna


def _copy_reference(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    folder.mkdir()
    for name in ("regions.csv", BOUNDARIES_FILE):
        shutil.copy(bundled_reference_dir() / name, folder / name)
    return folder


def test_a_boundary_file_naming_an_unknown_province_is_an_error(tmp_path):
    folder = _copy_reference(tmp_path)
    data = json.loads((folder / BOUNDARIES_FILE).read_text(encoding="utf-8"))
    data["features"][0]["properties"]["PROVINSI"] = "Provinsi Khayalan"
    (folder / BOUNDARIES_FILE).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="Provinsi Khayalan"):
        load_provinces(folder)


def test_a_missing_province_is_an_error_not_a_hole_in_the_map(tmp_path):
    folder = _copy_reference(tmp_path)
    data = json.loads((folder / BOUNDARIES_FILE).read_text(encoding="utf-8"))
    data["features"] = [f for f in data["features"] if f["properties"]["PROVINSI"] != "Bali"]
    (folder / BOUNDARIES_FILE).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="no outline for provinces 51"):
        load_provinces(folder)
