"""papermill behind one door: a notebook's cells run in one turn of the event loop, not one each.

papermill's client (``papermill.clientwrap.PapermillNotebookClient``) runs each cell through
nbclient's ``execute_cell``, a synchronous wrapper that starts the asyncio loop, runs that one
cell's coroutine and stops the loop again: thirty cells are thirty loop runs, each setting up
and tearing down the loop's state, re-arming the ZeroMQ sockets' readers and leaving the
cell's cancelled watchers for the next run. The trick ``one-loop`` (:func:`install`) points
the name ``papermill.engines`` builds its client from (a module-level import) at
:func:`one_loop_client`'s subclass, whose ``papermill_execute_cells`` does what papermill's
does (``cell_start``, the cell, ``cell_exception`` on a ``CellExecutionError`` and stop,
``cell_complete`` in every case) with nbclient's public ``async_execute_cell``, all cells in
one loop run. The same notebook, the same errors: a timeout, a dead kernel or Ctrl-C still
leaves the cell that was running completed (its end time and duration recorded) before the
exception goes on, as papermill's ``finally`` does. Where the kernel offers it, the cells are
sent in one request and each is awaited from what the kernel sends
(:mod:`helpers.adapters.nbclient_batch`, the trick ``batch-cells``).

Used only with the papermill and nbclient versions it was tested with (:data:`TESTED`) and
unless ``WORKBOOK_PUBLIC_API`` turns it off (``1`` or ``all``, or a list naming ``one-loop``,
``papermill`` or ``nbclient``); otherwise papermill runs as installed and :func:`fallbacks`
says so for the build log. Importing this module imports only the standard library.
"""

from __future__ import annotations

import functools
import importlib.metadata
from typing import Any

from helpers.adapters import nbclient_batch, versions

LIBRARIES = ("papermill", "nbclient")
#: The versions the trick was tested with (uv.lock), per library: from the first, below the second.
TESTED = {"papermill": ((2, 7), (2, 8)), "nbclient": ((0, 11), (0, 12))}
TRICKS = ("one-loop",)
ENV_PUBLIC_API = versions.ENV_PUBLIC_API


@functools.cache
def installed_version(library: str) -> str:
    """``library``'s installed version, from its distribution's metadata (no import of it)."""
    return importlib.metadata.version(library)


def in_tested_range(found: dict[str, str] | None = None) -> bool:
    """True when every library's version (default: the installed ones) was tested."""
    found = found or {name: installed_version(name) for name in LIBRARIES}
    return all(versions.in_range(found[name], TESTED[name]) for name in LIBRARIES)


def public_api_requested(trick: str = "one-loop") -> bool:
    """True when ``WORKBOOK_PUBLIC_API`` turns ``trick`` off (tests and the bench compare)."""
    return any(versions.public_api_requested(trick, name) for name in LIBRARIES)


def fast() -> bool:
    """Whether the trick is used: tested versions and not turned off."""
    return in_tested_range() and not public_api_requested()


def fallbacks() -> list[str]:
    """What papermill does without the trick, for the build log (empty: nothing)."""
    return versions.fallback_notes(
        ", ".join(f"{name} {installed_version(name)}" for name in LIBRARIES), TESTED,
        in_tested_range(), public_api_requested(), "each cell of a report runs in its own "
        "turn of the event loop (same reports, slower)")


def install() -> bool:
    """Let papermill's nbclient engine build :func:`one_loop_client`'s client where :func:`fast`
    allows, papermill's own otherwise (idempotent, either way). True when the trick is in use."""
    import papermill.engines  # lazy: see the module docstring
    from papermill.clientwrap import PapermillNotebookClient

    use = fast()
    papermill.engines.PapermillNotebookClient = (one_loop_client() if use
                                                 else PapermillNotebookClient)
    return use


@functools.cache
def one_loop_client() -> type:
    """papermill's client, its cells run in one event-loop run (the class, made once)."""
    from nbclient.exceptions import CellExecutionError
    from nbclient.util import run_sync
    from papermill.clientwrap import PapermillNotebookClient

    class OneLoopNotebookClient(PapermillNotebookClient):
        """``papermill_execute_cells`` as papermill's, in one loop run (:mod:`papermill_loop`)."""

        def papermill_execute_cells(self) -> None:
            running: list[int] = []  # the cell started and not completed, if any
            try:
                run_sync(self._async_papermill_execute_cells)(running)
            finally:
                # Cut short (a timeout, a dead kernel, Ctrl-C): papermill's ``finally``.
                for index in running:
                    self.nb_man.cell_complete(self.nb.cells[index], cell_index=index)

        async def _async_papermill_execute_cells(self, running: list[int]) -> None:
            batch = nbclient_batch.start(self)  # all cells in one request, if the kernel can
            execute_cell = self.async_execute_cell if batch is None else batch.execute_cell
            for index, cell in enumerate(self.nb.cells):
                running.append(index)
                self.nb_man.cell_start(cell, index)
                try:
                    await execute_cell(cell, index)
                except CellExecutionError as ex:
                    self.nb_man.cell_exception(self.nb.cells[index], cell_index=index,
                                               exception=ex)
                    self._complete(running)
                    break
                self._complete(running)

        def _complete(self, running: list[int]) -> Any:
            index = running.pop()
            return self.nb_man.cell_complete(self.nb.cells[index], cell_index=index)

    return OneLoopNotebookClient
