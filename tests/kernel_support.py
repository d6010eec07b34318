"""A real kernel's start-up, shared by the kernel and fork-server tests (no tests of its own)."""

from __future__ import annotations

from queue import Empty

import zmq

from helpers.build import kernels


async def handshake(manager_class: type, code: str = "import os; print('ready', os.getpid())"
                     ) -> tuple[list[str], list[str]]:
    """Start a real kernel, wait until ready, run one cell; what IOPub timeouts and output gave."""
    km = manager_class(kernel_name="python3")
    await km.start_kernel()
    kc = km.client()
    assert isinstance(kc, kernels.PromptKernelClient)
    kc.start_channels()
    # A refused connection (the kernel not listening yet) is retried within milliseconds.
    assert kc.shell_channel.socket.getsockopt(zmq.RECONNECT_IVL) == kernels.RECONNECT_MS
    reads: list[str] = []
    get_msg = kc.iopub_channel.get_msg

    async def counting_get_msg(*args, **kwargs):
        try:
            msg = await get_msg(*args, **kwargs)
        except Empty:
            reads.append("silent")
            raise
        reads.append(msg["msg_type"])
        return msg

    kc.iopub_channel.get_msg = counting_get_msg
    during_start: list[str] = []
    printed = await run_cell(km, kc, code, lambda: during_start.extend(reads))
    return during_start, printed


async def run_cell(km, kc, code: str, when_ready=lambda: None) -> list[str]:
    """Wait until the started kernel is ready, run one cell, shut the kernel down; what the
    cell printed. ``when_ready`` is called once the kernel is ready, before the cell runs."""
    try:
        await kc.wait_for_ready(timeout=60)
        when_ready()
        printed: list[str] = []
        reply = await kc.execute_interactive(
            code, timeout=60,
            output_hook=lambda msg: printed.extend(
                [msg["content"]["text"]] if msg["msg_type"] == "stream" else []))
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
    return printed
