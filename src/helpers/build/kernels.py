"""Fresh kernels without paying for Python start-up: fork each one from a warm "fork-server".

A plain papermill run starts a new Python, imports ipykernel, pandas, matplotlib and pyarrow and
only then runs the report: that start-up is most of a report's cost (DESIGN.md, "Rendering").
Here a long-lived fork-server process imports all of that once; for every report it forks a
child that becomes the kernel, on the connection file jupyter_client wrote. Every report still
runs in its own new process (own PID, no variables from other reports), and papermill stays the
executor: :func:`kernel_manager_class` is passed as ``kernel_manager_class=`` and nbclient uses it.
A process forks from its own server (:func:`shared_server`) or from one another process owns
(:func:`borrow_server`: a local build's workers share the build's), and its kernels are ready as
soon as they report "idle" (:class:`PromptKernelClient`).

Where fork does not exist (Windows) or is unsafe (macOS), :func:`fork_available` is False and the
batch falls back to plain kernels. The pitfalls this module handles are listed in
``docs``/the design note on fork kernels: threads before fork, the parent watchdog, the inline
backend, reaping children we did not start, inherited descriptors, the random state.

Wire protocol (one Unix socket per fork-server, newline-delimited JSON): the client sends
``{"connection_file", "cwd", "env"}``, the server answers ``{"pid"}``, keeps the connection open
and, when the kernel exits, sends ``{"exit", "cpu"}`` (CPU seconds of the kernel). A client that
disconnects first gets its kernel killed; a server whose parent goes away (stdin closes) kills
every kernel it forked and exits.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from queue import Empty
from typing import Any

import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import DottedObjectName, Type

from helpers.common.childproc import end_on_eof

#: Set in the fork-server before numpy and pyarrow load: no BLAS thread pool and no jemalloc
#: background thread in the process that forks (forking a threaded process is unsafe).
SERVER_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}
START_TIMEOUT = 60.0
#: How soon (ms) a kernel client retries connecting to a kernel that is not listening yet.
RECONNECT_MS = 5

# Kernels started by this process (fork or plain), so a worker told to stop can kill them all.
_LIVE_PGIDS: set[int] = set()


def fork_available() -> bool:
    """True where kernels can be forked safely: Linux and the other non-macOS POSIX systems."""
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and sys.platform != "darwin"


# ------------------------------------------------------------------------------ the server


#: What every kernel would otherwise import while it starts (IPython's shell, magics and
#: logger, psutil for the connection's address, faulthandler), while it reads the store
#: (pyarrow's dataset layer) and while it sends a large output (pyzmq's zero-copy sender).
_STARTED_LAZILY = (
    "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.logger",
    "IPython.core.magics.execution", "IPython.core.magics.pylab", "IPython.core.oinspect",
    "IPython.extensions.storemagic", "encodings.utf_8_sig", "faulthandler",
    "pandas.core.arrays.arrow._arrow_utils", "pandas.core.arrays.arrow.extension_types",
    "psutil", "pyarrow.acero", "pyarrow.dataset", "pyarrow.pandas_compat",
    "tornado.platform.asyncio", "zmq.utils.garbage",
)


def _warm_up() -> None:
    """Import what every report needs and draw one chart (font cache, SVG and PNG writers)."""
    import io

    import ipykernel.debugger  # noqa: F401  (pulls in debugpy: ~1 s per kernel if left to it)
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import IPython.core.pylabtools  # noqa: F401  (what `%matplotlib inline` imports)
    import matplotlib
    import matplotlib.pyplot  # noqa: F401
    import matplotlib_inline.backend_inline  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401
    from matplotlib.figure import Figure

    import helpers.report.report  # noqa: F401  (aggregate, charts, figures, fmt, store, vocab)

    for name in _STARTED_LAZILY:
        importlib.import_module(name)
    # The kernel's default address lists the machine's interfaces once per process: do it here.
    from jupyter_client.localinterfaces import localhost

    localhost()
    matplotlib.use(SERVER_ENV["MPLBACKEND"])
    fig = Figure(figsize=(2, 1))
    fig.subplots().bar(["a", "b"], [1, 2])
    fig.savefig(io.BytesIO(), format="png")  # what the inline backend draws
    # A report chart: its fonts' files (regular and bold) in memory, the SVG writer used
    from helpers.common.codehash import code_digest
    from helpers.report import charts

    charts.svg_text(charts.bar_chart(["a", "b"], [1, 2], title="t", value_label="v"))
    code_digest()  # the code a report's provenance names: the code imported here, that runs


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
                _kill_group(pid)
                self.kernels[pid] = None
        conn.close()

    def _fork(self, conn: socket.socket, request: dict[str, Any]) -> int:
        pid = os.fork()
        if pid == 0:  # the kernel
            code = 1
            try:
                self._become_kernel(request)
                code = 0
            except BaseException:  # noqa: BLE001 - a child must never return into the loop
                import traceback

                traceback.print_exc()
            finally:
                os._exit(code)
        self.kernels[pid] = conn
        return pid

    def _become_kernel(self, request: dict[str, Any]) -> None:
        server_pid = os.getppid()
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
        import random

        import numpy as np

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
            _kill_group(pid)
        deadline = time.monotonic() + 5
        while self.kernels and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.02)


def _run_kernel(connection_file: str, server_pid: int) -> None:
    """Start ipykernel in this (forked) process; returns when the kernel is shut down."""
    import atexit as child_atexit

    from ipykernel.kernelapp import IPKernelApp
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no shared sqlite file between parallel kernels
    app = IPKernelApp.instance(config=config, connection_file=connection_file,
                               parent_handle=server_pid)
    app.initialize([])
    # The inline backend's IPython hooks are per shell: enable them in this kernel (charts are
    # drawn explicitly, so a failure here costs nothing but the hooks).
    with contextlib.suppress(Exception):
        app.shell.run_line_magic("matplotlib", "inline")
    app.start()
    child_atexit._run_exitfuncs()


def _kill_group(pid: int, signum: int = signal.SIGKILL) -> None:
    """Signal a kernel's process group; just forked, it may not lead one yet: then the kernel."""
    try:
        os.killpg(pid, signum)
    except OSError:
        with contextlib.suppress(OSError):  # already gone: nothing to signal
            os.kill(pid, signum)


def serve(address: str) -> None:
    """Entry point of the fork-server process (``python -m helpers.build.kernels ADDRESS``)."""
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


# ------------------------------------------------------------------------------ the client


class ForkServer:
    """A running fork-server owned by this process; it dies with this process."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        """``env`` is added to the server's environment (a build's scratch folder as TMPDIR)."""
        # Linux: an abstract socket (no file to clean up, no path-length limit); elsewhere a
        # socket file in a short private folder (a socket path may not exceed ~104 bytes).
        self.directory: Path | None = None
        if sys.platform.startswith("linux"):
            self.address = f"\0workbook-fork-{os.getpid()}-{uuid.uuid4().hex}"
        else:
            self.directory = Path(tempfile.mkdtemp(prefix="wbfork-", dir="/tmp"))
            self.address = str(self.directory / "s")
        env = {**os.environ, **(env or {}), **SERVER_ENV}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "helpers.build.kernels", self.address.replace("\0", "@", 1)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        self.pid = self.process.pid
        self.ready = False

    def wait_ready(self) -> ForkServer:
        """Block until the server has imported everything and listens (once)."""
        if not self.ready:
            assert self.process.stdout is not None
            line = self.process.stdout.readline()
            if not line.startswith(b'{"ready"'):
                self.stop()
                raise RuntimeError("the kernel fork-server did not start")
            self.ready = True
        return self

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """Stop a server that has forked nothing at once, even in the middle of its imports
        (which :meth:`stop` would wait for: the server reads its stdin only once it serves)."""
        with contextlib.suppress(OSError):
            self.process.kill()
        self.stop()

    def stop(self, timeout: float = 5.0) -> None:
        """Close the server's stdin: it kills its kernels and exits; then remove its folder."""
        end_on_eof(self.process, timeout)
        if self.directory is not None:
            import shutil

            shutil.rmtree(self.directory, ignore_errors=True)


_SERVER: ForkServer | None = None
_SERVER_LOCK = threading.Lock()


def start_shared_server() -> ForkServer:
    """Start this process's fork-server without waiting for it: its imports (a few seconds)
    then run while this process does its own; :func:`shared_server` waits for it."""
    global _SERVER
    with _SERVER_LOCK:
        if _SERVER is None or not _SERVER.alive():
            _SERVER = ForkServer()
            atexit.register(_SERVER.stop)
        return _SERVER


def shared_server() -> ForkServer:
    """This process's fork-server, ready; started on first use, stopped when the process exits."""
    return start_shared_server().wait_ready()


def stop_shared_server() -> None:
    global _SERVER
    with _SERVER_LOCK:
        if _SERVER is not None:
            _SERVER.stop()
            _SERVER = None


_BORROWED: str | None = None  # a fork-server another process owns (the build's, for its workers)


def borrow_server(address: str, timeout: float = START_TIMEOUT) -> None:
    """Fork this process's kernels from the server at ``address``, which another process owns.

    A local build's workers share the one fork-server the build starts: one set of imports and
    one copy of the warm heap instead of one per worker. Returns once the server accepts (it
    listens only when its imports are done), or raises if it does not within ``timeout``.
    """
    global _BORROWED
    deadline = time.monotonic() + timeout
    while not _accepting(address):
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"the build's kernel fork-server did not start within {timeout:.0f} s")
        time.sleep(0.05)
    _BORROWED = address


def _accepting(address: str) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(address)
        return True
    except OSError:
        return False
    finally:
        probe.close()


def server_in_use(_item: object = None) -> dict[str, Any]:
    """Which fork-server this process forks its kernels from (for diagnostics and tests)."""
    return {"pid": os.getpid(), "borrowed": _BORROWED,
            "own": _SERVER.address if _SERVER is not None else None}


def kill_shared_server() -> None:
    """Kill this process's fork-server without waiting (a worker being stopped)."""
    server = _SERVER
    if server is not None:
        with contextlib.suppress(OSError):
            os.kill(server.pid, signal.SIGKILL)


def kill_live_kernels() -> None:
    """Kill every kernel this process started (a worker told to stop)."""
    for pgid in list(_LIVE_PGIDS):
        _kill_group(pgid)
        _LIVE_PGIDS.discard(pgid)


class ForkedProcess:
    """The Popen-like handle jupyter_client needs for a kernel it did not start itself.

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
        _LIVE_PGIDS.add(self.pid)

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
        _LIVE_PGIDS.discard(self.pid)
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
            _kill_group(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """Writes the connection file like the local provisioner, then asks the fork-server."""

    server_address: str = ""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        km = self.parent
        assert km is not None
        env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        cwd = kwargs.get("cwd")
        self.process = ForkedProcess(self.server_address, km.connection_file,
                                     str(cwd) if cwd else None, env)
        self.pid = self.pgid = self.process.pid
        self.cwd = cwd
        return self.connection_info


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's kernel client, without a fixed 0.2 s pause every time a kernel starts.

    jupyter_client's ``wait_for_ready`` ends by reading IOPub until it has been silent for
    0.2 s. Here the handshake ends as soon as IOPub brings the kernel's "idle" status for the
    ``kernel_info`` request, the last message that request causes. The checks are the same: a
    kernel_info reply on the shell channel, and proof that IOPub is connected (that status), or
    the request is sent again: at once when IOPub's welcome shows the subscription came too late
    to hear the status, after 0.2 s of silence otherwise. Anything else still in flight on IOPub
    belongs to no cell and is ignored by nbclient, which only takes messages whose parent is the
    request it sent. Its sockets retry a refused connection (a kernel not listening yet) every
    :data:`RECONNECT_MS` instead of ZeroMQ's 100 ms.
    """

    def _context_default(self) -> zmq.asyncio.Context:
        # The client connects before the new kernel has bound its ports; ZeroMQ retries a
        # refused connection after RECONNECT_IVL (100 ms by default), which the handshake waits.
        context = super()._context_default()
        context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        return context

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        sent: set[str] = set()
        while True:
            sent.add(self.kernel_info())
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if (reply is not None and reply["msg_type"] == "kernel_info_reply"
                    and await self._iopub_idle_after(sent)):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _iopub_idle_after(self, requests: set[str]) -> bool:
        """Read IOPub up to the kernel's "idle" after one of ``requests``; False if it is silent."""
        while True:
            try:
                msg = await self.iopub_channel.get_msg(timeout=0.2)
            except Empty:
                return False
            if msg["msg_type"] == "iopub_welcome":
                # Subscribed only now: statuses published before it are lost. Ask again at
                # once rather than wait for a silence (in order from here, one idle comes).
                requests.add(self.kernel_info())
            elif (msg["msg_type"] == "status"
                    and msg["content"].get("execution_state") == "idle"
                    and msg.get("parent_header", {}).get("msg_id") in requests):
                return True


class _PromptKernelManager(AsyncKernelManager):
    """A kernel manager whose clients are :class:`PromptKernelClient`."""

    client_class = DottedObjectName(f"{__name__}.PromptKernelClient")
    client_factory = Type(PromptKernelClient, klass=AsyncKernelClient)


class TrackedKernelManager(_PromptKernelManager):
    """A plain kernel manager that remembers its kernel so a stopping worker can kill it."""

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        await super()._async_launch_kernel(kernel_cmd, **kw)
        pgid = getattr(self.provisioner, "pgid", None) or getattr(self.provisioner, "pid", None)
        if pgid:
            _LIVE_PGIDS.add(int(pgid))

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        pgid = getattr(self.provisioner, "pgid", None) or getattr(self.provisioner, "pid", None)
        if pgid:
            _LIVE_PGIDS.discard(int(pgid))
        await super()._async_cleanup_resources(restart=restart)


class ForkKernelManager(_PromptKernelManager):
    """Kernel manager whose kernels are forked by :attr:`server_address`'s fork-server.

    Shutdown does not wait for the kernel to exit on its own: its outputs are all collected by
    then, so it is killed at once and the fork-server reaps it (pitfall 8: waiting for shutdown
    need not be on the critical path).
    """

    server_address: str = ""
    last_kernel_cpu: float | None = None

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
        if self.provisioner is None:
            provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                          parent=self)
            provisioner.server_address = self.server_address
            self.provisioner = provisioner
        return await super()._async_pre_start_kernel(**kw)

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        self.shutting_down = True
        self.stop_restarter()
        process = getattr(self.provisioner, "process", None)
        if isinstance(process, ForkedProcess):
            try:
                process.kill()
                process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            type(self).last_kernel_cpu = process.cpu_seconds
            assert self.provisioner is not None
            self.provisioner.process = None
        await self._async_cleanup_resources(restart=restart)

    shutdown_kernel = _async_shutdown_kernel  # type: ignore[assignment]


def kernel_manager_class(fork: bool) -> type[AsyncKernelManager]:
    """The class to hand papermill: forked kernels from this process's fork-server, or plain."""
    if not fork:
        return TrackedKernelManager
    global _BORROWED
    if _BORROWED and not _accepting(_BORROWED):  # the build's server is gone: use our own
        _BORROWED = None
    address = _BORROWED or shared_server().address
    return type("BoundForkKernelManager", (ForkKernelManager,), {"server_address": address})


if __name__ == "__main__":
    serve("\0" + sys.argv[1][1:] if sys.argv[1].startswith("@") else sys.argv[1])
