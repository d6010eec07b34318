"""Summary section: the table shows the headline rows in order, with last year's figures
only when there is a last year, a figure not reported as such, and says whose work the numbers
count."""

from __future__ import annotations

from helpers.report.report import Report
from helpers.report.sections import summary


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


def _rows(markdown: str) -> list[list[str]]:
    lines = [ln for ln in markdown.splitlines() if ln.startswith("| ")]
    return [[c.strip() for c in ln.strip("|").split(" | ")] for ln in lines[2:]]


def test_headline_rows_are_this_year_and_last_from_the_figures(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    rows = summary.headline_rows(r)
    assert [key for key, _, _ in rows] == [
        "cases", "suspects", "clients", "assessed", "skhpn_row", "activities", "participants",
        "media_reach", "urine_tested", "penggiat", "relawan"]
    assert rows[0] == ("cases", r.figures["cases"], r.figures["previous"]["cases"])
    assert rows[2][1:] == (r.figures["rehab"]["clients"],
                           r.figures["previous"]["rehab"]["clients"])


def test_first_year_has_no_previous_figures_and_no_change_columns(paths):
    r = _open(paths, "bnnk-ogan-ilir", 2021)
    assert all(before is None for _, _, before in summary.headline_rows(r))
    assert all(len(row) == 2 for row in _rows(summary.section(r).data))


def test_table_follows_the_headline_rows_with_change_cells(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    table = _rows(summary.section(r).data)
    assert [row[0] for row in table] == [r.t(key) for key, _, _ in summary.headline_rows(r)]
    assert table[0][:3] == ["Drug cases uncovered", "6", "6"]
    assert table[0][3] == "= 0"  # the same six cases as in 2021


def test_scope_line_says_whose_work_is_counted(paths):
    province = summary.section(_open(paths, "bnnp-sumsel", 2022)).data
    district = summary.section(_open(paths, "bnnk-lubuklinggau", 2022)).data
    assert "BNN Provinsi Sumatera Selatan beserta 4 satuan kerja di bawahnya" in province
    assert "kinerja BNN Kota Lubuklinggau sendiri" in district


def test_a_figure_not_reported_reads_so_and_has_no_change(paths):
    r = _open(paths, "bnnk-prabumulih", 2022)
    table = {row[0]: row for row in _rows(summary.section(r).data)}
    before = r.figures["previous"]["tests"]["skhpn"]["tested"]  # 2021's were reported
    assert table["SKHPN diterbitkan"][1:] == ["tidak dilaporkan", r.i(before), "–"]
    assert table["Penggiat anti narkoba dibentuk"][1] == "tidak dilaporkan"
    assert table["Orang yang diasesmen terpadu"][1] == r.i(r.figures["assessments"]["total"])
    text = summary.section(r).data
    assert "BNN Kota Prabumulih tidak melaporkan kegiatan pemberdayaan masyarakat" in text
    assert "melaksanakan asesmen terpadu terhadap" in text
