"""Who may read and write the store when: readers see it before an ingest or after it, never a mix.

Two locks, both files in the store folder, both released by the operating system when their
process dies (so a kill -9 never leaves one behind):

- ``_store.lock``, a readers/writer lock. A commit holds it exclusively only while it moves its
  staged files into place (milliseconds); every read holds it shared (:func:`reading`), and a
  build holds it shared from planning to its last report, so everything a build hashes and
  renders is one version of the store. A reader that finds a journal left by a killed commit
  finishes it under the exclusive lock before reading (:func:`helpers.store.journal.roll_forward`
  is idempotent), so a reader never sees half of a commit, whatever was killed when.
- ``_ingest.lock``, held by an ingest for its whole run, so that two ingests never interleave;
  a reader that finds staged files nobody is writing (a killed ingest) removes them.

Whoever waits says so (``on_wait``): a build waits for an ingest's moves, an ingest's commit
waits for the builds and notebooks reading. Readers are never made to wait by a waiting ingest,
and no process holds a lock while it waits for the other one.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from helpers.store import journal
from helpers.store.journal import Version

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

STORE_LOCK = "_store.lock"
INGEST_LOCK = "_ingest.lock"
#: Windows has no shared file lock in the standard library: each reader locks one byte of this
#: many, a writer all of them (so at most this many processes read at once; more wait).
WINDOWS_SLOTS = 64
WAIT_POLL = 0.05  # seconds between tries where the lock cannot block (Windows)

Notify = Callable[[str], None]

WAIT_FOR_WRITER = ("menunggu ingest selesai menulis ke {store} "
                   "(waiting for an ingest to finish writing to {store})")
FINISHING = ("menyelesaikan ingest yang terputus di {store} "
             "(finishing an interrupted ingest in {store})")


class StoreError(RuntimeError):
    """The store is missing, a request is outside it, or it cannot be read consistently."""


class StoreChangedError(StoreError):
    """An ingest changed the store between two reads of one reader (a report, a build)."""


def tell_stderr(message: str) -> None:
    """The default ``on_wait``: a line on standard error (a notebook shows it under the cell)."""
    print(f"workbook: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- one lock file


class FileLock:
    """A shared/exclusive lock on one file; blocking calls say once that they wait."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._slots: list[int] = []  # Windows: the bytes this process holds

    @classmethod
    def open(cls, path: Path | str) -> FileLock | None:
        """The lock file, created if need be; None where it can neither be opened nor created
        (a read-only store nobody can write to, so nobody can change it under a reader)."""
        try:
            return cls(os.open(path, os.O_RDWR | os.O_CREAT, 0o644))
        except PermissionError:
            pass
        except FileNotFoundError:
            return None
        try:  # read-only access still locks: flock needs no write permission
            return cls(os.open(path, os.O_RDONLY))
        except OSError:
            return None

    def close(self) -> None:
        self.release()
        with suppress(OSError):
            os.close(self.fd)

    def acquire(self, exclusive: bool, *, wait: bool = True, on_wait: Notify | None = None,
                message: str = "") -> bool:
        """Take the lock; without ``wait``, only if free at once (returns whether taken)."""
        if self._try(exclusive):
            return True
        if not wait:
            return False
        if on_wait is not None and message:
            on_wait(message)
        if sys.platform != "win32":
            fcntl.flock(self.fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            return True
        while not self._try(exclusive):  # pragma: no cover - Windows
            time.sleep(WAIT_POLL)
        return True  # pragma: no cover - Windows

    def release(self) -> None:
        if sys.platform != "win32":
            with suppress(OSError):
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            return
        for slot in self._slots:  # pragma: no cover - Windows
            _unlock_byte(self.fd, slot)
        self._slots = []  # pragma: no cover - Windows

    def _try(self, exclusive: bool) -> bool:
        if sys.platform != "win32":
            try:
                fcntl.flock(self.fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
                            | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True
        return self._try_slots(exclusive)  # pragma: no cover - Windows

    def _try_slots(self, exclusive: bool) -> bool:  # pragma: no cover - Windows
        """A reader takes any one free byte; a writer every byte, or none (no deadlock: it
        never waits while holding some)."""
        order = list(range(WINDOWS_SLOTS)) if exclusive else random.sample(
            range(WINDOWS_SLOTS), WINDOWS_SLOTS)
        taken = []
        for slot in order:
            if _lock_byte(self.fd, slot):
                taken.append(slot)
                if not exclusive:
                    break
            elif exclusive:
                for held in taken:
                    _unlock_byte(self.fd, held)
                return False
        self._slots = taken
        return bool(taken)


def _lock_byte(fd: int, offset: int) -> bool:  # pragma: no cover - Windows
    os.lseek(fd, offset, os.SEEK_SET)
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError:
        return False
    return True


def _unlock_byte(fd: int, offset: int) -> None:  # pragma: no cover - Windows
    os.lseek(fd, offset, os.SEEK_SET)
    with suppress(OSError):
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- readers


@dataclass
class _Hold:
    """This process's shared hold on one store: nested and concurrent reads share it."""

    lock: FileLock | None
    version: Version | None
    pid: int
    count: int = 0


_guard = threading.RLock()
_holds: dict[str, _Hold] = {}


def store_key(root: Path) -> str:
    """The key of a store's hold in this process: its absolute folder, as text."""
    return os.path.abspath(root)


class reading:  # noqa: N801 - used as a function: ``with reading(root) as version:``
    """Hold the store still while the block reads it; ``as`` gives the version it holds.

    Re-entrant within a process (a build holds it while its planning reads slice by slice): only
    the outermost read takes the lock, and a nested one costs about a microsecond. The
    outermost costs a lock call, two ``stat`` calls and (when it changed) the version file.
    """

    __slots__ = ("_hold", "_key", "_on_wait", "_root")

    def __init__(self, root: Path, on_wait: Notify | None = tell_stderr, *,
                 key: str | None = None) -> None:
        self._root = root
        self._key = key or store_key(root)
        self._on_wait = on_wait
        self._hold: _Hold | None = None

    def __enter__(self) -> Version | None:
        with _guard:
            hold = _holds.get(self._key)
            if hold is None or hold.pid != os.getpid():  # a fork inherits no hold
                hold = _hold_shared(self._key, self._on_wait)
                _holds[self._key] = hold
            hold.count += 1
        self._hold = hold
        return hold.version

    def __exit__(self, *exc: object) -> None:
        hold, self._hold = self._hold, None
        if hold is None:
            return
        with _guard:
            hold.count -= 1
            if hold.count == 0:
                if _holds.get(self._key) is hold:
                    del _holds[self._key]
                if hold.lock is not None:
                    hold.lock.release()  # the file stays open for the next read


def holds_reading(root: Path) -> bool:
    """Whether this process is inside :func:`reading` of ``root``."""
    hold = _holds.get(store_key(root))
    return hold is not None and hold.pid == os.getpid()


def _hold_shared(key: str, on_wait: Notify | None) -> _Hold:
    """Take the shared lock on the store at ``key`` (its folder), after finishing a commit a
    killed ingest left there. Every outermost read comes here, so it costs four system calls:
    the lock file stays open for the life of the process."""
    lock = _lock_file(key)
    if lock is None:
        if not os.path.isdir(key):  # no store yet: nothing to read, nothing to hold still
            return _Hold(None, None, os.getpid())
        # Nobody may write here, so nothing changes under this reader; unless a writer was
        # killed half-way, which only a writer can finish.
        if journal.leftovers(key)[0]:
            raise StoreError(
                f"{key} berisi ingest yang terputus saat menulis dan proses ini tidak boleh "
                "menulis di sana untuk menyelesaikannya — jalankan `workbook build --dry-run` "
                f"sebagai pengguna yang boleh menulis ke store ({key} holds an ingest killed "
                "while it wrote and this process may not write there to finish it — run "
                "`workbook build --dry-run` as a user who may write to the store)")
        return _Hold(None, journal.read_version(key), os.getpid())
    while True:
        lock.acquire(False, on_wait=on_wait, message=WAIT_FOR_WRITER.format(store=key))
        if not os.path.exists(os.path.join(key, journal.JOURNAL)):
            return _Hold(lock, journal.read_version(key), os.getpid())
        lock.release()  # never wait for the exclusive lock while holding the shared one
        _finish_interrupted(Path(key), lock, on_wait)


_lock_files: dict[str, tuple[int, FileLock]] = {}


def _lock_file(key: str) -> FileLock | None:
    """The store's lock file, opened once per process (a forked child opens its own: a lock
    belongs to an open file, which parent and child would otherwise share)."""
    found = _lock_files.get(key)
    if found is not None and found[0] == os.getpid():
        return found[1]
    lock = FileLock.open(os.path.join(key, STORE_LOCK))
    if lock is not None:
        _lock_files[key] = (os.getpid(), lock)
    return lock


def _finish_interrupted(root: Path, lock: FileLock, on_wait: Notify | None) -> None:
    """Finish the commit a killed process left behind (every reader that sees its journal
    tries; the first to get the exclusive lock does it, the others find nothing left)."""
    if on_wait is not None:
        on_wait(FINISHING.format(store=root))
    lock.acquire(True, on_wait=on_wait, message=WAIT_FOR_WRITER.format(store=root))
    try:
        journal.roll_forward(root)
        _discard_abandoned(root)  # a reader that found a killed ingest clears all it left
    except PermissionError as exc:
        raise StoreError(f"ingest yang terputus di {root} tidak dapat diselesaikan: {exc} — "
                         "jalankan `workbook build --dry-run` sebagai pengguna yang boleh "
                         f"menulis ke store (the interrupted ingest in {root} cannot be "
                         "finished: run `workbook build --dry-run` as a user who may write "
                         "to the store)") from exc
    finally:
        lock.release()


def _discard_abandoned(root: Path) -> None:
    """Staged files with no ingest running belong to a killed one that never committed: gone.

    Only when the ingest lock is free at once; staged files are never read, so leaving them to
    the next ingest (which always cleans up first) is safe too.
    """
    with suppress(OSError), ingest_lock(root, create=False) as idle:
        if idle:
            journal.discard_uncommitted(root)


# ---------------------------------------------------------------- writers


@contextmanager
def writing(root: Path, on_wait: Notify | None = tell_stderr) -> Iterator[None]:
    """Hold the store exclusively (a commit's moves): waits for every reader to finish."""
    root = Path(root)
    if holds_reading(root):
        raise RuntimeError(f"this process reads {root}: it cannot also commit to it (deadlock)")
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock.open(root / STORE_LOCK)
    if lock is None:
        raise StoreError(f"cannot open {root / STORE_LOCK} to write to the store")
    try:
        lock.acquire(True, on_wait=on_wait, message=(
            f"menunggu build atau notebook yang sedang membaca {root} selesai "
            f"(waiting for the builds or notebooks reading {root} to finish)"))
        yield
    finally:
        lock.close()


@contextmanager
def ingest_lock(root: Path, *, create: bool = True) -> Iterator[bool]:
    """Try to hold the store's ingest lock; yields whether this process got it (never waits)."""
    root = Path(root)
    if create:
        root.mkdir(parents=True, exist_ok=True)
    lock = FileLock.open(root / INGEST_LOCK)
    try:
        yield lock is not None and lock.acquire(True, wait=False)
    finally:
        if lock is not None:
            lock.close()
