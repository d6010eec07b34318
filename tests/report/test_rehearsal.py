"""The report the kernel fork-server rehearses before it forks (helpers.report.rehearsal)."""

from __future__ import annotations

import sys
import threading

from helpers.reference.registry import Registry
from helpers.report import rehearsal
from helpers.report.report import Report
from helpers.report.sections import SECTIONS


def test_the_rehearsal_runs_a_unit_without_sub_units_of_the_latest_year_silently(
        paths, monkeypatch, capfd):
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(paths.data_dir))
    monkeypatch.setenv("WORKBOOK_PARAMS_DIR", str(paths.params_dir))
    called, parts = [], [("report", "publish")]
    publish = Report.publish
    monkeypatch.setattr(Report, "publish", lambda self: (
        called.append((self.unit.unit_id, self.year, "report", "publish")), publish(self))[1])
    for section in SECTIONS:
        for part, function in zip(section.parts, section.functions(), strict=True):
            parts.append((section.name, part))
            monkeypatch.setattr(section.module, part, lambda r, _f=function, _k=(
                section.name, part): (called.append((r.unit.unit_id, r.year, *_k)), _f(r))[1])
    threads = threading.active_count()
    result = rehearsal.rehearse()
    assert result is not None
    unit_id, year = result
    registry = Registry.load(paths.reference_dir)
    assert year == 2022 and not registry.children(unit_id, year)
    assert unit_id == min(u.unit_id for u in registry.units(year)
                          if not registry.children(u.unit_id, year))
    # Every part the notebook shows (tests/report/sections/test_sections.py), in its order.
    assert called == [(unit_id, year, *p) for p in parts] and len(parts) > 25
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")  # the fork-server's first line out must be its "ready"
    assert threading.active_count() == threads  # forking stays safe
    pyplot = sys.modules.get("matplotlib.pyplot")
    assert pyplot is None or not pyplot.get_fignums()


def test_a_rehearsal_that_fails_or_has_no_data_leaves_it_to_the_kernels(paths, data,
                                                                      monkeypatch, capfd):
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(paths.data_dir))
    monkeypatch.setenv("WORKBOOK_PARAMS_DIR", str(paths.params_dir))

    broke = []

    def broken(report):
        broke.append(report.unit.unit_id)
        print("half a section")
        raise RuntimeError("a section fails")

    monkeypatch.setattr(SECTIONS[1].module, "trend", broken)
    assert rehearsal.rehearse() is None and len(broke) == 1
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(data.data_dir))  # no store at all
    assert rehearsal.rehearse() is None
    assert capfd.readouterr() == ("", "")
