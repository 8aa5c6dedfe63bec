"""Channel-layer messages for the test's connections, and what went wrong delivering them.

In production each browser tab's consumer listens on a channel of its own:
``push_to_view``, presence changes and database notifications reach it
through the groups it joined, and djust's consumer code answers with frames
to its page (websocket.py ``server_push``, ``presence_event``, ``db_notify``,
``client_push_event``). Here each connection's ``ConsumerPort`` joins the
same groups of channels' ``InMemoryChannelLayer``, and the connection hands
each message waiting on its channel to that code, looked up by channels'
handler name (``dispatch()`` would first close Django's database connections,
``channels.consumer.AsyncConsumer.dispatch``).
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from channels.consumer import get_handler_name
from channels.layers import InMemoryChannelLayer, get_channel_layer

from ..exceptions import BroadcastError, DjustTestingError, DjustTestingWarning
from .logs import text

#: How many rounds of delivery one action may cause: each message handled may send more.
MAX_ROUNDS = 100
#: Where djust's consumer reports a push or a notification that failed.
CONSUMER_LOGGERS = ("djust.websocket",)

_warned_about: set[str] = set()


def memory_layer() -> InMemoryChannelLayer | None:
    layer = get_channel_layer()
    return layer if isinstance(layer, InMemoryChannelLayer) else None


def require_memory_layer(what: str) -> InMemoryChannelLayer:
    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer):
        return layer
    raise DjustTestingError(
        f"{what} needs channels.layers.InMemoryChannelLayer as CHANNEL_LAYERS['default'] "
        f"in the test settings, but it is {_layer_name(layer)}: djust_testing delivers "
        "channel-layer messages between test clients only through the in-memory layer"
    )


async def new_channel() -> str | None:
    """A channel name for a new connection's consumer, or None when nothing can reach it here."""
    layer = get_channel_layer()
    if layer is None:
        return None
    if not isinstance(layer, InMemoryChannelLayer):
        name = _layer_name(layer)
        if name not in _warned_about:
            _warned_about.add(name)
            warnings.warn(
                f"CHANNEL_LAYERS['default'] is {name}: djust_testing delivers push_to_view, "
                "presence and database notifications between test clients only through "
                "channels.layers.InMemoryChannelLayer, so none reaches a client in these "
                "tests. Use the in-memory layer in the test settings.",
                DjustTestingWarning,
                stacklevel=2,
            )
        return None
    return str(await layer.new_channel())


def waiting(channel: str | None) -> int:
    """How many messages wait on ``channel`` (an empty queue is never awaited: it would block)."""
    layer = memory_layer()
    if layer is None or channel is None:
        return 0
    queue = layer.channels.get(channel)
    return 0 if queue is None else queue.qsize()


async def receive(channel: str) -> dict[str, Any]:
    layer = memory_layer()
    assert layer is not None
    message: dict[str, Any] = await layer.receive(channel)
    return message


async def handle(port: Any, message: dict[str, Any]) -> None:
    """Hand ``message`` to the consumer's handler for its type, as channels would."""
    await getattr(port, get_handler_name(message))(message)


def name_of(message: dict[str, Any]) -> str:
    """A message as an action's name: its type, and the handler a push names."""
    kind = str(message.get("type", "?"))
    if kind == "server_push" and message.get("handler"):
        return f"{kind} {message['handler']}"
    if kind == "db_notify":
        return f"{kind} {message.get('channel', '')}"
    return kind


def failure(
    message: dict[str, Any], records: list[logging.LogRecord], recipient: str, during: str
) -> BroadcastError | None:
    """What went wrong handling ``message``, from djust's consumer logs; None if nothing did."""
    kind = message.get("type")
    for record in records:
        said = text(record)
        cause = record.exc_info[1] if record.exc_info else None
        if cause is not None:
            called = "handle_info" if kind == "db_notify" else message.get("handler") or kind
            error = BroadcastError(
                f"{during}, djust delivered {name_of(message)!r} to {recipient}, whose "
                f"{called} raised {type(cause).__name__}: {cause}. djust's consumer only logs "
                f"it ({said.split(':')[0]!r}) and sends that page nothing for it."
            )
            error.__cause__ = cause
            return error
        if said.startswith("server_push: blocked handler"):
            return BroadcastError(
                f"{during}, a push_to_view reached {recipient} naming the handler "
                f"{message.get('handler')!r}, which djust refuses to call: a push calls only "
                "methods named handle_* or decorated with @event_handler (websocket.py "
                "_apply_server_push). djust logs it and re-renders that page without calling it."
            )
    return None


def follow_failure(error: BaseException, recipient: str, during: str) -> BroadcastError:
    """The receiving page went wrong with what djust sent it (a patch it could not apply)."""
    failed = BroadcastError(
        f"{during}, djust sent {recipient} a broadcast, and its page went wrong with it:\n{error}"
    )
    failed.__cause__ = error
    return failed


def endless(during: str) -> BroadcastError:
    return BroadcastError(
        f"{during}, the clients kept sending each other channel messages for {MAX_ROUNDS} "
        "rounds (a push handler that pushes to its own view again?). In production this "
        "loop would never end."
    )


def _layer_name(layer: Any) -> str:
    return "not configured" if layer is None else type(layer).__name__
