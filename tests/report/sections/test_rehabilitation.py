"""Rehabilitation section: every breakdown counts each client once, small numbers stay hidden at
any threshold, the rule is stated as applied, and the tables read the same on their own."""

from __future__ import annotations

import re

import pytest

from helpers.report import charts
from helpers.report.report import Report
from helpers.report.sections import rehabilitation
from helpers.report.text import TEXT
from helpers.stats.engine import SERVICES
from helpers.stats.suppress import suppress


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
    # the completion sentence last: the rate, or why it is withheld (a cell it uses is hidden)
    assert tables.rstrip().splitlines()[-1].startswith(
        ("Completion rate: ", "The completion rate is not shown"))


def test_services_table_names_each_service_and_counts_each_client_once(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    text = rehabilitation.section(r).data
    total = r.i(r.figures["rehab"]["clients"])
    assert f"| **Jumlah klien (setiap klien dihitung sekali)** | **{total}** |" in text
    for service in SERVICES:
        assert f"| {r.label('service', service)} | {r.i(r.figures['rehab'][service])} |" in text


def test_the_completion_rate_is_withheld_when_a_cell_it_uses_is_hidden(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022)
    status = {"selesai": 12, "berlangsung": 8, "drop_out": 4, "dirujuk": 0}
    hidden = suppress(list(status.values()), 5)  # 12, ×, <5, 0: Palembang 2024
    note = rehabilitation.completion_note(r, status, hidden)
    assert note == r.t("completion_withheld") and "%" not in note
    # "no service has ended" would say a hidden zero is 0: withheld as well
    ended_none = {"selesai": 0, "berlangsung": 3, "drop_out": 0, "dirujuk": 0}
    covered = suppress(list(ended_none.values()), 5)  # a zero hidden as cover for the 3
    assert covered.mark(0) == "<5"
    assert rehabilitation.completion_note(r, ended_none, covered) == r.t("completion_withheld")
    nothing_hidden = {"selesai": 0, "berlangsung": 7, "drop_out": 0, "dirujuk": 0}
    assert rehabilitation.completion_note(
        r, nothing_hidden, suppress([0, 7, 0, 0], 5)) == r.t("completion_none")
    shown = {"selesai": 86, "berlangsung": 0, "drop_out": 9, "dirujuk": 30}
    assert "%" in rehabilitation.completion_note(r, shown, suppress(list(shown.values()), 5))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_chart_whose_every_bar_is_hidden_says_so_not_no_data(lang):
    marks = ["<5", None, "<5", "<5"]
    fig = charts.marked_bar_chart(["a", "b", "c", "d"], [None, 0, None, None], marks,
                                  title="t", value_label="v", lang=lang, horizontal=False)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert TEXT[lang]["chart_suppressed"] in texts
    assert charts.NO_DATA[lang] not in texts
    empty = charts.marked_bar_chart(["a", "b"], [0, 0], [None, None], title="t",
                                    value_label="v", lang=lang, horizontal=False)
    assert charts.NO_DATA[lang] in [t.get_text() for t in empty.axes[0].texts]
