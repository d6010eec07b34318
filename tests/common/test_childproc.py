"""Ending a helper process by closing its input: no zombie, no open pipe, killed if it lingers."""

from __future__ import annotations

import subprocess
import sys

from helpers.common.childproc import end_on_eof


def _child(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)


def test_a_child_that_stops_at_end_of_input_exits_by_itself():
    process = _child("import sys; sys.stdin.read(); sys.exit(3)")
    end_on_eof(process)
    assert process.returncode == 3  # it exited on its own, with its own status
    assert process.stdin.closed and process.stdout.closed


def test_a_child_that_ignores_end_of_input_is_killed_after_the_timeout():
    process = _child("import time; time.sleep(60)")
    end_on_eof(process, timeout=0.5)
    assert process.returncode == -9
    assert process.stdin.closed and process.stdout.closed


def test_a_child_already_gone_is_ended_without_error():
    process = _child("pass")
    process.wait()
    end_on_eof(process)  # its stdin is a broken pipe now: closing it must not raise
    assert process.returncode == 0 and process.stdout.closed
    end_on_eof(process)  # twice is harmless
