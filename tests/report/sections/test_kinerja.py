"""Kinerja section: counts and indices are written as what they are, the sentence counts the
indicators met, and the chart names each indicator's achievement."""

from __future__ import annotations

import pytest

from helpers.report import charts
from helpers.report.report import Report
from helpers.report.sections import kinerja
from helpers.stats.kinerja import Achievement


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


@pytest.mark.parametrize(("lang", "count", "index"), [("id", "1.234", "62,09"),
                                                       ("en", "1,234", "62.09")])
def test_counts_are_whole_numbers_and_indices_have_up_to_two_decimals(paths, lang, count, index):
    r = _open(paths, "bnnk-lubuklinggau", 2022, language=lang)
    assert kinerja.value(r, Achievement("kasus", "count", 1, 1234, 1), 1234) == count
    assert kinerja.value(r, Achievement("ikp", "index", 1, 62.09, 1), 62.09) == index
    assert kinerja.value(r, Achievement("ikp", "index", None, None, None), None) == "–"


def test_table_rows_and_sentence_follow_the_achievements(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    text = kinerja.section(r).data
    items = r.achievements()
    met = sum(1 for a in items if a.achieved)
    assert 0 < met < len(items)
    assert text.count("✔ Tercapai") == met
    assert text.count("✘ Belum tercapai") == len(items) - met
    assert "| 63 | 62,15 | 98,7% | ✘ Belum tercapai |" in text  # index: up to two decimals


def test_chart_names_each_ratio_as_a_percentage(paths, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: shown.append(alt))
    r = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    kinerja.chart(r)
    for a in r.achievements():
        assert f"{r.label('indicator', a.indicator)}: " in shown[0]
    assert ": 75.0%" in shown[0]  # cases: 6 of a target of 8


def test_a_proxy_is_marked_and_an_unreported_count_has_no_achievement(paths, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: shown.append(alt))
    r = _open(paths, "bnnk-prabumulih", 2022)  # sent neither pemeriksaan nor pemberdayaan
    by = {a.indicator: a for a in r.achievements()}
    assert by["penggiat"].basis == "proxy" and by["skhpn"].basis == "not_reported"
    text = kinerja.section(r).data
    penggiat = f"| {r.label('indicator', 'penggiat')} | {r.i(by['penggiat'].target)} | "
    assert f"{penggiat}{r.i(by['penggiat'].realisation)} ¹ |" in text
    assert (f"| {r.label('indicator', 'skhpn')} | {r.i(by['skhpn'].target)} | tidak dilaporkan "
            "| – | – |") in text
    assert ("¹ BNN Kota Prabumulih tidak melaporkan pemberdayaan masyarakat; realisasi "
            "penggiat dihitung dari peserta workshop penggiat anti narkoba") in text
    assert "capaiannya tidak diketahui, bukan 0%" in text
    kinerja.chart(r)
    assert f"{r.label('indicator', 'penggiat')} ¹: " in shown[0]
    assert r.label("indicator", "skhpn") not in shown[0]  # no ratio, no bar
    reported = kinerja.section(_open(paths, "bnnk-lubuklinggau", 2022)).data
    assert "¹" not in reported and "tidak dilaporkan" not in reported
