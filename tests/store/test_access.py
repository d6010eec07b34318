"""Who may read and write the store when (helpers.store.access): readers share, a commit's moves
are exclusive, each side waits for the other and says so, and a reader finishes a commit a killed
ingest left behind before it reads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from helpers.ingest.commit import commit
from helpers.store import access, journal
from helpers.store.access import INGEST_LOCK, STORE_LOCK, reading, writing


def text(value: str):  # noqa: ANN201 - a commit Writer
    return lambda path: path.write_text(value, encoding="utf-8")


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    commit(store, {"cases/2022/a.parquet": text("old a"), "cases/2022/b.parquet": text("old b")},
           on_wait=None)
    return store


def locked_by_another_process(path: Path, exclusive: bool) -> bool:
    """Whether another process is refused this lock on ``path`` right now."""
    script = textwrap.dedent(f"""
        import fcntl, sys
        with open({str(path)!r}, "rb") as f:
            try:
                fcntl.flock(f, fcntl.{'LOCK_EX' if exclusive else 'LOCK_SH'} | fcntl.LOCK_NB)
            except BlockingIOError:
                sys.exit(1)
    """)
    return subprocess.run([sys.executable, "-c", script], timeout=60).returncode == 1


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_readers_share_the_store_and_only_the_outermost_read_holds_it(root: Path) -> None:
    with reading(root) as version, reading(root) as again:
        assert version == again == journal.read_version(root) and version is not None
        assert access.holds_reading(root)
        assert locked_by_another_process(root / STORE_LOCK, exclusive=True)
        assert not locked_by_another_process(root / STORE_LOCK, exclusive=False)
    assert not access.holds_reading(root)
    assert not locked_by_another_process(root / STORE_LOCK, exclusive=True)


def test_a_read_waits_for_a_commit_under_way_and_says_so(root: Path) -> None:
    told: list[str] = []
    inside, release = threading.Event(), threading.Event()

    def commit_moving() -> None:
        with writing(root, on_wait=None):
            inside.set()
            release.wait(30)

    writer = threading.Thread(target=commit_moving)
    writer.start()
    assert inside.wait(30)
    threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    with reading(root, on_wait=told.append):
        waited = time.monotonic() - started
    writer.join(30)
    assert waited >= 0.25
    assert len(told) == 1 and "menunggu ingest selesai menulis" in told[0]
    assert "waiting for an ingest to finish writing" in told[0]


def test_a_commit_waits_for_the_readers_and_says_so(root: Path) -> None:
    told: list[str] = []
    reader = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from helpers.store.access import reading
        with reading(Path({str(root)!r})):
            print("reading", flush=True)
            sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "reading"  # type: ignore[union-attr]
        threading.Timer(0.3, lambda: reader.communicate("\n", timeout=60)).start()
        commit(root, {"cases/2022/a.parquet": text("new a")}, on_wait=told.append)
    finally:
        reader.wait(60)
    assert (root / "cases/2022/a.parquet").read_text(encoding="utf-8") == "new a"
    assert len(told) == 1 and "waiting for the builds or notebooks reading" in told[0]


def test_a_reader_finishes_the_commit_a_killed_ingest_left_and_drops_what_it_staged(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = journal.replace_file

    def killed(src: Path, dst: Path) -> None:
        if dst.name == "b.parquet":
            raise KeyboardInterrupt  # stopped after a.parquet moved, b.parquet not
        real(src, dst)

    monkeypatch.setattr(journal, "replace_file", killed)
    with pytest.raises(KeyboardInterrupt):
        commit(root, {"cases/2022/a.parquet": text("new a"),
                      "cases/2022/b.parquet": text("new b")}, on_wait=None)
    monkeypatch.setattr(journal, "replace_file", real)
    abandoned = root / journal.STAGING / "deadbeef" / "cases" / "x.parquet"
    abandoned.parent.mkdir(parents=True)
    abandoned.write_text("never committed", encoding="utf-8")
    assert (root / "cases/2022/a.parquet").read_text(encoding="utf-8") == "new a"
    assert (root / "cases/2022/b.parquet").read_text(encoding="utf-8") == "old b"  # a mix

    told: list[str] = []
    with reading(root, on_wait=told.append):
        assert (root / "cases/2022/b.parquet").read_text(encoding="utf-8") == "new b"
    assert told and "finishing an interrupted ingest" in told[0]
    assert not (root / journal.JOURNAL).exists() and not (root / journal.STAGING).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_staged_files_of_a_running_ingest_are_left_alone(root: Path) -> None:
    staged = root / journal.STAGING / "cafe" / "cases" / "x.parquet"
    staged.parent.mkdir(parents=True)
    staged.write_text("being written", encoding="utf-8")
    (root / journal.JOURNAL).write_text("{not json", encoding="utf-8")  # a journal half-written
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import fcntl, sys
        f = open({str(root / INGEST_LOCK)!r}, "a+b")
        fcntl.flock(f, fcntl.LOCK_EX)
        print("held", flush=True)
        sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"  # type: ignore[union-attr]
        with reading(root, on_wait=None):
            pass
        assert staged.exists()  # an ingest is running: its files are its own
        assert not (root / journal.JOURNAL).exists()  # the unfinished journal committed nothing
    finally:
        holder.communicate("\n", timeout=60)


def test_a_process_that_reads_the_store_cannot_commit_to_it(root: Path) -> None:
    with reading(root), pytest.raises(RuntimeError, match="deadlock"), writing(root):
        pass


def test_reading_a_store_that_does_not_exist_holds_nothing(tmp_path: Path) -> None:
    with reading(tmp_path / "nowhere") as version:
        assert version is None
    assert not (tmp_path / "nowhere").exists()
