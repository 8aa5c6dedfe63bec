"""Turn what djust sent instead of a mount or a render into an error that says why.

Under the test runner ``DEBUG`` is off, so djust's own refusals read "Event
rejected" or "View not found". djust decided; these functions ask djust's
public predicates which rule applied and name it.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

from django.conf import settings
from django.http import HttpResponseBase
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from djust.decorators import is_event_handler
from djust.security import is_safe_event_name
from djust.security.mount import is_view_path_allowed
from selectolax.lexbor import LexborHTMLParser

from .._diff import closest
from ..exceptions import (
    ConnectionClosedError,
    DjustTestingError,
    EventRejectedError,
    MountDeniedError,
    MountError,
    MountRedirectedError,
    NoHandlerFoundError,
)
from . import djust, targets
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


#: What djust answers a frame whose event name is missing or empty
#: (``ViewRuntime._dispatch_event_render``), under DEBUG or not.
MISSING_EVENT = "Missing 'event' field"


def event_security() -> str:
    """djust's ``event_security`` mode: ``strict`` (the default), ``warn`` or ``open``."""
    from djust.config import config

    return str(config.get("event_security", "strict"))


def event_refusal(view: Any, event: str, action: Action) -> EventRejectedError:
    """The error for an event djust refused to run (``action.rejections`` holds its refusal).

    The rules are tried in djust's own order (``ViewRuntime._dispatch_event_render``,
    then ``websocket_utils._validate_event_security``): a name at all, what
    the frame reaches (an embedded view by ``view_id``, a component by
    ``component_id``, else the view), a safe name, a handler there, the
    decorator (in strict mode only), then whatever djust said, which names
    the rest (parameters, permissions, rate limits).
    """
    sent = action.sent or {}
    target = targets.target_of(view, sent.get("params") if isinstance(sent, dict) else None)
    owner = target.owner if target.owner is not None else view
    view_name = target.label
    rejection = action.rejections[0]
    reason = str(rejection.get("error", ""))
    mode = event_security()
    if reason == MISSING_EVENT and not event:
        message = (
            f"djust refused the event {event!r} on {view_name}: {MISSING_EVENT} (the event's "
            'name is empty; a binding such as dj-click="" sends one)'
        )
    elif target.owner is None and reason.startswith(
        (targets.COMPONENT_NOT_FOUND, targets.EMBEDDED_NOT_FOUND)
    ):
        message = _missing_target(view, target, event)
    elif not is_safe_event_name(event):
        message = (
            f"djust refused {event!r} on {view_name}: not a safe event name "
            "(djust only dispatches lowercase snake_case names that do not start with '_')."
        )
    elif not callable(getattr(owner, event, None)):
        handlers = targets.handler_names(view, owner)
        suggestion = closest(event, handlers)
        message = f"{view_name[:1].upper()}{view_name[1:]} has no handler for event {event!r}."
        if suggestion:
            message += f" Did you mean {suggestion!r}?"
        message += f" Its event handlers: {', '.join(handlers) or '(none)'}."
        if target.kind == "view":
            message += _unwrapped_hint(view, event)
        return NoHandlerFoundError(message, reason=reason, frames=action.frames)
    elif not is_event_handler(getattr(owner, event)) and mode == "strict":
        message = (
            f"djust refused {event!r} on {view_name}: the method is not decorated with "
            "@event_handler, and djust only dispatches event handlers."
        )
    else:
        message = f"djust refused event {event!r} on {view_name}: {reason}"
        if not is_event_handler(getattr(owner, event)):
            message += (
                f" (event_security is {mode!r}, so djust dispatched the undecorated method "
                f"{event}() with the event's parameters.)"
            )
        details = rejection.get("validation_details")
        if details:
            message += f"\n  validation details: {json.dumps(details, default=repr)}"
    if action.close_code is not None:
        message += f"\n  djust then closed the connection ({close_reason(action.close_code)})."
    return EventRejectedError(message, reason=reason, frames=action.frames)


def _missing_target(view: Any, target: targets.Target, event: str) -> str:
    """Why djust answered "Component not found" or "Embedded view not found"."""
    view_name = type(view).__name__
    if target.kind == "component":
        return (
            f"djust refused {event!r}: {view_name} has no component {target.key!r} "
            f"(djust: '{targets.COMPONENT_NOT_FOUND}: {target.key}'). Its components: "
            f"{targets.known_components(view)}. A LiveComponent joins the view when a render "
            "finds it in a public attribute of the view; one held in a list or dict never does."
        )
    return (
        f"djust refused {event!r}: {view_name} has no embedded view {target.key!r} "
        f"(djust: '{targets.EMBEDDED_NOT_FOUND}'). Its {{% live_render %}} views: "
        f"{targets.known_children(view)}."
    )


def _unwrapped_hint(view: Any, event: str) -> str:
    unwrapped = targets.unwrapped_components(view, event)
    if not unwrapped:
        return ""
    component = unwrapped[0]
    return (
        f" {type(component).__name__} ({targets.component_id(component)!r}) has a handler "
        f"{event!r}, but its template ({component.template_name!r}) renders no "
        "data-component-id wrapper: djust wraps only a component's inline template, so the "
        "browser finds no component around the element and sends the event to the page's "
        f'view. Wrap the template\'s content in <div data-component-id="{{{{ component_id }}}}">.'
    )


def noted(failure: BaseException | None, note: str | None) -> BaseException | None:
    """``failure`` with ``note`` ending its message, when djust refused the event."""
    if note is None or not isinstance(failure, EventRejectedError):
        return failure
    return type(failure)(f"{failure} {note}", reason=failure.reason, frames=failure.frames)


def _who(user: Any) -> str:
    if getattr(user, "is_authenticated", False):
        return f"user {user.get_username()!r}"
    return "the anonymous user"


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


def page_refusal(
    view_class: type, url: str, response: HttpResponseBase, user: Any
) -> MountError | None:
    """The error for a page load that gives the browser no LiveView page to connect from."""
    name = view_class.__qualname__
    status = response.status_code
    frames: list[dict[str, Any]] = []
    if 300 <= status < 400:
        target = str(response.get("Location", ""))
        message = (
            f"The page {url!r} ({name}) answered {status}, redirecting to {target!r}: a "
            "browser goes there and never opens the live connection."
        )
        message += _login_hint(view_class, user, "the browser")
        return MountRedirectedError(message, url=target, frames=frames)
    if status == 403:
        reason = _body(response)
        required = getattr(view_class, "permission_required", None)
        message = f"The page {url!r} ({name}) answered 403 Forbidden for {_who(user)}"
        if required:
            message += f" (permission_required = {required!r})"
        return MountDeniedError(message + (f": {reason}" if reason else "."), frames=frames)
    if status != 200:
        reason = _body(response)
        return MountError(
            f"The page {url!r} ({name}) answered {status}"
            + (f": {reason}" if reason else "")
            + "; a browser gets no LiveView to connect to.",
            frames=frames,
        )
    return None


# What asgiref raises when djust hands sync_to_async a coroutine function.
_ASYNC_REFUSED = "sync_to_async can only be applied to sync functions"
# How djust's Rust renderer reports a template it cannot compile or render
# (djust/renderers/html.py, render_with_diff).
_RUST_TEMPLATE_ERROR = "Template error:"


def mount_failure(
    view_class: type, error: BaseException | None, frames: list[dict[str, Any]]
) -> MountError | None:
    """The error for a mount that failed for a reason production shares, or None.

    * ``async def mount`` (or ``handle_params``): djust calls it through
      ``sync_to_async`` (``ViewRuntime.dispatch_mount``), which refuses coroutine
      functions, so the mount fails in production too, whatever the body does.
    * A template that does not compile or render: the error names the view
      and the template, where djust's own names neither.
    """
    if error is None:
        return None
    name = view_class.__qualname__
    if isinstance(error, TypeError) and _ASYNC_REFUSED in str(error):
        method = next(
            (
                method
                for method in ("mount", "handle_params")
                if inspect.iscoroutinefunction(getattr(view_class, method, None))
            ),
            None,
        )
        if method is not None:
            return MountError(
                f"{name} has an async def {method}(), and djust calls it through "
                f"sync_to_async(view.{method}), which refuses coroutine functions, so "
                "production fails this mount too (its error frame: 'TypeError: "
                f"{_ASYNC_REFUSED}.'). Make {method}() a plain def; do async work in an async "
                "event handler or with start_async().",
                frames=frames,
            )
    if isinstance(error, TypeError) and "RustButton.__new__()" in str(error):
        return MountError(
            f"{name} could not be mounted: djust.rust_components.Button raised {error} "
            f"({targets.RUST_BUTTON_QUIRK}), in production too. Render the button in the "
            "template instead.",
            frames=frames,
        )
    detail = _template_error(error)
    if detail is not None:
        return MountError(
            f"{name} could not render its template {_template_of(view_class)}: {detail}",
            frames=frames,
        )
    return None


def page_view_refusal(
    view_class: type, view_path: str, url: str, named: str | None
) -> MountError | None:
    """The error for a page whose ``dj-view`` does not mount ``view_class``.

    djust resolves the name the page gives: a package that re-exports the
    view names the same class under another path.
    """
    name = view_class.__name__
    if named is None:
        return MountError(
            f"The page {url!r} ({name}) has no [dj-view] container, so a browser mounts "
            "nothing: put dj-root on an element inside <body> (djust stamps dj-view on it).",
            frames=[],
        )
    if not named:
        return MountError(
            f"The page {url!r} ({name}) has a dj-view with no view path, so a browser mounts "
            "nothing (03-websocket.js autoMount): remove the empty dj-view, djust stamps it.",
            frames=[],
        )
    if named == view_path:
        return None
    mounted, why_not = djust.resolve_view(named)
    if mounted is view_class:
        return None
    fix = "Fix the template's dj-view (or remove it: djust stamps the right one)."
    if mounted is None:
        return MountError(
            f'The page {url!r} says dj-view="{named}", which djust cannot mount ({why_not}), '
            f"so a browser gets an error instead of {view_path}. {fix}",
            frames=[],
        )
    return MountError(
        f'The page {url!r} says dj-view="{named}", so a browser mounts '
        f"{mounted.__module__}.{mounted.__qualname__}, not {view_path}: the page's events go "
        f"to {mounted.__name__}, not to {name}. {fix}",
        frames=[],
    )


def _body(response: HttpResponseBase) -> str:
    """What the response says, as text (an HTML page's own text), unless only its status."""
    content = getattr(response, "content", b"")
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else ""
    if "html" in str(response.get("Content-Type", "")):
        body = LexborHTMLParser(text).body
        text = body.text(separator=" ") if body is not None else ""
    text = " ".join(text.split())
    if text.startswith(str(response.status_code)) and len(text.split()) <= 3:
        return ""  # "403 Forbidden": the status again
    return text if len(text) <= 200 else text[:197] + "..."


def _template_error(error: BaseException) -> str | None:
    """What went wrong with a template, if ``error`` is a template error."""
    message = str(error)
    if isinstance(error, RuntimeError) and message.startswith(_RUST_TEMPLATE_ERROR):
        return message[len(_RUST_TEMPLATE_ERROR) :].strip()
    if isinstance(error, TemplateDoesNotExist):
        tried = [str(getattr(origin, "name", origin)) for origin, _reason in error.tried]
        text = f"TemplateDoesNotExist: {message}"
        if tried:
            text += f" (Django's loaders tried: {', '.join(tried)})"
        else:
            text += " (no template directory or app has it)"
        return text
    if isinstance(error, TemplateSyntaxError):
        return f"TemplateSyntaxError: {message}"
    return None


def _template_of(view_class: type) -> str:
    inline = getattr(view_class, "template", None)
    if isinstance(inline, str) and inline:
        return f"(the inline template string, {view_class.__qualname__}.template)"
    return f"{getattr(view_class, 'template_name', None)!r} (template_name)"


def mount_refusal(
    view_class: type, view_path: str, url: str, action: Action, user: Any
) -> MountError:
    """The error for a mount that ended without a mounted view."""
    name = view_class.__qualname__
    frames = action.frames
    for frame in action.frames_of("navigate"):
        target = str(frame.get("to", ""))
        message = f"djust redirected the mount of {name} at {url!r} to {target!r}."
        message += _login_hint(view_class, user, "the live connection's user")
        return MountRedirectedError(message, url=target, frames=frames)
    if not is_view_path_allowed(view_path):
        module = view_path.rpartition(".")[0]
        if getattr(settings, "LIVEVIEW_ALLOWED_MODULES", None):
            where = (
                "is not in settings.LIVEVIEW_ALLOWED_MODULES (which, once set, is the whole "
                "allowlist: installed apps no longer count), so production would refuse it "
                "too. Add the module or its package to LIVEVIEW_ALLOWED_MODULES."
            )
        else:
            where = (
                "is under no installed app (settings.LIVEVIEW_ALLOWED_MODULES is not set), so "
                "production would refuse it too. Add its package to INSTALLED_APPS, or list "
                "it in LIVEVIEW_ALLOWED_MODULES."
            )
        return MountError(
            f"djust refused to mount {name}: its module {module!r} {where}", frames=frames
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
    object_denial = next(
        (f for f in action.frames_of("error") if f.get("code") == "permission_denied"), None
    )
    if object_denial is not None:
        return MountDeniedError(
            f"djust refused to mount {name} at {url!r} for {_who(user)}: the view's object "
            f"check (get_object() and has_object_permission()) denied access. djust's reason: "
            f"{object_denial.get('error')}",
            frames=frames,
        )
    if "Permission denied" in errors:
        required = getattr(view_class, "permission_required", None)
        message = f"djust refused to mount {name} at {url!r}: permission denied"
        if required:
            message += f" (permission_required = {required!r})"
        message += f" for {_who(user)}."
        if action.exception is not None and str(action.exception):
            message += f" djust's reason: {action.exception}"
        return MountDeniedError(message, frames=frames)
    too_large = next((error for error in errors if error.startswith("Message too large")), None)
    if too_large is not None:
        return MountError(
            f"djust refused the mount frame of {name} at {url!r}: {too_large}, over "
            "LIVEVIEW_CONFIG['max_message_size']. The frame carries the page's query as the "
            "view's params, so production refuses a page with a query this long too.",
            frames=frames,
        )
    return MountError(
        f"djust did not mount {name} at {url!r}; it sent:\n{_frames_text(frames)}", frames=frames
    )


def lost_session_change(view: Any, handler: str | None, change: str) -> str:
    """Why a ``login()`` / ``logout()`` in a socket handler does not do what it does over HTTP."""
    where = f"{type(view).__name__}.{handler}" if handler else type(view).__name__
    if change == "login":
        happened = (
            "login() cycled the session key, so the browser's cookie now names a deleted "
            "session, and the socket keeps the user it connected as: the next page and the "
            "next live view see the anonymous user, as in production."
        )
    else:
        happened = (
            "logout() flushed the session, but the socket keeps the user it connected as: "
            "the next live view on it still sees that user, while the next page load is "
            "anonymous, as in production."
        )
    return (
        f"{where} called {change}() over the live connection. A socket cannot set a cookie: "
        f"{happened} Change the session over HTTP instead: check the credentials in the "
        "handler, then send the browser to a plain Django view that calls "
        f"{change}() and redirects; in a test, self.client.force_login(user) (or "
        "self.client.logout()) before self.live()."
    )


def unheard_notification(view: Any, message: Any, listening: set[str]) -> DjustTestingError | None:
    """Why djust would never deliver this db_notify to the view: it did not listen() to it.

    djust's listener sends a NOTIFY to the group ``djust_db_notify_<channel>``
    only, which the consumer joins for the channels the view ``listen()``ed to
    (runtime.py ``_join_listen_channels``).
    """
    if not isinstance(message, dict) or message.get("type") != "db_notify":
        return None
    channel = message.get("channel")
    if channel in listening:
        return None
    name = type(view).__name__
    heard = (
        f"it listens on {', '.join(repr(c) for c in sorted(listening))}"
        if listening
        else "it listens on no channel"
    )
    return DjustTestingError(
        f"trigger_info() delivers a db_notify on channel {channel!r} to {name}, which never "
        f"called listen({channel!r}) ({heard}): djust delivers a database notification only "
        "to the views listening on its channel, so this one never reaches its handle_info"
    )


def _login_hint(view_class: type, user: Any, who: str) -> str:
    """Why a redirect happened, where ``who`` is anonymous on a ``login_required`` view."""
    if not getattr(view_class, "login_required", False) or getattr(user, "is_authenticated", False):
        return ""
    return (
        f" The view is login_required and {who} is anonymous: log in first, "
        "e.g. self.client.force_login(user)."
    )
