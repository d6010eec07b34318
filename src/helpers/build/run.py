"""One report's run: what it renders (:class:`Run`), how (:class:`RunOptions`), what came of it
(:class:`RunResult`), and :func:`execute_run`, which a worker calls to execute and render it.

This is the only build module a worker imports (it unpickles runs and results from here), so it
imports no pandas: the worker's kernels compute, the worker only renders. The build's own
process imports it too, to hand :func:`execute_run` to the workers, without running it.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from helpers.build import kernels
from helpers.common.config import notebook_path
from helpers.stats.figures_file import ordered

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
    """A run's outcome; ``files`` holds its outputs as bytes until the build writes them."""

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
    #: Outputs the report does not show, each ``{"cell", "kind", "message"}``: an unplaceable
    #: output kind, a chart without alt text, stderr, … (:mod:`helpers.render.outputs`). The
    #: run still succeeds; the build summary and the run log name them.
    warnings: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict, repr=False)

    def log_record(self) -> dict[str, Any]:
        record = asdict(self)
        record.pop("files")
        return {"unit": record.pop("unit_id"), **record}


def figures_json(figures: dict) -> bytes:
    """The figures file's bytes: keys in the published order, UTF-8, one trailing newline."""
    return (json.dumps(ordered(figures), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


#: How many times a report whose kernel died before it ran anything is started again. A kernel
#: binds the ports its manager chose when it wrote the connection file; another process may take
#: one of them first (the first kernel of a build waits for the fork-server's imports, ~2 s),
#: and the kernel then dies at start. Nothing of the report has run, so it is started afresh.
START_RETRIES = 1


def died_at_start(exc: BaseException) -> bool:
    """Whether ``exc`` says the kernel died before it answered its first request (jupyter_client's
    and :class:`helpers.build.kernels.PromptKernelClient`'s words), when no cell has run."""
    return "died before replying to kernel_info" in str(exc)


def execute_run(job: tuple[Run, RunOptions]) -> RunResult:
    """Execute and render one report in this worker; never raises for a report's own failure.

    Returns the report's files as bytes (``html``, ``pdf``, ``json``, ``notebook``, or
    ``failed``): the caller writes them, so a worker never leaves a half-written output.
    """
    # Lazy: papermill and nbformat (under the engine and the renderer) take ~2 s to import; the
    # build's own process imports this module but never calls this (a no-op build only hashes).
    import papermill as pm

    from helpers.build import papermill_engine as engine
    from helpers.render.documents import render_notebook

    run, options = job
    start = time.perf_counter()
    notebook = Path(options.notebook or notebook_path())
    fork = options.fork and kernels.fork_available()
    manager = kernels.kernel_manager_class(fork)
    with tempfile.TemporaryDirectory(prefix=f"workbook-{run.unit_id}-") as tmp:
        executed = Path(tmp) / "executed.ipynb"
        for attempt in range(1 + START_RETRIES):
            try:
                nb = pm.execute_notebook(
                    str(notebook), str(executed), parameters=run.parameters,
                    kernel_name="python3", engine_name=engine.register(),
                    progress_bar=False, log_output=False,
                    execution_timeout=options.timeout, kernel_manager_class=manager,
                    resources={"metadata": {"path": str(notebook.parent)}},  # the kernel's cwd
                    coalesce_streams=True, publishable=True,  # papermill writes the published copy
                )
                break
            except Exception as exc:  # noqa: BLE001 - any failure of one report stays with it
                if attempt < START_RETRIES and died_at_start(exc):
                    continue  # no cell ran: a new kernel, on new ports
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
                     files=files, kernel_cpu=cpu, language=run.language,
                     warnings=[w.as_dict() for w in result.warnings])


def _failing_cell(executed: Path) -> int | None:
    """The failing cell's number in the analyst's notebook (1-based, Markdown cells counted).

    papermill adds cells of its own (the injected parameters, the error banner); they are not
    counted, so the number matches the notebook the analyst edits.
    """
    import nbformat  # lazy: ~1.8 s to import, and only a worker (which has it) ever gets here

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
