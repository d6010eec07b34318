"""The batch runner: plan (unit, year) reports, skip what is up to date, execute, render, commit.

Every report runs in a fresh kernel process (forked from a warm fork-server where the platform
allows, see :mod:`helpers.build.kernels`), inside a long-lived worker (local processes or Dask, see
:mod:`helpers.build.executors`) that also renders it. Workers never touch the outputs folder: they hand
back the report's bytes, and this process writes each file atomically and then the report's
manifest (:mod:`helpers.build.incremental`), so an interrupted or failed build leaves the last good
outputs in place and a report is only "up to date" once all of its files are. No ``os.chdir``,
no shared intermediate folder: each run works in a private temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.common.atomic import write_atomic
from helpers.common.config import Paths, notebook_path
from helpers.reference.registry import Registry
from helpers.report.params import load_params
from helpers.stats.figures_file import ordered

if TYPE_CHECKING:
    from helpers.build.executors import LocalStart
    from helpers.store.slices import Store

FORMATS = ("html", "pdf")
DEFAULT_TIMEOUT = 600  # seconds one cell may run before its kernel is stopped


@dataclass(frozen=True)
class Run:
    """One report to render: a unit, a year and the merged parameters papermill injects."""

    unit_id: str
    year: int
    parameters: dict

    @property
    def language(self) -> str:
        return self.parameters.get("language", "id")


@dataclass(frozen=True)
class RunOptions:
    """How a worker executes a run (picklable: sent to local or Dask workers)."""

    formats: tuple[str, ...] = FORMATS
    timeout: int = DEFAULT_TIMEOUT
    fork: bool = True
    notebook: str = ""


@dataclass
class RunResult:
    unit_id: str
    year: int
    status: str  # ok | failed | skipped
    seconds: float
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    cell: int | None = None
    reason: str | None = None
    kernel_cpu: float | None = None
    language: str = "id"
    files: dict[str, bytes] = field(default_factory=dict, repr=False)

    def log_record(self) -> dict[str, Any]:
        record = asdict(self)
        record.pop("files")
        return {"unit": record.pop("unit_id"), **record}


@dataclass
class BuildSummary:
    results: list[RunResult]
    seconds: float
    site_dir: Path | None
    log: Path | None = None

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "ok"]

    @property
    def skipped(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "skipped"]


class PlanError(ValueError):
    """The requested years or units cannot be built (nothing there, or unknown)."""


# --------------------------------------------------------------------------------- planning


def province_units(registry: Registry, token: str, year: int) -> list[str]:
    """A BNNP (by unit_id or province code) and all its sub-units in ``year``."""
    unit = registry.resolve(token, year)
    if unit.level != "provinsi":
        raise PlanError(f"{token!r} is {unit.unit_id}, not a BNNP (--province takes a BNNP "
                        "unit_id or a province code such as 16)")
    return [unit.unit_id, *registry.descendants(unit.unit_id, year)]


def plan(paths: Paths, registry: Registry, store: Store, *, years: Iterable[int] = (),
         units: Iterable[str] = (), provinces: Iterable[str] = (), all_years: bool = False,
         overrides: dict | None = None) -> list[Run]:
    """The runs a build makes: every requested unit that exists in each requested year.

    No years: the latest year that has data (``all_years``: every year with data). No units and
    no provinces: every unit that exists in that year. Units may be named by unit_id or region
    code; a province means that BNNP and all its sub-units.
    """
    available = store.years()
    if not available:
        store.require()
    years = sorted(set(years)) or (available if all_years else [available[-1]])
    missing = [y for y in years if y not in available]
    if missing:
        raise PlanError(f"no data for year {', '.join(map(str, missing))}; "
                        f"the store has {', '.join(map(str, available))}")
    units, provinces = list(units), list(provinces)
    named = [registry.resolve(u).unit_id for u in units]
    runs = []
    for year in years:
        wanted = set(named)
        for token in provinces:
            wanted.update(province_units(registry, token, year))
        for unit in registry.units(year):
            if (units or provinces) and unit.unit_id not in wanted:
                continue
            params = load_params(paths.params_dir, year, unit.unit_id, overrides)
            runs.append(Run(unit.unit_id, year, {
                "unit_id": unit.unit_id, "year": year, "data_dir": str(paths.data_dir),
                "params_dir": str(paths.params_dir), **params}))
    if (units or provinces) and not runs:
        raise PlanError(f"none of {', '.join(units + provinces)} exists in "
                        f"{', '.join(map(str, years))}")
    return runs


def output_paths(outputs_dir: Path, unit_id: str, year: int, language: str = "id") -> dict:
    """Where one report's files go (DESIGN.md, "Where outputs go")."""
    suffix = "" if language == "id" else f".{language}"
    site = outputs_dir / "site" / str(year)
    notebooks = outputs_dir / "notebooks" / str(year)
    return {
        "html": site / f"{unit_id}{suffix}.html",
        "pdf": site / f"{unit_id}{suffix}.pdf",
        "json": site / f"{unit_id}.json",
        "notebook": notebooks / f"{unit_id}{suffix}.ipynb",
        "manifest": notebooks / f"{unit_id}{suffix}.build.json",
        "failed": outputs_dir / "failed" / str(year) / f"{unit_id}{suffix}.ipynb",
    }


def expected_outputs(run: Run, outputs_dir: Path, formats: Iterable[str],
                     figures: bool = True) -> list[Path]:
    """The files a rendered report must have (``figures``: it wrote a figures file)."""
    language = run.parameters.get("language", "id")
    out = output_paths(outputs_dir, run.unit_id, run.year, language)
    kinds = [*formats, "notebook"] + (["json"] if figures and language == "id" else [])
    return [out[k] for k in kinds]


@dataclass
class Check:
    """A planned run with its dependency hashes and why it must (or need not) render."""

    run: Run
    deps: Any  # incremental.Dependencies
    reasons: list[str]

    @property
    def stale(self) -> bool:
        return bool(self.reasons)


def check(paths: Paths, registry: Registry, runs: list[Run], *,
          formats: tuple[str, ...] = FORMATS, force: bool = False,
          notebook: Path | None = None) -> list[Check]:
    """Which runs are stale, and why (``workbook build --dry-run`` prints this)."""
    from helpers.build import incremental
    from helpers.store.slices import Store

    fingerprint = incremental.Fingerprint.current(paths.reference_dir, notebook or notebook_path())
    slices = incremental.SliceDigests(Store(paths.store_dir))
    checks = []
    for run in runs:
        deps = incremental.report_dependencies(
            fingerprint=fingerprint, slices=slices, registry=registry,
            params_dir=paths.params_dir, unit_id=run.unit_id, year=run.year,
            parameters=run.parameters, formats=formats)
        language = run.parameters.get("language", "id")
        manifest = incremental.read_manifest(
            output_paths(paths.outputs_dir, run.unit_id, run.year, language)["manifest"])
        outputs = expected_outputs(run, paths.outputs_dir, formats,
                                   figures=bool(manifest and "json" in manifest.get("outputs", {})))
        state = incremental.staleness(deps, manifest, outputs, force=force)
        checks.append(Check(run, deps, state.reasons))
    return checks


# -------------------------------------------------------------------------------- execution


def figures_json(figures: dict) -> bytes:
    return (json.dumps(ordered(figures), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def execute_run(job: tuple[Run, RunOptions]) -> RunResult:
    """Execute and render one report in this worker; never raises for a report's own failure.

    Returns the report's files as bytes (``html``, ``pdf``, ``json``, ``notebook``, or
    ``failed``): the caller writes them, so a worker never leaves a half-written output.
    """
    import papermill as pm  # imported here: nbformat's jsonschema costs seconds on the no-op path

    from helpers.build import engine, kernels
    from helpers.render.notebook import render_notebook

    run, options = job
    start = time.perf_counter()
    notebook = Path(options.notebook or notebook_path())
    fork = options.fork and kernels.fork_available()
    manager = kernels.kernel_manager_class(fork)
    with tempfile.TemporaryDirectory(prefix=f"workbook-{run.unit_id}-") as tmp:
        executed = Path(tmp) / "executed.ipynb"
        try:
            nb = pm.execute_notebook(
                str(notebook), str(executed), parameters=run.parameters,
                kernel_name="python3", engine_name=engine.register(),
                progress_bar=False, log_output=False,
                execution_timeout=options.timeout, kernel_manager_class=manager,
                resources={"metadata": {"path": str(notebook.parent)}},  # the kernel's cwd
                coalesce_streams=True, publishable=True,  # papermill writes the published copy
            )
        except Exception as exc:  # noqa: BLE001 - any failure of one report stays with it
            return _failed(run, executed, exc, start)
        try:
            result = render_notebook(
                nb, Path(tmp) / "report.html" if "html" in options.formats else None,
                Path(tmp) / "report.pdf" if "pdf" in options.formats else None,
                workdir=Path(tmp) / "render")
        except Exception as exc:  # noqa: BLE001
            return _failed(run, executed, exc, start, executing=False)
        files = {kind: (Path(tmp) / f"report.{kind}").read_bytes()
                 for kind in ("html", "pdf") if kind in options.formats}
        if result.figures is not None and run.parameters.get("language", "id") == "id":
            files["json"] = figures_json(result.figures)
        # Text mode: the bytes nbformat.writes gives on every platform (papermill wrote it so).
        files["notebook"] = executed.read_text(encoding="utf-8").encode("utf-8")
    cpu = getattr(manager, "last_kernel_cpu", None)
    return RunResult(run.unit_id, run.year, "ok", round(time.perf_counter() - start, 3),
                     files=files, kernel_cpu=cpu, language=run.language)


def _failing_cell(executed: Path) -> int | None:
    """The failing cell's number in the analyst's notebook (1-based, Markdown cells counted).

    papermill adds cells of its own (the injected parameters, the error banner); they are not
    counted, so the number matches the notebook the analyst edits.
    """
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # noqa: BLE001
        return None
    number, last_started = 0, None
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []) or [])
        if tags & {"injected-parameters", "papermill-error-cell-tag"}:
            continue
        number += 1
        meta = cell.get("metadata", {}).get("papermill", {})
        if meta.get("exception") or meta.get("status") == "running":
            return number
        if meta.get("start_time"):
            last_started = number
    return last_started  # a timeout or a dead kernel: the cell that was running


def _failed(run: Run, executed: Path, exc: Exception, start: float,
            executing: bool = True) -> RunResult:
    """Keep the failed notebook for the analyst and describe the failure in one line."""
    if hasattr(exc, "ename"):  # papermill: the notebook's own exception, last line
        text = f"{exc.ename}: {getattr(exc, 'evalue', '')}".strip()
        lines = [line for line in text.splitlines() if line.strip()]
    else:  # timeout, dead kernel, render error: the first line says what happened
        first = next((x for x in str(exc).splitlines() if x.strip()), "")
        lines = [f"{type(exc).__name__}: {first}".strip()]
    cell = _failing_cell(executed) if executing else None
    files = {"failed": executed.read_bytes()} if executed.exists() else {}
    return RunResult(run.unit_id, run.year, "failed", round(time.perf_counter() - start, 3),
                     error=lines[-1] if lines else type(exc).__name__, cell=cell, files=files,
                     language=run.language)


# ---------------------------------------------------------------------------------- commit


def commit(outputs_dir: Path, run: Run, result: RunResult, deps: Any) -> RunResult:
    """Write a finished run's files atomically; the manifest last, and only when it rendered."""
    from helpers.build import incremental

    out = output_paths(outputs_dir, run.unit_id, run.year, run.language)
    written = []
    if result.status == "ok":
        for kind, data in result.files.items():
            written.append(write_atomic(out[kind], data))
        out["failed"].unlink(missing_ok=True)
        write_atomic(out["manifest"], incremental.manifest_bytes(deps, result.files))
    elif "failed" in result.files:
        written.append(write_atomic(out["failed"], result.files["failed"]))
    result.outputs = [p.relative_to(outputs_dir).as_posix() for p in written]
    result.files = {}
    return result


# ------------------------------------------------------------------------------------ build


def build(paths: Paths, runs: list[Run], *, jobs: int | None = None,
          formats: tuple[str, ...] = FORMATS, timeout: int = DEFAULT_TIMEOUT,
          force: bool = False, executor: str = "local", scheduler: str | None = None,
          fork: bool = True, notebook: Path | None = None, site: bool = True,
          progress: Any = None, prestart: LocalStart | None = None,
          on_result: Callable[[RunResult], None] | None = None) -> BuildSummary:
    """Render the stale runs ``jobs`` at a time, write the run log, then the site index.

    ``prestart``: the build's scratch folder and fork-server, started before planning (the
    build takes it over and closes it); by default started here.
    """
    from helpers.build.executors import DaskExecutor, LocalExecutor, LocalStart

    start = time.perf_counter()
    started_at = datetime.now(tz=UTC)
    registry = Registry.load(paths.reference_dir)
    checks = check(paths, registry, runs, formats=formats, force=force, notebook=notebook)
    stale = [c for c in checks if c.stale]
    results = [RunResult(c.run.unit_id, c.run.year, "skipped", 0.0, reason="up to date",
                         language=c.run.language)
               for c in checks if not c.stale]
    if progress is not None:
        progress.start(len(stale), len(results))
    options = RunOptions(formats=formats, timeout=timeout, fork=fork,
                         notebook=str(notebook or notebook_path()))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(stale) or 1))
    if prestart is None:
        prestart = LocalStart(fork=fork and executor == "local" and bool(stale))
    pool = None
    try:
        if stale:
            pool = (DaskExecutor(jobs, scheduler) if executor == "dask"
                    else LocalExecutor(jobs, prestart.scratch, fork, server=prestart.take_server()))
            by_key = {(c.run.unit_id, c.run.year, c.run.language): c for c in stale}
            for result in pool.run_all(execute_run, [(c.run, options) for c in stale]):
                found = by_key[(result.unit_id, result.year, result.language)]
                result.reason = "; ".join(found.reasons)
                results.append(commit(paths.outputs_dir, found.run, result, found.deps))
                if progress is not None:
                    progress.update(result)
                if on_result:
                    on_result(result)
        if progress is not None:
            progress.close()
        results.sort(key=lambda r: (r.year, r.unit_id))
        log = write_log(paths.outputs_dir, started_at, results)
        site_dir = None
        if site:  # while the workers exit
            from helpers.site import build_site

            site_dir = build_site(paths)
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
    return BuildSummary(results, round(time.perf_counter() - start, 3), site_dir, log)


def write_log(outputs_dir: Path, started_at: datetime, results: list[RunResult]) -> Path:
    """``logs/<start>-<runs hash>.jsonl``: one JSON line per run (ok, failed or skipped).

    The short hash of the runs keeps logs of builds started the same second in separate
    province jobs apart, so their outputs merge without conflict.
    """
    token = hashlib.sha256(",".join(f"{r.year}/{r.unit_id}" for r in results).encode())
    name = f"{started_at.strftime('%Y%m%dT%H%M%SZ')}-{token.hexdigest()[:8]}.jsonl"
    lines = [json.dumps(r.log_record(), ensure_ascii=False) for r in results]
    return write_atomic(outputs_dir / "logs" / name, ("\n".join(lines) + "\n").encode("utf-8"))


def merge_outputs(sources: Iterable[Path], dest: Path) -> list[Path]:
    """Copy several builds' outputs folders into one (CI: one folder per province).

    Reports, manifests, notebooks and logs of different units never share a path; site index
    pages are rebuilt afterwards and are skipped here. A file present in two sources with
    different bytes is an error (two builds rendered the same report differently).
    """
    copied = []
    for source in sources:
        for path in sorted(Path(source).rglob("*")):
            rel = path.relative_to(source)
            if not path.is_file() or rel.name == "index.html":
                continue
            target = dest / rel
            if target.exists():
                if target.read_bytes() != path.read_bytes():
                    raise FileExistsError(f"{rel}: different in {source} and an earlier source")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied.append(target)
    return copied
