"""An ingest killed (kill -9) at every point of its commit, and ingests beside readers: whatever is
killed when, every reader sees the store before the ingest or after it, never a mix; the next
read or ingest completes it, nothing is lost and no temporary file is left.

A real ``workbook ingest`` process is stopped at named points of its commit by the crash-test
hook (``WORKBOOK_CRASH_AT``, :func:`helpers.store.journal.crash_point`), and at a few random
moments; a reader is this test process (through :class:`Store`, as a report reads) or a real
``workbook build --dry-run`` (as a build plans). The submission replaces three BNNKs' year of
every table, with one rejected row, so each commit moves a dozen files and writes a quarantine.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from crash_support import counts_raised, crash_env, submission_csv
from helpers.common.config import Paths
from helpers.ingest.pipeline import ingest
from helpers.reference.registry import Registry
from helpers.reference.schema import TABLES
from helpers.stats.engine import unit_figures
from helpers.store import journal
from helpers.store.register import REGISTER_FILE
from helpers.store.slices import Store

pytestmark = pytest.mark.integration

YEAR = 2022
PROVINCE = "bnnp-sumsel"
WORKBOOK = [sys.executable, "-m", "helpers.cli"]
TIMEOUT = 120


# ---------------------------------------------------------------- the store and the submission


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, sample_data_dir: Path,
         registry: Registry) -> dict:
    """A small store (one province's year), a submission for three of its BNNKs and the states
    before and after that submission, as every reader must see one of them."""
    root = tmp_path_factory.mktemp("crash")
    units = [PROVINCE, *registry.descendants(PROVINCE, YEAR)]
    source = Store(sample_data_dir / "store")
    store_dir = root / "template" / "store"
    for table in TABLES:
        for unit in units:
            if source.has_slice(table, YEAR, unit):
                target = store_dir / table / str(YEAR) / f"{unit}.parquet"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source.slice_path(table, YEAR, unit), target)
    shutil.copy2(sample_data_dir / "store" / REGISTER_FILE, store_dir / REGISTER_FILE)
    bnnks = [u for u in units if u.startswith("bnnk-")][:3]
    submission = root / "submission"
    submission.mkdir()
    for name, table in TABLES.items():
        frame = source.read(name, YEAR, bnnks)
        if len(frame):
            text = submission_csv(table, counts_raised(table, frame))
            (submission / f"{name}.csv").write_text(text, encoding="utf-8")
    cases = submission / "cases.csv"
    bad = f"LKN/RUSAK;{bnnks[0]};30/12/{YEAR};-3;ya;tidak" + ";" * (len(TABLES["cases"].columns)
                                                                     - 6)
    cases.write_text(cases.read_text(encoding="utf-8") + bad + "\n", encoding="utf-8")

    old = state(store_dir)
    clean = copy_store(store_dir, root / "clean")
    report = ingest([submission], clean, registry=registry, on_wait=None)
    assert report.accepted > 100 and report.rejected == 1, [p.line("en") for p in report.errors
                                                            if "RUSAK" not in p.line("en")]
    new = state(clean.store_dir)
    assert new["slices"] != old["slices"] and new["register"] != old["register"]
    store = Store(clean.store_dir)
    figures = {"old": unit_figures(Store(store_dir), registry, YEAR, root=PROVINCE),
               "new": unit_figures(store, registry, YEAR, root=PROVINCE)}
    assert figures["old"] != figures["new"]
    ingest([submission], clean, registry=registry, on_wait=None)  # sent twice: registered twice
    twice = state(clean.store_dir)
    assert twice["slices"] == new["slices"] and twice["register"] != new["register"]
    started = time.monotonic()
    probe = run_ingest(submission, copy_store(store_dir, root / "probe"))
    assert probe.returncode == 1, probe.stderr  # one rejected row: exit 1, everything else in
    return {"root": root, "store": store_dir, "submission": submission, "old": old, "new": new,
            "twice": twice, "figures": figures,
            "moves": len(report.written) + 2,  # the slices, the register and the version
            "seconds": time.monotonic() - started, "registry": registry}


def copy_store(store_dir: Path, data_dir: Path) -> Paths:
    shutil.copytree(store_dir, data_dir / "store")
    return Paths(data_dir, data_dir / "params", data_dir / "outputs")


def state(store_dir: Path) -> dict:
    """What the store holds: each slice's bytes (hashed) and the register's rows without their
    time. Read as a reader reads: holding the store still, finishing a killed commit first."""
    with Store(store_dir, on_wait=None).reading():
        slices = {p.relative_to(store_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                  for table in TABLES for p in sorted(store_dir.glob(f"{table}/*/*.parquet"))}
        register = pq.read_table(store_dir / REGISTER_FILE).to_pandas()
    rows = register.drop(columns=["ingested_at"]).astype(str).to_csv(index=False)
    return {"slices": slices, "register": rows}


def which(found: dict, base: dict) -> str:
    """``old`` (the store before the submission), ``new`` (after it), ``twice`` (after it was
    sent a second time: the same slices, registered twice), or an error naming the mix."""
    for label in ("old", "new", "twice"):
        if found == base[label]:
            return label
    if found["slices"] in (base["old"]["slices"], base["new"]["slices"]):
        raise AssertionError("the register does not describe the slices the store holds")
    old = base["old"]["slices"]
    changed = sorted(k for k, digest in found["slices"].items() if digest != old.get(k))
    raise AssertionError(f"a mix of before and after: {len(changed)} slices changed, e.g. "
                         f"{changed[:3]}")


def leftovers(paths: Paths) -> list[str]:
    """Temporary files of a commit or of a quarantine still in the data folder."""
    store = paths.store_dir
    found = [p.name for p in (store / journal.STAGING, store / journal.JOURNAL) if p.exists()]
    found += [p.name for p in store.glob(f"{journal.JOURNAL}.*")]
    quarantine = paths.quarantine_dir
    found += [p.name for p in quarantine.glob(".*")] if quarantine.is_dir() else []
    return found


def run_ingest(submission: Path, paths: Paths, crash: str | None = None,
               stop: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run([*WORKBOOK, "ingest", str(submission), "--data-dir",
                           str(paths.data_dir), "--lang", "en"], env=env(crash, stop),
                          capture_output=True, text=True, timeout=TIMEOUT)


env = crash_env


def dry_run(paths: Paths, crash: str | None = None) -> subprocess.Popen:
    """``workbook build --dry-run`` of one BNNK: a build's planning, which reads every slice."""
    return subprocess.Popen([*WORKBOOK, "build", "--dry-run", "--unit", "bnnk-lubuklinggau",
                             "--year", str(YEAR), "--data-dir", str(paths.data_dir),
                             "--outputs-dir", str(paths.outputs_dir)], env=env(crash),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(base: dict, paths: Paths) -> None:
    """The next ingest of the same submission: the store ends as after that submission (sent
    once, or twice when the killed one had committed), the rejected row waits in the quarantine,
    and nothing temporary is left."""
    before = which(state(paths.store_dir), base)
    report = ingest([base["submission"]], paths, registry=base["registry"], on_wait=None)
    assert report.rejected == 1 and report.quarantine_files
    assert which(state(paths.store_dir), base) == {"old": "new", "new": "twice"}[before]
    assert leftovers(paths) == []
    books = [p for p in paths.quarantine_dir.iterdir() if p.suffix == ".xlsx"]
    assert books and all(p.stat().st_size > 0 for p in books)


# ---------------------------------------------------------------- killed at a named point


BEFORE_COMMIT = ["ingest.validated", "ingest.quarantined", "ingest.staged", "ingest.locked",
                 "ingest.journal-tmp"]
AFTER_COMMIT = ["store.journal", "store.moved-1", "store.moved-2", "store.moved-mid",
                "store.moved-last", "store.moved-all", "store.finished"]


def _point(name: str, moves: int) -> str:
    return {"store.moved-mid": f"store.moved-{moves // 2}",
            "store.moved-last": f"store.moved-{moves - 1}"}.get(name, name)


@pytest.mark.parametrize("point", BEFORE_COMMIT + AFTER_COMMIT)
def test_an_ingest_killed_at_any_point_is_all_or_nothing(base: dict, tmp_path: Path,
                                                         point: str) -> None:
    paths = copy_store(base["store"], tmp_path / "data")
    killed = run_ingest(base["submission"], paths, crash=_point(point, base["moves"]))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    expected = "old" if point in BEFORE_COMMIT else "new"
    if point in ("store.journal", "store.moved-2", "store.moved-last"):  # a build reads next
        reader = dry_run(paths)
        out, err = reader.communicate(timeout=TIMEOUT)
        assert reader.returncode == 0, err
        assert "finishing an interrupted ingest" in err
        assert not (paths.store_dir / journal.JOURNAL).exists()
    assert which(state(paths.store_dir), base) == expected
    finish(base, paths)


@pytest.mark.parametrize("point", ["store.moved-1", "store.moved-all"])
def test_a_reader_killed_while_finishing_an_interrupted_commit_is_finished_by_the_next(
        base: dict, tmp_path: Path, point: str) -> None:
    paths = copy_store(base["store"], tmp_path / "data")
    killed = run_ingest(base["submission"], paths, crash="store.journal")
    assert killed.returncode == -signal.SIGKILL
    reader = dry_run(paths, crash=point)  # dies in the roll-forward, like the ingest did
    reader.communicate(timeout=TIMEOUT)
    assert reader.returncode == -signal.SIGKILL
    assert (paths.store_dir / journal.JOURNAL).exists()
    assert which(state(paths.store_dir), base) == "new"
    finish(base, paths)


@pytest.mark.parametrize("seed", range(4))
def test_an_ingest_killed_at_a_random_moment_is_all_or_nothing(base: dict, tmp_path: Path,
                                                               seed: int) -> None:
    paths = copy_store(base["store"], tmp_path / "data")
    delay = random.Random(seed).uniform(0.2, 1.1) * base["seconds"]
    process = subprocess.Popen([*WORKBOOK, "ingest", str(base["submission"]), "--data-dir",
                                str(paths.data_dir)], env=env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.kill()
    process.wait(timeout=TIMEOUT)
    assert which(state(paths.store_dir), base) in ("old", "new")
    finish(base, paths)


# ---------------------------------------------------------------- ingests beside readers


def _seen(base: dict, store_dir: Path) -> tuple[str, dict]:
    """What one reader sees in one read: the store's state and the province's figures."""
    store = Store(store_dir, on_wait=None)
    with store.reading():
        return which(state(store_dir), base), unit_figures(store, base["registry"], YEAR,
                                                           root=PROVINCE)


def _wait_for(stream: object, text: str, seconds: float = 60) -> str:
    """Lines of a running process's stream until one holds ``text`` (read on a thread, so a
    process that never says it cannot hang the test)."""
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.append(line)
            if text in line:
                found.set()
                return

    threading.Thread(target=read, daemon=True).start()
    assert found.wait(seconds), f"never said {text!r}: {''.join(lines)}"
    return "".join(lines)


def test_readers_during_an_ingest_see_the_store_before_or_after_and_figures_that_add_up(
        base: dict, tmp_path: Path) -> None:
    paths = copy_store(base["store"], tmp_path / "data")
    process = subprocess.Popen([*WORKBOOK, "ingest", str(base["submission"]), "--data-dir",
                                str(paths.data_dir)], env=env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    seen = []
    while process.poll() is None:
        seen.append(_seen(base, paths.store_dir))
    process.wait(timeout=TIMEOUT)
    seen.append(_seen(base, paths.store_dir))
    for label, figures in seen:
        assert figures == base["figures"][label]  # rolled-up and own, as one version has them
    assert len(seen) > 3 and seen[-1][0] == "new"


def test_a_build_waits_for_an_ingest_that_is_committing_and_reads_what_it_committed(
        base: dict, tmp_path: Path) -> None:
    paths = copy_store(base["store"], tmp_path / "data")
    ingesting = subprocess.Popen([*WORKBOOK, "ingest", str(base["submission"]), "--data-dir",
                                  str(paths.data_dir)], env=env("ingest.locked", stop=True),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until(lambda: _stopped(ingesting.pid))  # frozen holding the exclusive lock
        build = dry_run(paths)
        said = _wait_for(build.stderr, "waiting for an ingest to finish writing")
        time.sleep(0.5)
        assert build.poll() is None, said  # waiting, not reading a half-committed store
        os.kill(ingesting.pid, signal.SIGCONT)
        out, _ = build.communicate(timeout=TIMEOUT)
        assert build.returncode == 0
        assert ingesting.wait(timeout=TIMEOUT) == 1  # one rejected row
    finally:
        _end(ingesting)
    assert which(state(paths.store_dir), base) == "new"
    assert leftovers(paths) == []


READER = """
import sys
from pathlib import Path
from helpers.store.access import reading
root = Path(sys.argv[1])
with reading(root):  # as `workbook build` holds the store, from planning to its last report
    before = sorted((p.name, p.read_bytes()) for p in root.glob("[!_]*/*/*.parquet"))
    print("reading", flush=True)
    sys.stdin.readline()
    after = sorted((p.name, p.read_bytes()) for p in root.glob("[!_]*/*/*.parquet"))
    print("same" if before == after else "changed", flush=True)
"""


def test_an_ingest_waits_for_a_build_reading_which_sees_the_store_as_it_was(
        base: dict, tmp_path: Path) -> None:
    paths = copy_store(base["store"], tmp_path / "data")
    reader = subprocess.Popen([sys.executable, "-c", READER, str(paths.store_dir)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ingesting = None
    try:
        assert reader.stdout.readline().strip() == "reading"  # type: ignore[union-attr]
        ingesting = subprocess.Popen([*WORKBOOK, "ingest", str(base["submission"]),
                                      "--data-dir", str(paths.data_dir)], env=env(),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        _wait_for(ingesting.stderr, "waiting for the builds or notebooks reading")
        assert ingesting.poll() is None
        reader.stdin.write("go\n")  # type: ignore[union-attr]
        reader.stdin.flush()  # type: ignore[union-attr]
        assert reader.stdout.readline().strip() == "same"  # type: ignore[union-attr]
        assert ingesting.wait(timeout=TIMEOUT) == 1
    finally:
        _end(reader)
        if ingesting is not None:
            _end(ingesting)
    assert which(state(paths.store_dir), base) == "new"


def test_a_second_ingest_during_the_first_is_refused_and_changes_nothing(
        base: dict, tmp_path: Path) -> None:
    paths = copy_store(base["store"], tmp_path / "data")
    first = subprocess.Popen([*WORKBOOK, "ingest", str(base["submission"]), "--data-dir",
                              str(paths.data_dir)], env=env("ingest.staged", stop=True),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until(lambda: _stopped(first.pid))
        second = run_ingest(base["submission"], paths)
        assert second.returncode == 2 and "another ingest" in second.stderr
        assert which(state(paths.store_dir), base) == "old"
        os.kill(first.pid, signal.SIGCONT)
        assert first.wait(timeout=TIMEOUT) == 1
    finally:
        _end(first)
    assert which(state(paths.store_dir), base) == "new"
    assert leftovers(paths) == []


def _stopped(pid: int) -> bool:
    """Whether a process is stopped (SIGSTOP): its state in /proc is T."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0] == "T"


def _wait_until(done: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not done():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _end(process: subprocess.Popen) -> None:
    """A test's child never outlives it: continued if stopped, then killed if still there."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGCONT)
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
