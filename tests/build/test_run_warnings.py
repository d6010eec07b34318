"""Warnings about outputs a report does not show travel from a run's result to the run log and
the build summary (helpers.build.run, helpers.build.batch)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from helpers.build.batch import BuildSummary, warning_line, write_log
from helpers.build.run import RunResult

WARNING = {"cell": 26, "kind": "application/javascript",
           "message": "this kind of output cannot be placed in the report; not shown"}


def _ok(warnings):
    return RunResult("bnnk-lubuklinggau", 2022, "ok", 1.0, warnings=warnings)


def test_the_run_log_carries_each_runs_warnings(tmp_path):
    log = write_log(tmp_path, datetime(2024, 1, 1, tzinfo=UTC), [_ok([WARNING]), _ok([])])
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert records[0]["status"] == "ok" and records[0]["warnings"] == [WARNING]
    assert records[1]["warnings"] == []


def test_the_summary_names_unit_cell_and_kind():
    summary = BuildSummary([_ok([WARNING]), _ok([])], 1.0, None)
    assert summary.warnings == [
        "2022 bnnk-lubuklinggau, cell 26 (application/javascript): this kind of output cannot "
        "be placed in the report; not shown"]
    assert warning_line(_ok([]), {"kind": "stderr", "message": "m"}).startswith(
        "2022 bnnk-lubuklinggau (stderr): m")
