"""Killing a real build at any instant: every report's files stay one unit, nothing outlives it.

Each case starts a real ``workbook build`` (papermill, forked kernels, pandoc, Typst) of three
reports of a small probe notebook that stamps every file it makes (HTML, PDF, figures file,
notebook) with the build's generation, and stops it: by ``kill -9`` at a named point of the write
path (``WORKBOOK_CRASH_AT``, :func:`helpers.build.commit.crash_point`), by ``kill -9`` after a
delay, by Ctrl-C or by SIGTERM. Then:

- no process the build started is alive a few seconds later (workers, fork-server, kernels,
  pandoc);
- what the next build does before it reads anything (:func:`helpers.build.leftovers.holding`)
  leaves every report's set whole: all of its files of one generation, the old or the new, and
  exactly the files its manifest names; no temporary file, no journal, no scratch folder;
- the next complete build renders every report anew, and leaves nothing behind either.

The cases run in order on one outputs folder: each starts from the sets the case before left.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

import nbformat
import psutil
import pytest
from nbformat import v4

from helpers.build.commit import CRASH_ENV, pending_journals
from helpers.build.leftovers import SCRATCH_PREFIX, holding
from helpers.build.plan import output_paths
from helpers.common.atomic import is_temp_name
from helpers.common.config import project_root
from helpers.report.mimetypes import FIGURES_MIME

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="kill -9 of a process tree, checked on Linux")

YEAR = 2022
UNITS = ("bnnp-babel", "bnnk-belitung", "bnnp-bengkulu")
SET = ("html", "pdf", "json", "notebook")
GONE_WITHIN = 10.0  # seconds the processes of a killed build may take to die

PROBE_CELL = f"""\
import os, pathlib, time
from IPython.display import Markdown, display
if pid_dir:
    pathlib.Path(pid_dir, f"{{unit_id}}-{{os.getpid()}}.pid").write_text(str(os.getpid()))
time.sleep(pause)
display({{{FIGURES_MIME!r}: {{"unit_id": unit_id, "year": year, "stamp": stamp}}}}, raw=True)
display(Markdown(f"Cap {{stamp}}"))"""


def _probe(path: Path) -> Path:
    """A notebook whose every output names its generation (``stamp``)."""
    nb = v4.new_notebook(cells=[
        v4.new_code_cell('unit_id = "bnnk-lubuklinggau"\nyear = 2022\nstamp = ""\n'
                         "pid_dir = None\npause = 0.0", metadata={"tags": ["parameters"]}),
        v4.new_code_cell(PROBE_CELL),
        v4.new_markdown_cell("# Uji ketahanan"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


class Bench:
    """One outputs folder, the builds run on it, and what each left behind."""

    def __init__(self, root: Path, data_dir: Path) -> None:
        self.root, self.out, self.tmp = root, root / "out", root / "tmp"
        self.pids = root / "pids"
        self.params = root / "params"
        shutil.copytree(project_root() / "params", self.params)
        self.defaults = (self.params / "defaults.yaml").read_text(encoding="utf-8")
        self.notebook = _probe(root / "probe.ipynb")
        for folder in (self.tmp, self.pids):
            folder.mkdir()
        self.env = {**os.environ, "WORKBOOK_DATA_DIR": str(data_dir),
                    "WORKBOOK_PARAMS_DIR": str(self.params),
                    "WORKBOOK_OUTPUTS_DIR": str(self.out), "TMPDIR": str(self.tmp)}
        self.env.pop(CRASH_ENV, None)
        self.generation = 0

    def start(self, *, crash: str | None = None, pause: float = 0.0, jobs: int = 1,
              fork: bool = True) -> tuple[subprocess.Popen, str]:
        """Start a build of a new generation (every report stale); its process and stamp."""
        self.generation += 1
        stamp = f"gen-{self.generation}"
        (self.params / "defaults.yaml").write_text(
            self.defaults + f"\nstamp: {stamp}\npid_dir: {self.pids}\npause: {pause}\n",
            encoding="utf-8")
        for pid_file in self.pids.iterdir():
            pid_file.unlink()
        env = {**self.env, **({CRASH_ENV: crash} if crash else {})}
        args = [sys.executable, "-m", "helpers.cli", "build", "--year", str(YEAR),
                "--formats", "html,pdf", "--jobs", str(jobs), "--notebook", str(self.notebook)]
        args += [arg for unit in UNITS for arg in ("--unit", unit)] + ["--only"]
        args += [] if fork else ["--no-fork"]
        return subprocess.Popen(args, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True), stamp

    def complete(self) -> str:
        """A build that runs to its end: every report rendered with a new stamp."""
        proc, stamp = self.start()
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stdout + stderr
        assert f"{len(UNITS)} report(s) rendered, 0 failed" in stdout
        return stamp

    def kernels_started(self, proc: subprocess.Popen, count: int = 1) -> None:
        deadline = time.monotonic() + 120
        while len(list(self.pids.iterdir())) < count:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no kernel started"
            time.sleep(0.02)

    def scratch(self) -> list[Path]:
        return sorted(self.tmp.glob(f"{SCRATCH_PREFIX}*"))

    def leftovers(self) -> list[str]:
        """Temporary files, journals and scratch folders: what no finished build may leave."""
        found = [p.relative_to(self.out).as_posix() for p in self.out.rglob("*")
                 if is_temp_name(p.name)]
        found += [p.name for p in pending_journals(self.out)]
        return found + [p.name for p in self.scratch()]


def _watch(proc: subprocess.Popen, timeout: float = 300) -> list[psutil.Process]:
    """Every process the build started (sampled until it exits), for the survivors check."""
    seen: dict[tuple[int, float], psutil.Process] = {}
    deadline = time.monotonic() + timeout
    try:
        parent = psutil.Process(proc.pid)
    except psutil.NoSuchProcess:
        return []
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            for child in parent.children(recursive=True):
                seen.setdefault((child.pid, child.create_time()), child)
        except psutil.Error:
            pass
        time.sleep(0.02)
    return list(seen.values())


def _survivors(processes: list[psutil.Process]) -> list[str]:
    """The processes still alive after :data:`GONE_WITHIN` seconds (zombies are dead: in a
    container nobody may reap an orphan)."""
    deadline = time.monotonic() + GONE_WITHIN
    alive = processes
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _alive(p)]
        time.sleep(0.05)
    return [f"{p.pid} {' '.join(p.cmdline())[:120]}" for p in alive if _alive(p)]


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _sets(bench: Bench) -> dict[str, str | None]:
    """Each report's generation; fails when a report's files are not one whole set."""
    stamps = {}
    for unit in UNITS:
        paths = output_paths(bench.out, unit, YEAR)
        if not paths["manifest"].exists():
            assert not any(paths[k].exists() for k in SET), f"{unit}: files without a manifest"
            stamps[unit] = None
            continue
        manifest = json.loads(paths["manifest"].read_text(encoding="utf-8"))
        hashes = {kind: hashlib.sha256(paths[kind].read_bytes()).hexdigest() for kind in SET}
        assert manifest["outputs"] == hashes, f"{unit}: files differ from their manifest"
        found = {
            "html": paths["html"].read_text(encoding="utf-8"),
            "pdf": _pdf_text(paths["pdf"]),
            "json": json.loads(paths["json"].read_text(encoding="utf-8"))["stamp"],
            "notebook": paths["notebook"].read_text(encoding="utf-8"),
        }
        stamp = found["json"]
        assert all(f"Cap {stamp}" in found[k] for k in ("html", "pdf", "notebook")), (
            f"{unit}: a mixed set, {stamp} in its figures file but not in every file")
        stamps[unit] = stamp
    return stamps


@pytest.fixture(scope="module")
def bench(tmp_path_factory, sample_data_dir) -> Bench:
    bench = Bench(tmp_path_factory.mktemp("crash"), sample_data_dir)
    bench.complete()
    return bench


def _after_kill(bench: Bench, proc: subprocess.Popen, processes: list[psutil.Process],
                before: dict[str, str | None], new: str, *, returncode: int = -signal.SIGKILL,
                repair: bool = False) -> dict[str, str | None]:
    """The checks every case makes once its build has stopped: ``before`` is each report's
    generation before it started, ``new`` the build's own."""
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == returncode, stdout + stderr
    assert _survivors(processes) == []
    # What the next build does before it reads anything (its temporary folder is the bench's).
    with mock.patch.object(tempfile, "tempdir", str(bench.tmp)), holding(bench.out) as tidied:
        stamps = _sets(bench)
    assert all(stamps[unit] in (before[unit], new) for unit in UNITS), (before, new, stamps)
    assert bench.leftovers() == [], tidied
    if repair:  # the next build, to its end: every report anew, nothing left behind
        stamp = bench.complete()
        assert set(_sets(bench).values()) == {stamp}
        assert bench.leftovers() == []
    return stamps


# ----------------------------------------------------------------- kill -9 at a named point

#: (point, how many of the three reports are new once the next build has tidied). One worker
#: renders them one after the other, so the count is exact.
POINTS = [
    ("build.planned", 0),        # the fork-server still importing, no worker yet
    ("build.rendered:1", 0),     # a report rendered, none of its files written
    ("commit.written:1", 0),     # its new files written beside the old ones, no journal yet
    ("commit.journal:1", 1),     # the journal written: recovery switches that report
    ("commit.renaming:1", 1),    # half its files switched: recovery finishes them
    ("commit.renamed:1", 1),     # all switched, the journal still there
    ("build.committed:1", 1),    # one report whole and new, the others old
    ("commit.renaming:2", 2),    # the second report half switched
    ("build.logged", 3),         # every report committed, the site not rebuilt yet
]


@pytest.mark.parametrize(("point", "new_sets"), POINTS, ids=[p for p, _ in POINTS])
def test_a_build_killed_at_a_point_of_its_write_path_leaves_whole_sets(bench, point, new_sets):
    before = _sets(bench)
    proc, new = bench.start(crash=point)
    stamps = _after_kill(bench, proc, _watch(proc), before, new,
                         repair=point == "commit.renaming:1")
    assert list(stamps.values()).count(new) == new_sets, stamps


def test_a_build_killed_while_it_finishes_a_killed_build_s_commit_is_finished_by_the_next(
        bench):
    before = _sets(bench)
    proc, first = bench.start(crash="commit.renaming:1")
    processes = _watch(proc)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL and _survivors(processes) == []
    assert pending_journals(bench.out), "the first build left a half-switched report"
    # The next build replays that journal first: killed at its first rename.
    proc, second = bench.start(crash="commit.renaming:1")
    stamps = _after_kill(bench, proc, _watch(proc), before, first)
    assert list(stamps.values()).count(first) == 1, (second, stamps)


# ------------------------------------------------------------------- kill -9 after a delay

_RANDOM = random.Random(15)
DELAYS = sorted(round(_RANDOM.uniform(0.0, 1.5), 2) for _ in range(4))


@pytest.mark.parametrize("delay", DELAYS)
def test_a_build_killed_at_a_random_instant_leaves_whole_sets_and_no_process(bench, delay):
    before = _sets(bench)
    proc, new = bench.start(pause=0.5, jobs=2)
    bench.kernels_started(proc)
    parent = psutil.Process(proc.pid)
    processes = parent.children(recursive=True)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        processes += parent.children(recursive=True)
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    _after_kill(bench, proc, processes, before, new)


def test_a_build_with_plain_kernels_killed_leaves_no_kernel(bench):
    before = _sets(bench)
    proc, new = bench.start(pause=0.5, jobs=2, fork=False)
    bench.kernels_started(proc)
    processes = psutil.Process(proc.pid).children(recursive=True)
    assert any("ipykernel" in " ".join(p.cmdline()) for p in processes if _alive(p))
    proc.send_signal(signal.SIGKILL)
    _after_kill(bench, proc, processes, before, new, repair=True)


# --------------------------------------------------------------------- Ctrl-C and SIGTERM


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_build_stops_cleanly_by_itself(bench, signum):
    """Ctrl-C, or CI cancelling a job: the build itself stops its processes, removes its
    scratch folder and leaves no temporary file; every report's set is whole."""
    before = _sets(bench)
    proc, new = bench.start(pause=1.0, jobs=2)
    bench.kernels_started(proc)
    processes = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stdout + stderr
    assert _survivors(processes) == []
    assert bench.leftovers() == []  # before any other build ran
    stamps = _sets(bench)
    assert all(stamps[unit] in (before[unit], new) for unit in UNITS), (before, new, stamps)
