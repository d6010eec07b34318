"""Executive summary: the sentences and the headline table, with the change from last year.

What it shows: one sentence each on enforcement, rehabilitation, asesmen terpadu, outreach and
community empowerment, one on the change from the previous year (or why there is none), then the
headline counts of this year beside last year's with an arrow and a percentage (people assessed,
SKHPN issued, people given a urine test, penggiat and relawan formed among them; a figure the
unit did not report reads "tidak dilaporkan" and has no change), and a line saying whose work
the numbers count (the unit alone, or the unit with its sub-units).

Where the numbers come from: ``report.figures`` only — the figures file
(:func:`helpers.stats.report_figures.report_figures`, computed by the aggregation engine), whose
``previous`` entry holds last year's figures. The sentences are
:mod:`helpers.report.sentences`; nothing here counts rows itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import sentences, year_end_sentences
from helpers.report.markdown import md_table
from helpers.report.sections import corrections

if TYPE_CHECKING:
    from helpers.report.report import Report


#: The summary table's rows: (label key, the figure's path in the figures file), in order.
HEADLINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cases", ("cases",)),
    ("suspects", ("suspects",)),
    ("clients", ("rehab", "clients")),
    ("assessed", ("assessments", "total")),
    ("skhpn_row", ("tests", "skhpn", "tested")),
    ("activities", ("outreach", "activities")),
    ("participants", ("outreach", "participants")),
    ("media_reach", ("outreach", "media_reach")),
    ("urine_tested", ("tests", "tes_urine", "tested")),
    ("penggiat", ("community", "penggiat")),
    ("relawan", ("community", "relawan")),
)


def _at(figures: dict | None, path: tuple[str, ...]) -> float | None:
    for key in path:
        if not isinstance(figures, dict):
            return None
        figures = figures.get(key)
    return figures  # type: ignore[return-value]


def headline_rows(report: Report) -> list[tuple[str, float | None, float | None]]:
    """(label key, this year, previous year) of the summary table, in table order; None where
    not reported (or no previous year)."""
    f, p = report.figures, report.figures["previous"]
    return [(key, _at(f, path), _at(p, path)) for key, path in HEADLINES]


def _cell(report: Report, value: float | None) -> str:
    return report.t("not_reported") if value is None else report.i(value)


def section(report: Report) -> Markdown:
    """The whole summary: sentences, headline table (no change columns in a first year), scope."""
    r, f, prev = report, report.figures, report.figures["previous"]
    name, lang = r.unit.name, r.lang
    lines = [
        sentences.enforcement_sentence(name, r.year, f, r.label, lang),
        sentences.rehab_sentence(name, r.year, f["rehab"], r.label, lang),
        year_end_sentences.assessment_sentence(name, r.year, f["assessments"], r.label, lang),
        sentences.outreach_sentence(name, r.year, f["outreach"], lang),
        year_end_sentences.community_sentence(name, r.year, f["community"], lang),
        sentences.change_sentence(name, f, not r.unit.exists_in(r.year - 1), lang),
    ]
    header = [r.t("figure"), str(r.year)]
    if prev:
        header += [str(prev["year"]), r.t("change", year=prev["year"])]
    rows = []
    for key, value, before in headline_rows(r):
        row = [r.t(key), _cell(r, value)]
        if prev:
            change = "–" if value is None else sentences.change_cell(value, before, lang)
            row += [_cell(r, before), change]
        rows.append(row)
    scope = (r.t("scope_rolled", name=name, n=len(r.frames.unit_ids) - 1)
             if r.has_subunits else r.t("scope_own", name=name))
    legend = f"\n\n{r.t('arrows')}" if prev else ""
    return Markdown(f"## {r.t('summary')}\n\n" + corrections.notes(r) + "\n\n".join(lines)
                    + f"\n\n{md_table(header, rows)}\n\n{scope}{legend}\n")
