"""Where runs execute: long-lived local worker processes, or the workers of a Dask cluster.

Both run the same function (:func:`helpers.build.run.execute_run`) on the same picklable inputs
and hand back the same :class:`~helpers.build.run.RunResult` (outputs as bytes, written by the
caller), so a build gives the same outputs and summary either way. Workers are long-lived and
keep their imports and the kernel fork-server warm across reports; they never write into the
outputs folder, so stopping them can never leave a half-written report behind.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any, Protocol

from helpers.build import kernels
from helpers.build.leftovers import make_scratch
from helpers.common.childproc import die_with_parent, watch_parent
from helpers.render import pandoc as pandoc_session


class Executor(Protocol):
    def run_all(self, fn: Callable[..., Any], items: list[Any]) -> Iterator[Any]:
        """Yield ``fn(item)`` for every item, in completion order; the workers then start to
        exit while the caller goes on (the site index)."""
        ...

    def close(self) -> None:
        """Wait until the workers have exited (after :meth:`run_all`)."""
        ...

    def stop(self) -> None:
        """Stop at once: cancel what has not started, kill what runs (Ctrl-C)."""
        ...


# ------------------------------------------------------------------------------------ local


def _stop_worker(signum: int, frame: object) -> None:
    """SIGTERM in a worker: kill its kernels, fork-server and pandoc, then leave at once.

    Nothing here waits or takes a lock: the signal may arrive while this thread holds one.
    """
    kernels.kill_live_kernels()
    kernels.kill_shared_server()
    pandoc_session.kill()
    os._exit(128 + signum)


#: Optional modules a worker never uses that would cost seconds to import. jsonschema (under
#: nbformat, under papermill) imports ``rfc3987_syntax`` when it is installed (JupyterLab's
#: jupyter-events asks for it): it builds a Lark grammar at import, ~1.3 s per worker, for the
#: "iri" format check, which notebook validation never runs (it checks no formats).
UNUSED_OPTIONAL_MODULES = ("rfc3987_syntax",)


def skip_unused_imports() -> None:
    """Make :data:`UNUSED_OPTIONAL_MODULES` look absent in this worker (ImportError on import)."""
    for name in UNUSED_OPTIONAL_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[assignment]


#: Rayon's setting for the size of its thread pool, which Typst lays out and writes PDFs with.
RAYON_THREADS_ENV = "RAYON_NUM_THREADS"


def typst_threads(jobs: int, cores: int | None = None) -> int:
    """Threads for each worker's Typst: the cores left to it beside the other workers (at
    least one). Typst lays a document out on every core by default; with as many workers as
    cores, each worker's threads only wait for and wake each other (a province's build ~3 %
    less CPU with one thread a worker, the national one ~1 %), while a single report still
    gets all the cores."""
    return max(1, (cores or os.cpu_count() or 1) // max(1, jobs))


def _init_worker(scratch: str, fork: bool, server: str | None = None,
                 build: int | None = None, rayon_threads: int | None = None) -> None:
    """Die with the build (``build``: its PID), pre-import what rendering needs, point temporary
    files into the build's scratch folder (removed as a whole when the build ends, however it
    ends), size Typst's thread pool (``rayon_threads``, unless the environment already sets
    :data:`RAYON_THREADS_ENV`) and wait for a warm fork-server: the build's (``server``: its
    address) or, without one, a fork-server of this worker's own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the build, once
    signal.signal(signal.SIGTERM, _stop_worker)
    # kill -9 of the build: the kernel kills this worker (its pandoc and kernels die with it),
    # or, where it cannot, a thread notices and stops the worker as SIGTERM would.
    if build is not None and not die_with_parent(signal.SIGKILL, build):
        watch_parent(build, lambda: _stop_worker(signal.SIGTERM, None))
    if rayon_threads is not None:  # before Typst's first document starts Rayon's pool
        # Inherited by this worker's kernels too: an analyst's cell using a Rayon-based library
        # runs in the same share of the cores.
        os.environ.setdefault(RAYON_THREADS_ENV, str(rayon_threads))
    tempfile.tempdir = scratch
    os.environ["TMPDIR"] = scratch
    os.environ["JUPYTER_RUNTIME_DIR"] = str(Path(scratch) / "runtime")
    if fork and server is None:  # it imports pandas, matplotlib, ipykernel… while we import
        kernels.start_shared_server()
    skip_unused_imports()
    # Deliberately here, the worker's warm-up: after skip_unused_imports (or jsonschema would
    # build the IRI grammar, ~1.3 s) and while the fork-server imports beside it (~2 s).
    import papermill  # noqa: F401

    import helpers.render.documents  # noqa: F401

    if fork and server is not None:
        kernels.borrow_server(server)
    elif fork:
        kernels.shared_server()


class LocalStart:
    """A build's scratch folder and, with ``fork``, its kernel fork-server, started at once.

    The fork-server's imports take ~1 s of one core. A build starts them before it plans, so
    they run beside its own imports, planning and hashing (~0.6 s) instead of after them, and
    the first kernel starts that much sooner. A build with nothing to render kills the server
    unused: until a worker has borrowed it, it has forked nothing.
    """

    def __init__(self, fork: bool) -> None:
        # Held (locked) until close: the next build removes it only once this build is gone.
        self.scratch, self._owner = make_scratch()
        self.server = (kernels.ForkServer(env={"TMPDIR": str(self.scratch)})
                       if fork and kernels.fork_available() else None)

    def take_server(self) -> Any:
        """Hand the fork-server to the executor that will use (and stop) it."""
        server, self.server = self.server, None
        return server

    def close(self) -> None:
        """Kill a server no executor took and remove the scratch folder (again: no-op)."""
        if self.server is not None:
            self.server.kill()
            self.server = None
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self._owner is not None:
            os.close(self._owner)
            self._owner = None


class LocalExecutor:
    """``jobs`` spawned worker processes (spawn: the same on Linux, macOS and Windows).

    With ``fork``, the workers share one kernel fork-server, ``server`` (the build's, see
    :class:`LocalStart`) or one this executor starts at once (its imports run while the workers
    import theirs), stopped when the build ends, however it ends: one warm heap in memory
    instead of one per worker, and a faster start.
    """

    def __init__(self, jobs: int, scratch: Path, fork: bool, server: Any = None) -> None:
        self.server = server
        if self.server is None and fork and kernels.fork_available():
            self.server = kernels.ForkServer(env={"TMPDIR": str(scratch)})
        self.pool = ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(str(scratch), fork, self.server.address if self.server else None,
                      os.getpid(), typst_threads(jobs)))
        self.futures: list[Future[Any]] = []
        self.exiting: list[Any] = []

    def run_all(self, fn: Callable[..., Any], items: list[Any]) -> Iterator[Any]:
        self.futures = [self.pool.submit(fn, item) for item in items]
        pending = set(self.futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
        self.exiting = list(getattr(self.pool, "_processes", {}).values())
        self.pool.shutdown(wait=False)

    def close(self) -> None:
        for process in self.exiting:
            process.join()
        self.pool.shutdown(wait=True)
        self._stop_server()

    def stop(self) -> None:
        for future in self.futures:
            future.cancel()
        processes = list(getattr(self.pool, "_processes", {}).values())
        for process in processes:
            if process.is_alive():
                process.terminate()  # → _stop_worker: their kernels go with them
        for process in processes:
            process.join(10)
        self.pool.shutdown(wait=False, cancel_futures=True)
        self._stop_server()

    def _stop_server(self) -> None:
        if self.server is not None:
            self.server.stop()  # it kills any kernel still running, then exits
            self.server = None


# ------------------------------------------------------------------------------------- dask


class DaskExecutor:
    """Runs on an existing cluster (``scheduler`` address) or on a new LocalCluster.

    The workers must see the data folder at the same path (a shared file system); outputs come
    back as bytes and are written here, so the outputs folder need not be shared.
    """

    def __init__(self, jobs: int, scheduler: str | None = None) -> None:
        # Lazy: the optional "dask" extra (~0.6 s to import); only a Dask build needs it.
        from distributed import Client, LocalCluster

        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
        self.futures: list[Any] = []

    def run_all(self, fn: Callable[..., Any], items: list[Any]) -> Iterator[Any]:
        from distributed import as_completed  # lazy: the optional "dask" extra, as above

        self.futures = [self.client.submit(fn, item, pure=False) for item in items]
        for future in as_completed(self.futures):
            yield future.result()

    def stop(self) -> None:
        try:
            self.client.cancel(self.futures, force=True)
        finally:
            self.close()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
