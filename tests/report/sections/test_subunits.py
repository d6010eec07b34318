"""Sub-units section: ranked by cases, own work and sub-units add up to the rolled-up row, the
chart follows the ranking, and a BNNK has neither table nor chart."""

from __future__ import annotations

from helpers.report import charts
from helpers.report.report import Report
from helpers.report.sections import subunits
from helpers.stats.subunits import COMPARED


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


def _rows(markdown: str) -> list[list[str]]:
    lines = [ln for ln in markdown.splitlines() if ln.startswith("| ")]
    return [[c.strip().strip("*") for c in ln.strip("|").split(" | ")] for ln in lines[2:]]


def test_ranked_rows_and_own_work_add_up_to_the_rolled_up_row(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    rows = _rows(subunits.section(r).data)
    ranked, own, total = rows[:-2], rows[-2], rows[-1]
    assert [row[0] for row in ranked] == [str(n) for n in range(1, len(ranked) + 1)]
    cases = [int(row[2].replace(".", "")) for row in ranked]
    assert cases == sorted(cases, reverse=True) and len(ranked) >= 2
    assert own[1] == "BNN Provinsi Sumatera Selatan (kerja sendiri)"
    assert total[1] == "Jumlah gabungan"
    for i, key in enumerate(COMPARED, 2):
        column = [int(row[i].replace(".", "")) for row in [*ranked, own]]
        assert sum(column) == int(total[i].replace(".", "")), key
    assert int(total[2]) == r.figures["cases"]  # the rolled-up row is the report's headline


def test_chart_follows_the_ranking(paths, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: shown.append(alt))
    r = _open(paths, "bnnp-sumsel", 2022)
    subunits.chart(r)
    names = [name for _, name, _ in r.subunit_comparison().subunits]
    positions = [shown[0].index(f"{name}: ") for name in names]
    assert positions == sorted(positions)


def test_a_bnnk_has_no_comparison(paths, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: shown.append(alt))
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    assert subunits.section(r).data == ""
    subunits.chart(r)
    assert shown == []
