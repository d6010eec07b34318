"""Content hashes of the code that shapes a report: one definition for provenance and rebuilds.

A report's published ``code_version`` and the build manifest's code hash must name the same
code, or a report could say it was made by code that did not make it (or a change to the
runner would alter every report's provenance without re-rendering any). Kept free of pandas and
the rest so that a no-op build, which only hashes, starts fast.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from helpers.common.config import project_root

#: Modules that only orchestrate builds: they decide which reports run and where outputs go,
#: never what a report shows, so editing them does not make every report stale.
ORCHESTRATION_PACKAGES = frozenset({"build", "cli", "ingest", "site"})
ORCHESTRATION = frozenset({"common/codehash.py"})


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    return sha256_bytes(path.read_bytes()) if path.is_file() else None


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


@cache
def notebooks_digest(root: Path | None = None) -> str:
    folder = (root or project_root()) / "notebooks"
    return tree_digest(folder.glob("*.ipynb"), folder)
