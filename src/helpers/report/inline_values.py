"""The values of a Markdown cell's inline code (`` `{python} expr` ``), evaluated in the report's
kernel and written as the report writes them.

The build adds, after each Markdown cell with inline code, a cell calling
:func:`display_inline_values` (:mod:`helpers.render.inline_code`), so each expression sees the
namespace as it stands at that Markdown cell, as in Quarto. A value is text, as Quarto makes it:
numbers and dates in the report's formats (``1.234.567``, ``307,527``, ``30 Desember 2022``;
English in an English report), except that a year stays a year (``2022``, not ``2.022``: a
whole number from 1900 to 2100 whose expression names a year, ``year``, ``report.year``,
``tahun - 1``); anything else as ``str()`` with Markdown characters escaped; an
``IPython.display.Markdown`` (or any object with a Markdown form) is taken as Markdown. A
failing expression never stops the report: its error travels with it, and the build names it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from numbers import Integral
from typing import Any

from IPython.display import display

from helpers.report.dataframes import format_cell
from helpers.report.mimetypes import INLINE_MIME
from helpers.report.report import Report

__all__ = ["display_inline_values", "inline_markdown"]

_LANGUAGES = ("id", "en")
_YEAR_NAME = re.compile(r"year|tahun", re.IGNORECASE)


def report_language(namespace: dict[str, Any]) -> str:
    """The language of the report the notebook opened (its ``report``, else any
    :class:`Report` in the namespace), else its ``language`` parameter, else Bahasa Indonesia."""
    report = namespace.get("report")
    if not isinstance(report, Report):
        report = next((v for v in list(namespace.values()) if isinstance(v, Report)), None)
    if report is not None:
        return report.lang
    language = namespace.get("language")
    return language if language in _LANGUAGES else "id"


def _markdown_form(value: Any) -> str | None:
    """The Markdown an object gives of itself (``Markdown("**x**")``), if it has one."""
    method = getattr(type(value), "_repr_markdown_", None)
    if method is None:
        return None
    shown = method(value)
    if isinstance(shown, tuple):  # (data, metadata)
        shown = shown[0]
    return None if shown is None else str(shown)


def _is_year(value: Any, expression: str) -> bool:
    return (isinstance(value, Integral) and not isinstance(value, bool)
            and 1900 <= int(value) <= 2100 and bool(_YEAR_NAME.search(expression)))


def inline_markdown(value: Any, lang: str = "id", expression: str = "") -> str:
    """A value as inline report text: report number and date formats (a year as a year),
    Markdown escaped (a ``|`` too, so a value may sit in a table's cell), one line."""
    markdown = _markdown_form(value)
    if markdown is not None:
        return markdown.strip()
    if _is_year(value, expression):
        return str(int(value))
    if isinstance(value, Decimal | Fraction):
        value = float(value)
    text = format_cell(value, lang)
    if not text:  # None, NaN: what Python writes, so the reader sees the value is missing
        text = format_cell(str(value), lang)
    return text.replace("|", "\\|")


def _evaluated(expression: str, namespace: dict[str, Any], lang: str) -> dict[str, str]:
    try:
        value = eval(compile(expression, "<inline>", "eval"), namespace)  # noqa: S307 - the analyst's own expression, as in a code cell
        return {"expression": expression, "markdown": inline_markdown(value, lang, expression)}
    except Exception as exc:  # noqa: BLE001 - any failure is the expression's, named by the build
        first = next((line for line in str(exc).splitlines() if line.strip()), "")
        return {"expression": expression, "error": f"{type(exc).__name__}: {first}".strip()}


def display_inline_values(expressions: list[str], namespace: dict[str, Any]) -> None:
    """Evaluate a Markdown cell's inline expressions in ``namespace`` (the notebook's globals)
    and display their values, or errors, as one output for the renderer."""
    lang = report_language(namespace)
    values = [_evaluated(expression, namespace, lang) for expression in expressions]
    display({INLINE_MIME: {"values": values}, "text/plain": f"{len(values)} inline value(s)"},
            raw=True)
