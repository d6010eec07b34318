"""DataFrames and Stylers an analyst displays, as Markdown tables the report can publish.

JupyterLab shows a DataFrame from its ``text/html``; the renderer cannot use that HTML (the
Typst writer has no HTML, and every piece of Markdown is read with raw HTML disabled so that no
notebook output can inject markup). So, as Quarto does when a DataFrame goes to a format other
than HTML, the table also travels as ``text/markdown``: :func:`install` registers an IPython
display formatter that adds a pipe table built with the report's own :func:`md_table` (the
report's table style in HTML and PDF) and the report's number formats (:mod:`.fmt`: ``1.234``,
``307,527`` in Bahasa Indonesia). ``text/html`` and ``text/plain`` stay for JupyterLab.

A :class:`pandas.io.formats.style.Styler` keeps the analyst's own ``.format()``/``.hide()``: its
cells are the text the Styler itself shows (``Styler.to_string``); a Styler's default number
format follows the report's language once :func:`install` has run. So does
``DataFrame.to_markdown()`` (and a Series'), unless it is given formats of its own: its pipe
table would otherwise write 307.527 for 307,527 grams in a Bahasa Indonesia report.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from numbers import Integral, Real
from typing import Any

import pandas as pd
from IPython import get_ipython
from pandas.api.types import is_bool_dtype, is_numeric_dtype
from pandas.io.formats.style import Styler

from helpers.report import fmt
from helpers.report.markdown import md_table

__all__ = ["dataframe_markdown", "install", "styler_markdown"]

#: Separators of pandas' Styler defaults per report language (``styler.format.*`` options).
_STYLER_OPTIONS = {"id": {"decimal": ",", "thousands": "."}, "en": {"decimal": ".",
                                                                    "thousands": ","}}
#: Characters escaped in a cell so data is shown as written, never read as Markdown (emphasis,
#: links, citations, autolinks). ``|`` is escaped by :func:`md_table` itself.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#~^@$!{}])")
_SEP = "\x1f"
#: pandas' own ``DataFrame.to_markdown`` (``Series.to_markdown`` calls it), which
#: :func:`install` wraps; and the options by which an analyst chooses formats of their own.
_TO_MARKDOWN = pd.DataFrame.to_markdown
_OWN_FORMATS = frozenset({"floatfmt", "intfmt", "disable_numparse", "colalign"})


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _is_missing(value: Any) -> bool:
    try:
        return value is None or bool(value != value)  # NaN, NaT, pd.NA compare unequal
    except (TypeError, ValueError):  # pd.NA's truth value is ambiguous: it is missing
        return True


def format_cell(value: Any, lang: str = "id") -> str:
    """One cell as the report writes it: numbers and dates in the report's formats, missing
    values empty, text escaped."""
    if _is_missing(value):
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return _escape(str(value))
    if isinstance(value, Integral):
        return fmt.format_int(int(value), lang)
    if isinstance(value, Real):
        number = float(value)
        return _escape(str(value)) if math.isinf(number) else fmt.format_number(number, lang)
    if isinstance(value, datetime) and (value.hour, value.minute, value.second) == (0, 0, 0):
        return fmt.format_date(value, lang)
    if isinstance(value, date) and not isinstance(value, datetime):
        return fmt.format_date(value, lang)
    return _escape(str(value))


def _label(value: Any) -> str:
    """A column or index label (tuple levels of a MultiIndex joined with `` / ``)."""
    if isinstance(value, tuple):
        return " / ".join(_escape(str(v)) for v in value if str(v).strip())
    return "" if _is_missing(value) else _escape(str(value))


def _is_numeric(values: list[Any]) -> bool:
    present = [v for v in values if not _is_missing(v)]
    return bool(present) and all(isinstance(v, Real) and not isinstance(v, bool)
                                 for v in present)


def _shown_rows(df: Any) -> tuple[Any, bool]:
    """The rows shown: at most pandas' ``display.max_rows``, first and last halves, as in
    JupyterLab; a report table of thousands of rows is a mistake, not a table."""
    limit = pd.get_option("display.max_rows")
    if limit is None or len(df) <= limit:
        return df, False
    half = max(1, limit // 2)
    return pd.concat([df.head(half), df.tail(half)]), True


def dataframe_markdown(df: Any, lang: str = "id") -> str:
    """A DataFrame (or Series) as a pipe table: its index as the first column unless it is the
    default 0, 1, 2 … (which says nothing to a reader), numeric columns right-aligned."""
    if isinstance(df, pd.Series):
        df = df.to_frame()
    shown, cut = _shown_rows(df)
    index = shown.index
    with_index = not (isinstance(df.index, pd.RangeIndex) and df.index.start == 0
                      and df.index.step == 1 and df.index.name is None)
    columns = [shown.iloc[:, i].tolist() for i in range(shown.shape[1])]
    header = [_label(c) for c in shown.columns]
    align = "".join("r" if _is_numeric(col) else "l" for col in columns)
    body = [[format_cell(col[r], lang) for col in columns] for r in range(len(shown))]
    if with_index:
        names = [n for n in (index.names or []) if n is not None]
        header = [" / ".join(_escape(str(n)) for n in names), *header]
        align = "l" + align
        body = [[_label(key), *row] for key, row in zip(index.tolist(), body, strict=True)]
    if cut:
        body.insert(len(body) // 2, ["…"] * len(header))
    if not header:
        return ""
    return md_table(header, body, align=align)


def styler_markdown(styler: Any) -> str:
    """A Styler as a pipe table of the text it shows (its formats, hidden rows and columns);
    several header rows (a MultiIndex) are joined per column with `` / ``."""
    lines = styler.to_string(delimiter=_SEP).rstrip("\n").split("\n")
    rows = [line.split(_SEP) for line in lines]
    hidden = len(set(getattr(styler, "hidden_rows", []) or []))
    n_header = max(1, len(rows) - (len(styler.data) - hidden))
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = [" / ".join(_escape(c) for c in col if c.strip()) for col in zip(*rows[:n_header],
                                                                            strict=True)]
    body = [[_escape(c) for c in r] for r in rows[n_header:]]
    numeric = re.compile(r"^-?[0-9][0-9.,]*%?$")
    align = "".join("r" if body and all(numeric.match(r[i]) or not r[i] for r in body)
                    and any(r[i] for r in body) else "l" for i in range(width))
    return md_table(header, body, align=align)


def _is_number_column(values: pd.Series) -> bool:
    return is_numeric_dtype(values) and not is_bool_dtype(values)


def to_markdown_in(lang: str) -> Any:
    """``DataFrame.to_markdown`` writing numbers in ``lang``'s formats (``1.234.567``,
    ``307,527``), right-aligned; pandas' own when formats are given (``floatfmt=`` …)."""

    def to_markdown(self: pd.DataFrame, buf: Any = None, *, mode: str = "wt", index: bool = True,
                    storage_options: Any = None, **kwargs: Any) -> str | None:
        """pandas' ``DataFrame.to_markdown`` with numbers in the report's formats
        (:mod:`helpers.report.dataframes`); ``floatfmt=``/``intfmt=`` give pandas' own."""
        if not kwargs.keys() & _OWN_FORMATS:
            numbers = [_is_number_column(self.iloc[:, i]) for i in range(self.shape[1])]
            shown = self.astype(object)
            for i, number in enumerate(numbers):
                if number:
                    shown.isetitem(i, [format_cell(v, lang) for v in self.iloc[:, i]])
            aligns = ["right" if n else "left" for n in numbers]
            if index:
                aligns.insert(0, "right" if _is_number_column(self.index.to_series()) else "left")
            self, kwargs = shown, {**kwargs, "disable_numparse": True, "colalign": aligns}
        return _TO_MARKDOWN(self, buf, mode=mode, index=index, storage_options=storage_options,
                            **kwargs)

    return to_markdown


def install(lang: str = "id") -> bool:
    """Give every DataFrame, Series and Styler displayed in this kernel a ``text/markdown``
    table in the report's language (and a Styler default number format and ``to_markdown()``
    numbers in it); nothing outside IPython. Returns whether it was installed."""
    shell = get_ipython()
    if shell is None:
        return False
    markdown = shell.display_formatter.formatters["text/markdown"]
    markdown.enabled = True
    table = lambda df: dataframe_markdown(df, lang)  # noqa: E731 - one closure, two types
    # By type, not by name: pandas 3 reports its classes' module as "pandas".
    markdown.for_type(pd.DataFrame, table)
    markdown.for_type(pd.Series, table)
    markdown.for_type(Styler, styler_markdown)
    for key, value in _STYLER_OPTIONS.get(lang, _STYLER_OPTIONS["id"]).items():
        pd.set_option(f"styler.format.{key}", value)
    pd.set_option("styler.format.precision", 3)
    pd.DataFrame.to_markdown = to_markdown_in(lang)  # Series.to_markdown calls it
    return True
