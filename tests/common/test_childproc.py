"""Ending a helper process by closing its input (no zombie, no open pipe, killed if it lingers),
and children that die with their parent, even when it is killed with SIGKILL."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import psutil
import pytest

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


# ---------------------------------------------------------------- dying with the parent

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl")

#: A parent that starts a tied grandchild (a long sleep), prints its PID, then waits.
PARENT = """
import subprocess, sys, time
from helpers.common.childproc import tied_to_this_process
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                         **tied_to_this_process())
print(child.pid, flush=True)
time.sleep(60)
"""


def _gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.02)
    return False


@linux_only
def test_a_tied_child_dies_when_its_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert not _gone(child, within=0.3)
    parent.send_signal(signal.SIGKILL)  # no clean-up of its own runs
    parent.wait()
    assert _gone(child)


@linux_only
def test_a_process_whose_parent_is_already_gone_is_signalled_at_once():
    code = ("from helpers.common.childproc import die_with_parent\n"
            "die_with_parent(9, parent=-1)\nprint('survived')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL and done.stdout == ""


def test_a_watched_parent_s_death_calls_back(tmp_path):
    """The fallback where the kernel cannot signal (macOS, Windows): a thread notices."""
    flag = tmp_path / "gone"
    watcher = (f"import os, time\nfrom helpers.common.childproc import watch_parent\n"
               f"watch_parent(os.getppid(), lambda: (open({str(flag)!r}, 'w').close(), "
               f"os._exit(0)), interval=0.05)\ntime.sleep(60)")
    code = (f"import subprocess, sys, time\n"
            f"subprocess.Popen([sys.executable, '-c', {watcher!r}])\n"
            f"print('started', flush=True)\ntime.sleep(60)")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout.readline() == "started\n"
    time.sleep(0.5)
    assert not flag.exists()
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while not flag.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists()
