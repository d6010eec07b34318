"""bench/national.py: the national-size deployment it generates, and a smoke run of every mode
at --scale small (real builds, the competent pool and the naive loop on one report each)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from helpers.common.config import project_root
from helpers.reference.registry import Registry

SCRIPT = project_root() / "bench" / "national.py"


def _national():
    spec = importlib.util.spec_from_file_location("bench_national", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


national = _national()


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    reference = tmp_path_factory.mktemp("national") / "reference"
    national.write_registry(reference, national.scales()["national"])
    return Registry.load(reference)


def test_national_registry_is_bnn_ri_38_bnnp_and_181_bnnk_over_1300_reports(registry):
    levels = Counter(unit.level for unit in registry.units())
    assert levels == {"pusat": 1, "provinsi": 38, "kabkota": 181}
    reports = [(u.unit_id, y) for y in range(2019, 2025) for u in registry.units(y)]
    assert len(reports) == 1300
    # the four Papua BNNP of 2023 and the bundled BNNK that open in 2021 or close after 2022
    assert [len(registry.units(y)) for y in range(2019, 2025)] == [215, 215, 216, 216, 219, 219]


def test_bnnk_serve_regions_of_their_own_province_some_several(registry):
    bnnk = [u for u in registry.units() if u.level == "kabkota"]
    served = {u.unit_id: registry.region_codes(u.unit_id) for u in bnnk}
    assert sum(len(codes) > 1 for codes in served.values()) >= 40  # rayonisasi
    for unit in bnnk:
        province = registry.get(registry.province_of(unit.unit_id, 2024)).region_code
        assert {code.split(".")[0] for code in served[unit.unit_id]} == {province}, unit.unit_id
    assert sum(len(codes) for codes in served.values()) == len(set().union(*served.values()))


def test_new_bnnk_of_a_new_papua_province_were_under_papua_before_2023(registry):
    papua_selatan = [u for u in registry.children("bnnp-papua-selatan", 2023)]
    assert len(papua_selatan) >= 2
    for unit_id in papua_selatan:
        assert registry.parent(unit_id, 2022) == "bnnp-papua"
        assert registry.get(unit_id).exists_in(2019)


def test_the_registry_is_the_same_every_time():
    scale = national.scales()["national"]
    assert national.registry_rows(scale) == national.registry_rows(scale)


def test_extrapolation_weights_each_level_by_its_reports():
    timed = [{"level": "pusat", "wall": 10.0}, {"level": "kabkota", "wall": 2.0},
             {"level": "kabkota", "wall": 4.0}]
    levels = ["pusat"] * 2 + ["provinsi"] * 3 + ["kabkota"] * 10
    # BNNP untimed: the mean of all timed reports (16 / 3)
    assert national.extrapolate(timed, levels, "wall") == pytest.approx(20 + 16 + 30)


@pytest.mark.integration
def test_small_scale_measures_every_mode(tmp_path: Path):
    rows_file = tmp_path / "rows.json"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--scale", "small", "--sample", "1",
                           "--work", str(tmp_path / "work"), "--json", str(rows_file)],
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json.loads(rows_file.read_text())
    assert rows["cold"]["rendered"] == 14 and rows["cold"]["failed"] == 0
    # a no-op renders nothing, unless another checkout edit changed the code under it
    assert set(rows["noop"]["reasons"]) <= {"helpers' code changed"}
    for key in ("changed", "changed named"):
        assert rows[key]["fed"] == 6 and rows[key]["missed"] == [], rows[key]
    assert rows["changed named"]["rendered"] == 6
    for key in ("competent", "naive"):
        assert rows[key]["timed"] == 1 and rows[key]["ok"] == 1, rows[key]["errors"]
        assert rows[key]["wall"] > rows[key]["measured_wall"]  # extrapolated to 14 reports
    assert "| cold: `workbook build --all-years --force` | 14 |" in proc.stdout
