"""Turn what djust sent instead of a mount or a render into an error that says why.

Under the test runner ``DEBUG`` is off, so djust's own refusals read "Event
rejected" or "View not found". djust decided; these functions ask djust's
public predicates which rule applied and name it.
"""

from __future__ import annotations

import json
from typing import Any

from djust.decorators import is_event_handler
from djust.security import is_safe_event_name
from djust.security.mount import is_view_path_allowed

from .._diff import closest
from ..exceptions import (
    ConnectionClosedError,
    EventRejectedError,
    MountDeniedError,
    MountError,
    MountRedirectedError,
    NoHandlerFoundError,
)
from .action import Action

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


def _frames_text(frames: list[dict[str, Any]]) -> str:
    return "\n".join("  " + json.dumps(frame, default=repr)[:500] for frame in frames) or "  (none)"


def event_handler_names(view: Any) -> list[str]:
    return sorted(
        name
        for name in dir(type(view))
        if not name.startswith("_") and is_event_handler(getattr(view, name, None))
    )


def event_refusal(view: Any, event: str, action: Action) -> EventRejectedError:
    """The error for an event djust refused to run (``action.rejections`` holds its refusal)."""
    view_name = type(view).__name__
    rejection = action.rejections[0]
    reason = str(rejection.get("error", ""))
    if not is_safe_event_name(event):
        message = (
            f"djust refused {event!r} on {view_name}: not a safe event name "
            "(djust only dispatches lowercase snake_case names that do not start with '_')."
        )
    elif not callable(getattr(view, event, None)):
        handlers = event_handler_names(view)
        suggestion = closest(event, handlers)
        message = f"{view_name} has no handler for event {event!r}."
        if suggestion:
            message += f" Did you mean {suggestion!r}?"
        message += f" Its event handlers: {', '.join(handlers) or '(none)'}."
        return NoHandlerFoundError(message, reason=reason, frames=action.frames)
    elif not is_event_handler(getattr(view, event)):
        message = (
            f"djust refused {event!r} on {view_name}: the method is not decorated with "
            "@event_handler, and djust only dispatches event handlers."
        )
    else:
        message = f"djust refused event {event!r} on {view_name}: {reason}"
        details = rejection.get("validation_details")
        if details:
            message += f"\n  validation details: {json.dumps(details, default=repr)}"
    if action.close_code is not None:
        message += f"\n  djust then closed the connection ({close_reason(action.close_code)})."
    return EventRejectedError(message, reason=reason, frames=action.frames)


# The close codes djust uses, after HTTP's status codes.
_CLOSE_REASONS = {4403: "not authorized", 4429: "rate limited"}


def close_reason(code: int) -> str:
    reason = _CLOSE_REASONS.get(code)
    return f"code {code}: {reason}" if reason else f"code {code}"


def connection_closed(view: Any, event: str, code: int) -> ConnectionClosedError:
    """The error for an event djust answered by closing the connection."""
    return ConnectionClosedError(
        f"djust closed the live connection instead of running {event!r} on "
        f"{type(view).__name__} ({close_reason(code)}).",
        code=code,
    )


def mount_refusal(
    view_class: type, view_path: str, url: str, action: Action, user: Any
) -> MountError:
    """The error for a mount that ended without a mounted view."""
    name = view_class.__qualname__
    frames = action.frames
    for frame in action.frames_of("navigate"):
        target = str(frame.get("to", ""))
        message = f"djust redirected the mount of {name} at {url!r} to {target!r}."
        if getattr(view_class, "login_required", False) and not getattr(
            user, "is_authenticated", False
        ):
            message += (
                " The view is login_required and the live connection's user is "
                "anonymous: log in first, e.g. self.client.force_login(user)."
            )
        return MountRedirectedError(message, url=target, frames=frames)
    if not is_view_path_allowed(view_path):
        return MountError(
            f"djust refused to mount {name}: its module {view_class.__module__!r} is not in "
            "settings.LIVEVIEW_ALLOWED_MODULES nor under an installed app, so production "
            "would refuse it too. Add the module's package to INSTALLED_APPS or "
            "LIVEVIEW_ALLOWED_MODULES.",
            frames=frames,
        )
    if getattr(view_class, "use_actors", False):
        return MountError(
            f"djust-testing cannot mount {name}: it sets use_actors = True, and djust runs "
            "actor views only through its WebSocket consumer's actor system, which djust's "
            "runtime (the path this client drives) refuses. Test it with use_actors = False, "
            "or through channels' WebsocketCommunicator.",
            frames=frames,
        )
    errors = [str(frame.get("error")) for frame in action.frames_of("error")]
    if "Permission denied" in errors:
        required = getattr(view_class, "permission_required", None)
        message = f"djust refused to mount {name} at {url!r}: permission denied"
        if required:
            message += f" (permission_required = {required!r})"
        user_name = user.get_username() if getattr(user, "is_authenticated", False) else None
        message += f" for user {user_name!r}." if user_name else " for the anonymous user."
        if action.exception is not None and str(action.exception):
            message += f" djust's reason: {action.exception}"
        return MountDeniedError(message, frames=frames)
    return MountError(
        f"djust did not mount {name} at {url!r}; it sent:\n{_frames_text(frames)}", frames=frames
    )
