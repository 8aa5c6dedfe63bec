"""Test djust LiveViews from Django's test runner, on djust's own event path."""

from __future__ import annotations

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
