"""The report's sections, one small module each, in the order the report shows them.

Each module says at its top what its section shows and where its numbers come from, and its
functions take an open :class:`helpers.report.report.Report` and return the section's Markdown
(an ``IPython.display.Markdown``) or display a chart. So an analyst can read one section in one
sitting and reuse it from a notebook cell of their own::

    from helpers.report import Report
    from helpers.report.sections import rehabilitation

    report = Report.open("bnnk-palembang", 2024)
    rehabilitation.tables(report)        # just the suppressed breakdowns
    rehabilitation.month_chart(report)

The report notebook itself calls the one-line methods of ``Report`` (``report.rehab()``,
``report.rehab_month_chart()`` …), which hand over to these functions, so it did not change.

:data:`SECTIONS` lists the sections in report order and, for each, the functions the report
calls, in order: what the notebook's cells show, one after another. A section whose first part
opens with a ``###`` heading (asesmen terpadu and SKHPN, pemberdayaan) continues the chapter
before it. A chart comes right after the table or sentence it draws, so the printed page holds
both instead of leaving a chart alone on a page. A new chart or table is a
function in its section's module, its name in :data:`SECTIONS`, a one-line method on ``Report``
and a notebook cell calling it; tests/report/sections/test_sections.py checks that the registry
and the notebook show the same things in the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from helpers.report.sections import (
    assessment,
    community,
    data_notes,
    enforcement,
    kinerja,
    narrative,
    outreach,
    rehabilitation,
    subunits,
    summary,
)


@dataclass(frozen=True)
class Section:
    """One section of the report: its module and the functions the report shows, in order."""

    name: str
    module: ModuleType
    #: Names of the module's functions the report calls, in the order it shows them. The first
    #: returns the section's Markdown (heading included); the others are charts or sub-tables.
    parts: tuple[str, ...]

    def functions(self) -> list[Callable[[Any], Any]]:
        """The parts as functions of the report, ready to call in order."""
        return [getattr(self.module, part) for part in self.parts]


SECTIONS: tuple[Section, ...] = (
    Section("summary", summary, ("section",)),
    Section("enforcement", enforcement,
            ("section", "cases_chart", "seizures", "seizures_chart", "trend", "trend_chart")),
    Section("rehabilitation", rehabilitation,
            ("section", "services_chart", "month_table", "month_chart", "client_tables")),
    Section("assessment", assessment, ("section", "skhpn")),
    Section("outreach", outreach,
            ("section", "activity_chart", "sector_table", "sector_chart", "urine_tests")),
    Section("community", community, ("section",)),
    Section("kinerja", kinerja, ("section", "chart")),
    Section("subunits", subunits, ("section", "chart", "map")),
    Section("narrative", narrative, ("section",)),
    Section("data_notes", data_notes, ("section",)),
)

__all__ = ["SECTIONS", "Section", "assessment", "community", "data_notes", "enforcement",
           "kinerja", "narrative", "outreach", "rehabilitation", "subunits", "summary"]
