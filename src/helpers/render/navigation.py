"""A report's navigation (:mod:`helpers.report.navigation`) as the templates' variables.

The report's metadata carries its breadcrumbs, its other years, its PDF and other language as
labels and relative links; ``report.html`` draws them as two ``nav`` bars at the top of the page,
and ``report.typ`` prints the HTML version's address on the cover when the report has one.

pandoc inserts template variables verbatim, so every label is escaped here for the format it goes
into, and a link is kept only when it is a relative path inside the site (letters, digits, ``.``,
``-``, ``_`` and ``/``, going up with ``../``): the metadata comes from a notebook's output, and
a notebook run by hand could carry anything. The PDF is linked only when it is rendered beside
the page, so the link never leads to a file this render did not write.
"""

from __future__ import annotations

import html
import re
from typing import Any

from helpers.report.params import URL

#: A relative link within the site: no scheme, no host, no query, nothing but path segments.
_RELATIVE = re.compile(r"(?:\.\./)*(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*")
_LANG = re.compile(r"[a-z]{2,3}")


def _text(value: Any) -> str:
    return html.escape(str(value or ""), quote=True)


def _link(item: Any) -> dict[str, Any] | None:
    """One link for the HTML template, or None when it is not a plain relative link."""
    if not isinstance(item, dict) or not _RELATIVE.fullmatch(str(item.get("href") or "")):
        return None
    link: dict[str, Any] = {"label": _text(item.get("label")), "href": item["href"]}
    if item.get("current") is True:
        link["current"] = True
    if _LANG.fullmatch(str(item.get("lang") or "")):
        link["lang"] = item["lang"]
    return link


def _links(items: Any) -> list[dict[str, Any]]:
    found = [_link(item) for item in items] if isinstance(items, list) else []
    return [link for link in found if link is not None]


def html_variables(meta: dict[str, Any], *, with_pdf: bool) -> dict[str, Any]:
    """``report.html``'s navigation variables (none when the report has no navigation):
    ``crumbs``; ``years`` when the unit has reports of other years; ``pdf`` when ``with_pdf``
    (the PDF is written beside the page); ``languages``, the other language versions."""
    nav = meta.get("navigation")
    if not isinstance(nav, dict):
        return {}
    crumbs = _links(nav.get("crumbs"))
    if not crumbs:
        return {}
    variables: dict[str, Any] = {"nav-label": _text(nav.get("label")), "crumbs": crumbs,
                                 "report-label": _text(nav.get("report_label"))}
    years = _links(nav.get("years"))
    if len(years) > 1:
        variables.update({"years": years, "years-label": _text(nav.get("years_label"))})
    pdf = _link(nav.get("pdf")) if with_pdf else None
    if pdf is not None:
        variables["pdf"] = pdf
    languages = [link for link in _links(nav.get("languages")) if "lang" in link]
    if languages:
        variables["languages"] = languages
    if {"years", "pdf", "languages"} & set(variables):
        variables["this-report"] = True  # the bar "Laporan ini" has something to link
    return variables


def _typst_string(value: str) -> str:
    """Text for inside a Typst string literal ``"…"``."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


def typst_variables(meta: dict[str, Any]) -> dict[str, str]:
    """``report.typ``'s cover line with the HTML version's address, when the report has one."""
    nav = meta.get("navigation")
    url = nav.get("url") if isinstance(nav, dict) else None
    if not isinstance(url, str) or not URL.fullmatch(url):
        return {}
    return {"html-url": _typst_string(url),
            "html-url-label": _typst_string(str(nav.get("url_label") or ""))}
