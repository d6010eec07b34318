"""Atomic replacement: a reader sees the old file or the new one whole, never a temporary file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from helpers.common.atomic import FILE_MODE, replacing, write_atomic


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
