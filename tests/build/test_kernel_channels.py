"""A channel that takes a queued message at once: the same messages, in the same order, as
jupyter_client's own asyncio channel; it still waits for one not yet sent, and times out."""

from __future__ import annotations

import asyncio
import time
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

from helpers.adapters import jupyter_kernels
from helpers.build import kernels
from helpers.build.kernel_channels import DirectRecvChannel

KEY = b"kunci"
CONTENTS = [{"execution_state": "busy"}, {"code": "print(42)", "execution_count": 1},
            {"name": "stdout", "text": "42\n"}, {"execution_state": "idle"}]


def _send_all(sender: zmq.Socket, session: Session) -> None:
    kinds = ("status", "execute_input", "stream", "status")
    for kind, content in zip(kinds, CONTENTS, strict=True):
        session.send(sender, kind, content, parent={"msg_id": "permintaan", "msg_type": "x"})


async def _read(channel_class: type, sent: Session, count: int, later: bool = False) -> list:
    """``count`` messages read through ``channel_class`` (sent before the reads, or ``later``)."""
    context = zmq.asyncio.Context()
    receiver, sender = context.socket(zmq.PAIR), context.socket(zmq.PAIR)
    address = f"inproc://kanal-{id(channel_class)}-{later}"
    receiver.bind(address)
    sender.connect(address)
    channel = channel_class(receiver, Session(key=KEY))
    try:
        if later:
            asyncio.get_running_loop().call_later(0.05, _send_all, sender, sent)
        else:
            _send_all(sender, sent)
            await asyncio.sleep(0.05)  # every message queued before the first read
        return [await channel.get_msg(timeout=5) for _ in range(count)]
    finally:
        channel.close()
        sender.close(linger=0)
        context.term()


@pytest.mark.parametrize("later", [False, True], ids=["queued", "sent-while-waiting"])
def test_the_channel_reads_what_jupyter_clients_channel_reads(later):
    sent = Session(key=KEY)
    ours = asyncio.run(_read(DirectRecvChannel, sent, 4, later))
    theirs = asyncio.run(_read(AsyncZMQSocketChannel, sent, 4, later))
    # Each run's messages have their own ids and dates: the same kinds, keys and contents.
    assert [m["content"] for m in ours] == [m["content"] for m in theirs] == CONTENTS
    assert [m["msg_type"] for m in ours] == [m["msg_type"] for m in theirs]
    assert [sorted(m) for m in ours] == [sorted(m) for m in theirs]
    assert [type(m["header"]["date"]) for m in ours] == [
        type(m["header"]["date"]) for m in theirs]
    assert [m["parent_header"] for m in ours] == [m["parent_header"] for m in theirs]


def test_the_channel_times_out_with_empty_as_jupyter_clients_does():
    async def wait() -> float:
        context = zmq.asyncio.Context()
        receiver = context.socket(zmq.PAIR)
        receiver.bind("inproc://stille")
        channel = DirectRecvChannel(receiver, Session(key=KEY))
        start = time.monotonic()
        try:
            with pytest.raises(Empty):
                await channel.get_msg(timeout=0.1)
            return time.monotonic() - start
        finally:
            channel.close()
            context.term()

    assert 0.09 <= asyncio.run(wait()) < 2


def test_the_kernel_client_reads_with_it_unless_the_public_api_is_asked_for(monkeypatch):
    monkeypatch.delenv(jupyter_kernels.ENV_PUBLIC_API, raising=False)
    manager_class = kernels.kernel_manager_class(False)
    client = manager_class(kernel_name="python3").client()
    assert client.shell_channel_class is client.iopub_channel_class is DirectRecvChannel
    monkeypatch.setenv(jupyter_kernels.ENV_PUBLIC_API, "direct-recv")
    client = manager_class(kernel_name="python3").client()
    assert type(client) is kernels.PromptKernelClient
    assert client.iopub_channel_class is AsyncZMQSocketChannel
    assert jupyter_kernels.fallbacks() == [
        "WORKBOOK_PUBLIC_API: every kernel message is awaited through ZeroMQ's poller "
        "(same reports, slower)"]
