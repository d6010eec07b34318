"""Ingesting unit submissions: the Excel form and CSV files, validated, into the store.

The flow reads as the modules: :mod:`.readers` find tables and rows, :mod:`.numbers` read
Indonesian numbers, dates and yes/no, :mod:`.validate` checks every row, :mod:`.quarantine` keeps
the rejected ones, :mod:`.commit` replaces the store's slices all at once and records the
submission in the store's register (:mod:`helpers.store.register`), :mod:`.template` makes the form,
:mod:`.pipeline` is the whole flow as one call (:func:`ingest`) and :mod:`.sample` writes the
bundled sample store. ``workbook ingest`` / ``workbook template`` are :mod:`helpers.cli.ingest`.

The names below are imported on first use: importing any one ingest module imports this package
first, and ``workbook sample`` (:mod:`.sample`) would otherwise also pay for the pipeline's
readers and openpyxl (~0.1 s).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from helpers.ingest.commit import recover
    from helpers.ingest.messages import Problem
    from helpers.ingest.pipeline import IngestReport, ingest
    from helpers.ingest.template import write_template

_EXPORTS = {
    "IngestReport": "pipeline", "ingest": "pipeline", "Problem": "messages",
    "recover": "commit",
    "write_template": "template",
}
__all__ = ["IngestReport", "Problem", "ingest", "recover", "write_template"]


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(import_module(f"helpers.ingest.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'helpers.ingest' has no attribute {name!r}")
