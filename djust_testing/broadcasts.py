"""Messages the test itself sends to every open client: pushes, database notifications.

A client's action delivers what it sent (a handler's ``push_to_view``, a
presence change) to every other open client before it returns. What the test
body sends itself, as a Celery task or a management command would
(``push_to_view(...)`` called in the test, a database notification), waits
on the channel layer until the next client action, or until
``deliver_broadcasts()``.
"""

from __future__ import annotations

from typing import Any

from ._live import djust
from ._live.broadcasts import require_memory_layer
from ._live.connection import deliver_waiting
from ._live.loop import get_bridge, require_sync_caller
from ._tracebacks import keep_user_frames
from .exceptions import DjustTestingError

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


def deliver_broadcasts() -> None:
    """Deliver every channel message waiting for an open client, as djust's consumer receives it.

    Each receiving client's page, state and ``last_action`` (a ``broadcast``
    action) then show what arrived. Raises ``BroadcastError`` when a
    receiving client's handler raised, or djust refused the handler a push
    named: djust's consumer only logs those.
    """
    require_sync_caller()
    require_memory_layer("deliver_broadcasts()")
    failures = deliver_waiting(None, "While deliver_broadcasts() delivered the waiting messages")
    if failures:
        keep_user_frames(failures[0])
        raise failures[0]


def send_db_notification(channel: str, payload: dict[str, Any] | None = None) -> None:
    """A PostgreSQL NOTIFY on ``channel``, as djust's listener forwards it; then deliver it.

    What ``@notify_on_save`` or ``send_pg_notify(channel, payload)`` makes
    PostgreSQL send once the transaction commits, which never happens inside
    a ``TestCase`` (and never on SQLite). djust's listener sends it to the
    clients whose view called ``listen(channel)``; each gets
    ``handle_info({"type": "db_notify", "channel": channel, "payload": payload})``
    and re-renders, as in production.
    """
    if not isinstance(channel, str):
        raise DjustTestingError(
            f"send_db_notification() takes the channel's name as a str, got "
            f"{type(channel).__name__} {channel!r}"
        )
    if payload is not None and not isinstance(payload, dict):
        raise DjustTestingError(
            f"send_db_notification() takes the payload as a dict (NOTIFY carries JSON), got "
            f"{type(payload).__name__}"
        )
    require_sync_caller()
    require_memory_layer("send_db_notification()")
    get_bridge().run(djust.notify(channel, payload or {}))
    deliver_broadcasts()
