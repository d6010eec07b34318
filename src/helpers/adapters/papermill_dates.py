"""papermill behind one door: a cell's duration computed without dateutil's general parser.

When a cell ends, papermill's ``NotebookExecutionManager.cell_complete`` reads the start time it
wrote as an ISO string back with ``dateutil.parser.parse``, a general date parser (~0.3 ms a
cell, ~8 ms of a report's worker CPU), to record the cell's duration. The trick ``iso-durations``
(:func:`install`) points the ``dateutil`` name of ``papermill.engines`` (a module-level
import) at :data:`ISO_DATEUTIL`, whose ``parser.parse`` reads that string with Python's
``datetime.fromisoformat`` (dateutil's own parser for anything else): the same instant, so the
same duration. ``papermill.engines`` uses that name for nothing else (tested version).

Used only with the papermill versions it was tested with (:data:`TESTED`) and unless
``WORKBOOK_PUBLIC_API`` turns it off (``1`` or ``all``, or a list naming ``iso-durations`` or
``papermill``); otherwise papermill runs as installed and :func:`fallbacks` says so for the
build log. Importing this module imports only the standard library.
"""

from __future__ import annotations

import functools
import importlib.metadata
import types
from datetime import datetime
from typing import Any

from helpers.adapters import versions

LIBRARY = "papermill"
#: The versions the trick was tested with (uv.lock): from the first, below the second.
TESTED = ((2, 7), (2, 8))
TRICKS = ("iso-durations",)
ENV_PUBLIC_API = versions.ENV_PUBLIC_API


@functools.cache
def installed_version() -> str:
    """papermill's installed version, from its distribution's metadata (no import of it)."""
    return importlib.metadata.version(LIBRARY)


def in_tested_range(version: str | None = None) -> bool:
    """True when ``version`` (default: the installed one) is one the trick was tested with."""
    return versions.in_range(version if version is not None else installed_version(), TESTED)


def public_api_requested(trick: str = "iso-durations") -> bool:
    """True when ``WORKBOOK_PUBLIC_API`` turns ``trick`` off (tests and the bench compare)."""
    return versions.public_api_requested(trick, LIBRARY)


def fast() -> bool:
    """Whether the trick is used: a tested papermill and not turned off."""
    return in_tested_range() and not public_api_requested()


def fallbacks() -> list[str]:
    """What papermill does without the trick, for the build log (empty: nothing)."""
    return versions.fallback_notes(
        f"{LIBRARY} {installed_version()}", {LIBRARY: TESTED}, in_tested_range(),
        public_api_requested(), "cell durations are parsed by dateutil (same reports, slower)")


def parse(text: str) -> Any:
    """``dateutil.parser.parse`` for the ISO strings papermill writes: the same instant."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        import dateutil.parser  # lazy: papermill's own dependency

        return dateutil.parser.parse(text)


#: What ``papermill.engines`` sees as ``dateutil`` under the trick.
ISO_DATEUTIL = types.SimpleNamespace(parser=types.SimpleNamespace(parse=parse))


def install() -> bool:
    """Point papermill's ``dateutil`` at :data:`ISO_DATEUTIL` where :func:`fast` allows, at
    dateutil itself otherwise (idempotent, either way). True when the trick is in use."""
    import dateutil.parser  # lazy: see the module docstring
    import papermill.engines

    use = fast()
    papermill.engines.dateutil = ISO_DATEUTIL if use else dateutil
    return use
