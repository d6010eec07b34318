"""ipykernel behind one door, the kernel's side of ``batch-cells``: a report's cells in one request.

Every cell of a report is one ``execute_request``, and the Jupyter protocol answers each with
``status: busy``, ``execute_input``, the outputs, ``status: idle`` on IOPub and an
``execute_reply`` on the shell channel, each through ipykernel's threads: ~23 context switches a
cell even when it prints nothing, and as many messages for the worker to read. A forked kernel's
class (:func:`batch_kernel` over :mod:`helpers.adapters.ipykernel_cells`' choice) also handles
:data:`REQUEST`: the notebook's code cells, each with the ``msg_id`` the worker gave it. It runs
them in order, each through ipykernel's own ``do_execute`` (IPython's transforms, magics,
display hook, execution count, streams, display data and errors exactly as for an
``execute_request``) with the cell's own parent header, so every output names its cell; after
each it publishes one :data:`CELL_DONE` message on IOPub (the reply's content, the
``execute_input`` count and the four times nbclient records, taken when the messages they stand
for would have been made). It stops after a cell whose error the worker says stops the report,
then replies once on the shell channel. The kernel advertises it in its ``kernel_info_reply``
(:data:`ADVERTISED`); the worker's side is :mod:`helpers.adapters.nbclient_batch`.

Used only with the ipykernel versions it was tested with (:data:`TESTED`) and unless
``WORKBOOK_PUBLIC_API`` names ``batch-cells`` or ``ipykernel`` (or is ``1``/``all``): otherwise
the kernel does not advertise it and every cell is its own ``execute_request``. Importing this
module imports only the standard library.
"""

from __future__ import annotations

import datetime
import functools
import importlib.metadata
import sys
import threading
from typing import Any

from helpers.adapters import versions

LIBRARY = "ipykernel"
TRICK = "batch-cells"
#: The versions the kernel's side was tested with (uv.lock): from the first, below the second.
TESTED = ((7, 4), (7, 5))
#: The shell request and its reply, and the IOPub message that ends each cell.
REQUEST = "workbook_execute_cells_request"
REPLY = "workbook_execute_cells_reply"
CELL_DONE = "workbook_cell_done"
#: The ``kernel_info_reply`` key that says the kernel handles :data:`REQUEST` (its version).
ADVERTISED = "workbook_batch_cells"
VERSION = 1
#: nbclient's format for the times of ``cell.metadata.execution`` (``nbclient.client.timestamp``).
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
#: How long (s) a cell's end waits for the IOPub thread at most (ipykernel's flush timeout).
SEND_TIMEOUT = 10.0


@functools.cache
def installed_version() -> str:
    """ipykernel's installed version, from its distribution's metadata (no import of it)."""
    return importlib.metadata.version(LIBRARY)


def supported() -> bool:
    """Whether this kernel handles and advertises :data:`REQUEST`: a tested ipykernel, not
    turned off (read in the kernel, whose environment is the worker's)."""
    return (versions.in_range(installed_version(), TESTED)
            and not versions.public_api_requested(TRICK, LIBRARY))


def now() -> str:
    """This instant as nbclient writes a message's time (UTC, microseconds, ``Z``)."""
    return datetime.datetime.now(datetime.UTC).strftime(TIME_FORMAT)


@functools.cache
def batch_kernel(base: type) -> type:
    """``base`` (an ipykernel ``IPythonKernel`` class) that also runs :data:`REQUEST`."""
    from ipykernel.jsonutil import json_clean  # lazy: see the module docstring

    class BatchCellsKernel(base):  # type: ignore[misc, valid-type]
        """ipykernel's kernel; a notebook's cells may come in one request (this module)."""

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.shell_handlers[REQUEST] = self.workbook_execute_cells_request

        @property
        def kernel_info(self) -> dict[str, Any]:
            return {**super().kernel_info, ADVERTISED: VERSION}

        async def workbook_execute_cells_request(self, stream: Any, ident: Any,
                                                 parent: dict[str, Any]) -> None:
            """Run the request's cells in order as ``execute_request`` runs one; stop after an
            error that stops the report; reply once."""
            content = parent["content"]
            allowed = set(content.get("allow_error_names") or ())
            ran = 0
            try:
                for cell in content["cells"]:
                    ran += 1
                    reply = await self._run_cell(ident, parent, cell)
                    if (reply["status"] == "error" and cell.get("stop_on_error", True)
                            and reply.get("ename") not in allowed):
                        break
            finally:
                self.set_parent(ident, parent, channel="shell")
            self.session.send(stream, REPLY, {"status": "ok", "cells": ran}, parent,
                              ident=ident)

        async def _run_cell(self, ident: Any, parent: dict[str, Any],
                            cell: dict[str, Any]) -> dict[str, Any]:
            """One cell, as ipykernel's ``execute_request`` runs it (not silent), its outputs
            under its own parent; then its :data:`CELL_DONE` message. Returns the reply."""
            header = {**parent["header"], "msg_id": cell["msg_id"],
                      "msg_type": "execute_request"}
            metadata = cell.get("metadata") or {}
            request = {"header": header, "msg_id": cell["msg_id"],
                       "msg_type": "execute_request", "parent_header": {},
                       "metadata": metadata, "content": cell}
            self.set_parent(ident, request, channel="shell")
            busy = now()
            self.execution_count += 1
            count = self.execution_count
            execute_input = now()
            arguments: dict[str, Any] = {
                "code": cell["code"], "silent": False,
                "store_history": cell.get("store_history", True), "user_expressions": {},
                "allow_stdin": cell.get("allow_stdin", False)}
            if self._do_exec_accepted_params["cell_meta"]:
                arguments["cell_meta"] = metadata
            if self._do_exec_accepted_params["cell_id"]:
                arguments["cell_id"] = metadata.get("cellId")
            reply = await self.do_execute(**arguments)
            for stream in (sys.stdout, sys.stderr):  # as before an execute_reply
                if stream is not None:
                    stream.flush()
            reply = json_clean(reply)
            replied = now()
            self.session.send(self.iopub_socket, CELL_DONE, {
                "reply": reply, "execution_count": count,
                "times": {"iopub.status.busy": busy, "iopub.execute_input": execute_input,
                          "shell.execute_reply": replied, "iopub.status.idle": now()}},
                request, ident=self._topic(CELL_DONE))
            self._wait_sent()
            return reply

        def _wait_sent(self) -> None:
            """Return once the IOPub thread has sent what is queued: a kernel that dies in the
            next cell (``os._exit``, a crash) has published this cell's end, as it had before
            a client sent the next ``execute_request``."""
            thread = self.iopub_thread
            if thread is not None and thread.thread is not None and thread.thread.is_alive():
                sent = threading.Event()
                thread.schedule(sent.set)
                sent.wait(SEND_TIMEOUT)

    return BatchCellsKernel
