"""nbclient behind one door, the worker's side of ``batch-cells``: a report's cells in one request.

nbclient sends each code cell as its own ``execute_request`` and reads, for each, the kernel's
busy status, the echoed input, the outputs, the idle status and the reply; most of a cell's
protocol cost, in the kernel and in the worker, is those messages, not the cell's code. When
the kernel says it can (its ``kernel_info_reply`` holds :data:`ADVERTISED`: a forked kernel,
:mod:`helpers.adapters.ipykernel_batch`), :func:`start` sends every cell nbclient would run
(code, not empty, no ``skip-execution`` tag) in one request, each with its own ``msg_id``, and
says per cell whether its error stops the report (nbclient's ``allow_errors``,
``allow_error_names``, ``force_raise_errors``, the ``raises-exception`` tag). papermill's loop
(:mod:`helpers.adapters.papermill_loop`) then awaits each cell in order with
:meth:`BatchRun.execute_cell`, which does what nbclient's ``async_execute_cell`` does with what
the kernel sends: the outputs through the client's own ``process_message`` (papermill's:
clear_output, display ids, streams, its autosave), the streams merged as nbclient merges them,
the execution count, ``metadata.execution``'s four times (the kernel's, from the cell's
:data:`CELL_DONE` message), and nbclient's own ``_check_raise_for_error`` (the same
``CellExecutionError``). A cell's timeout is nbclient's (its own ``_async_handle_timeout``:
the same ``CellTimeoutError``), a dead kernel its ``DeadKernelError``.

Only where nothing depends on the per-cell messages themselves: no ``on_cell_*`` hook, no
interrupt on timeout (papermill sets neither); otherwise, with an untested nbclient, or when
``WORKBOOK_PUBLIC_API`` names ``batch-cells``, ``nbclient`` or ``papermill`` (or is
``1``/``all``), every cell is its own request as before, and :func:`fallbacks` says so.
Importing this module imports only the standard library.
"""

from __future__ import annotations

import functools
import importlib.metadata
import time
import uuid
from queue import Empty
from typing import Any

from helpers.adapters import versions
from helpers.adapters.ipykernel_batch import ADVERTISED, CELL_DONE, REQUEST, VERSION, now

LIBRARIES = ("nbclient", "papermill")
#: The versions the trick was tested with (uv.lock), per library: from the first, below the second.
TESTED = {"nbclient": ((0, 11), (0, 12)), "papermill": ((2, 7), (2, 8))}
TRICKS = ("batch-cells",)
ENV_PUBLIC_API = versions.ENV_PUBLIC_API
#: The client's per-cell hooks, each of which would need the per-cell messages.
CELL_HOOKS = ("on_cell_start", "on_cell_execute", "on_cell_complete", "on_cell_executed",
              "on_cell_error")
#: How often (s) a silent kernel is asked whether it lives (nbclient's own poll: 1 s).
ALIVE_POLL = 1.0


@functools.cache
def installed_version(library: str) -> str:
    """``library``'s installed version, from its distribution's metadata (no import of it)."""
    return importlib.metadata.version(library)


def in_tested_range(found: dict[str, str] | None = None) -> bool:
    """True when every library's version (default: the installed ones) was tested."""
    found = found or {name: installed_version(name) for name in LIBRARIES}
    return all(versions.in_range(found[name], TESTED[name]) for name in LIBRARIES)


def public_api_requested() -> bool:
    """True when ``WORKBOOK_PUBLIC_API`` turns the trick off (tests and the bench compare)."""
    return any(versions.public_api_requested(TRICKS[0], name) for name in LIBRARIES)


def fast() -> bool:
    """Whether the trick is used where a kernel offers it: tested versions, not turned off."""
    return in_tested_range() and not public_api_requested()


def fallbacks() -> list[str]:
    """What the worker does without the trick, for the build log (empty: nothing)."""
    return versions.fallback_notes(
        ", ".join(f"{name} {installed_version(name)}" for name in LIBRARIES), TESTED,
        in_tested_range(), public_api_requested(), "each cell of a report is its own kernel "
        "request (same reports, slower)")


def offered(client: Any) -> bool:
    """Whether ``client`` (an nbclient ``NotebookClient`` with its kernel started) may run its
    cells in one request: the kernel advertised it, the trick is on, no hook or interrupt."""
    info = getattr(client.kc, "handshake_info", None) or {}
    return (info.get(ADVERTISED) == VERSION and fast() and not client.interrupt_on_timeout
            and all(getattr(client, hook) is None for hook in CELL_HOOKS))


def start(client: Any) -> BatchRun | None:
    """Send ``client``'s runnable cells in one request where :func:`offered`; None otherwise
    (the caller runs each cell with nbclient's ``async_execute_cell``)."""
    return BatchRun(client) if offered(client) else None


class BatchRun:
    """One request's cells, awaited in order (:meth:`execute_cell`) as nbclient awaits one."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.ids: dict[int, str] = {}
        self.count = 0  # the kernel's execution count after the last cell done (a new kernel)
        cells = []
        for index, cell in enumerate(client.nb.cells):
            if not runnable(client, cell):
                continue
            self.ids[index] = msg_id = uuid.uuid4().hex
            cells.append({"msg_id": msg_id, "code": cell.source, "store_history": True,
                          "allow_stdin": client.kc.allow_stdin,
                          "stop_on_error": not allows_errors(client, cell)})
        names = [] if client.force_raise_errors else list(client.allow_error_names)
        kc = client.kc
        kc.shell_channel.send(kc.session.msg(REQUEST, {"cells": cells,
                                                       "allow_error_names": names}))

    async def execute_cell(self, cell: Any, cell_index: int) -> Any:
        """nbclient's ``async_execute_cell`` for a cell of the request, from its messages."""
        client = self.client
        msg_id = self.ids.get(cell_index)
        if msg_id is None:  # a cell nbclient skips (not code, empty, skip-execution)
            return cell
        if client.record_timing:  # the worker's times until the kernel's arrive (break-off)
            started = now()
            cell["metadata"]["execution"] = {"iopub.status.busy": started,
                                             "iopub.execute_input": started}
        cell["execution_count"] = self.count + 1  # the kernel's next, as execute_input gives
        client.code_cells_executed += 1
        cell.outputs = []
        client.clear_before_next_output = False
        done, counted = await self._outputs(cell, cell_index, msg_id)
        content = done["content"]
        self.count = content["execution_count"]
        if not counted:  # no execute_result: execute_input's count is the cell's
            cell["execution_count"] = self.count
        if client.record_timing:
            cell["metadata"]["execution"] = dict(content["times"])
        if client.coalesce_streams and cell.outputs:
            cell.outputs = coalesced(cell.outputs)
        reply = {"header": {"msg_type": "execute_reply"}, "msg_type": "execute_reply",
                 "parent_header": {"msg_id": msg_id}, "content": content["reply"]}
        await client._check_raise_for_error(cell, cell_index, reply)
        client.nb["cells"][cell_index] = cell
        return cell

    async def _outputs(self, cell: Any, cell_index: int, msg_id: str) -> tuple[dict, bool]:
        """Process the cell's IOPub messages up to its :data:`CELL_DONE` message (returned,
        with whether an output set the execution count); nbclient's timeout and dead-kernel
        errors while waiting."""
        client = self.client
        iopub = client.kc.iopub_channel
        timeout = client._get_timeout(cell)
        deadline = None if timeout is None else time.monotonic() + timeout
        counted = False
        while True:
            wait = ALIVE_POLL if deadline is None else min(
                ALIVE_POLL, max(0.0, deadline - time.monotonic()))
            try:
                msg = await iopub.get_msg(timeout=wait)
            except Empty:
                await client._async_check_alive()  # DeadKernelError("Kernel died")
                if deadline is not None and time.monotonic() >= deadline:
                    await client._async_handle_timeout(timeout, cell)  # CellTimeoutError
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == CELL_DONE:
                return msg, counted
            counted = counted or "execution_count" in msg["content"]
            client.process_message(msg, cell, cell_index)


def runnable(client: Any, cell: Any) -> bool:
    """Whether nbclient's ``async_execute_cell`` sends ``cell`` to the kernel."""
    return (cell.cell_type == "code" and bool(cell.source.strip())
            and client.skip_cells_with_tag not in cell.metadata.get("tags", []))


def allows_errors(client: Any, cell: Any) -> bool:
    """nbclient's ``cell_allows_errors`` before the reply (its ``stop_on_error``)."""
    return (not client.force_raise_errors) and (
        client.allow_errors or "raises-exception" in cell.metadata.get("tags", []))


def coalesced(outputs: list[Any]) -> list[Any]:
    """A cell's outputs with its streams merged, as nbclient's ``async_execute_cell`` merges
    them (``coalesce_streams``): one output per stream name, ``\\b`` and ``\\r`` applied,
    stdout before an adjacent stderr."""
    from nbclient.client import _RGX_BACKSPACE, _RGX_CARRIAGERETURN  # lazy: the module docstring

    merged = []
    streams: dict[str, Any] = {}
    for output in outputs:
        if output["output_type"] == "stream":
            if output["name"] in streams:
                streams[output["name"]]["text"] += output["text"]
            else:
                merged.append(output)
                streams[output["name"]] = output
        else:
            merged.append(output)
    for output in streams.values():
        old = output["text"]
        while len(output["text"]) < len(old):
            old = output["text"]
            output["text"] = _RGX_BACKSPACE.sub("", output["text"])
        output["text"] = _RGX_CARRIAGERETURN.sub("", output["text"])
    for i, output in enumerate(merged):
        if output["output_type"] == "stream" and output["name"] == "stderr" and (
                len(merged) >= i + 2 and merged[i + 1]["output_type"] == "stream"
                and merged[i + 1]["name"] == "stdout"):
            merged.insert(i, merged.pop(i + 1))
    return merged
