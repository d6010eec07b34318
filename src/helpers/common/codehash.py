"""Content hashes of the code that shapes a report: one definition for provenance and rebuilds.

A report's published ``code_version`` and the build manifest's code hash must name the same
code, or a report could say it was made by code that did not make it (or a change to the
runner would alter every report's provenance without re-rendering any). Kept free of pandas and
the rest so that a no-op build, which only hashes, starts fast.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from helpers.common.config import project_root

#: Modules that only orchestrate builds: they decide which reports run and where outputs go,
#: never what a report shows, so editing them does not make every report stale.
ORCHESTRATION_PACKAGES = frozenset({"build", "cli", "ingest", "site"})
ORCHESTRATION = frozenset({"common/codehash.py", "common/file_state.py"})


_READ_AT_ONCE = 1 << 22  # bytes


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """SHA-256 of a file's bytes; None when there is no such file. A small file (a slice: a
    few kB) is read at once, ~2x faster than ``hashlib.file_digest``'s 256 kB block buffer
    (a BNN RI report hashes ~9,000 slices); a large one in blocks."""
    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size <= _READ_AT_ONCE:
                return hashlib.sha256(f.read()).hexdigest()
            return hashlib.file_digest(f, "sha256").hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def tree_digest(paths: Iterable[Path], root: Path) -> str:
    """One hash over files' relative names and contents (order-independent, caches ignored)."""
    h = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@cache
def code_digest(root: Path | None = None) -> str:
    """The helpers' code and templates that shape a report (orchestration modules excluded)."""
    base = (root or project_root()) / "src" / "helpers"
    files = [p for p in base.rglob("*") if p.is_file() and p.suffix != ".pyc"
             and p.relative_to(base).as_posix() not in ORCHESTRATION
             and not ORCHESTRATION_PACKAGES & set(p.relative_to(base).parts[:1])]
    return tree_digest(files, base)


#: The cell metadata that change what papermill runs or what the report shows: ``tags``
#: (``parameters`` and the tags that drop a cell, read by render/notebook.py and build/plan.py)
#: and a raw cell's format (render/notebook.py publishes only Markdown raw cells). Everything
#: else in a cell's metadata (collapsed, scrolled, ``jupyter``, ``execution`` timings) is how
#: JupyterLab displays it.
NOTEBOOK_CELL_METADATA = ("tags", "raw_mimetype", "format")


def notebook_source(nb: dict) -> bytes:
    """The part of a notebook that decides a report: each cell's type, source, attachments and
    the metadata in :data:`NOTEBOOK_CELL_METADATA`, in order, as canonical JSON.

    Outputs, execution counts, cell ids and notebook-level metadata (kernelspec display,
    widths, nbformat_minor) are left out: papermill clears outputs and counts when it runs a
    cell and names its kernel itself, and none of them reaches the report, so "Run All" and
    save in JupyterLab must not make every report stale.
    """
    cells = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        meta = cell.get("metadata") or {}
        cells.append({"cell_type": cell.get("cell_type"),
                      "source": "".join(source) if isinstance(source, list) else source,
                      "attachments": cell.get("attachments") or {},
                      "metadata": {k: meta[k] for k in NOTEBOOK_CELL_METADATA if k in meta}})
    return json.dumps(cells, sort_keys=True, ensure_ascii=False).encode("utf-8")


def notebook_digest(path: Path) -> str | None:
    """A notebook's content hash by :func:`notebook_source` (None when it does not exist); a
    file that is not a notebook's JSON is hashed by its bytes, so a broken notebook is never
    mistaken for an unchanged one (papermill reports the error when it runs)."""
    path = Path(path)
    if not path.is_file():
        return None
    data = path.read_bytes()
    try:
        nb = json.loads(data)
    except ValueError:
        return sha256_bytes(data)
    if not isinstance(nb, dict):
        return sha256_bytes(data)
    return sha256_bytes(notebook_source(nb))


@cache
def notebooks_digest(root: Path | None = None) -> str:
    """Every notebook in notebooks/, each by :func:`notebook_digest` (part of a report's
    published ``code_version``, beside :func:`code_digest`)."""
    folder = (root or project_root()) / "notebooks"
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.ipynb")):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update((notebook_digest(path) or "").encode())
    return h.hexdigest()
