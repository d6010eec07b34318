"""The batch runner: plan (unit, year) reports, execute each notebook with papermill, render.

Every report runs in its own fresh kernel, in a worker process of its own, with a private
temporary folder: no ``os.chdir``, no shared intermediate files, so reports never see each other's
state. A report whose notebook fails is kept under ``failed/`` for the analyst and the others go
on; the last good outputs of that report stay in place because every output is written to a
temporary file and moved into place only when the whole report rendered.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from helpers.atomic import write_atomic
from helpers.config import Paths, notebook_path
from helpers.figures import ordered
from helpers.params import load_params
from helpers.registry import Registry
from helpers.store import Store

FORMATS = ("html", "pdf")
DEFAULT_TIMEOUT = 600  # seconds one cell may run before its kernel is stopped


@dataclass(frozen=True)
class Run:
    """One report to render: a unit, a year and the merged parameters papermill injects."""

    unit_id: str
    year: int
    parameters: dict


@dataclass
class RunResult:
    unit_id: str
    year: int
    status: str  # ok | failed
    seconds: float
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    cell: int | None = None


@dataclass
class BuildSummary:
    results: list[RunResult]
    seconds: float
    site_dir: Path

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "ok"]


class PlanError(ValueError):
    """The requested years or units cannot be built (nothing there, or unknown)."""


def plan(paths: Paths, registry: Registry, store: Store, *, years: Iterable[int] = (),
         units: Iterable[str] = (), all_years: bool = False,
         overrides: dict | None = None) -> list[Run]:
    """The runs a build makes: every requested unit that exists in each requested year.

    No years: the latest year that has data (``all_years``: every year with data). No units:
    every unit that exists in that year. Units may be named by unit_id or region code.
    """
    available = store.years()
    if not available:
        store.require()
    years = sorted(set(years)) or (available if all_years else [available[-1]])
    missing = [y for y in years if y not in available]
    if missing:
        raise PlanError(f"no data for year {', '.join(map(str, missing))}; "
                        f"the store has {', '.join(map(str, available))}")
    wanted = [registry.resolve(u).unit_id for u in units]
    runs = []
    for year in years:
        for unit in registry.units(year):
            if wanted and unit.unit_id not in wanted:
                continue
            params = load_params(paths.params_dir, year, unit.unit_id, overrides)
            runs.append(Run(unit.unit_id, year, {
                "unit_id": unit.unit_id, "year": year, "data_dir": str(paths.data_dir),
                "params_dir": str(paths.params_dir), **params}))
    if wanted and not runs:
        raise PlanError(f"none of {', '.join(wanted)} exists in {', '.join(map(str, years))}")
    return runs


def output_paths(outputs_dir: Path, unit_id: str, year: int, language: str = "id") -> dict:
    """Where one report's files go (DESIGN.md, "Where outputs go")."""
    suffix = "" if language == "id" else f".{language}"
    site = outputs_dir / "site" / str(year)
    return {
        "html": site / f"{unit_id}{suffix}.html",
        "pdf": site / f"{unit_id}{suffix}.pdf",
        "json": site / f"{unit_id}.json",
        "notebook": outputs_dir / "notebooks" / str(year) / f"{unit_id}{suffix}.ipynb",
        "failed": outputs_dir / "failed" / str(year) / f"{unit_id}{suffix}.ipynb",
    }


def figures_json(figures: dict) -> bytes:
    return (json.dumps(ordered(figures), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def execute_run(run: Run, outputs_dir: Path, formats: tuple[str, ...] = FORMATS,
                timeout: int = DEFAULT_TIMEOUT) -> RunResult:
    """Execute and render one report; never raises for a report's own failure."""
    import papermill as pm

    from helpers.render import publishable_notebook, render_notebook

    start = time.perf_counter()
    language = run.parameters.get("language", "id")
    out = output_paths(outputs_dir, run.unit_id, run.year, language)
    with tempfile.TemporaryDirectory(prefix=f"workbook-{run.unit_id}-") as tmp:
        executed = Path(tmp) / "executed.ipynb"
        try:
            pm.execute_notebook(
                str(notebook_path()), str(executed), parameters=run.parameters,
                kernel_name="python3", progress_bar=False, log_output=False,
                cwd=str(notebook_path().parent), execution_timeout=timeout,
            )
        except Exception as exc:  # noqa: BLE001 - any failure of one report stays with it
            return _failed(run, out, executed, exc, start)
        nb = nbformat.read(executed, as_version=4)
        try:
            result = render_notebook(
                nb, out["html"] if "html" in formats else None,
                out["pdf"] if "pdf" in formats else None, workdir=Path(tmp) / "render")
        except Exception as exc:  # noqa: BLE001
            return _failed(run, out, executed, exc, start)
        written = [p for p in (result.html, result.pdf) if p]
        if result.figures is not None and language == "id":
            write_atomic(out["json"], figures_json(result.figures))
            written.append(out["json"])
        write_atomic(out["notebook"], nbformat.writes(publishable_notebook(nb)).encode("utf-8"))
        out["failed"].unlink(missing_ok=True)
    return RunResult(run.unit_id, run.year, "ok", round(time.perf_counter() - start, 3),
                     outputs=[p.relative_to(outputs_dir).as_posix() for p in written])


def _failed(run: Run, out: dict, executed: Path, exc: Exception, start: float) -> RunResult:
    """Keep the failed notebook for the analyst and describe the failure in one line."""
    cell = getattr(exc, "exec_count", None)
    evalue = getattr(exc, "evalue", None)
    ename = getattr(exc, "ename", None) or type(exc).__name__
    message = f"{ename}: {evalue if evalue is not None else exc}".strip().splitlines()
    if executed.exists():
        write_atomic(out["failed"], executed.read_bytes())
    return RunResult(run.unit_id, run.year, "failed", round(time.perf_counter() - start, 3),
                     error=message[-1] if message else ename, cell=cell)


def build(paths: Paths, runs: list[Run], *, jobs: int | None = None,
          formats: tuple[str, ...] = FORMATS, timeout: int = DEFAULT_TIMEOUT,
          on_result: Callable[[RunResult], None] | None = None) -> BuildSummary:
    """Render the planned reports, ``jobs`` at a time, then write the run log."""
    from helpers.site import build_site

    start = time.perf_counter()
    started_at = datetime.now(tz=UTC)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(runs) or 1))
    results: list[RunResult] = []
    if jobs == 1:
        for run in runs:
            results.append(execute_run(run, paths.outputs_dir, formats, timeout))
            if on_result:
                on_result(results[-1])
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = [pool.submit(execute_run, run, paths.outputs_dir, formats, timeout)
                       for run in runs]
            for future in as_completed(futures):
                results.append(future.result())
                if on_result:
                    on_result(results[-1])
    results.sort(key=lambda r: (r.year, r.unit_id))
    _write_log(paths.outputs_dir, started_at, results)
    site_dir = build_site(paths)
    return BuildSummary(results, round(time.perf_counter() - start, 3), site_dir)


def _write_log(outputs_dir: Path, started_at: datetime, results: list[RunResult]) -> Path:
    log = outputs_dir / "logs" / f"{started_at.strftime('%Y%m%dT%H%M%SZ')}.jsonl"
    lines = [json.dumps(asdict(r), ensure_ascii=False) for r in results]
    write_atomic(log, ("\n".join(lines) + "\n").encode("utf-8"))
    return log
