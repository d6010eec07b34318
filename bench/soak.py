"""Soak: ingests killed at random, beside readers and builds, for as long as you like.

The crash suite (``tests/integration/test_crash_ingest.py``) tries each named point of a commit
once; this runs the same kinds of case over and over, at random, for ``--minutes``, on a sample
store of one year, and checks after each one what must always hold:

- every reader sees the store before the ingest or after it: every slice of one submission or
  of the other, and a register that describes exactly those slices; the province's figures
  (``unit_figures``, own and rolled up) are those of that version;
- the next read or ingest completes the store, nothing is lost (the store is the submission's,
  the rejected row is in a quarantine workbook) and no temporary file is left;
- a build (``--builds``) that was not killed ends with exit 0 and its figures file shows one
  version of the store, never a mix; a killed build holds no lock afterwards.

Two submissions, A and B, replace the same three BNNKs' year (every table, counts one or two
more) and alternate, so every ingest changes the store. Cases, each picked at random:

``kill-point``  an ingest killed (SIGKILL) at a random named point of its commit
``kill-random`` an ingest killed after a random delay
``readers``     an ingest while this process reads in a loop
``kill-reader`` an ingest killed at the commit point, then a reader killed while finishing it
``build``       (with ``--builds``) ``workbook build`` of one BNNK while an ingest runs, the build
                killed at a random moment one time in three

Usage::

    .venv/bin/python bench/soak.py --minutes 10 [--builds] [--seed N] [--keep DIR]

It prints each case as it ends and, at the end, the cases tried, held and failed per kind, and
the time; the exit code is 1 when any case failed (its details are printed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from helpers.common.config import Paths, project_root
from helpers.ingest.sample import generate_sample
from helpers.reference.registry import Registry, bundled_reference_dir
from helpers.reference.schema import TABLES
from helpers.stats.engine import unit_figures
from helpers.store import journal
from helpers.store.access import STORE_LOCK, FileLock
from helpers.store.register import REGISTER_FILE
from helpers.store.slices import Store

# The crash tests' submission and environment (tests/crash_support.py): the soak repeats them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from crash_support import counts_raised, crash_env, submission_csv  # noqa: E402

YEAR = 2022
PROVINCE = "bnnp-sumsel"
BUILD_UNIT = "bnnk-lubuklinggau"
WORKBOOK = [sys.executable, "-m", "helpers.cli"]
POINTS = ["ingest.validated", "ingest.quarantined", "ingest.staged", "ingest.locked",
          "ingest.journal-tmp", "store.journal", "store.moved-all", "store.finished"]
# and store.moved-1 … store.moved-<n>
TIMEOUT = 600


class Soak:
    """The store, the two submissions and what each leaves: what every case checks against."""

    def __init__(self, work: Path, registry: Registry) -> None:
        self.work, self.registry = work, registry
        self.data = Paths(work / "data", project_root() / "params", work / "outputs")
        self.store = self.data.store_dir
        bnnks = [u for u in registry.descendants(PROVINCE, YEAR) if u.startswith("bnnk-")]
        self.units = sorted({BUILD_UNIT, *bnnks[:2]})
        base = Store(self.store)
        self.submissions = {name: self._submission(base, name, step)
                            for name, step in (("A", 1), ("B", 2))}
        self.expected: dict[str, dict] = {}
        self.moves = 0
        for name in ("A", "B"):
            code = self.ingest(name)
            if code != 1:
                raise SystemExit(f"submission {name}: ingest exited {code}, expected 1 (one row "
                                 "rejected)")
            self.expected[name] = {"slices": self.slices(),
                                   "figures": unit_figures(Store(self.store), registry, YEAR,
                                                           root=PROVINCE)}
            self.moves = len(self.expected[name]["slices"])
        self.last = "B"

    # -- the submissions and the states they leave ---------------------------------------------
    def _submission(self, store: Store, name: str, step: int) -> Path:
        folder = self.work / f"submission-{name}"
        folder.mkdir(parents=True, exist_ok=True)
        for table_name, table in TABLES.items():
            frame = store.read(table_name, YEAR, self.units)
            if len(frame):
                text = submission_csv(table, counts_raised(table, frame, step))
                (folder / f"{table_name}.csv").write_text(text, encoding="utf-8")
        cases = folder / "cases.csv"
        blanks = ";" * (len(TABLES["cases"].columns) - 6)
        cases.write_text(cases.read_text(encoding="utf-8")
                         + f"LKN/RUSAK;{self.units[0]};30/12/{YEAR};-3;ya;tidak{blanks}\n",
                         encoding="utf-8")
        return folder

    def slices(self) -> dict[str, str]:
        """The submitted units' slices as a reader sees them (holding the store still)."""
        with Store(self.store, on_wait=None).reading():
            return {f"{t}/{u}": _digest(self.store / t / str(YEAR) / f"{u}.parquet")
                    for t in TABLES for u in self.units}

    def seen(self) -> str:
        """Which submission one reader sees (A or B), after checking that it is one of them
        whole, that the register describes it and that the figures are that version's."""
        store = Store(self.store, on_wait=None)
        with store.reading():
            slices = self.slices()
            register = pq.read_table(self.store / REGISTER_FILE,
                                     columns=["file_name", "file_sha256"]).to_pandas()
            figures = unit_figures(store, self.registry, YEAR, root=PROVINCE)
        found = [n for n in ("A", "B") if slices == self.expected[n]["slices"]]
        if not found:
            raise AssertionError("a reader saw a mix of the two submissions' slices")
        name = found[0]
        last = _registered_last(register, self.submissions)
        if last != name:
            raise AssertionError(f"the slices are submission {name}'s, the register's last "
                                 f"submission is {last}")
        if figures != self.expected[name]["figures"]:
            raise AssertionError(f"the figures are not those of submission {name}")
        return name

    # -- processes -------------------------------------------------------------------------
    def ingest(self, name: str, crash: str | None = None) -> int:
        return subprocess.run(self.ingest_command(name), env=crash_env(crash), timeout=TIMEOUT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode

    def ingest_command(self, name: str) -> list[str]:
        return [*WORKBOOK, "ingest", str(self.submissions[name]), "--data-dir",
                str(self.data.data_dir)]

    def dry_run(self, crash: str | None = None) -> int:
        return subprocess.run([*WORKBOOK, "build", "--dry-run", "--unit", BUILD_UNIT, "--year",
                               str(YEAR), "--data-dir", str(self.data.data_dir),
                               "--outputs-dir", str(self.data.outputs_dir)], env=crash_env(crash),
                              timeout=TIMEOUT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode

    def next_name(self) -> str:
        return "A" if self.last == "B" else "B"

    def complete(self, name: str) -> None:
        """After a case: the next ingest of ``name`` leaves exactly it, nothing temporary left,
        the rejected row in a quarantine workbook, no lock held."""
        _expect(not _ingest_running(self.store), "an ingest is still running after the case")
        code = self.ingest(name)
        if code != 1:
            raise AssertionError(f"the next ingest exited {code}")
        if self.seen() != name:
            raise AssertionError(f"after the next ingest of {name} the store is not {name}'s")
        self.last = name
        left = [p.name for p in (self.store / journal.STAGING, self.store / journal.JOURNAL)
                if p.exists()] + [p.name for p in self.data.quarantine_dir.glob(".*")]
        if left:
            raise AssertionError(f"temporary files left: {left}")
        if not list(self.data.quarantine_dir.glob("*.xlsx")):
            raise AssertionError("no quarantine workbook: the rejected row is lost")
        lock = FileLock.open(self.store / STORE_LOCK)
        assert lock is not None
        try:
            if not lock.acquire(True, wait=False):
                raise AssertionError("the store's lock is still held after the case")
        finally:
            lock.close()

    # -- the cases ---------------------------------------------------------------------------
    def kill_point(self, rng: random.Random) -> str:
        name = self.next_name()
        point = rng.choice([*POINTS, *(f"store.moved-{n}" for n in range(1, self.moves + 1))])
        code = self.ingest(name, crash=point)
        _expect(code == -signal.SIGKILL, f"the ingest killed at {point} exited {code}")
        before = point in POINTS[:5]
        seen = self.seen()
        _expect(seen == (self.last if before else name), f"killed at {point}: the reader saw "
                f"{seen}")
        self.complete(name)
        return point

    def kill_random(self, rng: random.Random) -> str:
        name = self.next_name()
        process = subprocess.Popen(self.ingest_command(name), env=crash_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay = rng.uniform(0.3, 3.0)
        time.sleep(delay)
        process.kill()
        process.wait(TIMEOUT)
        self.seen()
        self.complete(name)
        return f"after {delay:.2f} s"

    def readers(self, rng: random.Random) -> str:
        name = self.next_name()
        process = subprocess.Popen(self.ingest_command(name), env=crash_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen = Counter()
        while process.poll() is None:
            seen[self.seen()] += 1
        _expect(process.wait(TIMEOUT) == 1, "the ingest beside readers failed")
        _expect(self.seen() == name, "after the ingest the store is not the submission's")
        self.last = name
        self.complete(self.next_name())
        return ", ".join(f"{n} seen {k}×" for n, k in sorted(seen.items()))

    def kill_reader(self, rng: random.Random) -> str:
        name = self.next_name()
        _expect(self.ingest(name, crash="store.journal") == -signal.SIGKILL,
                "the ingest survived")
        point = f"store.moved-{rng.randint(1, self.moves)}"
        code = self.dry_run(crash=point)
        _expect(code == -signal.SIGKILL, f"the reader killed at {point} exited {code}")
        _expect(self.seen() == name, "the reader after the killed one did not finish it")
        self.last = name
        self.complete(self.next_name())
        return point

    def build(self, rng: random.Random) -> str:
        name = self.next_name()
        outputs = self.data.outputs_dir
        figures = outputs / "site" / str(YEAR) / f"{BUILD_UNIT}.json"
        figures.unlink(missing_ok=True)
        build = subprocess.Popen([*WORKBOOK, "build", "--unit", BUILD_UNIT, "--year", str(YEAR),
                                  "--force", "--data-dir", str(self.data.data_dir),
                                  "--outputs-dir", str(outputs)], env=crash_env(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.0, 4.0))
        ingest = subprocess.Popen(self.ingest_command(name), env=crash_env(),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        killed = rng.random() < 1 / 3
        if killed:
            time.sleep(rng.uniform(0.5, 8.0))
            build.kill()
        _, err = build.communicate(timeout=TIMEOUT)
        _expect(ingest.wait(TIMEOUT) == 1, "the ingest beside a build failed")
        self.last = name
        if not killed or build.returncode == 0:
            _expect(build.returncode == 0, f"the build exited {build.returncode}: {err[-800:]}")
            shown = json.loads(figures.read_text(encoding="utf-8"))
            versions = [n for n in ("A", "B") if _same_figures(
                shown, self.expected[n]["figures"][BUILD_UNIT]["rolled"])]
            _expect(bool(versions), "the build published figures of no one version")
            outcome = f"built with {versions[0]}'s data"
        else:
            outcome = "build killed"
        self.complete(self.next_name())
        return outcome


def _same_figures(shown: dict, figures: dict) -> bool:
    """The figures file's headline numbers are those of one version (counts and seizures)."""
    keys = [k for k in ("cases", "suspects", "seizures") if k in shown and k in figures]
    return bool(keys) and all(shown[k] == figures[k] for k in keys)


def _registered_last(register: pd.DataFrame, submissions: dict[str, Path]) -> str | None:
    """Which submission the register names last (by the hashes of the files that differ)."""
    files = {name: {_digest(p) for p in folder.glob("*.csv")}
             for name, folder in submissions.items()}
    hashes = {name: found - set().union(*(f for n, f in files.items() if n != name))
              for name, found in files.items()}
    for sha in reversed(register["file_sha256"].astype(str).tolist()):
        for name, found in hashes.items():
            if sha in found:
                return name
    return None


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _ingest_running(store: Path) -> bool:
    lock = FileLock.open(store / "_ingest.lock")
    if lock is None:
        return False
    try:
        return not lock.acquire(True, wait=False)
    finally:
        lock.close()


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=None, help="default: from the clock")
    parser.add_argument("--builds", action="store_true",
                        help="also run `workbook build` beside ingests (~10-30 s a case)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    work = args.keep or Path(tempfile.mkdtemp(prefix="workbook-soak-"))
    started = time.monotonic()
    registry = Registry.load(bundled_reference_dir())
    print(f"soak: seed {seed}, {args.minutes:g} min, in {work}", flush=True)
    generate_sample(Store(work / "data" / "store"), registry, years=(YEAR,))
    soak = Soak(work, registry)
    print(f"soak: ready in {time.monotonic() - started:.0f} s ({soak.moves} slices a "
          "submission)", flush=True)
    cases: dict[str, Callable[[random.Random], str]] = {
        "kill-point": soak.kill_point, "kill-random": soak.kill_random,
        "readers": soak.readers, "kill-reader": soak.kill_reader}
    if args.builds:
        cases["build"] = soak.build
    tried, held = Counter(), Counter()
    failures: list[str] = []
    deadline = time.monotonic() + args.minutes * 60
    while time.monotonic() < deadline:
        kind = rng.choice(sorted(cases))
        tried[kind] += 1
        t = time.monotonic()
        try:
            detail = cases[kind](rng)
        except Exception as exc:  # noqa: BLE001 - every failure is reported, the soak goes on
            failures.append(f"{kind} #{tried[kind]}: {exc}\n{traceback.format_exc()}")
            print(f"  FAILED {kind}: {exc}", flush=True)
            soak.complete(soak.next_name())  # back to a known state
            continue
        held[kind] += 1
        print(f"  held {kind} ({detail}) in {time.monotonic() - t:.1f} s", flush=True)
    total = time.monotonic() - started
    print(f"\nsoak: {sum(tried.values())} cases tried, {sum(held.values())} held, "
          f"{len(failures)} failed, in {total / 60:.1f} min (seed {seed})")
    for kind in sorted(tried):
        print(f"  {kind:12} tried {tried[kind]:4}  held {held[kind]:4}")
    for failure in failures:
        print(f"\n{failure}")
    if args.keep is None and not failures:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
