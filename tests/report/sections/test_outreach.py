"""Outreach section: each breakdown adds up to the headline, media reach stays apart, and a chart
with nothing to draw is not shown."""

from __future__ import annotations

import pytest

from helpers.report import charts
from helpers.report.report import Report
from helpers.report.sections import outreach
from helpers.stats import breakdowns as bd


def _open(paths, unit_id: str, year: int, **given) -> Report:
    return Report.open(unit_id, year, data_dir=paths.data_dir, params_dir=paths.params_dir,
                       **given)


def _number(cell: str) -> int:
    return int(cell.strip("* ").replace(".", ""))


@pytest.fixture()
def shown(monkeypatch) -> list[str]:
    alts: list[str] = []
    monkeypatch.setattr(charts, "show", lambda fig, alt: alts.append(alt))
    return alts


@pytest.mark.parametrize("by", [bd.outreach_by_activity, bd.outreach_by_sector])
def test_each_breakdown_adds_up_to_its_bold_total(paths, by):
    r = _open(paths, "bnnp-sumsel", 2022)
    o = r.figures["outreach"]
    column = "activity" if by is bd.outreach_by_activity else "sector"
    lines = outreach.table(r, by(r.frames.outreach), column, "x").splitlines()[2:]
    rows = [[c.strip() for c in ln.strip("|").split(" | ")] for ln in lines]
    body, total = rows[:-1], rows[-1]
    assert [_number(c) for c in total[1:]] == [o["activities"], o["participants"],
                                                o["media_reach"]]
    for i in (1, 2, 3):
        assert sum(_number(row[i]) for row in body) == _number(total[i])


def test_a_missing_outreach_table_says_so_and_draws_nothing(paths, shown):
    r = _open(paths, "bnnk-palembang", 2021)
    text = outreach.section(r).data + outreach.sector_table(r).data
    assert text.count("Tidak ada kegiatan yang tercatat.") == 2
    outreach.activity_chart(r)
    outreach.sector_chart(r)
    assert shown == []


def test_charts_name_only_the_rows_with_participants(paths, shown):
    r = _open(paths, "bnnk-lubuklinggau", 2022, language="en")
    frame = bd.outreach_by_activity(r.frames.outreach)
    outreach.activity_chart(r)
    outreach.sector_chart(r)
    assert len(shown) == 2
    with_people = frame[frame["participants"] > 0]
    assert len(with_people) < len(frame)  # media reach has no participants: no bar
    assert shown[0].count(": ") == len(with_people)
    for row in with_people.itertuples():
        assert f"{r.label('activity', row.activity)}: {r.i(row.participants)}" in shown[0]
    for row in frame[frame["participants"] == 0].itertuples():
        assert f"{r.label('activity', row.activity)}: " not in shown[0]


def _urine_rows(markdown: str) -> list[list[str]]:
    lines = [ln for ln in markdown.splitlines() if ln.startswith("| ")][2:]
    return [[c.strip() for c in ln.strip("|").split(" | ")] for ln in lines]


def test_urine_tests_per_sector_add_up_and_hide_positives_with_the_tested(paths):
    r = _open(paths, "bnnp-sumsel", 2022)
    urine = r.figures["tests"]["tes_urine"]
    text = outreach.urine_tests(r).data
    assert text.startswith("### Tes urine\n\nTes urine dilaksanakan dalam ")
    *rows, total = _urine_rows(text)
    assert total == ["**Jumlah**", f"**{r.i(urine['tested'])}**", f"**{r.i(urine['positive'])}**"]
    # every sector of the vocabulary in its order, then "not given": a fixed order
    assert [row[0] for row in rows] == [*(r.label("sector", s) for s in r.vocab.codes("sector")),
                                        "Tidak diisi"]
    hidden = 0
    for _, tested, positive in rows:
        if tested in ("<5", "×"):
            assert positive in ("<5", "×")  # a shown positive would bound the hidden tested
        for cell in (tested, positive):
            hidden += cell in ("<5", "×")
            assert cell in ("<5", "×") or not 1 <= int(cell.replace(".", "")) < 5
    assert hidden > 0


def test_urine_tests_not_reported_are_one_sentence(paths):
    r = _open(paths, "bnnk-prabumulih", 2022)
    assert outreach.urine_tests(r).data == "### Tes urine\n\nTes urine tidak dilaporkan.\n"
