"""Ending helper processes that stop by themselves when their stdin closes."""

from __future__ import annotations

import contextlib
import subprocess


def end_on_eof(process: subprocess.Popen, timeout: float = 5.0) -> None:
    """Close the child's stdin (it exits on end of input), wait for it, kill it if it does not
    exit within ``timeout`` seconds, and close its stdout: no zombie, no open pipe left."""
    if process.stdin is not None and not process.stdin.closed:
        with contextlib.suppress(OSError):  # it may be gone already (broken pipe)
            process.stdin.close()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()
