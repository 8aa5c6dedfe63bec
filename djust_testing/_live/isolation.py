"""What one test leaves in the process, undone when it ends: its connections, djust's state.

``begin()`` marks the start of a test; ``end(mark)`` then closes every
connection opened since (however the test made its clients: ``self.live()``,
``LiveViewTestClient(...)``, a client kept on ``self``; what closing sends
the others is not delivered, as they close too), resets djust's
process-wide state (the channel layer and presence included) when the test
opened any, and restores djust's
configuration (``djust.config.config``) as it was, undoing ``config.update()``.
``LiveViewTestMixin`` runs them around every test; ``LiveViewTestRunner``'s
result does for the tests that do not use the mixin.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from . import djust
from .connection import newest_serial, open_connections


@dataclass(frozen=True)
class Mark:
    """The process as a test found it: the newest connection, djust's configuration."""

    serial: int
    config: dict[str, Any]


def begin() -> Mark:
    from djust.config import config

    return Mark(newest_serial(), copy.deepcopy(config.as_dict()))


def end(mark: Mark) -> None:
    """Undo what happened since ``mark``: connections, djust's process state, configuration."""
    from djust.config import config

    for connection in open_connections():
        if connection.serial > mark.serial:
            connection.close(deliver=False)
    if newest_serial() > mark.serial:
        djust.reset_process_state()
    if config.as_dict() != mark.config:
        config.reset()
        config.update(copy.deepcopy(mark.config))
