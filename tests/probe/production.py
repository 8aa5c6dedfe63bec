"""What djust's real WebSocket consumer answers, through channels' WebsocketCommunicator.

The probe's security cases send the same frame to ``djust.websocket.LiveViewConsumer``
and to the test client, and expect the client to refuse what production
refuses, for production's reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from djust.rate_limit import reset_handler_buckets
from djust.websocket import LiveViewConsumer

_application = LiveViewConsumer.as_asgi()
# Frames that end djust's answer to one event.
_FINAL = {"error", "patch", "noop", "html_update", "rate_limit_exceeded", "navigate", "mount"}


@dataclass
class Reply:
    """The frame that answered: an error's text, a success, or a close code."""

    kind: str  # "error", "ok", "closed", "silent"
    error: str = ""
    close_code: int | None = None
    frame: dict[str, Any] | None = None

    def __str__(self) -> str:
        if self.kind == "error":
            return f"error {self.error!r}"
        if self.kind == "closed":
            return f"closed with code {self.close_code}"
        return self.kind


async def _next(communicator: WebsocketCommunicator) -> Reply:
    while True:
        try:
            output = await communicator.receive_output(timeout=3)
        except Exception:
            return Reply("silent")
        if output["type"] == "websocket.close":
            return Reply("closed", close_code=output.get("code"))
        frame = json.loads(output.get("text") or "{}")
        kind = frame.get("type")
        if kind == "error":
            return Reply("error", error=str(frame.get("error", "")), frame=frame)
        if kind == "rate_limit_exceeded":
            return Reply("error", error=str(frame.get("message", "")), frame=frame)
        if kind in _FINAL:
            return Reply("ok", frame=frame)


def _as_browser_writes(frame: dict[str, Any]) -> str:
    """``JSON.stringify(frame)``: compact, non-ASCII unescaped (its size is what is limited)."""
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


async def _session(
    view_path: str, url: str, frames: list[dict[str, Any]], raw: list[str]
) -> tuple[Reply, list[Reply]]:
    communicator = WebsocketCommunicator(_application, "/ws/live/")
    connected, _ = await communicator.connect()
    assert connected, "djust's consumer refused the connection"
    await communicator.receive_json_from()  # the connect frame
    await communicator.send_to(
        text_data=_as_browser_writes({"type": "mount", "view": view_path, "params": {}, "url": url})
    )
    mount = await _next(communicator)
    replies = []
    for frame in frames:
        await communicator.send_to(text_data=_as_browser_writes(frame))
        replies.append(await _next(communicator))
    for text in raw:
        await communicator.send_to(text_data=text)
        replies.append(await _next(communicator))
    await communicator.disconnect()
    return mount, replies


def answers(
    view_path: str,
    url: str,
    events: list[tuple[Any, dict[str, Any]]],
    raw: list[str] = (),  # type: ignore[assignment]
) -> tuple[Reply, list[Reply]]:
    """Mount ``view_path`` at ``url`` on the consumer, send each event; return the replies.

    The shared per-handler rate-limit store is cleared before and after, so
    production and the test client each start with a full budget.
    """
    reset_handler_buckets()
    frames = [
        {"type": "event", "event": name, "params": params, "ref": ref}
        for ref, (name, params) in enumerate(events, start=1)
    ]
    try:
        return async_to_sync(_session)(view_path, url, frames, list(raw))
    finally:
        reset_handler_buckets()
