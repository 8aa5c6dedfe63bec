"""Test djust LiveViews from Django's test runner, on djust's own event path.

The names below are imported when first used: importing the package, as
pytest does to load its plugin before Django's settings are known, imports
nothing of djust. (djust reads the settings once, when it is imported.)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Each public name, and the module it comes from.
_EXPORTS = {
    "Action": "._live.action",
    "BroadcastError": ".exceptions",
    "ConnectionClosedError": ".exceptions",
    "DjustTestingError": ".exceptions",
    "DjustTestingWarning": ".exceptions",
    "DomEventError": ".exceptions",
    "ElementNotFoundError": ".exceptions",
    "ElementRef": ".elements",
    "EventRejectedError": ".exceptions",
    "EventResult": "._live.action",
    "FormRef": ".elements",
    "LiveComponentTestClient": ".components",
    "LiveViewSmokeTest": ".smoke",
    "LiveViewTestCase": ".case",
    "LiveViewTestClient": ".client",
    "LiveViewTestMixin": ".case",
    "ModelBindingRefusedError": ".exceptions",
    "MountDeniedError": ".exceptions",
    "MountError": ".exceptions",
    "MountRedirectedError": ".exceptions",
    "NoHandlerFoundError": ".exceptions",
    "NotMountedError": ".exceptions",
    "SettingsError": ".exceptions",
    "SnapshotTestMixin": ".snapshots",
    "UploadError": ".exceptions",
    "UploadedFile": "._browser.uploads",
    "assert_all_routed_liveviews_allowlisted": ".smoke",
    "deliver_broadcasts": ".broadcasts",
    "max_queries": ".queries",
    "send_db_notification": ".broadcasts",
}

if TYPE_CHECKING:
    from ._browser.uploads import UploadedFile
    from ._live.action import Action, EventResult
    from .broadcasts import deliver_broadcasts, send_db_notification
    from .case import LiveViewTestCase, LiveViewTestMixin
    from .client import LiveViewTestClient
    from .components import LiveComponentTestClient
    from .elements import ElementRef, FormRef
    from .exceptions import (
        BroadcastError,
        ConnectionClosedError,
        DjustTestingError,
        DjustTestingWarning,
        DomEventError,
        ElementNotFoundError,
        EventRejectedError,
        ModelBindingRefusedError,
        MountDeniedError,
        MountError,
        MountRedirectedError,
        NoHandlerFoundError,
        NotMountedError,
        SettingsError,
        UploadError,
    )
    from .queries import max_queries
    from .smoke import LiveViewSmokeTest, assert_all_routed_liveviews_allowlisted
    from .snapshots import SnapshotTestMixin

__all__ = [
    "Action",
    "BroadcastError",
    "ConnectionClosedError",
    "DjustTestingError",
    "DjustTestingWarning",
    "DomEventError",
    "ElementNotFoundError",
    "ElementRef",
    "EventRejectedError",
    "EventResult",
    "FormRef",
    "LiveComponentTestClient",
    "LiveViewSmokeTest",
    "LiveViewTestCase",
    "LiveViewTestClient",
    "LiveViewTestMixin",
    "ModelBindingRefusedError",
    "MountDeniedError",
    "MountError",
    "MountRedirectedError",
    "NoHandlerFoundError",
    "NotMountedError",
    "SettingsError",
    "SnapshotTestMixin",
    "UploadError",
    "UploadedFile",
    "assert_all_routed_liveviews_allowlisted",
    "deliver_broadcasts",
    "max_queries",
    "send_db_notification",
]


if not TYPE_CHECKING:  # to a type checker, the names are the imports above

    def __getattr__(name: str) -> Any:
        module = _EXPORTS.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
