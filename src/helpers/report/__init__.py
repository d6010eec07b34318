"""What a report says: its sections as Markdown, tables and charts, in Bahasa Indonesia or English.

Open one with :meth:`Report.open` (the notebook's first cell does); every number comes from
:mod:`helpers.stats`, words from :mod:`.text` and :mod:`.sentences`, number and date formats
from :mod:`.fmt`, pictures from :mod:`.charts`, Markdown tables from :mod:`.markdown`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from helpers.report.markdown import md_table
    from helpers.report.report import Report

__all__ = ["Report", "md_table"]
_EXPORTS = {"Report": "report", "md_table": "markdown"}


def __getattr__(name: str) -> object:
    # On first use: the build and the site import this package's params, fmt and mimetypes
    # modules and must not pay for IPython, pandas and matplotlib, which Report imports.
    if name in _EXPORTS:
        return getattr(import_module(f"helpers.report.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'helpers.report' has no attribute {name!r}")
