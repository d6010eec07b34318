"""Library internals behind one door: one adapter module per library whose private names we use.

Speed-ups that reach into a library's private names break silently when the library changes
them, and ``pyproject.toml`` can only bound a version, not promise one. So every private
matplotlib name the workbook uses lives in :mod:`helpers.adapters.matplotlib_svg`, and the
version check for jupyter_client, whose kernel start-up we customise through its public hooks,
lives in :mod:`helpers.adapters.jupyter_kernels`; nbclient's outputs, built without
nbformat's per-output check, in :mod:`helpers.adapters.nbclient_outputs`; the kernels' output
streams that skip an empty flush, in :mod:`helpers.adapters.ipykernel_streams`; a forked
kernel that skips parsing its empty command line and reads each cell once, in
:mod:`helpers.adapters.ipykernel_cells`; papermill's
cell durations read without dateutil, in :mod:`helpers.adapters.papermill_dates`; its cells run
in one turn of the event loop, in :mod:`helpers.adapters.papermill_loop`, and in one kernel
request, in :mod:`helpers.adapters.ipykernel_batch` (the kernel's side) and
:mod:`helpers.adapters.nbclient_batch` (the worker's). Each adapter
knows the versions it was tested with; outside them, or when ``WORKBOOK_PUBLIC_API`` asks for
it, it uses the library's public API (slower, the same output) and its ``fallbacks()`` says so,
once, for the build log.

The adapters import only the standard library and the library they adapt, never another
``helpers`` module: they are the bottom layer. Importing them is cheap (the standard library
only at import time), so the build can ask for their fallbacks without importing matplotlib.
"""

from helpers.adapters import (
    ipykernel_cells,
    ipykernel_streams,
    jupyter_kernels,
    matplotlib_svg,
    nbclient_batch,
    nbclient_outputs,
    papermill_dates,
    papermill_loop,
)


def fallbacks() -> list[str]:
    """Every library trick the build runs without, and why: the build's summary and run log say
    so once (an empty list on a tested installation). Imports neither library."""
    return [*matplotlib_svg.fallbacks(), *jupyter_kernels.fallbacks(),
            *nbclient_outputs.fallbacks(), *ipykernel_streams.fallbacks(),
            *ipykernel_cells.fallbacks(),
            *papermill_dates.fallbacks(), *papermill_loop.fallbacks(),
            *nbclient_batch.fallbacks()]
