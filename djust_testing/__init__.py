"""Test djust LiveViews from Django's test runner, on djust's own event path."""

from __future__ import annotations

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
