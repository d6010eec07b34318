"""bench/national.py: how it extrapolates the baselines and picks their sample, and a smoke run
of every mode at --scale small (real builds, the competent pool and the naive loop on one report
each)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench_support import bench_script

SCRIPT, national = bench_script("national")


def test_extrapolation_weights_each_level_by_its_reports():
    timed = [{"level": "pusat", "wall": 10.0}, {"level": "kabkota", "wall": 2.0},
             {"level": "kabkota", "wall": 4.0}]
    levels = ["pusat"] * 2 + ["provinsi"] * 3 + ["kabkota"] * 10
    # BNNP untimed: the mean of all timed reports (16 / 3)
    assert national.extrapolate(timed, levels, "wall") == pytest.approx(20 + 16 + 30)
    assert national.extrapolate(timed, ["pusat", "kabkota", "kabkota"], "wall") == 16


def test_the_sample_starts_with_one_report_of_each_level_and_is_seeded():
    levels = {"bnn-ri": "pusat", "bnnp-a": "provinsi", **{f"bnnk-{i}": "kabkota"
                                                         for i in range(20)}}
    reports = [(unit, year) for year in (2023, 2024) for unit in levels]
    sample = national.sample_reports(reports, levels, 5)
    assert [levels[unit] for unit, _ in sample[:3]] == ["pusat", "provinsi", "kabkota"]
    assert len(set(sample)) == 5 and sample == national.sample_reports(reports, levels, 5)
    assert national.sample_reports(reports, levels, 0) == reports


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
