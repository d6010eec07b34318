"""Pemberantasan (enforcement): cases and suspects per month, seizures, and the five-year trend.

What it shows: the enforcement sentence; a table of cases and suspects per month with the year's
total; the seized drugs, each in its own unit of measure (grams, tablets and sticks are never
added together); a chart of cases and suspects per month; a chart per unit of measure of the
seizures; then a table and a line chart of the headline counts of up to five years.

Where the numbers come from: the monthly counts from :mod:`helpers.stats.breakdowns` over the
report's case rows (``report.frames.cases``, the unit with its sub-units); the totals and the
seizures from the figures file (``report.figures``, the aggregation engine); the trend from
:func:`helpers.stats.subunits.yearly_counts` (``report.trend_rows()``, computed once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import charts, fmt, sentences
from helpers.report.markdown import md_table
from helpers.report.sections._common import bold, cases_suspects, show
from helpers.stats import breakdowns as bd

if TYPE_CHECKING:
    from helpers.report.report import Report


def monthly_table(report: Report) -> str:
    """Cases and suspects per month, with the year's total in bold (Markdown table)."""
    r, f = report, report.figures
    cases = bd.cases_per_month(r.frames.cases)
    suspects = bd.suspects_per_month(r.frames.cases)
    rows = [[fmt.month_name(m, r.lang), r.i(cases[m - 1]), r.i(suspects[m - 1])]
            for m in range(1, 13)]
    rows.append(bold([r.t("total"), r.i(f["cases"]), r.i(f["suspects"])]))
    return md_table([r.t("month"), r.t("cases"), r.t("suspects")], rows)


def seizures_table(report: Report) -> str:
    """Each seized drug in its own unit with the note why, or a line saying nothing was seized."""
    r = report
    seized = [[r.label("drug", s["drug"]), fmt.format_decimal(s["quantity"], 3, r.lang),
               r.label("uom", s["uom"])] for s in r.figures["seizures"]]
    if not seized:
        return r.t("no_seizures")
    return (md_table([r.t("drug"), r.t("quantity"), r.t("uom")], seized, "lrl")
            + f"\n\n{r.t('seizures_note')}")


def section(report: Report) -> Markdown:
    """The enforcement section: its sentence, the monthly table and the seizures."""
    r = report
    sentence = sentences.enforcement_sentence(r.unit.name, r.year, r.figures, r.label, r.lang)
    return Markdown(f"## {r.t('pemberantasan')}\n\n{sentence}\n\n"
                    f"### {r.t('per_month')}\n\n{monthly_table(r)}\n\n"
                    f"### {r.t('seizures')}\n\n{seizures_table(r)}\n")


def cases_chart(report: Report) -> None:
    """Cases and suspects per month as grouped bars."""
    r = report
    cases = bd.cases_per_month(r.frames.cases)
    suspects = bd.suspects_per_month(r.frames.cases)
    months = [fmt.month_abbr(m, r.lang) for m in range(1, 13)]
    title = r.t("cases_month", year=r.year)
    fig = charts.grouped_bar_chart(months, {r.t("cases"): cases, r.t("suspects"): suspects},
                                   title=title, value_label=r.t("count"), lang=r.lang)
    show(fig, title, [(m, cases_suspects(r, c, s))
                      for m, c, s in zip(months, cases, suspects, strict=True)])


def seizures_chart(report: Report) -> None:
    """One panel of bars per unit of measure; nothing at all when nothing was seized."""
    r = report
    groups = bd.seizures_by_uom(r.figures["seizures"])
    if not groups:
        return
    title = r.t("seizure_chart", year=r.year)
    panels = {r.label("uom", uom): ([r.label("drug", d) for d, _ in items],
                                    [q for _, q in items])
              for uom, items in groups.items()}
    fig = charts.panel_bar_chart(panels, title=title, lang=r.lang)
    show(fig, title, [(r.label("drug", s["drug"]),
                       fmt.format_quantity(s["quantity"], s["uom"], r.lang))
                      for s in r.figures["seizures"]])


def trend(report: Report) -> Markdown:
    """Headline counts of up to five years the unit existed and the store holds."""
    r = report
    rows = [[str(y["year"]), r.i(y["cases"]), r.i(y["suspects"]), r.i(y["clients"]),
             r.i(y["participants"])] for y in r.trend_rows()]
    header = [r.t("year"), r.t("cases"), r.t("suspects"), r.t("clients"), r.t("participants")]
    return Markdown(f"### {r.t('trend')}\n\n{md_table(header, rows, 'lrrrr')}\n")


def trend_chart(report: Report) -> None:
    """Cases and suspects of the trend years as two lines."""
    r = report
    rows = r.trend_rows()
    years = [y["year"] for y in rows]
    title = r.t("trend_chart", first=years[0], last=years[-1])
    fig = charts.line_chart(years, {r.t("cases"): [y["cases"] for y in rows],
                                    r.t("suspects"): [y["suspects"] for y in rows]},
                            title=title, value_label=r.t("count"), lang=r.lang)
    show(fig, title, [(str(y["year"]), cases_suspects(r, y["cases"], y["suspects"]))
                      for y in rows])
