"""The kernel fork-server: a warm, frozen heap for every kernel, and the wire protocol's promises
(an exit reported at once, a kernel killed when its client or the server's parent goes away)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.build import forkserver, kernels
from kernel_support import handshake

needs_fork = pytest.mark.skipif(not kernels.fork_available(), reason="no fork on this platform")


def _gone(pid: int, within: float = 10.0) -> bool:
    """True once ``pid`` is no longer a live process (gone, or a zombie nobody reaped yet)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


def _fork_kernel(server: kernels.ForkServer, tmp_path: Path) -> forkserver.ForkedProcess:
    from jupyter_client.connect import write_connection_file

    connection_file, _ = write_connection_file(str(tmp_path / "kernel.json"))
    return forkserver.ForkedProcess(server.address, connection_file, None, dict(os.environ))


def test_fork_server_reports_a_kernels_exit_as_soon_as_it_is_reaped(tmp_path):
    """SIGCHLD wakes the server: shutting a kernel down never waits for a polling interval."""
    if not kernels.fork_available():
        pytest.skip("no fork on this platform")
    from jupyter_client.connect import write_connection_file

    server = kernels.ForkServer().wait_ready()
    try:
        connection_file, _ = write_connection_file(str(tmp_path / "kernel.json"))
        process = forkserver.ForkedProcess(server.address, connection_file, None,
                                           dict(os.environ))
        process.kill()  # at once: the child may not lead its own process group yet
        # The server's loop has no timeout: without the wake-up this report would never come.
        assert process.wait(timeout=10) == -9
        assert process.cpu_seconds is not None
    finally:
        server.stop()


def test_forked_kernels_inherit_a_frozen_warm_heap():
    """The fork-server freezes what it imported: kernels' collections never walk (and copy) it."""
    if not kernels.fork_available():
        pytest.skip("no fork on this platform")
    probe = ("import gc, sys; from helpers.adapters import matplotlib_svg; "
             "from helpers.report import glyphs; "
             "print(gc.get_freeze_count(), "
             f"all(m in sys.modules for m in {forkserver._STARTED_LAZILY!r}), "
             "matplotlib_svg.font_files_in_memory(), glyphs.texts_cached())")
    _, printed = asyncio.run(handshake(kernels.kernel_manager_class(True), probe))
    frozen, imported, font_files, texts = printed[0].split()
    assert int(frozen) > 10_000  # pandas, matplotlib, ipykernel…: over 100,000 objects
    assert imported == "True"  # what kernels would import lazily came with the fork
    assert int(font_files) >= 2  # the report fonts' bytes (regular, bold): no file read
    assert int(texts) >= 24  # the charts' month names and digits, shaped once in the server


@needs_fork
def test_a_kernel_whose_client_disconnects_is_killed_and_the_server_keeps_serving(tmp_path):
    server = kernels.ForkServer().wait_ready()
    try:
        first = _fork_kernel(server, tmp_path)
        assert first.poll() is None and not _gone(first.pid, within=0.2)  # running, no report
        first._sock.close()  # the client goes away without a word
        assert _gone(first.pid)
        second = _fork_kernel(server, tmp_path)  # one client's departure ends only its kernel
        assert second.pid != first.pid and second.poll() is None
        second.kill()
        assert second.wait(timeout=10) == -9
    finally:
        server.stop()


@needs_fork
def test_a_fork_server_whose_parent_goes_away_kills_every_kernel_and_exits(tmp_path):
    server = kernels.ForkServer().wait_ready()
    process = _fork_kernel(server, tmp_path)
    assert process.poll() is None
    server.stop()  # closes the server's stdin, as the parent's death would
    assert server.process.returncode is not None and server.process.returncode != -9
    assert _gone(process.pid)
    assert process.wait(timeout=10) == -9  # no exit report: the client counts it killed


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")
def test_kill_group_reaches_the_whole_group_and_ignores_a_process_already_gone():
    leader = subprocess.Popen(
        [sys.executable, "-c",
         "import subprocess, sys, time; "
         "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
         "print(child.pid, flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        child = int(leader.stdout.readline())
        forkserver.kill_group(leader.pid)
        assert leader.wait(timeout=10) == -signal.SIGKILL
        assert _gone(child)  # the leader's child was in its group: killed with it
        forkserver.kill_group(leader.pid)  # reaped already: nothing to signal, no error
    finally:
        leader.kill()
        leader.wait()
        leader.stdout.close()


@needs_fork
def test_a_forked_kernel_builds_no_log_record_its_handlers_would_drop():
    """traitlets leaves the app's logger at DEBUG behind WARNING handlers: a forked kernel's
    logger stands at its handlers' level, so the debug records of every message are never made
    (what the handlers print is the same)."""
    probe = ("k = get_ipython().kernel; "
             "print(k.log.getEffectiveLevel(), min(h.level for h in k.log.handlers))")
    _, printed = asyncio.run(handshake(kernels.kernel_manager_class(True), probe))
    level, handlers = printed[0].split()
    assert level == handlers == "30"  # logging.WARNING


@needs_fork
@pytest.mark.parametrize("public", ["", "ipykernel,iso-dates"])
def test_a_forked_kernel_starts_through_the_adapters_unless_they_are_off(public, monkeypatch):
    """Every kernel: the application that skips parsing its empty command line, the kernel
    whose shell reads a cell once, the messages' dates parsed by the standard library; with
    ``WORKBOOK_PUBLIC_API`` naming them, ipykernel's and jupyter_client's own."""
    monkeypatch.setenv("WORKBOOK_PUBLIC_API", public)  # the kernel's environment, per request
    probe = ("from ipykernel.kernelapp import IPKernelApp; from jupyter_client import jsonutil; "
             "print(type(IPKernelApp.instance()).__name__, type(get_ipython()).__name__, "
             "jsonutil._dateutil_parse.__name__)")
    _, printed = asyncio.run(handshake(kernels.kernel_manager_class(True), probe))
    expected = ("IPKernelApp ZMQInteractiveShell isoparse" if public else
                "EmptyArgvKernelApp CellOnceShell parse_iso_date")
    assert printed[0].strip() == expected
