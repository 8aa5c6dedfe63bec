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
    "assert_all_routed_liveviews_allowlisted": ".smoke",
    "max_queries": ".queries",
}

if TYPE_CHECKING:
    from ._live.action import Action, EventResult
    from .case import LiveViewTestCase, LiveViewTestMixin
    from .client import LiveViewTestClient
    from .components import LiveComponentTestClient
    from .elements import ElementRef, FormRef
    from .exceptions import (
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
    )
    from .queries import max_queries
    from .smoke import LiveViewSmokeTest, assert_all_routed_liveviews_allowlisted
    from .snapshots import SnapshotTestMixin

__all__ = [
    "Action",
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
    "assert_all_routed_liveviews_allowlisted",
    "max_queries",
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
