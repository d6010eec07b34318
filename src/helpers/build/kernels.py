"""Fresh kernels without paying for Python start-up: fork each one from a warm "fork-server".

A plain papermill run starts a new Python, imports ipykernel, pandas, matplotlib and pyarrow and
only then runs the report: that start-up is most of a report's cost (bench/README.md).
Here a long-lived fork-server process (:mod:`helpers.build.forkserver`) imports all of that once;
for every report it forks a child that becomes the kernel, on the connection file jupyter_client
wrote. Every report still runs in its own new process (own PID, no variables from other
reports), and papermill stays the executor: :func:`kernel_manager_class` is passed as
``kernel_manager_class=`` and nbclient uses it. A process forks from its own server
(:func:`shared_server`) or from one another process owns (:func:`borrow_server`: a local
build's workers share the build's), and its kernels are ready as soon as they report "idle"
(:class:`PromptKernelClient`).

This module is the client side: the server's handle, the kernels' Popen-like handle, and the
jupyter_client classes, which customise jupyter_client only through its public extension points
(a kernel provisioner, ``start_kernel``, ``shutdown_kernel``, ``start_channels``,
``wait_for_ready``); :mod:`helpers.adapters.jupyter_kernels` says whether the installed
jupyter_client is one they were tested with, else the build runs jupyter_client's own classes.
Where fork does not exist (Windows) or is unsafe (macOS), :func:`fork_available` is False and
the batch falls back to plain kernels.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
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
from jupyter_client import protocol_version_info
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager, KernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import DottedObjectName, Type, default

from helpers.adapters import jupyter_kernels
from helpers.build.forkserver import SERVER_ENV, START_TIMEOUT, ForkedProcess, kill_group
from helpers.build.kernel_channels import DirectRecvChannel
from helpers.common.childproc import end_on_eof, tied_to_this_process

#: How soon (ms) a kernel client retries connecting to a kernel that is not listening yet.
RECONNECT_MS = 5

# Kernels started by this process (fork or plain), so a worker told to stop can kill them all.
_LIVE_PGIDS: set[int] = set()


def fork_available() -> bool:
    """True where kernels can be forked safely: Linux and the other non-macOS POSIX systems."""
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and sys.platform != "darwin"


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
            [sys.executable, "-m", "helpers.build.forkserver", self.address.replace("\0", "@", 1)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            **tied_to_this_process())  # killed with this process, its kernels with it
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
        kill_group(pgid)
        _LIVE_PGIDS.discard(pgid)


class TrackedProvisioner(LocalProvisioner):
    """The local provisioner, remembering its kernel so a stopping worker can kill it."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        # A plain kernel dies with the worker that started it, even when the worker is killed.
        info = await super().launch_kernel(cmd, **{**kwargs, **tied_to_this_process()})
        if self.pgid or self.pid:
            _LIVE_PGIDS.add(int(self.pgid or self.pid))
        return info

    async def cleanup(self, restart: bool = False) -> None:
        if self.pgid or self.pid:
            _LIVE_PGIDS.discard(int(self.pgid or self.pid))
        await super().cleanup(restart=restart)


class ForkProvisioner(TrackedProvisioner):
    """Writes the connection file like the local provisioner, then asks the fork-server.

    ``kill`` also waits for the fork-server's report that the kernel is gone (it comes as soon
    as the server reaps it), so whoever stops the kernel never polls for its exit.
    """

    server_address: str = ""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        km = self.parent
        assert km is not None
        env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        cwd = kwargs.get("cwd")
        self.process = ForkedProcess(self.server_address, km.connection_file,
                                     str(cwd) if cwd else None, env)
        self.pid = self.pgid = self.process.pid
        _LIVE_PGIDS.add(self.pid)
        self.cwd = cwd
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:
        process = self.process
        if not isinstance(process, ForkedProcess):
            await super().kill(restart=restart)
            return
        try:
            process.kill()
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.process = None  # reaped by the fork-server: nothing left to wait for


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
    :data:`RECONNECT_MS` instead of ZeroMQ's 100 ms, and a client its manager made starts no
    heartbeat (whether the kernel lives is the manager's answer). The handshake's reply stays
    as :attr:`handshake_info` (what the kernel offers: :mod:`helpers.adapters.nbclient_batch`).
    """

    #: The content of the kernel's ``kernel_info_reply`` to the handshake (empty before it).
    handshake_info: dict[str, Any] = {}

    def start_channels(self, shell: bool = True, iopub: bool = True, stdin: bool = True,
                       hb: bool = True, control: bool = True) -> None:
        # The client connects before the new kernel has bound its ports; ZeroMQ retries a
        # refused connection after RECONNECT_IVL (100 ms by default), which the handshake waits.
        # A context's options apply to the sockets made after they are set: the channels' are
        # made here.
        self.context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        # No heartbeat thread for a client its manager made: jupyter_client's ``is_alive`` asks
        # the manager (the kernel's process), never the heartbeat, so the thread, its event
        # loop, socket and pings were only cost (~3.5 ms of a report's worker CPU).
        hb = hb and not isinstance(self.parent, KernelManager)
        super().start_channels(shell, iopub, stdin, hb, control)

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
                self._adapt_protocol(reply)
                self.handshake_info = reply["content"]
                return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    def _adapt_protocol(self, reply: dict[str, Any]) -> None:
        """What jupyter_client does with the handshake's reply: speak the kernel's protocol."""
        major = int(reply["content"]["protocol_version"].split(".")[0])
        if major != protocol_version_info[0]:
            self.session.adapt_version = major

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


class DirectRecvKernelClient(PromptKernelClient):
    """:class:`PromptKernelClient` reading the shell and IOPub channels with
    :class:`helpers.build.kernel_channels.DirectRecvChannel` (a queued message taken at once)."""

    shell_channel_class = Type(DirectRecvChannel)
    iopub_channel_class = Type(DirectRecvChannel)


class _PromptKernelManager(AsyncKernelManager):
    """A kernel manager whose clients are :class:`DirectRecvKernelClient` (or
    :class:`PromptKernelClient` when ``WORKBOOK_PUBLIC_API`` names ``direct-recv``) and whose
    kernels are started by :meth:`make_provisioner`'s provisioner.

    The provisioner is set on the manager's public ``provisioner`` attribute before
    jupyter_client's ``start_kernel`` runs, which then uses it instead of asking its factory
    (whose provisioners come from installed entry points, by kernel spec).
    """

    client_class = DottedObjectName(f"{__name__}.PromptKernelClient")
    client_factory = Type(PromptKernelClient, klass=AsyncKernelClient)

    @default("client_factory")
    def _direct_recv_client(self) -> type[AsyncKernelClient]:
        return (DirectRecvKernelClient if jupyter_kernels.fast("direct-recv")
                else PromptKernelClient)

    def make_provisioner(self) -> LocalProvisioner:
        return TrackedProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                  parent=self)

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = self.make_provisioner()
        await super().start_kernel(**kw)


class TrackedKernelManager(_PromptKernelManager):
    """A plain kernel manager that remembers its kernel so a stopping worker can kill it."""


class ForkKernelManager(_PromptKernelManager):
    """Kernel manager whose kernels are forked by :attr:`server_address`'s fork-server.

    Shutdown does not wait for the kernel to exit on its own: its outputs are all collected by
    then, so it is killed at once and the fork-server reaps it (docs/architecture.md, pitfall 8:
    waiting for shutdown need not be on the critical path).
    """

    server_address: str = ""
    last_kernel_cpu: float | None = None

    def make_provisioner(self) -> LocalProvisioner:
        provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                      parent=self)
        provisioner.server_address = self.server_address
        return provisioner

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:  # type: ignore[override]
        self.shutting_down = True
        self.stop_restarter()
        if self.provisioner is not None:
            process = self.provisioner.process
            await self.provisioner.kill(restart=restart)
            if isinstance(process, ForkedProcess):
                type(self).last_kernel_cpu = process.cpu_seconds
        await self.cleanup_resources(restart=restart)


def kernel_manager_class(fork: bool) -> type[AsyncKernelManager]:
    """The class to hand papermill: forked kernels from this process's fork-server, or plain.

    With a jupyter_client outside the versions the hooks were tested with (or
    ``WORKBOOK_PUBLIC_API``), jupyter_client's own manager: plain kernels, unmodified.
    """
    jupyter_kernels.install_date_parser()  # this process's clients read the kernel's messages
    if not jupyter_kernels.fast():
        return AsyncKernelManager
    if not fork:
        return TrackedKernelManager
    global _BORROWED
    if _BORROWED and not _accepting(_BORROWED):  # the build's server is gone: use our own
        _BORROWED = None
    address = _BORROWED or shared_server().address
    return type("BoundForkKernelManager", (ForkKernelManager,), {"server_address": address})
