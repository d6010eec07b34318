"""The commit journal: how a change to several store files becomes all-or-nothing.

A commit (:mod:`helpers.ingest.commit`) stages every new file under ``<store>/_staging/<tx>/``,
then writes ``<store>/_journal.json`` naming them (atomically: the journal is the commit point),
moves each staged file into place with ``os.replace`` and removes the journal. This module is
the part every process may need: a reader that finds a journal left by a killed ingest finishes
its moves (:func:`roll_forward`, idempotent: a file already moved is skipped), so the store it
reads is the committed one. The version file (``_version.json``) is one of the moved files: it
names the last commit, so a reader can tell that the store changed between two of its reads.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

JOURNAL = "_journal.json"
STAGING = "_staging"
VERSION = "_version.json"
JOURNAL_TMP_SUFFIX = ".tmp"  # a journal being written: ``_journal.json.<tx>.tmp``

#: The crash-test hook: ``WORKBOOK_CRASH_AT=<point>`` kills this process with SIGKILL when it
#: reaches that point of a commit (no cleanup of any kind, like a power cut); see crash_point.
CRASH_ENV = "WORKBOOK_CRASH_AT"
#: ``WORKBOOK_CRASH_SIGNAL=STOP`` freezes the process there instead (SIGCONT lets it go on):
#: how a test holds an ingest in the middle of its commit.
CRASH_SIGNAL_ENV = "WORKBOOK_CRASH_SIGNAL"


@dataclass(frozen=True)
class Version:
    """The last commit of a store: its id and when it was made (UTC, ISO 8601)."""

    commit: str
    committed_at: str


class JournalError(RuntimeError):
    """A journal names a file outside the store or cannot be read: the store needs a person."""


def crash_point(name: str) -> None:
    """Die here, at once and without cleanup, when the crash-test hook names this point.

    Points of an ingest: ``ingest.validated`` (rows checked, nothing written),
    ``ingest.quarantined`` (the quarantine written, nothing staged), ``ingest.staged`` (every
    file staged, no lock yet), ``ingest.locked`` (exclusive lock held, no journal),
    ``ingest.journal-tmp`` (journal written, not yet in place); then those of the roll-forward,
    which a reader finishing a killed commit passes too: ``store.journal`` (the commit point
    passed, nothing moved), ``store.moved-<n>`` (after the n-th move), ``store.moved-all``
    (every file moved, journal still there), ``store.finished`` (journal removed, staging not
    yet). The build's points (``build.*``, ``commit.*``) share the variable.
    """
    if os.environ.get(CRASH_ENV) != name:
        return
    if os.environ.get(CRASH_SIGNAL_ENV) == "STOP" and hasattr(signal, "SIGSTOP"):
        os.kill(os.getpid(), signal.SIGSTOP)
    else:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def replace_file(src: Path, dst: Path) -> None:
    """One move into place (a function of its own so tests can stop a commit between moves)."""
    os.replace(src, dst)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    if sys.platform == "win32":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_journal(root: Path) -> tuple[str, list[str]] | None:
    """The interrupted commit's id and files, or None when its journal was never completed.

    A journal that does not parse never finished its own atomic write, so nothing was
    committed; one naming a path outside the store was not written by a commit at all.
    """
    try:
        entry = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
        tx, moves = str(entry["tx"]), [str(rel) for rel in entry["files"]]
    except (ValueError, KeyError, TypeError):
        return None
    for rel in moves:
        if Path(rel).is_absolute() or ".." in Path(rel).parts or not tx.isalnum():
            raise JournalError(f"{root / JOURNAL} names {rel!r}, outside the store: remove the "
                               "journal by hand after checking the store")
    return tx, moves


def roll_forward(root: Path) -> bool:
    """Finish the commit the journal names (caller holds the exclusive store lock).

    Returns whether there was a journal. Moves already made are skipped, so a roll-forward
    interrupted in turn is finished by the next one.
    """
    root = Path(root)
    if not (root / JOURNAL).exists():
        return False
    found = read_journal(root)
    if found is None:
        (root / JOURNAL).unlink(missing_ok=True)
        return True
    tx, moves = found
    staged_root = root / STAGING / tx
    crash_point("store.journal")
    for n, rel in enumerate(moves, 1):
        src, dst = staged_root / rel, root / rel
        if src.exists():  # else: already moved before the interruption
            dst.parent.mkdir(parents=True, exist_ok=True)
            replace_file(src, dst)
        crash_point(f"store.moved-{n}")
    fsync_dir(root)
    crash_point("store.moved-all")
    (root / JOURNAL).unlink(missing_ok=True)
    fsync_dir(root)
    crash_point("store.finished")
    shutil.rmtree(staged_root, ignore_errors=True)
    with suppress(OSError):
        (root / STAGING).rmdir()  # only when no other transaction's files are left
    return True


def leftovers(root: Path | str) -> tuple[bool, bool]:
    """(a journal is there, a staging folder is there): what a killed commit leaves behind.

    A half-written journal (``_journal.json.<tx>.tmp``) never comes without a staging folder,
    so two ``stat`` calls tell it all (readers ask on every read).
    """
    return (os.path.exists(os.path.join(root, JOURNAL)),
            os.path.exists(os.path.join(root, STAGING)))


def discard_uncommitted(root: Path) -> bool:
    """Remove staged files and half-written journals (caller holds both store locks, and no
    journal is left: anything staged now belongs to a commit that never happened)."""
    found = False
    staging = root / STAGING
    if staging.exists():
        found = any(staging.iterdir())
        shutil.rmtree(staging, ignore_errors=True)
    for tmp in root.glob(f"{JOURNAL}.*{JOURNAL_TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)
        found = True
    return found


_versions: dict[str, tuple[tuple[int, int, int], Version]] = {}


def read_version(root: Path | str) -> Version | None:
    """The store's last commit, or None for a store no commit wrote (the sample, or empty).

    Read again only when the file changed (a commit replaces it: a new inode), since every
    outermost read of the store asks.
    """
    path = os.path.join(root, VERSION)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
    cached = _versions.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        with open(path, "rb") as handle:
            entry = json.loads(handle.read())
        version = Version(str(entry["commit"]), str(entry["committed_at"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        version = Version("unreadable", "")
    _versions[path] = (stamp, version)
    return version


def version_writer(tx: str, committed_at: str):  # noqa: ANN201 - a commit Writer
    """A commit writer for the version file naming commit ``tx``."""
    def write(path: Path) -> None:
        path.write_text(json.dumps({"commit": tx, "committed_at": committed_at}),
                        encoding="utf-8")
    return write
