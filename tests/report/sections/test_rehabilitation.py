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
    assert list(breakdowns) == ["month", "provider", "sex", "age", "referral", "funding"]
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
    assert rule in rehabilitation.month_table(r).data


def test_tables_on_their_own_are_the_sections_tables(paths):
    r = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    tables = rehabilitation.tables(r).data
    month = rehabilitation.month_table(r).data
    rest = rehabilitation.client_tables(r).data
    assert month.startswith(rehabilitation.suppression_rule(r))
    # the month table (its chart follows it in the report), then every other table
    assert [t.strip() for t in tables.split("### ")[1:]] == [
        t.strip() for t in (month + rest).split("### ")[1:]]
    assert tables.count("### ") == 7  # six breakdowns and the status table
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
    texts = fig.texts()
    assert TEXT[lang]["chart_suppressed"] in texts
    assert charts.NO_DATA[lang] not in texts
    empty = charts.marked_bar_chart(["a", "b"], [0, 0], [None, None], title="t",
                                    value_label="v", lang=lang, horizontal=False)
    assert charts.NO_DATA[lang] in empty.texts("note")


def test_listing_the_largest_rows_never_pins_a_hidden_cell():
    table = suppress([9, 9, 6, 6, 4], 5)  # 9, 9, ×, 6, <5: the × is 6, the <5 is 4
    assert [table.mark(i) for i in range(5)] == [None, None, "×", None, "<5"]
    # Listing 9, 9 and 6 as the largest says the × is at most 6; with the total it is then 6
    # and the <5 is 4. Two rows leave the × between 6 and 9.
    assert rehabilitation.top_rows(table, n=3) == [0, 1]
    assert rehabilitation.top_rows(suppress([40, 30, 20, 10, 7, 3], 5), n=3) == [0, 1, 2]
    assert rehabilitation.top_rows(suppress([3, 2], 5)) == []  # nothing published to list


def _chunk(markdown: str, start: str, end: str) -> str:
    return markdown[markdown.index(start):markdown.index(end, markdown.index(start))]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_long_provider_table_prints_its_largest_rows_and_the_rest(paths, lang):
    r = _open(paths, "bnn-ri", 2022, language=lang)
    _, head, counts = rehabilitation.breakdowns(r)["provider"]
    assert len(counts) > rehabilitation.LONG_TABLE
    s = suppress(list(counts.values()), r.threshold)
    listed = rehabilitation.top_rows(s)
    assert len(listed) == rehabilitation.TOP_ROWS
    text = rehabilitation.tables(r).data
    short = _chunk(text, f"### {r.t('rehab_provider')}", ":::")
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", short, re.M)[2:]
    names = list(counts)
    assert [label for label, _ in rows[:-2]] == [names[i] for i in listed]
    assert all(counts[label] >= max(v for k, v in counts.items() if k not in dict(rows))
               for label, _ in rows[:-2])  # the largest rows, each published
    others, total = rows[-2], rows[-1]
    rest = len(counts) - len(listed)
    assert others == (r.t("others_row", n=r.i(rest), what=r.t("providers")),
                      r.i(s.total - sum(s.values[i] for i in listed)))
    assert total[1] == f"**{r.i(s.total)}**" == f"**{r.i(r.figures['rehab']['clients'])}**"
    # every provider follows for the HTML, alphabetically; the PDF says where they are
    pdf_only = _chunk(text, "::: only-pdf", "\n:::")
    assert r.t("full_list_in_html", what=r.t("providers")) in pdf_only
    full = _chunk(text, "::: only-html", "\n:::\n")
    labels = re.findall(r"^\| ([^|*]+?) \| [^|]+? \|$", full, re.M)[2:]
    assert labels == sorted(names, key=str.casefold)


def test_a_short_provider_table_is_printed_whole(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    text = rehabilitation.tables(r).data
    assert "only-html" not in text and r.t("others_row", n=1, what="x")[:7] not in text
