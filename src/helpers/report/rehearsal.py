"""One report rehearsed in the kernel fork-server, so that the kernels it forks start warm.

A forked kernel runs the report's code for the first time in its own process: Python quickens
and specialises each function's bytecode as it first runs it, pandas and pyarrow set up their
conversion paths on first use, the charts shape their texts. Every kernel paid that again
(~13 ms of a BNNK report's ~250 ms of kernel CPU). The fork-server therefore opens one report
itself before it forks (:func:`rehearse`) and shows every part of every section, the output
thrown away: a unit without sub-units (most reports are a BNNK's) in the latest year the store
holds. What that leaves in the fork-server is warm code and memos keyed by value (a number's
format, a text's glyphs, a file's version), never a report's variables: each kernel opens its
own :class:`~helpers.report.report.Report`, and the notebook's own code runs only there.
"""

from __future__ import annotations

import contextlib
import os

from helpers.common.config import Paths, resolve_paths
from helpers.reference.registry import Registry
from helpers.report.report import Report
from helpers.report.sections import SECTIONS
from helpers.store.slices import Store


def rehearsal_unit(paths: Paths) -> tuple[str, int] | None:
    """The unit and year to rehearse: the latest year in the store, its first unit (by id)
    with no unit under it; None when the store has none."""
    registry = Registry.load(paths.reference_dir)
    years = Store(paths.store_dir, on_wait=None).years()
    if not years:
        return None
    for unit in sorted(registry.units(years[-1]), key=lambda u: u.unit_id):
        if not registry.children(unit.unit_id, years[-1]):
            return unit.unit_id, years[-1]
    return None


def rehearse() -> tuple[str, int] | None:
    """Open one report and show its figures and every part of :data:`SECTIONS` (what the
    notebook's cells show), discarding the output. Returns the unit and year rehearsed; None
    when there was nothing to rehearse or it failed. Never raises and prints nothing: it only
    saves the kernels time, and each kernel reads (and reports on) the same data and
    parameters itself."""
    try:
        paths = resolve_paths()
        found = rehearsal_unit(paths)
        if found is None:
            return None
        with open(os.devnull, "w", encoding="utf-8") as sink, \
                contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            report = Report.open(*found, data_dir=paths.data_dir, params_dir=paths.params_dir)
            report.publish()
            for section in SECTIONS:
                for part in section.functions():
                    part(report)
        return found
    except Exception:  # noqa: BLE001 - a rehearsal only saves time; the kernels report errors
        return None
