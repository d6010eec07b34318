"""papermill's cell durations read without dateutil's general parser: the same instants, and
papermill's own parser wherever the trick is off or untested."""

from __future__ import annotations

import datetime

import dateutil.parser
import papermill.engines
import pytest

from helpers.adapters import papermill_dates


@pytest.fixture(autouse=True)
def _fast_path(monkeypatch):
    """Every test starts on the fast path and leaves papermill as it found it."""
    monkeypatch.delenv(papermill_dates.ENV_PUBLIC_API, raising=False)
    monkeypatch.setattr(papermill.engines, "dateutil", papermill.engines.dateutil)


def test_a_start_time_papermill_wrote_is_the_instant_dateutil_reads():
    manager = papermill.engines.NotebookExecutionManager
    for start in (manager.now(None), datetime.datetime(2026, 1, 2, 3, 4, 5, 600,
                                                         tzinfo=datetime.UTC)):
        text = start.isoformat()
        ours, theirs = papermill_dates.parse(text), dateutil.parser.parse(text)
        assert ours == theirs == start
        end = start + datetime.timedelta(seconds=1.25)
        assert (end - ours).total_seconds() == (end - theirs).total_seconds() == 1.25
    # What Python does not read (a date in words) still goes to dateutil.
    assert papermill_dates.parse("29 Nov 2026 18:00") == datetime.datetime(2026, 11, 29, 18)


def test_install_points_papermill_at_the_trick_only_on_the_fast_path(monkeypatch):
    assert papermill_dates.install() is True
    assert papermill.engines.dateutil is papermill_dates.ISO_DATEUTIL
    monkeypatch.setenv(papermill_dates.ENV_PUBLIC_API, "iso-durations")
    assert papermill_dates.install() is False
    assert papermill.engines.dateutil.parser.parse is dateutil.parser.parse
    assert papermill_dates.fallbacks() == [
        "WORKBOOK_PUBLIC_API: cell durations are parsed by dateutil (same reports, slower)"]


def test_outside_the_tested_range_papermill_runs_as_installed(monkeypatch):
    assert papermill_dates.fast() and papermill_dates.fallbacks() == []
    assert not papermill_dates.in_tested_range("2.8.0")
    monkeypatch.setattr(papermill_dates, "installed_version", lambda: "2.6.0")
    assert papermill_dates.install() is False
    assert papermill.engines.dateutil.parser.parse is dateutil.parser.parse
    assert papermill_dates.fallbacks()[0].startswith(
        "papermill 2.6.0 is outside the tested range (>=2.7,<2.8)")
