"""What djust's client binds to an element: its event, params and rate limit; polls; hooks.

``binding()`` answers what a binding on an element does when it fires
(``09-event-binding.js``), rate limits included (``ratelimit``), and the
handler-level ``@debounce`` / ``@throttle`` the mount frame configured
(``handler_config``, ``05-handler-rate-limit.js``). ``poll_frames`` are what
each ``dj-poll`` timer sends (``bindLiveViewEvents``: ``handleEvent`` with
the element's typed params, no ``_args``, no component or view context).
A ``dj-hook``'s ``this.pushEvent(event, payload)`` sends its payload raw
over the socket (``19-hooks.js``): no ``ref``, no context.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..exceptions import DomEventError
from . import events, jsvalues, ratelimit
from .controls import describe
from .forms import submit_event
from .frames import EventFrame, typed_params
from .model import model_binding
from .nodes import Element

#: What ``binding()`` takes.
BINDING_KINDS = ("click", "input", "change", "submit", "keydown", "keyup", "focus", "blur", "poll")
#: djust's default ``dj-poll-interval`` (ms).
POLL_INTERVAL = 5000


@dataclass(frozen=True)
class Binding:
    """What djust's client does when a binding on an element fires."""

    #: The handler the event is sent to.
    event: str
    #: The params it sends, as the element is now.
    params: dict[str, Any]
    #: The attribute that binds it (``dj-input``, ``dj-keydown.enter``, ``dj-poll``).
    attribute: str
    #: The element carrying it, described (``<input#q name="q">``).
    element: str
    #: Milliseconds the client waits after the last event before sending (None: no debounce),
    #: or ``"blur"``: held until the element loses focus (or its form is submitted).
    debounce: int | Literal["blur"] | None = None
    #: Milliseconds after a send during which further events are dropped (None: no throttle);
    #: an element throttle sends the first event only, never a trailing one.
    throttle: int | None = None
    #: A ``dj-poll``'s interval in milliseconds (None for other bindings).
    interval: int | None = None
    #: The handler's ``@debounce`` / ``@throttle`` from the mount frame's ``handler_config``
    #: (seconds, as djust sends them), applied after the element's own limit; None: none.
    handler_rate_limit: dict[str, Any] | None = field(default=None)


def binding_of(
    element: Element, kind: str, *, key: str | None, handler_config: Mapping[str, Any]
) -> Binding:
    """The binding ``kind`` (an event type, or ``"poll"``) of ``element``, as djust applies it."""
    if kind not in BINDING_KINDS:
        raise DomEventError(
            f"binding() takes an event type: one of {', '.join(BINDING_KINDS)}, got {kind!r}"
        )
    if kind == "poll":
        frame = _poll_frame(element)
        if frame is None:
            missing = (
                "an empty dj-poll, which djust binds to nothing"
                if "dj-poll" in element.attrs
                else "no dj-poll"
            )
            raise DomEventError(f"{describe(element)} has {missing}; {_bindings_on(element)}")
        interval = poll_interval(element)
        return _binding(frame, ratelimit.RateLimit(), handler_config, interval=interval)
    try:
        if kind == "submit":
            frames = [submit_event(element)]
        elif kind in ("keydown", "keyup"):
            if key is None:
                raise DomEventError(f"binding({kind!r}) needs key=, the key pressed (e.g. 'Enter')")
            frames = events.event_for(element, kind, key=key)
        else:
            frames = events.event_for(element, kind, with_model=False)
    except DomEventError as error:
        raise DomEventError(f"{error}; {_bindings_on(element)}") from None
    frame = frames[0]
    if kind == "input":
        limit = ratelimit.input_rate_limit(frame.element)
    elif kind in ratelimit.WRAPPED:
        limit = ratelimit.wrapped_rate_limit(frame.element)
    else:
        limit = ratelimit.RateLimit()
    return _binding(frame, limit, handler_config)


def _binding(
    frame: EventFrame,
    limit: ratelimit.RateLimit,
    handler_config: Mapping[str, Any],
    *,
    interval: int | None = None,
) -> Binding:
    configured = handler_config.get(frame.name)
    return Binding(
        event=frame.name,
        params=dict(frame.params),
        attribute=frame.binding,
        element=describe(frame.element),
        debounce="blur" if limit.until_blur else limit.debounce,
        throttle=limit.throttle,
        interval=interval,
        handler_rate_limit=dict(configured) if isinstance(configured, dict) else None,
    )


def _bindings_on(element: Element) -> str:
    found = [
        f'{name}="{value}"'
        for name, value in element.attrs.items()
        if name.startswith("dj-") and name.split(".")[0] in _BINDING_ATTRS
    ]
    model = model_binding(element)
    if model is not None and f'{model.attribute}="{model.field}"' not in found:
        found.append(f'{model.attribute}="{model.field}"')
    return f"its bindings: {', '.join(found)}" if found else "it has no dj-* binding"


_BINDING_ATTRS = frozenset(
    {
        "dj-click",
        "dj-input",
        "dj-change",
        "dj-submit",
        "dj-keydown",
        "dj-keyup",
        "dj-focus",
        "dj-blur",
        "dj-poll",
        "dj-hook",
        "dj-model",
    }
)


# ------------------------------------------------------------------- dj-poll


def poll_interval(element: Element) -> int:
    """``parseInt(dj-poll-interval) || 5000``."""
    parsed = ratelimit.js_parse_int(element.attrs.get("dj-poll-interval", ""))
    return parsed if parsed else POLL_INTERVAL


def _poll_frame(element: Element) -> EventFrame | None:
    raw = element.attrs.get("dj-poll")
    if not raw:
        return None
    name = jsvalues.parse_handler(raw)[0]
    # firePoll: the element's typed params; its (args) are not sent, nor any context.
    return EventFrame(name, typed_params(element), "dj-poll", element, element)


def poll_frames(root: Element) -> list[EventFrame]:
    """The frame each ``dj-poll`` timer on the page sends when it fires, in document order."""
    frames = []
    for element in root.elements():
        frame = _poll_frame(element)
        if frame is not None:
            frames.append(frame)
    if not frames:
        empty = [describe(e) for e in root.elements() if "dj-poll" in e.attrs]
        raise DomEventError(
            'poll() found no dj-poll binding on the page (an element with dj-poll="handler")'
            + (
                f"; these have an empty one, which djust binds to nothing: {', '.join(empty)}"
                if empty
                else ""
            )
        )
    return frames


# -------------------------------------------------------------------- hooks


def hook_frame(element: Element, event: str, payload: Any, hook: str | None) -> EventFrame:
    """What ``this.pushEvent(event, payload)`` of the element's ``dj-hook`` sends."""
    name = element.attrs.get("dj-hook")
    if not name:
        raise DomEventError(
            f"{describe(element)} has no dj-hook, so no hook of it can push an event. "
            f"Hooks on the page: {hooks_on_page(element.top)}"
        )
    if hook is not None and hook != name:
        raise DomEventError(
            f'{describe(element)} has dj-hook="{name}", not {hook!r}. '
            f"Hooks on the page: {hooks_on_page(element.top)}"
        )
    if payload is not None and not isinstance(payload, Mapping):
        raise DomEventError(
            f"push_hook_event() takes the payload as a dict (the object pushEvent sends as the "
            f"event's params), got {type(payload).__name__} {payload!r}: djust turns the params "
            "into a dict and answers anything else with an error"
        )
    return EventFrame(event, dict(payload or {}), "dj-hook", element, element)


def hooks_on_page(root: Element) -> str:
    found = [
        f"{e.attrs['dj-hook']} on {describe(e)}" for e in root.elements() if e.attrs.get("dj-hook")
    ]
    return ", ".join(found) or "none"


# ------------------------------------------------------------- where it goes


def routing_note(frame: EventFrame) -> str | None:
    """Why a frame sent from inside a component or embedded view reached the page's view."""
    if frame.binding not in ("dj-poll", "dj-hook") and not frame.binding.startswith("dj-model"):
        return None
    inside = [
        f"{attribute}={holder.attrs[attribute]!r}"
        for attribute in ("data-component-id", "data-djust-embedded")
        if (holder := frame.element.closest(attribute)) is not None and holder.attrs[attribute]
    ]
    if not inside:
        return None
    sender = {
        "dj-poll": "A dj-poll timer sends no component_id or view_id (09-event-binding.js)",
        "dj-hook": "A hook's pushEvent sends no component_id or view_id (19-hooks.js)",
    }.get(frame.binding, "dj-model sends no component_id or view_id (20-model-binding.js)")
    return (
        f"{sender}: although {describe(frame.element)} is inside {' and '.join(inside)}, the "
        "event went to the page's view, as it does in production."
    )
