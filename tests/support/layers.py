"""A channel layer that is not channels' in-memory one, as a project's Redis layer is not."""

from __future__ import annotations

from typing import Any, ClassVar

from channels.layers import BaseChannelLayer


class ElsewhereChannelLayer(BaseChannelLayer):
    """Accepts everything and delivers nothing here, like a layer in another process."""

    extensions: ClassVar[list[str]] = ["groups"]

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        pass

    async def receive(self, channel: str) -> dict[str, Any]:
        raise AssertionError("nothing may wait on a layer that delivers elsewhere")

    async def new_channel(self, prefix: str = "specific.") -> str:
        return f"{prefix}elsewhere!1"

    async def group_add(self, group: str, channel: str) -> None:
        pass

    async def group_discard(self, group: str, channel: str) -> None:
        pass

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        pass
