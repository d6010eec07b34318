"""What a killed build leaves behind, put right by the next build before it reads anything.

``kill -9`` runs no clean-up: a build killed at the wrong instant can leave a report's files
half switched (their journal: finished, see :mod:`helpers.build.commit`), temporary files beside
the outputs, and its scratch folder under the system's temporary folder (its processes die with
it: :mod:`helpers.common.childproc`). The next build finishes or removes all of it
(:func:`holding`).

These things belong to no live build only when no other build runs on the same outputs
folder. So a build holds its outputs folder with a lock (``flock`` on ``<outputs>/.build.lock``):
shared while it builds (builds may run side by side), exclusive for the moment it tidies; a
build that finds another one running leaves the tidying to a later one. A scratch folder is
held the same way by the build that made it (its ``.owner`` file). The operating system releases
a dead process's locks, so a killed build never leaves one held. Without ``fcntl`` (Windows)
only what is older than :data:`UNLOCKED_AGE` is tidied.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from helpers.build.commit import pending_journals, recover
from helpers.common.atomic import remove_temp_files

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".build.lock"
SCRATCH_PREFIX = "workbook-build-"
OWNER_NAME = ".owner"
#: Without locks, what is this old (seconds) belongs to no running build.
UNLOCKED_AGE = 3600.0
#: A scratch folder without its ``.owner`` (a build killed between making it and locking it).
UNOWNED_AGE = 600.0


@dataclass
class Tidied:
    """What a build found left behind by killed builds, and finished or removed."""

    journals: list[Path] = field(default_factory=list)
    temp_files: list[Path] = field(default_factory=list)
    scratch: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.journals or self.temp_files or self.scratch)


@contextmanager
def holding(outputs_dir: Path) -> Iterator[Tidied]:
    """Hold ``outputs_dir`` for a build; first, when no other build holds it, tidy what killed
    builds left there and in the temporary folder. Yields what was tidied."""
    outputs_dir = Path(outputs_dir)
    outputs_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(outputs_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        tidied = Tidied()
        if fcntl is None:
            tidied = tidy(outputs_dir, older_than=UNLOCKED_AGE)
        elif _try_lock(fd, fcntl.LOCK_EX):
            tidied = tidy(outputs_dir)
            fcntl.flock(fd, fcntl.LOCK_SH)  # from here, builds may run beside this one
        else:
            fcntl.flock(fd, fcntl.LOCK_SH)  # another build runs: its files are not ours
        yield tidied
    finally:
        os.close(fd)  # releases the lock


def tidy(outputs_dir: Path, older_than: float = 0.0) -> Tidied:
    """Finish half-switched report sets, then remove temporary files and dead builds' scratch
    folders. Only while no other build runs (or for what is ``older_than`` seconds old)."""
    journals = pending_journals(outputs_dir)
    if older_than:
        journals = [j for j in journals if _age(j) >= older_than]
    recovered = recover(outputs_dir) if journals else []
    return Tidied(journals=recovered,
                  temp_files=remove_temp_files(outputs_dir, older_than=older_than),
                  scratch=remove_dead_scratch(Path(tempfile.gettempdir())))


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _try_lock(fd: int, kind: int) -> bool:
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def make_scratch() -> tuple[Path, int | None]:
    """A new scratch folder for a build and the open, locked ``.owner`` file that marks it as
    in use (close the descriptor, then remove the folder, when the build ends)."""
    scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
    if fcntl is None:
        return scratch, None
    # Locked before it has its name: a build tidying meanwhile never sees it unlocked.
    fd = os.open(scratch / f"{OWNER_NAME}.new", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.replace(scratch / f"{OWNER_NAME}.new", scratch / OWNER_NAME)
    return scratch, fd


def remove_dead_scratch(temp_dir: Path) -> list[Path]:
    """Remove the scratch folders in ``temp_dir`` whose build is gone (their ``.owner`` is not
    locked; another user's folders are left alone). Returns them."""
    removed = []
    try:
        candidates = [p for p in temp_dir.iterdir() if p.name.startswith(SCRATCH_PREFIX)]
    except OSError:
        return removed
    for folder in candidates:
        if _scratch_is_dead(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _scratch_is_dead(folder: Path) -> bool:
    if fcntl is None:
        return folder.is_dir() and _age(folder) >= UNLOCKED_AGE
    try:
        fd = os.open(folder / OWNER_NAME, os.O_RDWR)
    except FileNotFoundError:
        return folder.is_dir() and _age(folder) >= UNOWNED_AGE
    except OSError:  # not ours to open (another user), or not a folder
        return False
    try:
        return _try_lock(fd, fcntl.LOCK_EX)
    finally:
        os.close(fd)
