"""All-or-nothing replacement of several store files (slices and the register) at once.

One submission touches many slices (every table, for each unit-year it covers) plus the register.
A reader must never see half of it, and a crash — a power cut, a killed process — must never
leave half of it behind. So a commit stages every new file under ``<store>/_staging/<tx>/``,
then writes a journal (``<store>/_journal.json``, itself written atomically) naming the files,
then moves each staged file into place and finally removes the journal. The journal is the
commit point: :func:`recover`, run before every ingest (and cheap enough for any reader to call),
rolls a journal forward — finishing the moves, each an atomic ``os.replace`` — and rolls back
anything staged without a journal by deleting it. A lock file (released by the operating system
when the process dies) keeps two ingests from interleaving.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

JOURNAL = "_journal.json"
STAGING = "_staging"
LOCK = "_ingest.lock"

Writer = Callable[[Path], None]


class CommitError(RuntimeError):
    """The store could not be updated; the message says what state it is in."""


class StoreBusyError(CommitError):
    """Another ingest holds the store's lock."""


def _replace(src: Path, dst: Path) -> None:
    """One move into place (a separate function so tests can simulate a crash between moves)."""
    os.replace(src, dst)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    if sys.platform == "win32":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def store_lock(root: Path) -> Iterator[None]:
    """Hold the store's ingest lock; a second holder gets :class:`StoreBusyError` at once."""
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / LOCK, "a+b")  # noqa: SIM115 - held for the block's lifetime
    try:
        try:
            handle.seek(0)  # every process must lock the same byte (Windows locks ranges)
            _lock(handle)
        except OSError:
            raise StoreBusyError(f"another ingest is writing to {root}; wait for it to finish"
                                 ) from None
        yield
    finally:
        with suppress(OSError):
            _unlock(handle)
        handle.close()


def _lock(handle: BinaryIO) -> None:
    if sys.platform == "win32":
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]


def _unlock(handle: BinaryIO) -> None:
    if sys.platform == "win32":
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)  # type: ignore[attr-defined]


def recover(root: Path) -> str | None:
    """Finish or undo an interrupted commit; returns ``"forward"``, ``"back"`` or None.

    Call with the store lock held (or when no ingest can be running).
    """
    root = Path(root)
    journal = root / JOURNAL
    outcome = None
    if journal.exists():
        try:
            entry = json.loads(journal.read_text(encoding="utf-8"))
            moves, tx = list(entry["files"]), str(entry["tx"])
        except (ValueError, KeyError, TypeError):
            journal.unlink()  # never completed its own atomic write: nothing was committed
            outcome = "back"
        else:
            _roll_forward(root, tx, moves)
            outcome = "forward"
    staging = root / STAGING
    if staging.exists():
        if any(staging.iterdir()) and outcome is None:
            outcome = "back"
        shutil.rmtree(staging, ignore_errors=True)
    for tmp in root.glob(f"{JOURNAL}.*.tmp"):
        tmp.unlink(missing_ok=True)
    return outcome


def _roll_forward(root: Path, tx: str, moves: list[str]) -> None:
    staged_root = root / STAGING / tx
    for rel in moves:
        src, dst = staged_root / rel, root / rel
        if src.exists():  # else: already moved before the interruption
            dst.parent.mkdir(parents=True, exist_ok=True)
            _replace(src, dst)
    _fsync_dir(root)
    (root / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(staged_root, ignore_errors=True)
    with suppress(OSError):
        (root / STAGING).rmdir()  # only when no other transaction's files are left


def commit(root: Path, files: dict[str, Writer]) -> list[Path]:
    """Replace every file (relative POSIX path → function writing it) at once, or none.

    Before the journal is written a failure leaves the store exactly as it was; after it, the
    commit has happened and an interruption is finished by the next :func:`recover`.
    """
    root = Path(root)
    tx = uuid.uuid4().hex
    staged_root = root / STAGING / tx
    rels = sorted(files)
    for rel in rels:
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise CommitError(f"refusing to write outside the store: {rel}")
    try:
        for rel in rels:
            target = staged_root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            files[rel](target)
            _fsync(target)
        tmp = root / f"{JOURNAL}.{tx}.tmp"
        tmp.write_text(json.dumps({"tx": tx, "files": rels}), encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, root / JOURNAL)
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(staged_root, ignore_errors=True)
        (root / f"{JOURNAL}.{tx}.tmp").unlink(missing_ok=True)
        raise
    _roll_forward(root, tx, rels)
    return [root / rel for rel in rels]
