"""Several browser tabs on djust's real consumer at once, for the parity checks of issue 12.

Each socket is djust's ``LiveViewConsumer`` behind channels'
``AuthMiddlewareStack`` (``tests.tracker.production``), on the same
in-memory channel layer the test clients use, so a push one sends reaches
the others through channels, as in production. Frames are collected until
the consumer goes quiet (``Socket.receive_all``).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from tests.tracker.production import Socket, application

T = TypeVar("T")

_HEADERS = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
_REF = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def run_sockets(count: int, scenario: Callable[..., Awaitable[T]]) -> T:
    """Open ``count`` sockets, each a tab of its own (no shared session), and run ``scenario``."""

    async def main() -> T:
        sockets = []
        for _ in range(count):
            communicator = WebsocketCommunicator(application(), "/ws/live/", headers=_HEADERS)
            connected, _ = await communicator.connect()
            assert connected, "the consumer refused the handshake"
            hello = await communicator.receive_json_from()
            assert hello["type"] == "connect", hello
            sockets.append(Socket(communicator))
        try:
            return await scenario(*sockets)
        finally:
            for socket in sockets:
                if socket.closed_code is None:
                    await socket.communicator.disconnect()

    return async_to_sync(main)()


async def send_bytes(socket: Socket, data: bytes) -> list[dict[str, Any]]:
    """A binary frame, as the browser's ``ws.send(ArrayBuffer)`` sends it; djust's answers."""
    await socket.communicator.send_to(bytes_data=data)
    return await socket.receive_all()


async def leave(socket: Socket) -> None:
    """The tab closes: the consumer's disconnect runs."""
    await socket.communicator.disconnect()
    socket.closed_code = 1000


def without_refs(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``frames`` with upload refs (random per upload) written as ``<ref>``."""
    return [
        {
            key: _REF.sub("<ref>", value) if isinstance(value, str) else value
            for key, value in f.items()
        }
        for f in frames
    ]


def without_channels(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``frames`` with presence user ids (``anon_<id>``, per process object) left out."""
    return [
        {**frame, "payload": {**frame["payload"], "from": "<user>"}}
        if frame.get("type") == "presence_event"
        else frame
        for frame in frames
    ]


def without_ids(value: Any) -> Any:
    """``value`` without djust's node ids (``d``, ``dj-id``, ``djust_id``).

    They count from the first render: the browser mounts a page it
    prerendered over HTTP, these sockets mount without one, so djust numbers
    new nodes from another start.
    """
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in ("d", "dj-id", "djust_id")}
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    return value
