"""The kernel's side of ``batch-cells``: a forked kernel advertises it and runs a request's cells
in order, one end message a cell, stopping where the worker says; a plain kernel, or the trick
turned off, does not advertise it."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from helpers.adapters import ipykernel_batch
from helpers.build import kernels

needs_fork = pytest.mark.skipif(not kernels.fork_available(), reason="no fork on this platform")


@pytest.fixture(autouse=True)
def _fast_path(monkeypatch):
    monkeypatch.delenv("WORKBOOK_PUBLIC_API", raising=False)


def test_the_kernel_supports_it_only_where_tested_and_not_turned_off(monkeypatch):
    assert ipykernel_batch.supported()
    for off in ("batch-cells", "ipykernel", "1"):
        monkeypatch.setenv("WORKBOOK_PUBLIC_API", off)
        assert not ipykernel_batch.supported()
    monkeypatch.delenv("WORKBOOK_PUBLIC_API")
    monkeypatch.setattr(ipykernel_batch, "installed_version", lambda: "7.5.0")
    assert not ipykernel_batch.supported()


async def _batch(manager_class: type, cells: list[dict]) -> tuple[dict, list[dict], dict]:
    """Start a kernel, send ``cells`` in one request; the handshake's reply, every IOPub message
    of the cells (type, cell, content) up to the last end message, and the shell reply."""
    km = manager_class(kernel_name="python3")
    await km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        info = kc.handshake_info
        if info.get(ipykernel_batch.ADVERTISED) != ipykernel_batch.VERSION:
            return info, [], {}
        for cell in cells:
            cell["msg_id"] = uuid.uuid4().hex
        request = kc.session.msg(ipykernel_batch.REQUEST,
                                 {"cells": cells, "allow_error_names": ["KeyError"]})
        kc.shell_channel.send(request)
        reply = await kc.shell_channel.get_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != request["header"]["msg_id"]:
            reply = await kc.shell_channel.get_msg(timeout=60)  # the handshake's second reply
        ids = {cell["msg_id"]: index for index, cell in enumerate(cells)}
        seen: list[dict] = []
        while reply["content"]["cells"] > sum(m["type"] == ipykernel_batch.CELL_DONE
                                               for m in seen):
            msg = await kc.iopub_channel.get_msg(timeout=60)
            if msg["parent_header"].get("msg_id") in ids:
                seen.append({"type": msg["msg_type"], "cell": ids[msg["parent_header"]["msg_id"]],
                             "content": msg["content"]})
        return info, seen, reply
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


@needs_fork
def test_a_forked_kernel_runs_the_cells_in_order_and_stops_where_told():
    cells = [{"code": "x = 1\nprint('satu')"},
             {"code": "x + 1"},
             {"code": "1 / 0", "stop_on_error": False},
             {"code": "{}['kunci']", "stop_on_error": True},  # an allowed name: goes on
             {"code": "raise ValueError('berhenti')", "stop_on_error": True},
             {"code": "print('tidak dijalankan')"}]
    info, seen, reply = asyncio.run(_batch(kernels.kernel_manager_class(True), cells))
    assert info[ipykernel_batch.ADVERTISED] == ipykernel_batch.VERSION
    assert reply["msg_type"] == ipykernel_batch.REPLY and reply["content"]["cells"] == 5
    assert [(m["type"], m["cell"]) for m in seen] == [
        ("stream", 0), (ipykernel_batch.CELL_DONE, 0),
        ("execute_result", 1), (ipykernel_batch.CELL_DONE, 1),
        ("error", 2), (ipykernel_batch.CELL_DONE, 2),
        ("error", 3), (ipykernel_batch.CELL_DONE, 3),
        ("error", 4), (ipykernel_batch.CELL_DONE, 4)]
    done = [m["content"] for m in seen if m["type"] == ipykernel_batch.CELL_DONE]
    assert [d["execution_count"] for d in done] == [1, 2, 3, 4, 5]
    assert [d["reply"]["status"] for d in done] == ["ok", "ok", "error", "error", "error"]
    assert done[4]["reply"]["ename"] == "ValueError" and done[4]["reply"]["traceback"]
    for d in done:  # nbclient's four times, in order
        times = d["times"]
        assert sorted(times) == ["iopub.execute_input", "iopub.status.busy",
                                 "iopub.status.idle", "shell.execute_reply"]
        assert (times["iopub.status.busy"] <= times["iopub.execute_input"]
                <= times["shell.execute_reply"] <= times["iopub.status.idle"])
        assert times["iopub.status.idle"].endswith("Z")


@needs_fork
@pytest.mark.parametrize("fork,off", [(False, ""), (True, "batch-cells")],
                         ids=["plain-kernel", "turned-off"])
def test_a_plain_kernel_or_the_trick_turned_off_does_not_advertise_it(monkeypatch, fork, off):
    monkeypatch.setenv("WORKBOOK_PUBLIC_API", off)  # the forked kernel inherits it
    info, seen, _ = asyncio.run(_batch(kernels.kernel_manager_class(fork), [{"code": "1"}]))
    assert "protocol_version" in info and ipykernel_batch.ADVERTISED not in info
    assert seen == []
