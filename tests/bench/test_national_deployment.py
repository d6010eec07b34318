"""bench/national_deployment.py: the national-size registry it writes loads, and is BNN's shape
(every province, ~180 BNNK, some serving several regencies, the Papua split of 2022)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter

import pytest

from helpers.common.config import project_root
from helpers.reference.registry import Registry


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}",
                                                  project_root() / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


deployment = _load("national_deployment")


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    reference = tmp_path_factory.mktemp("national") / "reference"
    deployment.write_registry(reference, deployment.scales()["national"])
    return Registry.load(reference)


def test_national_registry_is_bnn_ri_38_bnnp_and_181_bnnk_over_1300_reports(registry):
    levels = Counter(unit.level for unit in registry.units())
    assert levels == {"pusat": 1, "provinsi": 38, "kabkota": 181}
    per_year = [len(registry.units(y)) for y in range(2019, 2025)]
    # the four Papua BNNP from 2023, the bundled BNNK that open in 2021 or close after 2022
    assert per_year == [215, 215, 216, 216, 219, 219] and sum(per_year) == 1300


def test_bnnk_serve_regions_of_their_own_province_some_several(registry):
    bnnk = [u for u in registry.units() if u.level == "kabkota"]
    served = {u.unit_id: registry.region_codes(u.unit_id) for u in bnnk}
    assert sum(len(codes) > 1 for codes in served.values()) == 45  # rayonisasi
    for unit in bnnk:
        province = registry.get(registry.province_of(unit.unit_id, 2024)).region_code
        assert {code.split(".")[0] for code in served[unit.unit_id]} == {province}, unit.unit_id
    assert sum(len(codes) for codes in served.values()) == len(set().union(*served.values()))


def test_new_bnnk_of_a_new_papua_province_were_under_papua_before_2023(registry):
    papua_selatan = registry.children("bnnp-papua-selatan", 2023)
    assert len(papua_selatan) >= 2
    for unit_id in papua_selatan:
        assert registry.parent(unit_id, 2022) == "bnnp-papua"
        assert registry.get(unit_id).exists_in(2019)


def test_a_city_and_a_regency_of_the_same_name_get_kota_and_kab_ids(registry):
    assert registry.get("bnnk-kab-sorong").name == "BNN Kabupaten Sorong"
    assert "bnnk-kota-sorong" in registry


def test_the_registry_is_the_same_every_time():
    scale = deployment.scales()["national"]
    assert deployment.registry_rows(scale) == deployment.registry_rows(scale)


def test_small_scale_is_one_province_five_bnnk_two_years(tmp_path):
    scale = deployment.scales()["small"]
    deployment.write_registry(tmp_path, scale)
    small = Registry.load(tmp_path)
    assert [len(small.units(y)) for y in scale.years] == [7, 7]
    assert small.children("bnnp-sumsel", scale.years[-1]) == [
        u.unit_id for u in small.units() if u.level == "kabkota"]
    assert max(len(small.region_codes(u.unit_id)) for u in small.units()) == 3
