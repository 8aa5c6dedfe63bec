"""The errors djust_testing raises when a test uses it wrongly or djust refuses.

Assertion methods raise ``AssertionError`` so unittest reports a failure.
Everything here is a misuse or a refusal, reported as an error that says
what went wrong and what was expected.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied


class DjustTestingError(Exception):
    """Base class for every error djust_testing raises on purpose."""


class SettingsError(DjustTestingError, ImproperlyConfigured):
    """A ``DJUST_TESTING`` setting, or an option with the same rules, is not what it must be.

    Also an ``ImproperlyConfigured``, as Django's own settings errors are.
    """


class NotMountedError(DjustTestingError, RuntimeError):
    """The client was used before ``mount()`` succeeded.

    A ``RuntimeError`` too, as ``djust.testing`` raises for the same misuse.
    """


class ConnectionClosedError(DjustTestingError):
    """djust closed the live connection; production would drop it too."""

    def __init__(self, message: str, *, code: int) -> None:
        super().__init__(message)
        self.code = code


class MountError(DjustTestingError):
    """djust refused or failed to mount the view.

    ``frames`` holds what djust sent instead of a mount frame.
    """

    def __init__(self, message: str, *, frames: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.frames = frames


class MountDeniedError(MountError, PermissionDenied):
    """djust refused the mount for lack of permission (also a ``PermissionDenied``)."""


class MountRedirectedError(MountError):
    """djust answered the mount with a redirect (``login_required``, an on_mount hook)."""

    def __init__(self, message: str, *, url: str, frames: list[dict[str, Any]]) -> None:
        super().__init__(message, frames=frames)
        self.url = url


class EventRejectedError(DjustTestingError):
    """djust refused an event before or instead of running its handler.

    ``reason`` is djust's own message; ``frames`` what djust sent.
    """

    def __init__(self, message: str, *, reason: str, frames: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.reason = reason
        self.frames = frames


class NoHandlerFoundError(EventRejectedError):
    """The view has no method for the event's name."""


class ModelBindingRefusedError(EventRejectedError):
    """djust refused to set a field from ``dj-model`` (``update_model``), which it only logs.

    ``reason`` is djust's log message.
    """


class ElementNotFoundError(DjustTestingError, AssertionError):
    """A selector matched no element of the page, or more than the one expected.

    An ``AssertionError`` too: the page is not what the test expects, so
    unittest reports a failure.
    """


class DomEventError(DjustTestingError):
    """A browser would send no event for this action on the page, or the action is impossible.

    The message names the element and why (no binding, disabled, readonly,
    locked, no such option, ...).
    """


class DjustTestingWarning(UserWarning):
    """The test does something production does differently from what it likely expects."""


class BroadcastError(DjustTestingError):
    """A channel-layer message one client's action sent failed where djust delivered it.

    A ``push_to_view``, presence change or database notification reached
    another open client, and its handler raised, djust refused to call the
    handler it named, or its page could not apply what djust sent. djust's
    consumer only logs these; the test hears of them from the action that
    sent the message. ``__cause__`` is the original exception, when there is one.
    """


class UploadError(DjustTestingError):
    """djust's browser client or djust refused a file of an ``upload()``, or lost its bytes.

    ``files`` holds every file's outcome (``UploadedFile``), in the order chosen.
    """

    def __init__(self, message: str, *, files: list[Any]) -> None:
        super().__init__(message)
        self.files = files
