"""Test djust LiveViews from Django's test runner, on djust's own event path."""

from __future__ import annotations

from .case import LiveViewTestCase, LiveViewTestMixin
from .client import LiveViewTestClient
from .exceptions import (
    ConnectionClosedError,
    DjustTestingError,
    ElementNotFoundError,
    EventRejectedError,
    MountDeniedError,
    MountError,
    MountRedirectedError,
    NoHandlerFoundError,
    NotMountedError,
)
from .snapshots import SnapshotTestMixin

__all__ = [
    "ConnectionClosedError",
    "DjustTestingError",
    "ElementNotFoundError",
    "EventRejectedError",
    "LiveViewTestCase",
    "LiveViewTestClient",
    "LiveViewTestMixin",
    "MountDeniedError",
    "MountError",
    "MountRedirectedError",
    "NoHandlerFoundError",
    "NotMountedError",
    "SnapshotTestMixin",
]
