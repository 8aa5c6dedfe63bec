"""djust's WebSocket consumer for one test connection: the code only the consumer has.

djust handles uploads and channel-layer messages (push_to_view, presence,
database notifications) in its consumer only (websocket.py), not in the
runtime. Each connection has a ``ConsumerPort``: djust's ``LiveViewConsumer``,
never connected, whose view is the runtime's, whose frames go to the
connection's recorder, and which shares the runtime's wire version,
background work and rate limiter, as the production consumer shares its
own with its runtime. It joins the channel groups the WebSocket transport
joins. The runtime keeps mount, event and url_change frames: the port never
receives them.
"""

from __future__ import annotations

import json
from typing import Any

from channels.layers import get_channel_layer
from djust.runtime import WSConsumerTransport

from .djust import ConsumerCode, TestViewRuntime


class ConsumerPort(ConsumerCode):
    """djust's consumer for the connection of ``runtime``, listening on ``channel_name``."""

    __test__ = False

    def __init__(self, runtime: TestViewRuntime, channel_name: str | None) -> None:
        super().__init__(runtime)
        recorder = runtime.recorder
        request = recorder.request
        self.recorder = recorder
        self.scope = {
            "type": "websocket",
            "path": "/ws/live/",
            "query_string": b"",
            "session": getattr(request, "session", None),
            "user": getattr(request, "user", None),
        }
        # No channel: no channel layer here that delivers (see broadcasts.new_channel).
        self.channel_layer = get_channel_layer() if channel_name is not None else None
        self.channel_name = channel_name
        self.session_id = recorder.session_id

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is not None:
            kind = json.loads(text_data).get("type")
            assert kind not in self.RUNTIME_OWNED_VERBS, f"{kind} frames go to the runtime"
        await super().receive(text_data=text_data, bytes_data=bytes_data)

    async def send_json(self, data: dict[str, Any]) -> None:
        await self.recorder.send(data)

    async def close(self, code: int | None = None, reason: str | None = None) -> None:
        await self.recorder.close(code or 1000)

    async def mount_failed(self, view: Any) -> None:
        """A mount that failed leaves its groups and untracks its presence (``on_mount_failed``)."""
        await WSConsumerTransport(self).on_mount_failed(view)
