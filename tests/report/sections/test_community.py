"""Pemberdayaan masyarakat: every community item with its count, the Kepala's sentence, and one
sentence instead of a table of zeros when the unit did not report it."""

from __future__ import annotations

import re

from helpers.report.report import Report
from helpers.report.sections import community


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


def test_every_item_is_listed_with_its_count_and_no_total(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    c = r.figures["community"]
    text = community.section(r).data
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", text, re.M)[2:]
    assert rows == [(r.label("community_item", k), r.i(v)) for k, v in c.items()]
    assert "**" not in text  # people, villages and agreements are never added up
    assert f"membentuk {r.i(c['relawan'])} relawan dan {r.i(c['penggiat'])} penggiat P4GN" in text


def test_a_unit_that_did_not_report_it_says_so_in_both_languages(paths):
    r = _open(paths, "bnnk-prabumulih", 2022)
    assert community.section(r).data == (
        "### Pemberdayaan masyarakat\n\nBNN Kota Prabumulih tidak melaporkan kegiatan "
        "pemberdayaan masyarakat tahun 2022.\n")
    en = _open(paths, "bnnk-prabumulih", 2022, language="en")
    assert "did not report community empowerment for 2022." in community.section(en).data
