"""P2M (pencegahan dan pemberdayaan masyarakat, outreach): activities, participants and media
reach, by kind of activity and by sector.

What it shows: the outreach sentence and the note that face-to-face participants and media
reach are counted apart (never added); a table per kind of activity and one per sector, each
with activities, participants and media reach and the year's total; bar charts of participants
per kind of activity and per sector (rows without participants are left out of the charts, and a
chart with nothing to draw is not shown).

Where the numbers come from: the totals from the figures file (``report.figures["outreach"]``,
the aggregation engine); the rows per activity and per sector from
:func:`helpers.stats.breakdowns.outreach_by_activity` and ``outreach_by_sector`` over the
report's outreach rows (``report.frames.outreach``, the unit with its sub-units).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import charts, sentences
from helpers.report.markdown import md_table
from helpers.report.sections._common import bold, show
from helpers.stats import breakdowns as bd

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
    rows = [[r.label(column, str(getattr(row, column))), r.i(row.activities),
             r.i(row.participants), r.i(row.media_reach)] for row in frame.itertuples()]
    return md_table([head, *tail], [*rows, total])


def section(report: Report) -> Markdown:
    """The outreach section: sentence, note, the table per activity and the one per sector."""
    r = report
    sentence = sentences.outreach_sentence(r.unit.name, r.year, r.figures["outreach"], r.lang)
    by_activity = table(r, bd.outreach_by_activity(r.frames.outreach), "activity",
                        r.t("activity"))
    by_sector = table(r, bd.outreach_by_sector(r.frames.outreach), "sector", r.t("sector"))
    return Markdown(f"## {r.t('p2m')}\n\n{sentence}\n\n{r.t('p2m_note')}\n\n"
                    f"### {r.t('by_activity')}\n\n{by_activity}\n\n"
                    f"### {r.t('by_sector')}\n\n{by_sector}\n")


def _participants_chart(report: Report, frame: pd.DataFrame, column: str, title_key: str) -> None:
    """Participants per row of ``frame`` as bars; nothing when no row had participants."""
    r = report
    frame = frame[frame["participants"] > 0]
    if frame.empty:
        return
    labels = [r.label(column, str(a)) for a in frame[column]]
    values = frame["participants"].tolist()
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
