"""Pemberantasan (enforcement): cases and what came of them, cases and suspects per month,
seizures, and the five-year trend.

What it shows: the enforcement sentence and the sentence on what came of the cases (P-21,
networks, clandestine labs, TPPU and the assets seized, in rupiah); a table of those results
beside cases and suspects, where networks and labs a unit did not report read "tidak
dilaporkan"; a table of cases and suspects per month with the year's total and its chart; the
seized drugs, each in its own unit of measure (grams, tablets and sticks are never added
together), and their chart, one panel per unit of measure; then a table and a line chart of the
headline counts of up to five years. Each chart follows the table it draws, so a page holds
both.

Where the numbers come from: the monthly counts from :mod:`helpers.stats.breakdowns` over the
report's case rows (``report.frames.cases``, the unit with its sub-units); the totals, the
results and the seizures from the figures file (``report.figures``, the aggregation engine); the
trend from :func:`helpers.stats.subunits.yearly_counts` (``report.trend_rows()``, computed once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import charts, fmt, sentences, year_end_sentences
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


#: The results table's rows: the figures file's keys, in the order BNN reports them.
RESULTS = ("cases", "suspects", "p21", "networks", "labs", "tppu", "assets_rp")


def results_table(report: Report) -> str:
    """Cases and suspects with what came of them: P-21, networks, labs, TPPU, assets in rupiah
    (a figure the unit did not report reads "tidak dilaporkan", never 0)."""
    r, f = report, report.figures
    rows = []
    for key in RESULTS:
        value = f[key]
        shown = (r.t("not_reported") if value is None else
                 fmt.format_rupiah(value, r.lang) if key == "assets_rp" else r.i(value))
        rows.append([r.t(key), shown])
    return md_table([r.t("item"), r.t("count")], rows, "lr")


def section(report: Report) -> Markdown:
    """The enforcement section's opening: its sentences, the results and the monthly table."""
    r = report
    sentence = sentences.enforcement_sentence(r.unit.name, r.year, r.figures, r.label, r.lang)
    details = year_end_sentences.enforcement_details_sentence(r.figures, r.lang)
    lead = f"{sentence} {details}".strip()
    return Markdown(f"## {r.t('pemberantasan')}\n\n{lead}\n\n"
                    f"### {r.t('results')}\n\n{results_table(r)}\n\n"
                    f"### {r.t('per_month')}\n\n{monthly_table(r)}\n")


def seizures(report: Report) -> Markdown:
    """The seized drugs, each in its own unit, with the note why (or that none were seized)."""
    return Markdown(f"### {report.t('seizures')}\n\n{seizures_table(report)}\n")


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
    span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"  # a first year
    title = r.t("trend_chart", years=span)
    fig = charts.line_chart(years, {r.t("cases"): [y["cases"] for y in rows],
                                    r.t("suspects"): [y["suspects"] for y in rows]},
                            title=title, value_label=r.t("count"), lang=r.lang)
    show(fig, title, [(str(y["year"]), cases_suspects(r, y["cases"], y["suspects"]))
                      for y in rows])
