"""Atomic replacement: a reader sees the old file or the new one whole, never a temporary file;
the temporary files a killed writer leaves are known by name and swept."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from helpers.common.atomic import (
    FILE_MODE,
    is_temp_name,
    remove_temp_files,
    replacing,
    temp_beside,
    write_atomic,
)


def test_a_write_replaces_the_old_content_whole_and_leaves_no_temporary_file(tmp_path: Path):
    target = tmp_path / "site" / "2022" / "bnn-ri.json"  # folders made as needed
    assert write_atomic(target, b'{"cases": 1}\n' * 1000) == target
    write_atomic(target, b"{}\n")
    assert target.read_bytes() == b"{}\n"
    assert [p.name for p in target.parent.iterdir()] == ["bnn-ri.json"]


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path: Path):
    target = tmp_path / "report.html"
    target.write_bytes(b"<p>old</p>")
    with pytest.raises(OSError, match="disk full"), replacing(target) as tmp:
        tmp.write_bytes(b"<p>half of the n")
        assert tmp.parent == target.parent and tmp.name.startswith(".report.html.")
        raise OSError("disk full")
    assert target.read_bytes() == b"<p>old</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_an_interrupted_first_write_leaves_nothing(tmp_path: Path):
    with pytest.raises(KeyboardInterrupt), replacing(tmp_path / "new.pdf") as tmp:
        tmp.write_bytes(b"%PDF")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_written_files_are_readable_by_everyone(tmp_path: Path):
    path = write_atomic(tmp_path / "index.html", b"<html></html>")
    assert stat.S_IMODE(path.stat().st_mode) == FILE_MODE == 0o644


def test_a_killed_writer_s_temporary_files_are_known_and_swept_and_nothing_else(tmp_path: Path):
    litter = temp_beside(tmp_path / "site" / "2022" / "bnnk-x.pdf")
    assert litter.name.startswith(".bnnk-x.pdf.") and is_temp_name(litter.name)
    kept = [tmp_path / "site" / n for n in (".build.lock", "notes.tmp", ".x.tmp", "a.html")]
    for path in kept:
        path.write_text("keep")
    assert remove_temp_files(tmp_path) == [litter]
    assert sorted(p.name for p in (tmp_path / "site").iterdir() if p.is_file()) == sorted(
        p.name for p in kept)


def test_only_temporary_files_old_enough_are_swept_when_asked(tmp_path: Path):
    young, old = temp_beside(tmp_path / "a.html"), temp_beside(tmp_path / "b.html")
    past = time.time() - 7200
    os.utime(old, (past, past))
    assert remove_temp_files(tmp_path, older_than=3600) == [old]
    assert young.exists()
