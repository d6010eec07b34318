"""Executive summary: four sentences and the headline table, with the change from last year.

What it shows: one sentence each on enforcement, rehabilitation and outreach, one on the change
from the previous year (or why there is none), then the six headline counts of this year beside
last year's with an arrow and a percentage, and a line saying whose work the numbers count (the
unit alone, or the unit with its sub-units).

Where the numbers come from: ``report.figures`` only — the figures file
(:func:`helpers.stats.report_figures.report_figures`, computed by the aggregation engine), whose
``previous`` entry holds last year's figures. The sentences are
:mod:`helpers.report.sentences`; nothing here counts rows itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import sentences
from helpers.report.markdown import md_table
from helpers.report.sections import corrections

if TYPE_CHECKING:
    from helpers.report.report import Report


def headline_rows(report: Report) -> list[tuple[str, float, float | None]]:
    """(label key, this year, previous year or None) of the summary table, in table order."""
    f, p = report.figures, report.figures["previous"]
    return [
        ("cases", f["cases"], p and p["cases"]),
        ("suspects", f["suspects"], p and p["suspects"]),
        ("clients", f["rehab"]["clients"], p and p["rehab"]["clients"]),
        ("activities", f["outreach"]["activities"], p and p["outreach"]["activities"]),
        ("participants", f["outreach"]["participants"],
         p and p["outreach"]["participants"]),
        ("media_reach", f["outreach"]["media_reach"], p and p["outreach"]["media_reach"]),
    ]


def section(report: Report) -> Markdown:
    """The whole summary: sentences, headline table (no change columns in a first year), scope."""
    r, f, prev = report, report.figures, report.figures["previous"]
    name, lang = r.unit.name, r.lang
    lines = [
        sentences.enforcement_sentence(name, r.year, f, r.label, lang),
        sentences.rehab_sentence(name, r.year, f["rehab"], r.label, lang),
        sentences.outreach_sentence(name, r.year, f["outreach"], lang),
        sentences.change_sentence(name, f, not r.unit.exists_in(r.year - 1), lang),
    ]
    header = [r.t("figure"), str(r.year)]
    if prev:
        header += [str(prev["year"]), r.t("change", year=prev["year"])]
    rows = []
    for key, value, before in headline_rows(r):
        row = [r.t(key), r.i(value)]
        if prev:
            row += [r.i(before), sentences.change_cell(value, before, lang)]
        rows.append(row)
    scope = (r.t("scope_rolled", name=name, n=len(r.frames.unit_ids) - 1)
             if r.has_subunits else r.t("scope_own", name=name))
    legend = f"\n\n{r.t('arrows')}" if prev else ""
    return Markdown(f"## {r.t('summary')}\n\n" + corrections.notes(r) + "\n\n".join(lines)
                    + f"\n\n{md_table(header, rows)}\n\n{scope}{legend}\n")
