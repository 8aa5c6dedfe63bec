"""Test djust LiveViews from Django's test runner, on djust's own event path."""

from __future__ import annotations

from ._live.action import Action, EventResult
from .case import LiveViewTestCase, LiveViewTestMixin
from .client import LiveViewTestClient
from .elements import ElementRef, FormRef
from .exceptions import (
    ConnectionClosedError,
    DjustTestingError,
    DomEventError,
    ElementNotFoundError,
    EventRejectedError,
    MountDeniedError,
    MountError,
    MountRedirectedError,
    NoHandlerFoundError,
    NotMountedError,
)
from .queries import max_queries
from .snapshots import SnapshotTestMixin

__all__ = [
    "Action",
    "ConnectionClosedError",
    "DjustTestingError",
    "DomEventError",
    "ElementNotFoundError",
    "ElementRef",
    "EventRejectedError",
    "EventResult",
    "FormRef",
    "LiveViewTestCase",
    "LiveViewTestClient",
    "LiveViewTestMixin",
    "MountDeniedError",
    "MountError",
    "MountRedirectedError",
    "NoHandlerFoundError",
    "NotMountedError",
    "SnapshotTestMixin",
    "max_queries",
]
