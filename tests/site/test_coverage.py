"""Who serves a regency or city without a BNNK of its own: the BNNK covering it (rayonisasi),
else its province's BNNP, else (a province without a BNNP yet) the BNNP its BNNKs report to."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.reference.registry import Registry, bundled_reference_dir
from helpers.site.coverage import Served, served_regions


def _served(registry: Registry, year: int) -> dict[str, str]:
    return {s.code: s.unit_id for s in served_regions(registry, year)}


def test_a_regency_without_bnnk_is_served_by_its_province_s_bnnp(registry: Registry):
    served = served_regions(registry, 2022)
    assert Served("16.05", "Kabupaten Musi Rawas", "bnnp-sumsel") in served
    assert _served(registry, 2022)["16.72"] == "bnnp-sumsel"  # Kota Pagar Alam


def test_a_regency_covered_by_a_bnnk_points_to_that_bnnk(registry: Registry):
    served = _served(registry, 2022)
    assert served["52.05"] == "bnnk-bima"  # Kabupaten Dompu, rayonisasi
    assert served["52.06"] == "bnnk-bima"  # Kabupaten Bima; Kota Bima is the seat
    assert "52.72" not in served


def test_a_bnnk_s_seat_is_left_to_the_bnnk_itself_from_the_year_it_opens(registry: Registry):
    assert _served(registry, 2020)["16.10"] == "bnnp-sumsel"  # BNNK Ogan Ilir opens in 2021
    assert "16.10" not in _served(registry, 2021)
    assert "16.73" not in _served(registry, 2020)  # Lubuklinggau
    assert not [code for code in _served(registry, 2022) if "." not in code]  # no provinces


def test_a_province_without_its_bnnp_yet_is_served_by_the_bnnp_its_bnnks_report_to(
        registry: Registry):
    before, after = _served(registry, 2022), _served(registry, 2023)
    assert before["95.02"] == "bnnp-papua" and after["95.02"] == "bnnp-papua-pegunungan"
    assert before["96.01"] == "bnnp-papua-barat" and after["96.01"] == "bnnp-papua-barat-daya"


def test_a_region_no_unit_serves_that_year_is_left_out(tmp_path: Path):
    reference = tmp_path / "reference"
    shutil.copytree(bundled_reference_dir(), reference)
    units = reference / "units.csv"
    rows = units.read_text(encoding="utf-8").splitlines()
    # BNNP Gorontalo (75) opens only in 2030, and no BNNK serves the province.
    rows = [r.replace(",75,2011,", ",75,2030,") if r.startswith("bnnp-gorontalo,") else r
            for r in rows]
    units.write_text("\n".join(rows) + "\n", encoding="utf-8")
    registry = Registry.load(reference)
    served = _served(registry, 2022)
    assert not [code for code in served if code.startswith("75.")]
    assert served["16.05"] == "bnnp-sumsel"
