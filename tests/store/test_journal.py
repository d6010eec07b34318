"""The commit journal (helpers.store.journal): rolling a commit forward is idempotent, a journal
that is not one is refused, and the version file names the last commit."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers.store import journal
from helpers.store.journal import JOURNAL, STAGING, VERSION, JournalError


def staged(root: Path, tx: str, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / STAGING / tx / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / JOURNAL).write_text(json.dumps({"tx": tx, "files": sorted(files)}), encoding="utf-8")


def test_rolling_forward_twice_finishes_once(tmp_path: Path) -> None:
    files = {"cases/2022/a.parquet": "new a", "cases/2022/b.parquet": "new b"}
    staged(tmp_path, "ab12", files)
    (tmp_path / "cases/2022").mkdir(parents=True)
    os.replace(tmp_path / STAGING / "ab12/cases/2022/a.parquet", tmp_path / "cases/2022/a.parquet")
    assert journal.roll_forward(tmp_path)  # a.parquet was moved before the interruption
    assert not journal.roll_forward(tmp_path)
    assert {p: (tmp_path / p).read_text(encoding="utf-8") for p in files} == files
    assert not (tmp_path / JOURNAL).exists() and not (tmp_path / STAGING).exists()


def test_a_journal_that_never_finished_its_own_write_commits_nothing(tmp_path: Path) -> None:
    (tmp_path / JOURNAL).write_text('{"tx": "ab12", "files": ["cases/20', encoding="utf-8")
    assert journal.roll_forward(tmp_path)
    assert not (tmp_path / JOURNAL).exists() and not list(tmp_path.rglob("*.parquet"))


@pytest.mark.parametrize("rel", ["../outside.parquet", "/etc/passwd"])
def test_a_journal_naming_a_path_outside_the_store_is_refused(tmp_path: Path, rel: str) -> None:
    (tmp_path / JOURNAL).write_text(json.dumps({"tx": "ab12", "files": [rel]}),
                                    encoding="utf-8")
    with pytest.raises(JournalError, match="outside the store"):
        journal.roll_forward(tmp_path)


def test_the_version_is_read_again_only_when_a_commit_replaced_it(tmp_path: Path) -> None:
    assert journal.read_version(tmp_path) is None
    journal.version_writer("c1", "2024-01-02 03:04:05")(tmp_path / VERSION)
    first = journal.read_version(tmp_path)
    assert first == journal.Version("c1", "2024-01-02 03:04:05")
    assert journal.read_version(tmp_path) is first  # unchanged file: not parsed again
    journal.version_writer("c2", "2024-01-02 03:04:06")(tmp_path / "new")
    os.replace(tmp_path / "new", tmp_path / VERSION)
    assert journal.read_version(tmp_path) == journal.Version("c2", "2024-01-02 03:04:06")


def test_leftovers_tell_a_journal_from_staged_files(tmp_path: Path) -> None:
    assert journal.leftovers(tmp_path) == (False, False)
    (tmp_path / STAGING).mkdir()
    assert journal.leftovers(tmp_path) == (False, True)
    (tmp_path / JOURNAL).write_text("{}", encoding="utf-8")
    assert journal.leftovers(tmp_path) == (True, True)


def test_a_crash_point_does_nothing_unless_it_is_the_one_named(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(journal.CRASH_ENV, "store.moved-3")
    journal.crash_point("store.moved-2")  # still alive: the kill itself is tested end to end
    monkeypatch.delenv(journal.CRASH_ENV)
    journal.crash_point("store.moved-3")
