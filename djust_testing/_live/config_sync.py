"""Keep djust's configuration in step with ``override_settings``.

djust reads ``LIVEVIEW_CONFIG`` (and a few settings that feed it) once, into
``djust.config.config``, and never listens for changes. Without this, a test
that overrides one of them would run against the old values and pass or fail
for the wrong reason. Importing the client connects the receiver, so it works
whether or not ``djust_testing`` is in ``INSTALLED_APPS``.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.signals import setting_changed

#: The settings ``djust.config`` is built from.
CONFIG_SETTINGS = frozenset(
    {
        "LIVEVIEW_CONFIG",
        "DJUST_CONFIG",
        "DJUST_WS_COMPRESSION",
        "DJUST_VDOM_CACHE_ENABLED",
        "DJUST_VDOM_CACHE_TTL_SECONDS",
        "DJUST_VDOM_CACHE_MAX_ENTRIES",
        "DJUST_STATE_SNAPSHOT_ENABLED",
    }
)

# The configuration each active override replaced, innermost last. Restoring
# it (rather than re-reading settings) keeps changes code made with
# ``config.update()`` before the override.
_replaced: list[dict[str, Any]] = []


def follow_setting_change(*, setting: str, enter: bool, **kwargs: Any) -> None:
    """``setting_changed`` receiver: reload djust's configuration on entry, restore it on exit."""
    if setting not in CONFIG_SETTINGS:
        return
    from djust.config import config

    if enter:
        _replaced.append(copy.deepcopy(config.as_dict()))
        config.reset()
    elif _replaced:
        config.reset()
        config.update(_replaced.pop())


setting_changed.connect(follow_setting_change, dispatch_uid="djust_testing.djust_config")
