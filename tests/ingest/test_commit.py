"""All-or-nothing store updates (helpers.ingest.commit), also when the process dies mid-way."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers.ingest import commit as commit_mod
from helpers.ingest.commit import JOURNAL, STAGING, StoreBusyError, commit, recover, store_lock
from helpers.store import journal
from helpers.store.journal import VERSION, read_version

#: The store's own files beside the data: its locks and the version the last commit wrote.
OWN = {"_ingest.lock", "_store.lock", VERSION}


def writer(text: str):  # noqa: ANN201 - a commit Writer
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")
    return write


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file() and p.name not in OWN}


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    commit(root, {"cases/2022/a.parquet": writer("old a"), "cases/2022/b.parquet": writer("old b")})
    return root


NEW = {"cases/2022/a.parquet": "new a", "cases/2022/b.parquet": "new b",
       "seizures/2022/a.parquet": "new sa"}


def test_commit_replaces_every_file_and_leaves_no_trace(store: Path) -> None:
    before = read_version(store)
    commit(store, {rel: writer(text) for rel, text in NEW.items()})
    assert snapshot(store) == NEW
    assert not (store / JOURNAL).exists() and not (store / STAGING).exists()
    assert not list(store.glob(f"{JOURNAL}.*"))
    assert read_version(store) is not None and read_version(store) != before


def test_failure_while_staging_leaves_the_store_exactly_as_it_was(store: Path) -> None:
    before = snapshot(store)

    def broken(path: Path) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        commit(store, {"cases/2022/a.parquet": writer("new a"), "cases/2022/b.parquet": broken})
    assert snapshot(store) == before


def test_crash_between_moves_is_rolled_forward_on_next_open(store: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    real, moves = journal.replace_file, []

    def crash_after_one(src: Path, dst: Path) -> None:
        if any(m.name != VERSION for m in moves):  # one data file moved (and the version)
            raise KeyboardInterrupt  # the process is stopped half-way through the moves
        moves.append(dst)
        real(src, dst)

    monkeypatch.setattr(journal, "replace_file", crash_after_one)
    with pytest.raises(KeyboardInterrupt):
        commit(store, {rel: writer(text) for rel, text in NEW.items()})
    assert (store / JOURNAL).exists()
    assert snapshot(store)["cases/2022/a.parquet"] == "new a"
    assert snapshot(store)["cases/2022/b.parquet"] == "old b"  # half-way: mixed
    monkeypatch.setattr(journal, "replace_file", real)
    assert recover(store) == "forward"
    assert snapshot(store) == NEW


def test_staged_files_without_journal_are_rolled_back(store: Path) -> None:
    before = snapshot(store)
    orphan = store / STAGING / "dead-tx" / "cases" / "2022" / "a.parquet"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("half written", encoding="utf-8")
    assert recover(store) == "back"
    assert snapshot(store) == before


def test_killed_process_mid_commit_is_finished_by_recover(store: Path) -> None:
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from helpers.ingest import commit as c
        from helpers.store import journal
        real, done = journal.replace_file, []
        def die(src, dst):
            if done:
                os._exit(9)  # no cleanup of any kind: like kill -9 or a power cut
            if dst.name != "_version.json":
                done.append(1)
            real(src, dst)
        journal.replace_file = die
        def w(text):
            return lambda p: p.write_text(text, encoding="utf-8")
        c.commit(Path({str(store)!r}), {{rel: w(t) for rel, t in {NEW!r}.items()}})
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert result.returncode == 9, result.stderr.decode()
    assert snapshot(store) != NEW
    recover(store)
    assert snapshot(store) == NEW


def test_a_second_ingest_cannot_take_the_lock(tmp_path: Path) -> None:
    with store_lock(tmp_path), pytest.raises(StoreBusyError), store_lock(tmp_path):
        pass
    with store_lock(tmp_path):  # released again
        pass


def test_paths_outside_the_store_are_refused(tmp_path: Path) -> None:
    with pytest.raises(commit_mod.CommitError):
        commit(tmp_path, {"../evil.parquet": writer("x")})
    assert not (tmp_path.parent / "evil.parquet").exists()
