"""The kernel fork-server: a warm Python process that forks a fresh kernel for every report.

It imports ipykernel, pandas, pyarrow, matplotlib and the report helpers once, draws charts,
freezes that heap out of the garbage collector's reach, then serves: for every request it forks
a child that becomes an ipykernel on the connection file jupyter_client wrote. The client side
(:mod:`helpers.build.kernels`) starts it as ``python -m helpers.build.forkserver ADDRESS``.

Wire protocol (one Unix socket per fork-server, newline-delimited JSON): the client sends
``{"connection_file", "cwd", "env"}``, the server answers ``{"pid"}``, keeps the connection open
and, when the kernel exits, sends ``{"exit", "cpu"}`` (CPU seconds of the kernel). A client that
disconnects first gets its kernel killed; a server whose parent goes away (stdin closes) kills
every kernel it forked and exits. The pitfalls handled here are numbered in docs/architecture.md
("Forking kernels: the pitfalls"): threads before fork, the parent watchdog, the inline backend,
reaping children we did not start, inherited descriptors, the random state.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import json
import os
import random
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from typing import Any

from helpers.adapters import ipykernel_cells, ipykernel_streams, jupyter_kernels
from helpers.common.childproc import die_with_parent

#: Set in the fork-server before numpy and pyarrow load: no BLAS thread pool and no jemalloc
#: background thread in the process that forks (forking a threaded process is unsafe).
SERVER_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}
#: How long a client waits for the server to fork a kernel (the server may still be importing).
START_TIMEOUT = 60.0


#: What every kernel would otherwise import while it starts (IPython's shell, magics and
#: logger, psutil for the connection's address, faulthandler), while it reads the store
#: (pyarrow's dataset layer) and while it sends a large output (pyzmq's zero-copy sender).
_STARTED_LAZILY = (
    "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.logger",
    "IPython.core.magics.execution", "IPython.core.magics.pylab", "IPython.core.oinspect",
    "IPython.extensions.storemagic", "encodings.utf_8_sig", "faulthandler",
    "psutil", "pyarrow.acero", "pyarrow.dataset", "pyarrow.pandas_compat",
    "tornado.platform.asyncio", "zmq.utils.garbage",
)


def _warm_up() -> None:
    """Import what every report needs and draw charts (glyph caches, SVG and PNG writers)."""
    # Imported here, not at the top: this is the fork-server's warm-up; the build and its
    # workers import this module for the client side and must not pay for any of it.

    import ipykernel.debugger  # noqa: F401  (pulls in debugpy: ~1 s per kernel if left to it)
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import IPython.core.pylabtools  # noqa: F401  (what `%matplotlib inline` imports)
    import matplotlib
    import matplotlib.pyplot  # noqa: F401
    import matplotlib_inline.backend_inline  # noqa: F401
    import numpy  # noqa: F401
    import pandas
    import pyarrow
    import pyarrow.parquet  # noqa: F401
    from matplotlib.figure import Figure
    from pandas.io.parquet import get_engine

    import helpers.report.report  # noqa: F401  (aggregate, charts, figures, fmt, store, vocab)
    from helpers.report import rehearsal

    for name in _STARTED_LAZILY:
        importlib.import_module(name)
    # pandas' Arrow conversion and Parquet helpers, which its own code imports on first use
    # (private modules: not named here, reached through public calls; no Arrow thread pool).
    pyarrow.table({"n": pyarrow.array([1, None], pyarrow.int64())}).to_pandas(
        use_threads=False, types_mapper={pyarrow.int64(): pandas.Int64Dtype()}.get)
    get_engine("pyarrow")
    # The kernel's default address lists the machine's interfaces once per process: do it here.
    from jupyter_client.localinterfaces import localhost

    localhost()
    matplotlib.use(SERVER_ENV["MPLBACKEND"])
    fig = Figure(figsize=(2, 1))
    ax = fig.subplots()
    ax.bar(["a", "b"], [1, 2])
    fig.savefig(io.BytesIO(), format="png")  # what the inline backend draws
    from helpers.common.codehash import code_digest
    from helpers.report import charts

    charts.warm_up()  # the report's charts: fonts, glyphs and texts, inherited by every kernel
    # The province map and an analyst's figures: matplotlib's SVG writer with the fonts'
    # files (regular and bold) in memory.
    ax.set_title("t")
    charts.svg_text(fig)
    code_digest()  # the code a report's provenance names: the code imported here, that runs
    helpers.report.report.warm_up()  # the registry and params defaults every report opens
    rehearsal.rehearse()  # one report's sections: every kernel starts with their code warm
    ipykernel_streams.QuietFlushOutStream  # noqa: B018  (the kernels' stream class, made once)
    ipykernel_streams.installed_version()  # read once here, not by every kernel
    ipykernel_cells.warm_up()  # the kernels' application and kernel classes, made once


class _Server:
    """The fork-server's loop: accept requests, fork kernels, reap them, report their exit."""

    def __init__(self, address: str) -> None:
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(address)
        self.listener.listen(64)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(sys.stdin, selectors.EVENT_READ, "parent")
        # A kernel's exit wakes the loop at once (its client waits for the exit report when it
        # shuts the kernel down): SIGCHLD writes to this pipe instead of waiting for a timeout.
        self.wakeup_r, self.wakeup_w = os.pipe()
        for fd in (self.wakeup_r, self.wakeup_w):
            os.set_blocking(fd, False)
        signal.set_wakeup_fd(self.wakeup_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # delivered (not ignored), so it wakes us
        self.selector.register(self.wakeup_r, selectors.EVENT_READ, "child")
        self.clients: dict[socket.socket, bytes] = {}
        self.kernels: dict[int, socket.socket | None] = {}  # pid → its client's connection

    def serve(self) -> None:
        print(json.dumps({"ready": os.getpid()}), flush=True)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # nobody reads the pipe after "ready": kernels must not fill it
        os.close(devnull)
        while True:
            for key, _ in self.selector.select():  # woken by a request, SIGCHLD or the parent
                if key.data == "accept":
                    conn, _ = self.listener.accept()
                    self.clients[conn] = b""
                    self.selector.register(conn, selectors.EVENT_READ, "client")
                elif key.data == "child":
                    with contextlib.suppress(BlockingIOError):
                        os.read(self.wakeup_r, 4096)
                elif key.data == "parent":
                    if not os.read(sys.stdin.fileno(), 1024):  # the parent went away
                        self.stop()
                        return
                else:
                    self._read(key.fileobj)  # type: ignore[arg-type]
            self._reap()

    def _read(self, conn: socket.socket) -> None:
        try:
            chunk = conn.recv(65536)
        except OSError:
            chunk = b""
        if not chunk:  # the client is gone: its kernel goes too
            self._drop(conn)
            return
        buffer = self.clients[conn] + chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            pid = self._fork(conn, json.loads(line))
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
        self.clients[conn] = buffer

    def _drop(self, conn: socket.socket) -> None:
        self.selector.unregister(conn)
        self.clients.pop(conn, None)
        for pid, owner in list(self.kernels.items()):
            if owner is conn:
                kill_group(pid)
                self.kernels[pid] = None
        conn.close()

    def _fork(self, conn: socket.socket, request: dict[str, Any]) -> int:
        server_pid = os.getpid()
        pid = os.fork()
        if pid == 0:  # the kernel
            code = 1
            try:
                self._become_kernel(request, server_pid)
                code = 0
            except BaseException:  # noqa: BLE001 - a child must never return into the loop
                traceback.print_exc()
            finally:
                os._exit(code)
        self.kernels[pid] = conn
        return pid

    def _become_kernel(self, request: dict[str, Any], server_pid: int) -> None:
        die_with_parent(signal.SIGKILL, server_pid)  # a killed fork-server takes its kernels
        os.setsid()  # own process group: interrupt and kill by group reach only this kernel
        for sock in [self.listener, *self.clients]:
            sock.close()
        self.selector.close()
        signal.set_wakeup_fd(-1)
        os.close(self.wakeup_r)
        os.close(self.wakeup_w)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.environ.clear()
        os.environ.update(request.get("env") or {})
        if request.get("cwd"):
            os.chdir(request["cwd"])  # the kernel's own process, never the batch's
        import numpy as np  # lazy: the fork-server imported it in _warm_up; the build does not

        np.random.seed()  # the legacy global state is not reseeded by fork
        random.seed()
        _run_kernel(request["connection_file"], server_pid)

    def _reap(self) -> None:
        while self.kernels:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.kernels.pop(pid, None)
            message = {"exit": os.waitstatus_to_exitcode(status),
                       "cpu": round(usage.ru_utime + usage.ru_stime, 3)}
            if conn is not None and conn in self.clients:
                with contextlib.suppress(OSError):
                    conn.sendall(json.dumps(message).encode() + b"\n")

    def stop(self) -> None:
        for pid in list(self.kernels):
            kill_group(pid)
        deadline = time.monotonic() + 5
        while self.kernels and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.02)


def _run_kernel(connection_file: str, server_pid: int) -> None:
    """Start ipykernel in this (forked) process; returns when the kernel is shut down."""
    # Imported by the fork-server's warm-up already; lazy for the build, which imports this
    # module for the client side only.
    from traitlets.config import Config

    jupyter_kernels.install_date_parser()  # the kernel parses every request's dates too
    config = Config()
    config.HistoryManager.enabled = False  # no shared sqlite file between parallel kernels
    config.IPKernelApp.outstream_class = ipykernel_streams.outstream_class()
    config.IPKernelApp.kernel_class = ipykernel_cells.kernel_class()
    app = ipykernel_cells.app_class().instance(config=config, connection_file=connection_file,
                                               parent_handle=server_pid)
    app.initialize([])
    # traitlets leaves the app's logger at DEBUG and filters in its handlers (WARNING): every
    # message the kernel handles would build a few debug records for nothing (~0.2 ms a cell).
    if app.log.handlers:
        app.log.setLevel(min(handler.level for handler in app.log.handlers))
    # The inline backend's IPython hooks are per shell: enable them in this kernel (charts are
    # drawn explicitly, so a failure here costs nothing but the hooks).
    with contextlib.suppress(Exception):
        app.shell.run_line_magic("matplotlib", "inline")
    app.start()
    # The caller ends this process with os._exit (a forked child must not return into the
    # server's loop), which runs no exit handlers: a build kills its kernels anyway, and a
    # forked kernel's handlers have nothing to tidy (history off, the client owns the files).


def kill_group(pid: int, signum: int = signal.SIGKILL) -> None:
    """Signal a kernel's process group; just forked, it may not lead one yet: then the kernel."""
    try:
        os.killpg(pid, signum)
    except OSError:
        with contextlib.suppress(OSError):  # already gone: nothing to signal
            os.kill(pid, signum)


def serve(address: str) -> None:
    """Entry point of the fork-server process (``python -m helpers.build.forkserver ADDRESS``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    _warm_up()
    # Move everything imported so far out of the garbage collector's reach: a kernel's collections
    # would otherwise walk (and so write to, copying on write) every inherited object's header.
    gc.collect()
    gc.freeze()
    threads = threading.active_count()
    if threads > 1:  # pragma: no cover - a library started a thread: forking would be unsafe
        print(f"fork-server: {threads} threads before fork", file=sys.stderr)
    _Server(address).serve()


# ------------------------------------------------------------------------------ the client's end


class ForkedProcess:
    """The client's end of the wire protocol: the Popen-like handle jupyter_client needs for a
    kernel it did not start itself.

    Signals go straight to the kernel's process group; exit status and CPU time come from the
    fork-server, which is the kernel's real parent and reaps it.
    """

    stdin = stdout = stderr = None

    def __init__(self, address: str, connection_file: str, cwd: str | None,
                 env: dict[str, str]) -> None:
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.connect(address)
        request = {"connection_file": connection_file, "cwd": cwd, "env": env}
        self._sock.sendall(json.dumps(request).encode() + b"\n")
        self._buffer = b""
        self.pid: int = self._message(timeout=START_TIMEOUT)["pid"]
        self.returncode: int | None = None
        self.cpu_seconds: float | None = None

    def _message(self, timeout: float | None) -> dict[str, Any]:
        self._sock.settimeout(timeout)
        while b"\n" not in self._buffer:
            chunk = self._sock.recv(4096)
            if not chunk:
                raise ConnectionError("the kernel fork-server went away")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def _finished(self, message: dict[str, Any]) -> int:
        self.returncode = int(message["exit"])
        self.cpu_seconds = message.get("cpu")
        self._sock.close()
        return self.returncode

    def poll(self) -> int | None:
        if self.returncode is not None:
            return self.returncode
        try:
            return self._finished(self._message(timeout=0))
        except (TimeoutError, BlockingIOError):
            return None
        except (ConnectionError, OSError):
            return self._finished({"exit": -9})

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is not None:
            return self.returncode
        try:
            return self._finished(self._message(timeout=timeout))
        except TimeoutError:
            raise subprocess.TimeoutExpired("kernel", timeout or 0) from None
        except (ConnectionError, OSError):
            return self._finished({"exit": -9})

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            kill_group(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


if __name__ == "__main__":
    serve("\0" + sys.argv[1][1:] if sys.argv[1].startswith("@") else sys.argv[1])
