"""Rehabilitation section: every breakdown counts each client once, small numbers stay hidden at
any threshold, the rule is stated as applied, and the tables read the same on their own."""

from __future__ import annotations

import re

import pytest

from helpers.report.report import Report
from helpers.report.sections import rehabilitation
from helpers.stats.engine import SERVICES


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


@pytest.mark.parametrize("unit_id", ["bnnk-lubuklinggau", "bnnp-sumsel"])
def test_each_breakdown_counts_every_client_once(paths, unit_id):
    r = _open(paths, unit_id, 2022)
    breakdowns = rehabilitation.breakdowns(r)
    assert list(breakdowns) == ["month", "provider", "sex", "age", "referral"]
    for key, (_, _, counts) in breakdowns.items():
        assert sum(counts.values()) == r.figures["rehab"]["clients"], key


@pytest.mark.parametrize("threshold", [5, 10, 30])
def test_no_table_shows_a_number_below_the_threshold(paths, threshold):
    r = _open(paths, "bnnk-palembang", 2022, suppression_threshold=threshold)
    hidden = 0
    for table in rehabilitation.tables(r).data.split("### ")[1:]:
        for label, cell in re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", table, re.M):
            if cell.startswith(("<", "×")):
                hidden += 1
            elif cell.isdigit() and not label.startswith("**"):
                assert not 1 <= int(cell) < threshold, (threshold, table)
    assert hidden > 0


@pytest.mark.parametrize(("threshold", "expected"), [
    (0, "Penyamaran angka kecil tidak diterapkan"),
    (1, "Penyamaran angka kecil tidak diterapkan"),
    (5, "<5"),
    (12, "<12")])
def test_the_rule_is_stated_as_applied(paths, threshold, expected):
    r = _open(paths, "bnnk-lubuklinggau", 2022, suppression_threshold=threshold)
    rule = rehabilitation.suppression_rule(r)
    assert expected in rule
    assert rule in rehabilitation.section(r).data


def test_tables_on_their_own_are_the_sections_tables(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    tables = rehabilitation.tables(r).data
    section = rehabilitation.section(r).data
    assert section.endswith(tables + "\n")
    assert tables.count("### ") == 6  # five breakdowns and the status table
    assert tables.rstrip().splitlines()[-1].startswith("Completion rate: ")


def test_services_table_names_each_service_and_counts_each_client_once(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    text = rehabilitation.section(r).data
    total = r.i(r.figures["rehab"]["clients"])
    assert f"| **Jumlah klien (setiap klien dihitung sekali)** | **{total}** |" in text
    for service in SERVICES:
        assert f"| {r.label('service', service)} | {r.i(r.figures['rehab'][service])} |" in text
