"""djust's real WebSocket consumer, reached the way a browser reaches it.

The probes in ``probe_production.py`` use this to pin what production does,
so the failing tests beside them state production's behaviour, not a guess:

* the page is first requested over HTTP through Django's test ``Client``
  (middleware, session cookie), as a browser loads it;
* the socket is djust's ``LiveViewConsumer`` behind channels'
  ``AuthMiddlewareStack`` (as ``example_project/example/asgi.py`` and djust's
  docs route it), opened with that client's cookies and an ``Origin``;
* frames are sent as djust's browser JS builds them (``03-websocket.js``
  ``mount()`` / ``sendEvent()``: ``JSON.stringify`` of the frame) and every
  frame the consumer sends back is collected.

This is a probe harness, not part of the client: it waits for the consumer
to go quiet, which is fine for establishing facts and not for assertions
about timing.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from asgiref.sync import async_to_sync
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import path
from djust.websocket import LiveViewConsumer

T = TypeVar("T")

#: How long the consumer may stay silent before a turn counts as finished.
QUIET_SECONDS = 0.3


def application() -> Any:
    return AuthMiddlewareStack(URLRouter([path("ws/live/", LiveViewConsumer.as_asgi())]))


class Socket:
    """One browser tab's live connection to the real consumer."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.communicator = communicator
        self.closed_code: int | None = None
        self.ref = 0

    async def receive_all(
        self, until: Callable[[dict[str, Any]], bool] | None = None
    ) -> list[dict[str, Any]]:
        """Every frame the consumer sends until it stays quiet.

        With ``until``, first wait (up to 30 s) for a frame it accepts: the
        turn's answer, however long the handler takes.
        """
        frames: list[dict[str, Any]] = []
        answered = until is None
        while True:
            if answered and await self.communicator.receive_nothing(timeout=QUIET_SECONDS):
                return frames
            message = await self.communicator.receive_output(timeout=30)
            if message["type"] == "websocket.close":
                self.closed_code = message.get("code")
                frames.append({"type": "<closed>", "code": self.closed_code})
                return frames
            text = message.get("text")
            frame = json.loads(text) if text is not None else {"bytes": message["bytes"]}
            frames.append(frame)
            answered = answered or bool(until and until(frame))

    async def send_text(
        self, text: str, until: Callable[[dict[str, Any]], bool] | None = None
    ) -> list[dict[str, Any]]:
        await self.communicator.send_to(text_data=text)
        return await self.receive_all(until)

    async def send(
        self, frame: dict[str, Any], until: Callable[[dict[str, Any]], bool] | None = None
    ) -> list[dict[str, Any]]:
        return await self.send_text(js_json(frame), until)

    async def mount(
        self,
        view: str,
        url: str,
        params: dict[str, Any] | None = None,
        client_timezone: str | None = None,
    ) -> list[dict[str, Any]]:
        """The mount frame 03-websocket.js ``mount()`` sends for the page's ``dj-view``."""
        return await self.send(
            {
                "type": "mount",
                "view": view,
                "params": params or {},
                "url": url,
                "has_prerendered": False,
                "client_timezone": client_timezone,
            },
            until=_ends_mount,
        )

    async def event(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        self.ref += 1
        ref = self.ref
        return await self.send(
            {"type": "event", "event": name, "params": params, "ref": ref},
            until=lambda frame: frame.get("ref") == ref or frame.get("type") == "error",
        )


def js_json(frame: dict[str, Any]) -> str:
    """``JSON.stringify(frame)`` for plain data: compact, non-ASCII left as is.

    03-websocket.js ``sendMessage`` sends ``JSON.stringify(data)``. (JS number
    formatting is not reproduced here: probes that depend on it send the
    browser's text themselves, see ``send_text``.)
    """
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


def _ends_mount(frame: dict[str, Any]) -> bool:
    return frame.get("type") in ("mount", "error", "navigate")


def run(
    scenario: Callable[[Socket], Awaitable[T]],
    *,
    http: Client | None = None,
    page: str | None = None,
) -> T:
    """Open a socket with ``http``'s cookies (after GETting ``page``), run ``scenario``."""
    http = http or Client()
    if page is not None:
        http.get(page)
    cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in http.cookies.items())
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))

    async def main() -> T:
        communicator = WebsocketCommunicator(application(), "/ws/live/", headers=headers)
        connected, _ = await communicator.connect()
        assert connected, "the consumer refused the handshake"
        socket = Socket(communicator)
        hello = await communicator.receive_json_from()
        assert hello["type"] == "connect", hello
        try:
            return await scenario(socket)
        finally:
            if socket.closed_code is None:
                await communicator.disconnect()

    return async_to_sync(main)()


def of_type(frames: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [frame for frame in frames if frame.get("type") == kind]
