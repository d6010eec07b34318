"""Kernel start-up: the ready handshake ends on the kernel's own "idle", never on a timeout."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import pytest

from helpers.adapters import jupyter_kernels
from helpers.build import kernels
from kernel_support import handshake, run_cell


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "plain"])
def test_kernel_is_ready_on_its_idle_status_without_waiting_for_silence(fork):
    if fork and not kernels.fork_available():
        pytest.skip("no fork on this platform")
    manager = kernels.kernel_manager_class(fork)
    reads, printed = asyncio.run(handshake(manager))
    # jupyter_client's own handshake always ends with a 0.2 s IOPub read that times out. A read
    # may time out earlier if IOPub connected late (the request is then sent again), not last.
    assert reads and reads[-1] == "status"
    assert len(printed) == 1 and printed[0].startswith("ready ")


def test_iopub_idle_after_waits_for_its_own_request_and_reports_silence():
    async def run() -> tuple[bool, bool]:
        km = kernels.kernel_manager_class(False)(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            kc.execute("1 + 1")
            others = await kc._iopub_idle_after({"another-request"})  # reads past its idle
            ours = await kc._iopub_idle_after({kc.execute("2 + 2")})
            return others, ours
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    others, ours = asyncio.run(run())
    assert others is False
    assert ours is True


def test_a_late_iopub_subscription_asks_again_instead_of_waiting_for_silence():
    """A client that subscribes after the kernel's statuses went out hears only the welcome."""

    async def run() -> tuple[bool, list[str]]:
        km = kernels.kernel_manager_class(False)(kernel_name="python3")
        await km.start_kernel()
        shell = km.client()  # no IOPub: the kernel starts and answers with nobody subscribed
        shell.start_channels(iopub=False, stdin=False, hb=False, control=False)
        late = km.client()
        try:
            shell.kernel_info()
            reply = await shell.shell_channel.get_msg(timeout=60)
            assert reply["msg_type"] == "kernel_info_reply"
            late.start_channels()  # the first subscriber, after every status went out
            requests: set[str] = set()
            # jupyter_client would read the welcome, then wait out 0.2 s of silence: False, and
            # nothing would ever be asked. A loaded machine may subscribe after a silence: retry.
            idle = False
            for _ in range(50):
                idle = await late._iopub_idle_after(requests)
                if idle:
                    break
            return idle, sorted(requests)
        finally:
            late.stop_channels()
            shell.stop_channels()
            await km.shutdown_kernel(now=True)

    idle, requests = asyncio.run(run())
    assert idle is True
    assert len(requests) == 1  # the kernel_info sent on the welcome, whose idle ended the wait


def test_a_worker_whose_borrowed_fork_server_died_starts_its_own(monkeypatch):
    if not kernels.fork_available():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(kernels, "_BORROWED", None)
    borrowed = kernels.ForkServer().wait_ready()
    kernels.borrow_server(borrowed.address)
    assert kernels.kernel_manager_class(True).server_address == borrowed.address
    borrowed.stop()
    address = kernels.kernel_manager_class(True).server_address
    assert address != borrowed.address and address == kernels.shared_server().address
    assert kernels.server_in_use()["borrowed"] is None


@pytest.fixture()
def _fast_path(monkeypatch):
    monkeypatch.delenv(jupyter_kernels.ENV_PUBLIC_API, raising=False)


@pytest.mark.usefixtures("_fast_path")
def test_a_jupyter_client_outside_the_tested_range_gets_its_own_classes_and_a_message(
        monkeypatch):
    assert jupyter_kernels.in_tested_range()  # pyproject.toml bounds it: the normal case
    assert jupyter_kernels.fallbacks() == []
    assert issubclass(kernels.kernel_manager_class(False), kernels.TrackedKernelManager)
    monkeypatch.setattr(jupyter_kernels, "installed_version", lambda: "8.11.0")
    from jupyter_client.manager import AsyncKernelManager

    for fork in (True, False):
        assert kernels.kernel_manager_class(fork) is AsyncKernelManager
    (message,) = jupyter_kernels.fallbacks()
    assert "jupyter-client 8.11.0 is outside the tested range (>=8.10,<8.11)" in message


def test_a_kernel_started_through_the_public_fallback_runs_a_cell(monkeypatch):
    """WORKBOOK_PUBLIC_API=1: jupyter_client's own manager and client, unmodified, run a cell."""
    monkeypatch.setenv(jupyter_kernels.ENV_PUBLIC_API, "1")
    manager_class = kernels.kernel_manager_class(kernels.fork_available())
    assert jupyter_kernels.fallbacks() == [
        "WORKBOOK_PUBLIC_API: reports run in jupyter_client's own plain kernels "
        "(same reports, slower)",
        "WORKBOOK_PUBLIC_API: the kernels' message dates are parsed by dateutil "
        "(same reports, slower)"]

    async def run() -> tuple[type, type, list[str]]:
        km = manager_class(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        printed = await run_cell(km, kc, "print(6 * 7)")
        return type(km), type(kc), printed

    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager

    manager_type, client_type, printed = asyncio.run(run())
    assert manager_type is AsyncKernelManager and client_type is AsyncKernelClient
    assert printed == ["42\n"]


@pytest.mark.usefixtures("_fast_path")
def test_plain_kernels_are_tracked_through_the_provisioner_until_cleaned_up():
    """A stopping worker kills the kernels it started: the provisioner registers each one."""
    seen: list[bool] = []

    async def run() -> None:
        km = kernels.kernel_manager_class(False)(kernel_name="python3")
        await km.start_kernel()
        assert isinstance(km.provisioner, kernels.TrackedProvisioner)
        seen.append(km.provisioner.pgid in kernels._LIVE_PGIDS)
        pgid = km.provisioner.pgid
        await km.shutdown_kernel(now=True)
        seen.append(pgid in kernels._LIVE_PGIDS)

    asyncio.run(run())
    assert seen == [True, False]


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "plain"])
def test_a_client_its_manager_made_starts_no_heartbeat_and_still_sees_its_kernel_die(fork):
    """Whether the kernel lives is the manager's answer (jupyter_client's ``is_alive``): the
    heartbeat thread was never asked, so it is not started; a killed kernel is still seen."""
    if fork and not kernels.fork_available():
        pytest.skip("no fork on this platform")

    async def run() -> tuple[object, bool, bool]:
        km = kernels.kernel_manager_class(fork)(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            heartbeat, alive = kc._hb_channel, await kc.is_alive()
            os.kill(km.provisioner.pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while await kc.is_alive() and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            return heartbeat, alive, await kc.is_alive()
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    heartbeat, alive_before, alive_after = asyncio.run(run())
    assert heartbeat is None
    assert alive_before is True and alive_after is False
