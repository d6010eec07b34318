"""Atomic file replacement: a reader sees the old file or the new one, never half of one.

Every published output and every store slice is written through here, so an interrupted build
or ingest leaves the last good files in place. Files are made readable by everyone (0644): a web
server publishes the site, and ``mkstemp`` alone would leave them private to the writer.

A temporary file is named ``.<target name>.<8 random characters>.tmp`` beside its target (the
same file system, so the final rename is atomic). A process killed before the rename leaves it
behind; :func:`remove_temp_files` recognises the name, and the next build removes them.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FILE_MODE = 0o644

#: ``tempfile.mkstemp``'s random part: 8 characters of ``[a-z0-9_]``.
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def temp_beside(path: Path) -> Path:
    """A new, empty temporary file beside ``path`` (its folders made as needed), named so that
    :func:`is_temp_name` knows it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(tmp)


def is_temp_name(name: str) -> bool:
    """True for a file name :func:`temp_beside` makes."""
    return bool(_TEMP_NAME.match(name))


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block succeeds, move it into place."""
    tmp = temp_beside(path)
    try:
        yield tmp
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> Path:
    """Write bytes to ``path`` atomically."""
    with replacing(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def remove_temp_files(folder: Path, *, older_than: float = 0.0) -> list[Path]:
    """Remove the temporary files a killed writer left under ``folder`` (its whole tree).

    Only names :func:`is_temp_name` knows are touched, and only those last modified at least
    ``older_than`` seconds ago: the caller makes sure no live writer still uses them (a build
    holds its outputs folder, see :mod:`helpers.build.leftovers`), or asks for an age no write
    takes. Returns what was removed.
    """
    removed = []
    cutoff = time.time() - older_than
    for root, _dirs, names in os.walk(folder):
        for name in names:
            if not is_temp_name(name):
                continue
            path = Path(root, name)
            try:
                if older_than and path.stat().st_mtime > cutoff:
                    continue
                path.unlink()
            except FileNotFoundError:  # its writer finished or cleaned up meanwhile
                continue
            removed.append(path)
    return removed
