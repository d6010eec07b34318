"""All-or-nothing replacement of several store files (slices and the register) at once.

One submission touches many slices (every table, for each unit-year it covers) plus the register.
A reader must never see half of it, and a crash — a power cut, a killed process — must never
leave half of it behind. So a commit stages every new file under ``<store>/_staging/<tx>/``
(readers never look there, so this takes no lock), then, holding the store's exclusive lock
(:mod:`helpers.store.access`: it waits for the builds and notebooks reading to finish), writes
the journal (``<store>/_journal.json``, itself written atomically) naming the files, moves each
into place and removes the journal (:mod:`helpers.store.journal`). The journal is the commit
point: a process killed after it is finished by the next reader or ingest (roll forward), one
killed before it left only staged files, which the next ingest (or an idle reader) deletes. The
ingest lock (released by the operating system when the process dies) keeps two ingests from
interleaving.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from helpers.store import access, journal
from helpers.store.journal import JOURNAL, STAGING, VERSION, crash_point

__all__ = ["JOURNAL", "STAGING", "VERSION", "CommitError", "StoreBusyError", "commit", "recover",
           "store_lock"]

Writer = Callable[[Path], None]
#: How long an ingest retries the ingest lock before saying another ingest holds it (a reader
#: removing an abandoned staging folder holds it for a few milliseconds).
LOCK_PATIENCE = 1.0


class CommitError(RuntimeError):
    """The store could not be updated; the message says what state it is in."""


class StoreBusyError(CommitError):
    """Another ingest holds the store's lock."""


@contextmanager
def store_lock(root: Path) -> Iterator[None]:
    """Hold the store's ingest lock; a second ingest gets :class:`StoreBusyError`."""
    deadline = time.monotonic() + LOCK_PATIENCE
    while True:
        with access.ingest_lock(Path(root)) as mine:
            if mine:
                yield
                return
        if time.monotonic() > deadline:
            raise StoreBusyError(f"another ingest is writing to {root}; wait for it to finish")
        time.sleep(0.05)


def recover(root: Path, on_wait: access.Notify | None = access.tell_stderr) -> str | None:
    """Finish or undo an interrupted commit; returns ``"forward"``, ``"back"`` or None.

    Call with the ingest lock held (:func:`store_lock`): staged files then belong to no one.
    """
    root = Path(root)
    interrupted, uncommitted = journal.leftovers(root)
    forward = back = False
    if interrupted:  # only then wait for the readers: the moves must not happen under them
        with access.writing(root, on_wait):
            forward = journal.roll_forward(root)
    if interrupted or uncommitted:
        back = journal.discard_uncommitted(root)
    return "forward" if forward else "back" if back else None


def commit(root: Path, files: dict[str, Writer], *,
           on_wait: access.Notify | None = access.tell_stderr) -> list[Path]:
    """Replace every file (relative POSIX path → function writing it) at once, or none.

    Before the journal is written a failure leaves the store exactly as it was; after it, the
    commit has happened and an interruption is finished by the next reader or ingest.
    ``on_wait`` is told when the commit waits for readers.
    """
    root = Path(root)
    tx = uuid.uuid4().hex
    staged_root = root / STAGING / tx
    for rel in files:
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise CommitError(f"refusing to write outside the store: {rel}")
        if rel == VERSION:
            raise CommitError(f"{rel} is written by the commit itself")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    writers = {**files, VERSION: journal.version_writer(tx, stamp)}
    rels = sorted(writers)
    tmp = root / f"{JOURNAL}.{tx}{journal.JOURNAL_TMP_SUFFIX}"
    try:
        for rel in rels:
            target = staged_root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            writers[rel](target)
            journal.fsync_file(target)
        crash_point("ingest.staged")
        with access.writing(root, on_wait):
            crash_point("ingest.locked")
            tmp.write_text(json.dumps({"tx": tx, "files": rels}), encoding="utf-8")
            journal.fsync_file(tmp)
            crash_point("ingest.journal-tmp")
            os.replace(tmp, root / JOURNAL)
            journal.fsync_dir(root)
            journal.roll_forward(root)  # from here on the commit has happened
    except BaseException:
        if not (root / JOURNAL).exists():
            shutil.rmtree(staged_root, ignore_errors=True)
            tmp.unlink(missing_ok=True)
        raise
    return [root / rel for rel in rels if rel != VERSION]
