"""The state of folders of files, hashed by stat as git's index does, for "did anything change?".

A file is named by its path, inode, size and modification time: a replaced file (every writer
here replaces atomically: a new inode), a copied, added or removed one changes the hash. File
times are coarse (a few ms) and a freed inode number is reused, so a rewrite within one tick of
the file clock can show the same stat: a file modified or changed at or after ``since_ns`` (the
stamp's own time less :data:`RACY_SECONDS`) is hashed by its content as well, both when a stamp
is made and when it is checked. A stamp is only ever a shortcut: when it does not match, the
caller does the full work.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from helpers.common.codehash import file_digest

RACY_SECONDS = 2.0


def since(at_ns: int) -> int:
    """The modification time from which files are also hashed by content, for a stamp of
    ``at_ns``."""
    return at_ns - int(RACY_SECONDS * 1e9)


def _file_line(path: str, rel: str, since_ns: int) -> bytes | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    line = f"{rel} {st.st_ino} {st.st_size} {st.st_mtime_ns}"
    if max(st.st_mtime_ns, st.st_ctime_ns) >= since_ns:
        line += f" {file_digest(path)}"
    return line.encode() + b"\n"


def hash_tree(h: hashlib._Hash, root: Path, since_ns: int,
              skip: Iterable[str] = ()) -> None:
    """Add every file under ``root`` (relative names, sorted) to ``h``; ``skip``: relative
    names left out (the stamp file itself, logs a build writes every time)."""
    root_str = os.fspath(root)
    if not os.path.isdir(root_str):
        h.update(f"{root_str} absent\n".encode())
        return
    skipped = set(skip)
    for folder, dirs, files in os.walk(root_str):
        dirs.sort()
        rel_folder = os.path.relpath(folder, root_str)
        dirs[:] = [d for d in dirs if os.path.normpath(os.path.join(rel_folder, d))
                   not in skipped]
        for name in sorted(files):
            rel = os.path.normpath(os.path.join(rel_folder, name))
            if rel in skipped:
                continue
            line = _file_line(os.path.join(folder, name), rel, since_ns)
            if line is not None:
                h.update(line)
