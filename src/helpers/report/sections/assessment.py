"""Asesmen terpadu and SKHPN, in the rehabilitation chapter: who was assessed and what was
recommended, and the drug test certificates issued.

What it shows: the assessment sentence as a Kepala BNNK reads it ("… asesmen terpadu terhadap
46 orang dengan rekomendasi rawat jalan 33 orang, rawat inap 6 orang dan proses hukum 7
orang"); a table of people per recommendation with the total; the people assessed per sex and
per age group, small numbers hidden as in every table that counts people; then the SKHPN
sentence: certificates issued, against the unit's target when the report is the unit's own work
alone, and how many showed a positive result. A unit that did not send its asesmen or
pemeriksaan sheet gets one sentence saying so ("tidak dilaporkan"), never a table of zeros.

Where the numbers come from: the totals per recommendation and the SKHPN counts from the
figures file (``report.figures["assessments"]``, ``["tests"]["skhpn"]``: the aggregation
engine); the breakdowns from :func:`helpers.stats.breakdowns.assessed_by_sex` and
``assessed_by_age_group`` over the report's assessment rows (``report.frames.assessments``),
hidden by :func:`helpers.stats.suppress.suppress`; the target from ``report.achievements()``
(:func:`helpers.stats.kinerja.unit_achievements`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report.markdown import md_table
from helpers.report.sections._common import bold
from helpers.report.sections.rehabilitation import suppressed_table
from helpers.report.year_end_sentences import assessment_sentence, skhpn_sentence
from helpers.stats import breakdowns as bd

if TYPE_CHECKING:
    from helpers.report.report import Report


def recommendations_table(report: Report) -> str:
    """People per recommendation of their latest assessment, with the total (headline figures,
    published as BNN publishes them)."""
    r, a = report, report.figures["assessments"]
    rows = [[r.label("recommendation", k), r.i(v)] for k, v in a.items() if k != "total"]
    rows.append(bold([r.t("assessed_total"), r.i(a["total"])]))
    return md_table([r.t("recommendation"), r.t("people_unit")], rows)


def breakdowns(report: Report) -> dict[str, tuple[str, str, dict[str, int]]]:
    """People assessed per sex and per age group: key → (title, first column, counts), each
    adding up to the people assessed; the optional sex and age left empty are a row."""
    r, rows = report, report.frames.assessments
    unknown, latest = r.t("unknown"), bd.latest_assessments(rows)  # once for both tables
    by_sex = {(unknown if k == bd.UNKNOWN else r.label("sex", k)): v
              for k, v in bd.assessed_by_sex(rows, latest=latest).items()}
    by_age = {(unknown if k == bd.UNKNOWN else r.t("age_years", band=k)): v
              for k, v in bd.assessed_by_age_group(rows, latest=latest).items()}
    return {"sex": (r.t("assessed_sex"), r.t("sex"), by_sex),
            "age": (r.t("assessed_age"), r.t("age"), by_age)}


def section(report: Report) -> Markdown:
    """Asesmen terpadu: the sentence, people per recommendation and the suppressed breakdowns;
    the sentence alone when the unit did not report it or assessed no one."""
    r, a = report, report.figures["assessments"]
    sentence = assessment_sentence(r.unit.name, r.year, a, r.label, r.lang)
    parts = [f"### {r.t('asesmen')}", sentence]
    if a["total"]:
        parts += [recommendations_table(r), r.t("assessment_note"),
                  *(suppressed_table(r, title, head, counts, unit_key="people_unit")
                    for title, head, counts in breakdowns(r).values())]
    return Markdown("\n\n".join(parts) + "\n")


def target(report: Report, indicator: str) -> float | None:
    """The unit's target for a count indicator, when the report counts its own work alone (a
    target is set for a unit's own work; a BNNP's figures add its BNNK's)."""
    if report.has_subunits:
        return None
    return next((a.target for a in report.achievements() if a.indicator == indicator), None)


def skhpn(report: Report) -> Markdown:
    """SKHPN issued, against the target, and the share with a positive result."""
    r = report
    sentence = skhpn_sentence(r.figures["tests"]["skhpn"], target(r, "skhpn"), r.lang)
    return Markdown(f"### {r.t('skhpn')}\n\n{sentence}\n")
