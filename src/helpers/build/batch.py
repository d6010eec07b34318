"""The batch runner: plan (unit, year) reports, skip what is up to date, execute, render, commit.

Every report runs in a fresh kernel process (forked from a warm fork-server where the platform
allows, see :mod:`helpers.build.kernels`), inside a long-lived worker (local processes or Dask,
see :mod:`helpers.build.executors`) that also renders it (:mod:`helpers.build.run`). Workers
never touch the outputs folder: they hand back the report's bytes, and this process switches a
report's files (HTML, PDF, figures file, notebook and, last, its manifest:
:mod:`helpers.build.incremental`) as one unit (:mod:`helpers.build.commit`), so an
interrupted, killed or failed build leaves each report's last good set in place, or the new one
whole. Before it reads anything a build finishes or removes what killed builds left
(:mod:`helpers.build.leftovers`). No ``os.chdir``, no shared intermediate folder: each run works
in a private temporary folder. Planning and staleness are :mod:`helpers.build.plan`.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from helpers.adapters import fallbacks
from helpers.build import incremental, leftovers
from helpers.build.commit import commit_set, crash_point, journal_path
from helpers.build.executors import (
    DaskExecutor,
    Executor,
    LocalExecutor,
    LocalStart,
    skip_unused_imports,
)
from helpers.build.plan import Check, check, output_paths
from helpers.build.progress import Progress
from helpers.build.run import (
    DEFAULT_TIMEOUT,
    FORMATS,
    Run,
    RunOptions,
    RunResult,
    execute_run,
)
from helpers.build.run_log import write_run_log
from helpers.common.atomic import write_atomic
from helpers.common.config import Paths, notebook_path
from helpers.reference.registry import Registry
from helpers.site import build_site
from helpers.site.placeholders import is_placeholder


@dataclass
class BuildSummary:
    results: list[RunResult]
    seconds: float
    site_dir: Path | None
    log: Path | None = None
    #: Library speed-ups this build ran without, and why (:func:`helpers.adapters.fallbacks`).
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "ok"]

    @property
    def skipped(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "skipped"]

    @property
    def warnings(self) -> list[str]:
        """One line per output a rendered report does not show (unit, cell, kind, why), as
        the summary prints them; the run log has the same under each run's ``warnings``."""
        return [warning_line(r, w) for r in self.results for w in r.warnings]


def warning_line(result: RunResult, warning: dict) -> str:
    """``2022 bnnk-x, cell 21 (application/javascript): cannot be placed …``."""
    cell = warning.get("cell")
    where = f", cell {cell}" if cell is not None else ""
    return (f"{result.year} {result.unit_id}{where} ({warning.get('kind')}): "
            f"{warning.get('message')}")


def build(paths: Paths, runs: list[Run], *, jobs: int | None = None,
          formats: tuple[str, ...] = FORMATS, timeout: int = DEFAULT_TIMEOUT,
          force: bool = False, executor: str = "local", scheduler: str | None = None,
          fork: bool = True, notebook: Path | None = None, site: bool = True,
          progress: Progress | None = None, prestart: LocalStart | None = None,
          on_result: Callable[[RunResult], None] | None = None) -> BuildSummary:
    """Render the stale runs ``jobs`` at a time, write the run log, then the site index.

    ``prestart``: the build's scratch folder and fork-server, started before planning (the
    build takes it over and closes it); by default started here.
    """
    start, started_at = time.perf_counter(), datetime.now(tz=UTC)
    notes = fallbacks()
    with leftovers.holding(paths.outputs_dir):  # what killed builds left is put right first
        checks = check(paths, Registry.load(paths.reference_dir), runs, formats=formats,
                       force=force, notebook=notebook)
        crash_point("build.planned")
        stale = [c for c in checks if c.stale]
        results = [_up_to_date(c) for c in checks if not c.stale]
        if progress is not None:
            progress.start(len(stale), len(results))
        options = RunOptions(formats=formats, timeout=timeout, fork=fork,
                             notebook=str(notebook or notebook_path()))
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(stale) or 1))
        if prestart is None:
            prestart = LocalStart(fork=fork and executor == "local" and bool(stale))
        start_workers = partial(_start_workers, executor, jobs, scheduler, fork, prestart)
        with _workers(start_workers if stale else None, progress, prestart) as pool:
            if pool is not None:
                results += _render(pool, paths.outputs_dir, stale, options, progress, on_result)
            if progress is not None:
                progress.close()
            results.sort(key=lambda r: (r.year, r.unit_id))
            log = write_log(paths.outputs_dir, started_at, results, notes)
            crash_point("build.logged")
            site_dir = build_site(paths) if site else None  # while the workers exit
    return BuildSummary(results, round(time.perf_counter() - start, 3), site_dir, log, notes)


def _up_to_date(found: Check) -> RunResult:
    return RunResult(found.run.unit_id, found.run.year, "skipped", 0.0, reason="up to date",
                     language=found.run.language)


def _start_workers(executor: str, jobs: int, scheduler: str | None, fork: bool,
                   prestart: LocalStart) -> Executor:
    if executor == "dask":
        return DaskExecutor(jobs, scheduler)
    return LocalExecutor(jobs, prestart.scratch, fork, server=prestart.take_server())


@contextmanager
def _workers(start_workers: Callable[[], Executor] | None, progress: Progress | None,
             prestart: LocalStart) -> Iterator[Executor | None]:
    """The build's workers (none when nothing is stale). Any error or Ctrl-C stops them at once
    (their kernels go with them); otherwise they are waited for after the block, which writes
    the log and the site while they exit. The progress bar and ``prestart`` end either way."""
    pool = None
    try:
        pool = start_workers() if start_workers is not None else None
        yield pool
    except BaseException:
        if pool is not None:
            pool.stop()
            pool = None
        raise
    finally:
        if progress is not None:
            progress.close()
        if pool is not None:
            pool.close()
        prestart.close()


def _render(pool: Executor, outputs_dir: Path, stale: list[Check], options: RunOptions,
            progress: Progress | None,
            on_result: Callable[[RunResult], None] | None) -> Iterator[RunResult]:
    """Each stale run's result as it finishes, its files already committed."""
    by_key = {(c.run.unit_id, c.run.year, c.run.language): c for c in stale}
    for result in pool.run_all(execute_run, [(c.run, options) for c in stale]):
        found = by_key[(result.unit_id, result.year, result.language)]
        result.reason = "; ".join(found.reasons)
        crash_point("build.rendered")
        yield commit(outputs_dir, found.run, result, found.deps)
        crash_point("build.committed")
        if progress is not None:
            progress.update(result)
        if on_result:
            on_result(result)


#: The files of a report's set besides its manifest, by language (the figures file is the
#: Bahasa Indonesia report's: an English build neither writes nor removes it).
SET_KINDS = {"id": ("html", "pdf", "json", "notebook")}
SET_KINDS_OTHER = ("html", "pdf", "notebook")


def commit(outputs_dir: Path, run: Run, result: RunResult,
           deps: incremental.Dependencies) -> RunResult:
    """Write a rendered run's files as one unit, its manifest last (:func:`commit_set`): the
    files of the set it did not make this time (a format not asked for, a figures file the
    notebook no longer writes) are removed with it, so no file of an older set stays beside it.
    A failed run keeps its notebook in ``failed/`` and the last good set as it is."""
    out = output_paths(outputs_dir, run.unit_id, run.year, run.language)
    written = []
    if result.status == "ok":
        files = {out[kind]: data for kind, data in result.files.items()}
        files[out["manifest"]] = incremental.manifest_bytes(deps, result.files)
        kinds = SET_KINDS.get(run.language, SET_KINDS_OTHER)
        drop = [out[k] for k in kinds if k not in result.files] + [out["failed"]]
        written = [p for p in commit_set(outputs_dir, files, drop, journal_path(out["manifest"]))
                   if p != out["manifest"]]
        if "notebook" in result.files:
            trust_notebook(result.files["notebook"])
    elif "failed" in result.files:
        written.append(write_atomic(out["failed"], result.files["failed"]))
    result.outputs = [p.relative_to(outputs_dir).as_posix() for p in written]
    result.files = {}
    return result


def trust_notebook(data: bytes) -> bool:
    """Sign a published notebook in the Jupyter notary database of the person who built it.

    JupyterLab renders no SVG (the report's charts) of an untrusted notebook, only its alt
    text. These outputs were produced by this user's own build, just as "Run All" would produce
    them, which Jupyter trusts on save; so the build's own process marks them trusted, after
    writing. A notebook built elsewhere (merged CI outputs) stays untrusted until its reader runs
    ``jupyter trust`` (docs/analyst-guide.md). Best effort: a notary that cannot be written
    (read-only home, locked database) never fails the build. True when signed.
    """
    try:
        # Lazy: nbformat.sign brings jupyter_core and sqlite (~0.1 s); a no-op build, which
        # signs nothing, must start fast. nbformat imports jsonschema, which would build the
        # IRI grammar nothing here uses (~1.4 s of this process's CPU): skipped as in workers.
        skip_unused_imports()
        import nbformat
        from jupyter_core.paths import jupyter_data_dir

        _notary(jupyter_data_dir()).sign(nbformat.from_dict(json.loads(data)))
        return True
    except Exception:  # noqa: BLE001 - best effort, see above
        return False


@functools.cache
def _notary(data_dir: str) -> Any:
    """One notary per Jupyter data folder: the user's notary database is opened once per build,
    not once per report."""
    from nbformat.sign import NotebookNotary  # lazy: see trust_notebook

    return NotebookNotary(data_dir=data_dir)


def write_log(outputs_dir: Path, started_at: datetime, results: list[RunResult],
              notes: Iterable[str] = ()) -> Path:
    """The build's run log (:mod:`helpers.build.run_log`): its notes, then one line per run."""
    return write_run_log(outputs_dir, started_at, [r.log_record() for r in results], notes)


def merge_outputs(sources: Iterable[Path], dest: Path) -> list[Path]:
    """Copy several builds' outputs folders into one (CI: one folder per province).

    Reports, manifests, notebooks and logs of different units never share a path; site index
    pages are rebuilt afterwards and are skipped here, and so are placeholder pages (a report
    one province links and another builds: the real report wins, and the site build after the
    merge writes the placeholders still needed). A file present in two sources with different
    bytes is an error (two builds rendered the same report differently).
    """
    copied = []
    for source in sources:
        for path in sorted(Path(source).rglob("*")):
            rel = path.relative_to(source)
            if not path.is_file() or rel.name == "index.html" or rel.name.startswith("."):
                continue  # site pages are rebuilt; dot files are a build's lock and temp files
            if is_placeholder(path):
                continue
            target = dest / rel
            if target.exists() and not is_placeholder(target):
                if target.read_bytes() != path.read_bytes():
                    raise FileExistsError(f"{rel}: different in {source} and an earlier source")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied.append(target)
    return copied
