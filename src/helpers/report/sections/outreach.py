"""P2M (pencegahan dan pemberdayaan masyarakat, outreach): activities, participants and media
reach, by kind of activity and by sector, and the urine tests.

What it shows: the outreach sentence and the note that face-to-face participants and media
reach are counted apart (never added); a table per kind of activity, then its chart, and one per
sector, then its chart, each table with activities, participants and media reach and the year's
total (rows without participants are left out of the charts, and a chart with nothing to draw
is not shown); then the urine tests: the sentence (people tested, in how many events, how many
positive) and people tested and positive per sector, small numbers hidden — positives hidden
wherever the number tested beside them is — with every sector of the vocabulary and the
"not given" row always listed, in that fixed order, so neither a row's presence nor its place
says anything of its size. A unit that did not send its pemeriksaan sheet gets one sentence
saying so. Community empowerment follows in :mod:`helpers.report.sections.community`.

Where the numbers come from: the totals from the figures file (``report.figures["outreach"]``
and ``["tests"]["tes_urine"]``, the aggregation engine); the rows per activity and per sector
from :func:`helpers.stats.breakdowns.outreach_by_activity` and ``outreach_by_sector`` over the
report's outreach rows (``report.frames.outreach``, the unit with its sub-units); the urine tests
per sector from :func:`helpers.stats.breakdowns.urine_tests_by_sector` over its examination rows
(``report.frames.tests``), hidden by :func:`helpers.stats.suppress.suppress` and
``suppress_within``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import charts, sentences
from helpers.report.markdown import md_table
from helpers.report.sections._common import bold, show
from helpers.report.year_end_sentences import urine_test_sentence
from helpers.stats import breakdowns as bd
from helpers.stats.suppress import suppress, suppress_within

if TYPE_CHECKING:
    import pandas as pd

    from helpers.report.report import Report


def table(report: Report, frame: pd.DataFrame, column: str, head: str) -> str:
    """One breakdown (rows labelled from vocabulary ``column``) with the year's total row."""
    r, o = report, report.figures["outreach"]
    if frame.empty:
        return r.t("no_activity")
    tail = [r.t("activities_unit"), r.t("participants_unit"), r.t("media_unit")]
    total = bold([r.t("total"), r.i(o["activities"]), r.i(o["participants"]),
                  r.i(o["media_reach"])])
    rows = [[r.label(column, str(code)), r.i(activities), r.i(participants), r.i(reach)]
            for code, activities, participants, reach in _rows(frame, column)]
    return md_table([head, *tail], [*rows, total])


def _rows(frame: pd.DataFrame, column: str) -> list[tuple[str, int, int, int]]:
    """A breakdown's rows as plain tuples (code, activities, participants, media reach): its
    table and chart read a few rows, where ``itertuples`` and filters cost more than they do."""
    return list(zip(*(frame[c].tolist() for c in (column, "activities", "participants",
                                                  "media_reach")), strict=True))


def section(report: Report) -> Markdown:
    """The outreach section's opening: sentence, note and the table per activity."""
    r = report
    sentence = sentences.outreach_sentence(r.unit.name, r.year, r.figures["outreach"], r.lang)
    by_activity = table(r, bd.outreach_by_activity(r.frames.outreach), "activity",
                        r.t("activity"))
    return Markdown(f"## {r.t('p2m')}\n\n{sentence}\n\n{r.t('p2m_note')}\n\n"
                    f"### {r.t('by_activity')}\n\n{by_activity}\n")


def sector_table(report: Report) -> Markdown:
    """Activities, participants and media reach per sector (its chart follows)."""
    r = report
    by_sector = table(r, bd.outreach_by_sector(r.frames.outreach), "sector", r.t("sector"))
    return Markdown(f"### {r.t('by_sector')}\n\n{by_sector}\n")


def urine_tests_table(report: Report) -> str:
    """People tested and positive per sector, both suppressed, with the year's totals."""
    r = report
    sectors = bd.urine_tests_by_sector(r.frames.tests, [*r.vocab.codes("sector"), bd.UNKNOWN])
    tested = suppress(sectors["tested"].tolist(), r.threshold)
    positive = suppress_within(sectors["positive"].tolist(), tested)
    rows = [[r.t("unknown") if code == bd.UNKNOWN else r.label("sector", code),
             tested.mark(i) or r.i(tested.values[i]), positive.mark(i) or r.i(positive.values[i])]
            for i, code in enumerate(sectors["sector"])]
    rows.append(bold([r.t("total"), r.i(tested.total), r.i(positive.total)]))
    return md_table([r.t("sector"), r.t("tested"), r.t("positive")], rows)


def urine_tests(report: Report) -> Markdown:
    """Tes urine: the sentence and, when anyone was tested, the table per sector."""
    r, urine = report, report.figures["tests"]["tes_urine"]
    tests = r.frames.tests
    events = int((tests["kind"] == "tes_urine").sum()) if len(tests) else 0
    parts = [f"### {r.t('tes_urine')}", urine_test_sentence(urine, events, r.lang)]
    if urine["tested"]:
        parts += [urine_tests_table(r), r.t("urine_note")]
    return Markdown("\n\n".join(parts) + "\n")


def _participants_chart(report: Report, frame: pd.DataFrame, column: str, title_key: str) -> None:
    """Participants per row of ``frame`` as bars; nothing when no row had participants."""
    r = report
    drawn = [(code, participants) for code, _, participants, _ in _rows(frame, column)
             if participants > 0]
    if not drawn:
        return
    labels = [r.label(column, str(code)) for code, _ in drawn]
    values = [participants for _, participants in drawn]
    title = r.t(title_key, year=r.year)
    fig = charts.bar_chart(labels, values, title=title, value_label=r.t("participants_unit"),
                           lang=r.lang)
    show(fig, title, [(lab, r.i(v)) for lab, v in zip(labels, values, strict=True)])


def activity_chart(report: Report) -> None:
    """Participants per kind of activity."""
    _participants_chart(report, bd.outreach_by_activity(report.frames.outreach), "activity",
                        "p2m_chart")


def sector_chart(report: Report) -> None:
    """Participants per sector."""
    _participants_chart(report, bd.outreach_by_sector(report.frames.outreach), "sector",
                        "sector_chart")
