"""Child processes that end with their parent: closed by end of input, and on Linux killed by
the kernel the moment the process that started them dies, even by SIGKILL.

A build is a tree of processes (workers, a kernel fork-server and its kernels, a pandoc per
worker). ``kill -9`` of the build runs none of its clean-up, so each child asks the Linux kernel
for a signal when its parent dies (``prctl(PR_SET_PDEATHSIG)``): the tree falls from the top
down, whatever killed it. Elsewhere (macOS, Windows) :func:`watch_parent` is the fallback a
long-lived Python child can run.

The signal comes when the *thread* that started the child ends, not the process: start these
children from a thread that lives as long as they must (the main thread, a worker's thread).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

PR_SET_PDEATHSIG = 1


def _prctl() -> Any:
    """libc's ``prctl`` on Linux (called with the GIL held: safe in a ``preexec_fn``), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.PyDLL(None).prctl
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                         ctypes.c_ulong]
    function.restype = ctypes.c_int
    return function


_PRCTL = _prctl()


def die_with_parent(signum: int = signal.SIGKILL, parent: int | None = None) -> bool:
    """Have the kernel send ``signum`` to this process when its parent dies (Linux).

    ``parent``: the process expected to be the parent. If it died before this call (this
    process was already adopted), the signal is sent at once. False where the platform has no
    such signal (the caller may :func:`watch_parent` instead).
    """
    if _PRCTL is None:
        return False
    _PRCTL(PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signum)
    return True


def tied_to_this_process() -> dict[str, Any]:
    """``subprocess.Popen`` keyword arguments that kill the child (SIGKILL) when the calling
    thread's process dies; none where the platform cannot (see :func:`die_with_parent`)."""
    if _PRCTL is None:
        return {}
    return {"preexec_fn": partial(die_with_parent, signal.SIGKILL, os.getpid())}


def watch_parent(parent: int, on_gone: Callable[[], None], interval: float = 0.5) -> None:
    """Call ``on_gone`` (in a daemon thread) once this process's parent ``parent`` has died: the
    portable fallback to :func:`die_with_parent`, checked every ``interval`` seconds."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        on_gone()

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


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
