"""The executed notebook as published under outputs/notebooks: no local paths, user or host names.

papermill records where it ran (input/output paths, cwd, environment); those name the analyst's
machine and home folder, so they are scrubbed from the notebook's and every cell's metadata
before the notebook is kept beside the report.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import nbformat
from nbformat import NotebookNode

__all__ = ["publishable_notebook"]

_PAPERMILL_PRIVATE = ("input_path", "output_path", "cwd", "environment_variables")
_PRIVATE_KEYS = frozenset({"hostname", "host", "user", "username", "home"})
_ABS_PATH = re.compile(r"^(?:/|~|[A-Za-z]:[\\/]|\\\\)")


def _scrub(value: Any) -> Any:
    """Replace absolute local paths (which name users and machines) by their last component."""
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if str(k).lower() not in _PRIVATE_KEYS}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, str) and _ABS_PATH.match(value) and "\n" not in value:
        name = re.split(r"[\\/]", value.rstrip("\\/"))[-1]
        return f"…/{name}" if name else "…"
    return value


def publishable_notebook(nb: NotebookNode) -> NotebookNode:
    """A copy fit to keep under outputs/notebooks: no local paths, user or host names in metadata.

    papermill records where it ran (input/output paths, cwd, environment); those name the
    analyst's machine and home folder. The kernelspec and timings are kept.
    """
    # Only metadata changes: copy it, and share the cells' (large, untouched) sources and outputs.
    metadata = copy.deepcopy(dict(nb.get("metadata", {})))
    papermill = metadata.get("papermill")
    if isinstance(papermill, dict):
        for key in _PAPERMILL_PRIVATE:
            papermill.pop(key, None)
    clean = nbformat.from_dict({k: v for k, v in nb.items() if k not in ("metadata", "cells")})
    clean["metadata"] = nbformat.from_dict(_scrub(metadata))
    clean["cells"] = []
    for cell in nb.get("cells", []):
        copied = NotebookNode(cell)
        if "metadata" in cell:
            copied["metadata"] = nbformat.from_dict(_scrub(copy.deepcopy(dict(cell["metadata"]))))
        clean["cells"].append(copied)
    return clean
