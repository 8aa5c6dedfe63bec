"""djust's mount allowlist: the modules a browser may ask djust to mount a LiveView from.

djust checks the mount frame's view path with ``is_view_path_allowed``
(``djust.security.mount``) before it imports anything: a path under one of
``LIVEVIEW_ALLOWED_MODULES`` (module-segment prefixes), or, when the setting
is unset, under the package of an installed app or djust's own.
"""

from __future__ import annotations

from django.conf import settings
from djust.live_view import LiveView
from djust.security.mount import is_view_path_allowed

from .connection import view_path


def refused(view_classes: list[type[LiveView]]) -> list[type[LiveView]]:
    """The views among ``view_classes`` whose mount djust refuses."""
    return [view for view in view_classes if not is_view_path_allowed(view_path(view))]


def described() -> str:
    """The allowlist in force, for a message."""
    allowed = getattr(settings, "LIVEVIEW_ALLOWED_MODULES", None)
    if allowed:
        return f"LIVEVIEW_ALLOWED_MODULES = {list(allowed)!r}"
    return (
        "LIVEVIEW_ALLOWED_MODULES unset (djust then allows the packages of INSTALLED_APPS, and "
        "djust's own)"
    )
