"""What killed builds leave is put right by the next one (helpers.build.leftovers): half-switched
sets finished, temporary files and dead builds' scratch folders removed; never while another
build holds the outputs folder, never a live build's scratch folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from helpers.build import leftovers
from helpers.build.commit import CRASH_ENV, pending_journals
from helpers.build.leftovers import SCRATCH_PREFIX, holding, make_scratch, remove_dead_scratch
from helpers.common.atomic import temp_beside

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock")

#: A build killed while it switched a report's files (its journal and a temporary file left).
KILLED_COMMIT = """
import sys
from pathlib import Path
from helpers.build.commit import commit_set, journal_path
out = Path(sys.argv[1])
files = {out / "site/2022/bnnk-x.html": b"new", out / "notebooks/2022/bnnk-x.build.json": b"{}"}
commit_set(out, files, [], journal_path(out / "notebooks/2022/bnnk-x.build.json"))
"""


@pytest.fixture()
def temp_dir(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder, for this test: where builds keep their scratch."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _dead_scratch(temp_dir: Path) -> Path:
    """A scratch folder whose build exited without removing it."""
    code = ("from helpers.build.leftovers import make_scratch\n"
            "print(make_scratch()[0])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "TMPDIR": str(temp_dir)}, check=True, timeout=60)
    return Path(done.stdout.strip())


def test_the_next_build_finishes_switches_and_removes_temporary_files_and_scratch(
        tmp_path, temp_dir):
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-c", KILLED_COMMIT, str(out)], timeout=60,
                   env={**os.environ, CRASH_ENV: "commit.renaming"})
    litter = temp_beside(out / "site" / "2022" / "index.html")  # a killed site write
    dead = _dead_scratch(temp_dir)
    with holding(out) as tidied:
        assert tidied.journals and tidied.temp_files == [litter] and tidied.scratch == [dead]
    assert (out / "site/2022/bnnk-x.html").read_bytes() == b"new"
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == [
        ".build.lock", "bnnk-x.build.json", "bnnk-x.html"]
    assert list(temp_dir.iterdir()) == []


def test_nothing_is_tidied_while_another_build_holds_the_outputs_folder(tmp_path, temp_dir):
    out = tmp_path / "out"
    with holding(out):  # a build running
        litter = temp_beside(out / "site" / "2022" / "bnnk-x.html")  # its write in progress
        with holding(out) as tidied:  # a second build starts beside it
            assert not tidied
        assert litter.exists()
    with holding(out) as tidied:  # the first build is gone: its litter is not
        assert tidied.temp_files == [litter]


def test_a_build_waits_while_another_tidies(tmp_path, temp_dir):
    out = tmp_path / "out"
    code = ("import sys, time\nfrom pathlib import Path\nfrom helpers.build import leftovers\n"
            "leftovers.tidy = lambda *a, **k: (print('tidying', flush=True), time.sleep(1.5),"
            " leftovers.Tidied())[-1]\n"
            "with leftovers.holding(Path(sys.argv[1])):\n    pass\n")
    other = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE,
                             text=True)
    assert other.stdout.readline() == "tidying\n"
    start = time.monotonic()
    with holding(out) as tidied:
        waited = time.monotonic() - start
    assert other.wait(timeout=60) == 0
    assert waited > 0.5 and not tidied  # it waited for the tidying, then found nothing to do


def test_a_live_build_s_scratch_is_kept_and_a_dead_one_s_removed(temp_dir):
    live, owner = make_scratch()
    dead = _dead_scratch(temp_dir)
    try:
        assert remove_dead_scratch(temp_dir) == [dead]
        assert live.is_dir() and not dead.exists()
    finally:
        os.close(owner)
    assert remove_dead_scratch(temp_dir) == [live]  # its build is gone now


def test_a_scratch_folder_without_its_owner_file_is_removed_only_once_old(temp_dir):
    young = temp_dir / f"{SCRATCH_PREFIX}young"
    old = temp_dir / f"{SCRATCH_PREFIX}old"
    for folder in (young, old):
        folder.mkdir()
    past = time.time() - leftovers.UNOWNED_AGE - 1
    os.utime(old, (past, past))
    assert remove_dead_scratch(temp_dir) == [old]
    assert young.is_dir()


def test_a_killed_holder_never_leaves_the_folder_locked(tmp_path, temp_dir):
    out = tmp_path / "out"
    code = ("import sys, time\nfrom pathlib import Path\nfrom helpers.build.leftovers import"
            " holding\nwith holding(Path(sys.argv[1])):\n    print('held', flush=True)\n"
            "    time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline() == "held\n"
    temp_beside(out / "x.html")
    with holding(out) as tidied:
        assert not tidied  # held by a live build
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=60)
    with holding(out) as tidied:
        assert len(tidied.temp_files) == 1
    assert pending_journals(out) == []
