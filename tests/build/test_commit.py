"""A report's files switch as one unit (helpers.build.commit): killed at each step of the switch
(a real SIGKILL of a process committing a set), the old set stays or the next build finishes the
new one; replaying is harmless; Ctrl-C waits for the end of a switch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.build import commit as commit_module
from helpers.build.commit import (
    CRASH_ENV,
    commit_set,
    journal_path,
    pending_journals,
    recover,
)
from helpers.common.atomic import is_temp_name

OLD = {"site/2022/bnnk-x.html": b"<p>old</p>", "site/2022/bnnk-x.pdf": b"%PDF old",
       "site/2022/bnnk-x.json": b'{"cases": 1}\n', "notebooks/2022/bnnk-x.ipynb": b"{} old",
       "notebooks/2022/bnnk-x.build.json": b'{"old": true}\n'}
NEW = {"site/2022/bnnk-x.html": b"<p>new</p>", "site/2022/bnnk-x.pdf": b"%PDF new",
       "notebooks/2022/bnnk-x.ipynb": b"{} new",
       "notebooks/2022/bnnk-x.build.json": b'{"new": true}\n'}
DROPPED = "site/2022/bnnk-x.json"  # the new set has no figures file
MANIFEST = "notebooks/2022/bnnk-x.build.json"

#: Commits NEW over OLD in the outputs folder given as argv[1], in its own process.
COMMITTER = f"""
import sys
from pathlib import Path
from helpers.build.commit import commit_set, journal_path
out = Path(sys.argv[1])
new = {NEW!r}
commit_set(out, {{out / k: v for k, v in new.items()}}, [out / {DROPPED!r}],
           journal_path(out / {MANIFEST!r}))
"""


def _outputs(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    for rel, data in OLD.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return out


def _state(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


def _commit_killed_at(out: Path, point: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-c", COMMITTER, str(out)], capture_output=True,
                          env={**os.environ, CRASH_ENV: point}, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done


def test_a_set_is_switched_whole_and_the_files_it_no_longer_has_go_with_it(tmp_path):
    out = _outputs(tmp_path)
    written = commit_set(out, {out / k: v for k, v in NEW.items()}, [out / DROPPED],
                         journal_path(out / MANIFEST))
    assert written == [out / k for k in NEW]
    assert _state(out) == NEW  # the old figures file removed; no journal, no temporary file


def test_killed_before_its_journal_the_old_set_stays_whole(tmp_path):
    out = _outputs(tmp_path)
    _commit_killed_at(out, "commit.written")
    temps = {k for k in _state(out) if is_temp_name(Path(k).name)}
    assert len(temps) == len(NEW)  # the new files, written beside the old ones
    assert {k: v for k, v in _state(out).items() if k not in temps} == OLD
    assert recover(out) == []  # nothing to finish: the temporary files are only litter


@pytest.mark.parametrize("point", ["commit.journal", "commit.renaming", "commit.renamed"])
def test_killed_after_its_journal_the_next_build_finishes_the_new_set(tmp_path, point):
    out = _outputs(tmp_path)
    _commit_killed_at(out, point)
    [journal] = pending_journals(out)
    record = json.loads(journal.read_text(encoding="utf-8"))
    assert record["replace"][-1][1] == MANIFEST  # the manifest is switched last
    assert record["remove"] == [DROPPED]
    assert recover(out) == [journal]
    assert _state(out) == NEW
    assert recover(out) == [] and _state(out) == NEW  # replaying again changes nothing


def test_a_journal_replayed_twice_by_killed_builds_still_ends_whole(tmp_path):
    out = _outputs(tmp_path)
    _commit_killed_at(out, "commit.renaming")
    [journal] = pending_journals(out)
    saved = journal.read_bytes()
    recover(out)
    journal.write_bytes(saved)  # as if the recovering build had been killed before forgetting it
    recover(out)
    assert _state(out) == NEW


def test_an_unreadable_journal_makes_its_report_render_again(tmp_path):
    out = _outputs(tmp_path)
    journal = journal_path(out / MANIFEST)
    journal.write_text("{not json", encoding="utf-8")
    assert recover(out) == [journal]
    assert MANIFEST not in _state(out) and not journal.exists()


def test_ctrl_c_during_a_switch_is_acted_on_once_the_set_is_whole(tmp_path, monkeypatch):
    out = _outputs(tmp_path)
    original = commit_module.crash_point

    def interrupt_at_the_journal(name: str) -> None:
        if name == "commit.journal":
            signal.raise_signal(signal.SIGINT)
        original(name)

    monkeypatch.setattr(commit_module, "crash_point", interrupt_at_the_journal)
    with pytest.raises(KeyboardInterrupt):
        commit_set(out, {out / k: v for k, v in NEW.items()}, [out / DROPPED],
                   journal_path(out / MANIFEST))
    assert _state(out) == NEW
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_crash_point_kills_only_at_its_nth_pass():
    code = ("from helpers.build.commit import crash_point\n"
            "for n in range(1, 5):\n    print(n, flush=True)\n    crash_point('build.x')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, CRASH_ENV: "build.x:3"}, timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert done.stdout.split() == ["1", "2", "3"]
