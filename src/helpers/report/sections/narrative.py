"""Catatan analis (narrative) and the sign-off block.

What it shows: the analyst's highlights, obstacles and actions, each under its own heading and
only when given (a neutral line when none is); then the signature block — place and date, the
signatory's title and name, the title once — and a draft line (DRAF, DRAFT in English) while
the report is a draft.

Where the text comes from: the report's parameters (``report.params["narrative"]`` and
``["signatory"]``: ``params/`` files, then the notebook's parameters), never from the data. The
analyst's Markdown goes through :func:`helpers.report.markdown.analyst_markdown`, so its
headings cannot break the report's heading order; the renderer reads Markdown with raw HTML
disabled, so HTML in it is shown, never run. The date is the generation date
(:func:`helpers.stats.figures_file.generation_time`, fixed by ``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report import fmt
from helpers.report.markdown import analyst_markdown
from helpers.stats.figures_file import generation_time

if TYPE_CHECKING:
    from helpers.report.report import Report

#: The analyst's texts, in the order the section shows them (each is also its heading's key).
PARTS = ("highlights", "obstacles", "actions")


def sign_off(report: Report) -> str:
    """The signature block: place and date, title, name; a draft line while a draft."""
    r, signatory = report, report.params["signatory"]
    date = fmt.format_date(generation_time().date(), lang=r.lang)
    place = str(signatory.get("place") or "").strip()
    block = [r.t("signed_at", place=place, date=date) if place else date]
    title, name = (str(signatory.get(k) or "").strip() for k in ("title", "name"))
    if title and not (name == title or name.startswith(f"{title} ")):
        block.append(title)  # a name that already begins with the title says it once
    if name:
        block.append(f"**{name}**")
    draft = f"\n\n{r.t('draft_sign')}" if r.params["status"] == "draft" else ""
    return "\n---\n\n" + "\\\n".join(block) + draft + "\n"


def section(report: Report) -> Markdown:
    """The analyst's notes under their headings, then the sign-off."""
    r = report
    parts = [f"## {r.t('narrative')}\n"]
    texts = r.params["narrative"]
    for key in PARTS:
        text = analyst_markdown(str(texts.get(key) or ""))
        if text:
            parts.append(f"### {r.t(key)}\n\n{text}\n")
    if len(parts) == 1:
        parts.append(r.t("no_narrative") + "\n")
    parts.append(sign_off(r))
    return Markdown("\n".join(parts))
