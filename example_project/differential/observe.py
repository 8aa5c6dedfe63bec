"""What one side showed after one step, in the form both sides are compared in.

An ``Observation`` is taken after every step on each side: the view's public
state, the page (dj-root HTML and form controls, URL, title), the frames djust
sent the browser and the frames the browser sent djust, and how the step
ended when it did not end normally (the page left for another URL, the
socket was closed, the client raised).

Frames and HTML are normalized here, the same way for both sides: values
that differ from run to run by nature (session ids, wire versions, event
refs, timings, CSRF tokens, signed tokens) become placeholders. Nothing else
is dropped; deliberate differences are handled in ``compare.py``, each with
its reason.
"""

from __future__ import annotations

import copy
import html
import json
import pprint
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)


@dataclass
class Observation:
    """One side after one step. ``None`` means the side has nothing there (no page mounted)."""

    label: str
    state: dict[str, Any] | None = None
    #: djust-set attributes read off the view instance (``client_timezone``).
    view_attrs: dict[str, Any] = field(default_factory=dict)
    page: str | None = None
    controls: list[str] = field(default_factory=list)
    url: str | None = None
    title: str | None = None
    #: Frames djust sent the browser during the step, normalized.
    received: list[dict[str, Any]] = field(default_factory=list)
    #: Frames the browser sent djust during the step, normalized.
    sent: list[dict[str, Any]] = field(default_factory=list)
    #: How the step ended when not normally: "left for URL", "socket closed 4403", ...
    outcome: str | None = None
    #: Errors the page logged (production) or the client raised unexpectedly.
    errors: list[str] = field(default_factory=list)

    def copy(self) -> Observation:
        return copy.deepcopy(self)


# ---------------------------------------------------------------- state


def snapshot_value(value: Any) -> Any:
    """A deep copy of ``value``, or its ``repr`` when it cannot be copied."""
    try:
        return copy.deepcopy(value)
    except Exception:
        return f"<uncopyable {type(value).__name__}: {value!r}>"


def production_state(view: Any) -> dict[str, Any]:
    """The view's public state by djust's own rule for what is user state.

    djust's change detection (``websocket._snapshot_assigns``) watches every
    attribute in the view's ``__dict__`` except those ``LiveView.__init__`` set
    (``view._framework_attrs``), those named in
    ``live_view._FRAMEWORK_INTERNAL_ATTRS`` and the view's ``static_assigns``.
    Of those, the public ones (no leading underscore) are the state a test
    reads, as ``get_state()`` promises.
    """
    from djust.live_view import _FRAMEWORK_INTERNAL_ATTRS

    framework = set(getattr(view, "_framework_attrs", frozenset()))
    framework |= set(_FRAMEWORK_INTERNAL_ATTRS)
    framework |= set(getattr(view, "static_assigns", None) or ())
    return {
        key: component_state(view, value) if _is_component(value) else snapshot_value(value)
        for key, value in vars(view).items()
        if not key.startswith("_") and key not in framework
    }


def _is_component(value: Any) -> bool:
    from djust.components.base import BoundComponent, Component, LiveComponent

    return isinstance(value, (LiveComponent, BoundComponent, Component))


def component_state(view: Any, component: Any) -> dict[str, Any]:
    """A component's state as djust saves it, without djust's bookkeeping.

    ``ComponentMixin._extract_component_state`` (mixins/components.py) is
    what djust stores for a component; ``live_view._COMPONENT_INTERNAL_ATTRS``
    names what in it is djust's (``component_id``, ``template``, ...).
    """
    from djust.live_view import _COMPONENT_INTERNAL_ATTRS

    saved = view._extract_component_state(component)
    return {k: snapshot_value(v) for k, v in saved.items() if k not in _COMPONENT_INTERNAL_ATTRS}


#: djust-set attributes compared separately from the state (see compare.py).
VIEW_ATTRS = ("client_timezone",)


def view_attrs(view: Any) -> dict[str, Any]:
    return {name: snapshot_value(getattr(view, name, None)) for name in VIEW_ATTRS}


def describe_state(state: dict[str, Any] | None) -> str:
    if state is None:
        return "(no view)"
    return pprint.pformat(state, width=88, sort_dicts=True)


# ----------------------------------------------------------------- HTML


class _Canonical(HTMLParser):
    """HTML one node per line; attributes and classes sorted, text whitespace-collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.depth = 0

    def _line(self, text: str) -> None:
        self.lines.append("  " * self.depth + text)

    @staticmethod
    def _attrs(attrs: list[tuple[str, str | None]]) -> str:
        parts = []
        for name, value in sorted(attrs):
            value = value or ""
            if name == "class":
                value = " ".join(sorted(value.split()))
            parts.append(f" {name}={json.dumps(value, ensure_ascii=False)}")
        return "".join(parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._line(f"<{tag}{self._attrs(attrs)}>")
        if tag not in VOID_ELEMENTS:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._line(f"<{tag}{self._attrs(attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        self.depth = max(0, self.depth - 1)
        self._line(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data)
        if text == " ":
            self._line("(space)")
        elif text:
            self._line(json.dumps(text, ensure_ascii=False))

    def handle_comment(self, data: str) -> None:
        self._line(f"<!--{data}-->")


def canonical_html(markup: str | None) -> str | None:
    """``markup`` one node per line, for comparing and for readable diffs."""
    if markup is None:
        return None
    parser = _Canonical()
    parser.feed(markup)
    parser.close()
    return "\n".join(parser.lines)


# --------------------------------------------------------------- frames

#: Top-level frame keys whose values differ from run to run by nature, and what
#: replaces them: the connection's session id, the wire version and event ref
#: (counters: compared by position, not value), DEBUG timings, the @cache request
#: id, the service worker's HMAC identity marker and a signed state snapshot.
VOLATILE_KEYS = {
    "session_id": "<session id>",
    "version": "<version>",
    "ref": "<ref>",
    "timing": "<timing>",
    "performance": "<performance>",
    "cache_request_id": "<cache request id>",
    "sw_identity": "<identity marker>",
    "state_snapshot_signed": "<signed snapshot>",
}

_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_VALUE = re.compile(r'(value=")[^"]*(" name="csrfmiddlewaretoken")')
#: The signed one-time sign-in token of demo/signin.py holds a timestamp.
_SIGNED_TOKEN = re.compile(r"(token=)[A-Za-z0-9_\-:%.]+")


def normalize_text(text: str) -> str:
    text = _CSRF_INPUT.sub(r"\1<csrf>\2", text)
    text = _CSRF_VALUE.sub(r"\1<csrf>\2", text)
    return _SIGNED_TOKEN.sub(r"\1<token>", text)


def normalize(value: Any, key: str | None = None) -> Any:
    """Part of a frame with its volatile values replaced (``token`` params, CSRF tokens)."""
    if key == "token" and isinstance(value, str):
        return "<token>"
    if isinstance(value, dict):
        return {k: normalize(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(item) for item in value]
    if isinstance(value, str):
        return normalize_text(value)
    return value


def normalize_outcome(outcome: str | None) -> str | None:
    return None if outcome is None else normalize_text(outcome)


def normalize_frame(frame: dict[str, Any]) -> dict[str, Any]:
    """A frame as compared: djust's volatile top-level keys replaced, then ``normalize``.

    Production's frames are what went over the socket (already JSON). The
    client's are the Python dicts djust handed its transport: a value JSON
    cannot hold is shown as ``<Type repr>``, so it differs from the string
    djust's encoder would have put on the wire instead of being made equal.
    """
    frame = json.loads(
        json.dumps(frame, default=lambda value: f"<{type(value).__name__} {value!r}>")
    )
    return {
        key: VOLATILE_KEYS[key]
        if key in VOLATILE_KEYS and value is not None
        else normalize(value, key)
        for key, value in frame.items()
    }


def normalize_frames(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [normalize_frame(frame) for frame in frames]


def describe_frames(frames: list[dict[str, Any]]) -> str:
    """One frame per block, one key per line (long HTML strings stay on one line)."""
    if not frames:
        return "(none)"
    return "\n".join(
        json.dumps(frame, sort_keys=True, ensure_ascii=False, default=repr, indent=1)
        for frame in frames
    )


def canonical_value(value: Any) -> Any:
    """``value`` as JSON that keeps Python's types apart: 1, 1.0 and True differ, as do tuples."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, dict):
        return {
            "dict": [
                [canonical_value(k), canonical_value(v)]
                for k, v in sorted(value.items(), key=lambda item: repr(item[0]))
            ]
        }
    if isinstance(value, list):
        return [canonical_value(item) for item in value]
    if isinstance(value, tuple):
        return {"tuple": [canonical_value(item) for item in value]}
    if isinstance(value, (set, frozenset)):
        return {type(value).__name__: sorted(repr(item) for item in value)}
    return {type(value).__name__: repr(value)}


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down."""
    return json.dumps(canonical_value(a), sort_keys=True) == json.dumps(
        canonical_value(b), sort_keys=True
    )


def control_line(tag: str, name: str, value: str) -> str:
    return f"{tag} {name}: {json.dumps(value, ensure_ascii=False)}"


def unescape(text: str) -> str:
    return html.unescape(text)
