"""The worker's kernel channels: a message already waiting is taken at once, not awaited.

jupyter_client's asyncio channel reads every message in two awaited steps: ``poll`` (a ZeroMQ
poller, a watcher future and its callbacks, the socket's reader armed) and then
``recv_multipart`` (another future, another pass through the loop). A report's cell brings
four or more messages in a burst (busy, the input, its outputs, idle; the reply), and most of
them are already queued when nbclient asks for the next one. :class:`DirectRecvChannel` first
takes a queued message without waiting (``recv_multipart`` with ``NOBLOCK`` on a plain socket
sharing the channel's ZeroMQ socket: ``zmq.Socket.shadow``, public pyzmq); only when nothing
is queued does it wait with the channel's own ``poll``, then take the message the same way.
The same messages in the same order, decoded by the same ``Session``; a timeout still raises
``queue.Empty``. ~0.1 ms less worker CPU per cell (docs/architecture.md, "How the build is
fast").

Only public names: jupyter_client's channel class, its ``socket`` and ``session``, and the
``*_channel_class`` settings of a kernel client (:class:`helpers.build.kernels.PromptKernelClient`
uses it for the shell and IOPub channels, unless ``WORKBOOK_PUBLIC_API`` names
``direct-recv``: :mod:`helpers.adapters.jupyter_kernels`).
"""

from __future__ import annotations

from queue import Empty
from typing import Any

import zmq
from jupyter_client.channels import AsyncZMQSocketChannel


class DirectRecvChannel(AsyncZMQSocketChannel):
    """jupyter_client's asyncio channel, taking a queued message without a round of the loop."""

    _plain: zmq.Socket | None = None

    def _queued(self) -> list[bytes] | None:
        """The next message's frames if one is queued, else None (never waits)."""
        plain = self._plain
        if plain is None:
            assert self.socket is not None
            plain = self._plain = zmq.Socket.shadow(self.socket.underlying)
        try:
            return plain.recv_multipart(zmq.NOBLOCK)
        except zmq.Again:
            return None

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        """The next message; ``queue.Empty`` if none comes within ``timeout`` seconds."""
        frames = self._queued()
        while frames is None:
            assert self.socket is not None
            timeout_ms = None if timeout is None else int(timeout * 1000)
            if not await self.socket.poll(timeout_ms):
                raise Empty
            frames = self._queued()  # a reader elsewhere may have taken it: wait again
        _, message = self.session.feed_identities(frames)
        return self.session.deserialize(message)

    def close(self) -> None:
        self._plain = None  # a shadow does not own the socket: nothing to close
        super().close()

    stop = close
