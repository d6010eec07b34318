"""Publication and corrections (Ralat): what a published report says about itself.

What it shows, at the top of the summary: once the year is published (``workbook publish``),
the publication date; for every correction that touched this report, a box with its date, its
reason and each corrected figure, published value → corrected value. A statistics office never
changes a published figure silently; the box is how a reader sees that it changed.

Where it comes from: the ``publication`` parameter the build's plan sets from the year's
publication record (:func:`helpers.store.publications.unit_publication`), never a params file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helpers.report import fmt
from helpers.report.figure_names import figure_name
from helpers.report.markdown import md_escape

if TYPE_CHECKING:
    from helpers.report.report import Report


def figure_label(report: Report, figure: str) -> str:
    """A corrected figure's name as the report words it (``Kasus …``, ``Sabu …, gram``): the
    one naming the site's corrections page uses too (:mod:`helpers.report.figure_names`)."""
    return figure_name(figure, report.lang, report.year, report.vocab)


def _value(report: Report, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float):
        return fmt.format_decimal(value, 3, report.lang)
    return str(value)


def _box(report: Report, correction: dict[str, Any]) -> str:
    changes = [c for c in correction["changes"]
               if not (c["figure"].startswith("own.") and report.has_subunits is False)]
    listed = "; ".join(f"{figure_label(report, c['figure'])}: {_value(report, c['published'])}"
                       f" → {_value(report, c['new'])}" for c in changes)
    when = fmt.format_date(correction["on"], lang=report.lang)
    return (f"> **{report.t('ralat')} — {when}.** {md_escape(correction['note'])}\n>\n"
            f"> {report.t('ralat_changes')}: {listed}.")


def notes(report: Report) -> str:
    """The publication line and a box per correction, or nothing for an unpublished year."""
    publication = report.params.get("publication")
    if not publication:
        return ""
    date = fmt.format_date(publication["published_on"], lang=report.lang)
    parts = [f"*{report.t('published_on', date=date)}.*"]
    parts += [_box(report, c) for c in publication.get("corrections", [])]
    return "\n\n".join(parts) + "\n\n"
