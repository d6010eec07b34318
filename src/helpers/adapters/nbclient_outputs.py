"""nbclient behind one door: a cell's outputs built from the kernel's messages without
validating each one against the notebook schema.

nbclient turns every output message into a notebook node with nbformat's ``output_from_msg``,
which validates that one output against the schema (jsonschema, resolving the output's
definition afresh each time): ~0.2 ms an output, ~7 ms of a worker's CPU per report, for
outputs that are validated again, all at once, when papermill writes the notebook. The trick
``output-nodes`` (:func:`install`) points nbclient's module-level ``output_from_msg`` at
:func:`output_from_msg`: the same nodes, built as nbformat builds them, without that per-output
check; the engine (:mod:`helpers.build.papermill_engine`) then validates the executed notebook
once and fails the run on an invalid output, as the per-output check did.

Used only with the nbclient and nbformat versions it was tested with (:data:`TESTED`) and unless
``WORKBOOK_PUBLIC_API`` turns it off (``1`` or ``all``, or a list naming ``output-nodes``,
``nbclient`` or ``nbformat``); otherwise nbclient runs as installed and :func:`fallbacks` says
so for the build log. Importing this module imports only the standard library.
"""

from __future__ import annotations

import functools
import importlib.metadata
from typing import Any

from helpers.adapters import versions

LIBRARIES = ("nbclient", "nbformat")
#: The versions the trick was tested with (uv.lock), per library: from the first, below the second.
TESTED = {"nbclient": ((0, 11), (0, 12)), "nbformat": ((5, 11), (5, 12))}
TRICKS = ("output-nodes",)
ENV_PUBLIC_API = versions.ENV_PUBLIC_API


@functools.cache
def installed_version(library: str) -> str:
    """``library``'s installed version, from its distribution's metadata (no import of it)."""
    return importlib.metadata.version(library)


def in_tested_range(found: dict[str, str] | None = None) -> bool:
    """True when every library's version (default: the installed ones) was tested."""
    found = found or {name: installed_version(name) for name in LIBRARIES}
    return all(versions.in_range(found[name], TESTED[name]) for name in LIBRARIES)


def public_api_requested(trick: str = "output-nodes") -> bool:
    """True when ``WORKBOOK_PUBLIC_API`` turns ``trick`` off (tests and the bench compare)."""
    return any(versions.public_api_requested(trick, name) for name in LIBRARIES)


def fast() -> bool:
    """Whether the trick is used: tested versions and not turned off."""
    return in_tested_range() and not public_api_requested()


def fallbacks() -> list[str]:
    """What the worker does without the trick, for the build log (empty: nothing)."""
    return versions.fallback_notes(
        ", ".join(f"{name} {installed_version(name)}" for name in LIBRARIES), TESTED,
        in_tested_range(), public_api_requested(), "every output of a report is validated as "
        "it arrives (same reports, slower)")


def install() -> bool:
    """Let nbclient build outputs with :func:`output_from_msg` where :func:`fast` allows, and
    with nbformat's own otherwise (idempotent, either way). True when the trick is in use: the
    caller then validates the executed notebook once."""
    import nbclient.client  # lazy: see the module docstring
    from nbformat.v4 import output_from_msg as public

    nbclient.client.output_from_msg = output_from_msg if fast() else public
    return fast()


def output_from_msg(msg: dict[str, Any]) -> Any:
    """nbformat's ``output_from_msg`` without the per-output schema check: the same node."""
    msg_type = msg["header"]["msg_type"]
    content = msg["content"]
    if msg_type == "execute_result":
        return _new_output(msg_type, metadata=content["metadata"], data=content["data"],
                           execution_count=content["execution_count"])
    if msg_type == "stream":
        return _new_output(msg_type, name=content["name"], text=content["text"])
    if msg_type == "display_data":
        return _new_output(msg_type, metadata=content["metadata"], data=content["data"])
    if msg_type == "error":
        return _new_output(msg_type, ename=content["ename"], evalue=content["evalue"],
                           traceback=content["traceback"])
    raise ValueError(f"Unrecognized output msg type: {msg_type!r}")


def _new_output(output_type: str, **fields: Any) -> Any:
    """``nbformat.v4.new_output`` without its last step, ``validate``."""
    from nbformat import NotebookNode  # lazy: see the module docstring

    output = NotebookNode(output_type=output_type)
    if output_type in ("display_data", "execute_result"):  # nbformat's defaults, overwritten
        output.metadata = NotebookNode()
        output.data = NotebookNode()
    output.update(fields)
    return output
