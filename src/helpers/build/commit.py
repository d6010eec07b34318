"""A report's files change as one unit: all of them, or none, whenever the build is killed.

A report is a set of files in two folders: its HTML, PDF and figures file in ``site/<year>/``,
its published notebook and its manifest in ``notebooks/<year>/`` (docs/architecture.md, "Where
outputs go"). No file system renames several files at once, so the set is switched with a
journal (a redo log), :func:`commit_set`:

1. every new file is written whole to a temporary file beside its target;
2. the journal, ``notebooks/<year>/<unit_id>.commit.json``, is written atomically: it lists
   each temporary file with its target (the manifest last) and the files the new set no longer
   has. Writing it is the commit: before it the old set is untouched, after it the new set wins;
3. each temporary file is renamed over its target, the dropped files removed, the journal
   removed.

A build killed during 1 leaves only temporary files (removed by the next build); killed during
3, its journal, which the next build replays (:func:`recover`) before it reads any manifest or
the site reads any file. Renames of files that were already renamed are skipped, so replaying
twice is harmless. Step 3 takes microseconds, and Ctrl-C or SIGTERM arriving during 1–3 waits
for its end (:func:`signals_deferred`).

``WORKBOOK_CRASH_AT=<point>[:<n>]`` kills this process with SIGKILL the n-th time (default the
first) it passes a named point of the write path (:func:`crash_point`): the crash tests
(tests/integration/test_crash_build.py) use it to stop a real build at every step exactly.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from helpers.common.atomic import FILE_MODE, temp_beside, write_atomic

JOURNAL_SUFFIX = ".commit.json"
CRASH_ENV = "WORKBOOK_CRASH_AT"

_passed: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Die here, by SIGKILL, when :data:`CRASH_ENV` names this point (and this is its n-th
    pass): a deterministic ``kill -9`` for the crash tests; nothing otherwise."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _passed[name] = _passed.get(name, 0) + 1
    if _passed[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def journal_path(manifest: Path) -> Path:
    """The journal beside a report's manifest: ``x.build.json`` → ``x.commit.json``."""
    return manifest.with_name(manifest.name.removesuffix(".build.json") + JOURNAL_SUFFIX)


def commit_set(outputs_dir: Path, files: Mapping[Path, bytes], drop: list[Path],
               journal: Path) -> list[Path]:
    """Replace a report's files by ``files`` (target → bytes, in the order they are switched:
    the manifest last) and remove ``drop``, as one unit (see the module's docstring).

    Returns the targets written.
    """
    temps: list[tuple[Path, Path]] = []
    with signals_deferred():
        try:
            for target, data in files.items():
                tmp = temp_beside(target)
                temps.append((tmp, target))
                tmp.write_bytes(data)
                os.chmod(tmp, FILE_MODE)
            crash_point("commit.written")
            record = {"replace": [[_rel(tmp, outputs_dir), _rel(target, outputs_dir)]
                                  for tmp, target in temps],
                      "remove": [_rel(path, outputs_dir) for path in drop]}
            write_atomic(journal, (json.dumps(record, indent=1) + "\n").encode("utf-8"))
        except BaseException:
            for tmp, _ in temps:
                tmp.unlink(missing_ok=True)
            raise
        crash_point("commit.journal")
        _replay(outputs_dir, record, journal)
    return [target for _, target in temps]


def _rel(path: Path, outputs_dir: Path) -> str:
    return Path(path).relative_to(outputs_dir).as_posix()


def _replay(outputs_dir: Path, record: Mapping[str, Any], journal: Path) -> None:
    """Steps 3 of :func:`commit_set`: rename, remove, then forget the journal (idempotent)."""
    for number, (tmp, target) in enumerate(record.get("replace", [])):
        with contextlib.suppress(FileNotFoundError):  # renamed before the build was killed
            os.replace(outputs_dir / tmp, outputs_dir / target)
        if number == 0:
            crash_point("commit.renaming")
    for path in record.get("remove", []):
        (outputs_dir / path).unlink(missing_ok=True)
    crash_point("commit.renamed")
    journal.unlink(missing_ok=True)


def pending_journals(outputs_dir: Path) -> list[Path]:
    """The journals of commits a killed build left unfinished."""
    return sorted(Path(outputs_dir).glob(f"notebooks/*/*{JOURNAL_SUFFIX}"))


def recover(outputs_dir: Path) -> list[Path]:
    """Finish every commit a killed build left unfinished; returns their journals.

    Call it only while no other build writes to ``outputs_dir`` (:mod:`helpers.build.leftovers`
    holds the folder). A journal that cannot be read (edited by hand: a journal is written
    atomically) cannot be finished: its report's manifest is removed instead, so the next build
    renders that report again, and its temporary files are left to be removed as such.
    """
    outputs_dir = Path(outputs_dir)
    journals = pending_journals(outputs_dir)
    for journal in journals:
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
            replace = [(str(tmp), str(target)) for tmp, target in record["replace"]]
            remove = [str(path) for path in record.get("remove", [])]
        except (OSError, ValueError, KeyError, TypeError):
            manifest = journal.with_name(journal.name.removesuffix(JOURNAL_SUFFIX) + ".build.json")
            manifest.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)
            continue
        _replay(outputs_dir, {"replace": replace, "remove": remove}, journal)
    return journals


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends, then act on them as they would have.

    Only the main thread can change signal handlers; elsewhere the block runs as it is (the
    journal still makes an interrupted commit whole at the next build).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    kinds = [s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None]
    previous = {signum: signal.getsignal(signum) for signum in kinds}
    for signum in kinds:
        signal.signal(signum, lambda signum, _frame: held.append(signum))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in held[:1]:
            handler = previous[signum]
            if callable(handler):
                handler(signum, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(signum)
