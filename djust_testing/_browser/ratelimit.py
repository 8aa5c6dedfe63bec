"""The rate limit djust's client puts on an element's DOM listener: debounce or throttle.

``static/djust/src/09-event-binding.js``:

* ``dj-input`` (the delegated ``input`` listener): a default by the
  binding element's ``type`` (``DEFAULT_RATE_LIMITS`` in
  ``08-event-parsing.js``: text-like fields debounced 300 ms, ``number``
  throttled 100 ms, ``range`` and ``color`` 150 ms, checkboxes, radios and
  selects none, anything else debounced 300 ms), overridden by the first
  of ``dj-debounce`` (``"blur"``: held until the element loses focus),
  ``dj-throttle``, ``data-debounce``, ``data-throttle``.
* ``dj-click``, ``dj-change``, ``dj-keydown``/``dj-keyup`` and the mouse
  bindings (``_applyRateLimitAttrs``): ``dj-debounce`` (``"blur"``, or
  ``"0"`` for none), else ``dj-throttle``; no defaults.
* Nothing else (submit, focus, blur, dj-poll, dj-model, hooks).

Milliseconds are ``parseInt`` of the attribute; ``NaN`` or a negative
number is a timer of 0 ms. An element throttle is leading-edge only: it
sends the first event and drops the rest of the interval, with no trailing
send (``throttle``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import controls
from .nodes import Element

_DEFAULTS: dict[str, tuple[str, int]] = {
    "range": ("throttle", 150),
    "number": ("throttle", 100),
    "color": ("throttle", 150),
    **{kind: ("debounce", 300) for kind in ("text", "search", "email", "url", "tel", "password")},
    "textarea": ("debounce", 300),
    **{kind: ("none", 0) for kind in ("radio", "checkbox", "select-one", "select-multiple")},
}
_INTEGER = re.compile(r"^[\t\n\f\r ]*([+-]?\d+)")
#: The bindings ``_applyRateLimitAttrs`` wraps.
WRAPPED = frozenset({"click", "change", "keydown", "keyup"})


@dataclass(frozen=True)
class RateLimit:
    """``debounce`` / ``throttle`` in ms (None: not that kind); ``until_blur`` for "blur"."""

    debounce: int | None = None
    throttle: int | None = None
    until_blur: bool = False

    @property
    def delay(self) -> int:
        """How long the listener holds an event before sending it (a throttle sends at once)."""
        return self.debounce or 0


def js_parse_int(text: str) -> int | None:
    """``parseInt(text, 10)``; None for NaN."""
    match = _INTEGER.match(text)
    return int(match.group(1)) if match else None


def timer_ms(text: str) -> int:
    """The milliseconds a timer set with ``parseInt(text, 10)`` waits: NaN and negatives are 0."""
    return max(js_parse_int(text) or 0, 0)


def input_rate_limit(element: Element) -> RateLimit:
    """The limit on ``element``'s ``dj-input`` (``element`` carries the attribute)."""
    kind = controls.control_type(element) or element.tag
    default_kind, ms = _DEFAULTS.get(kind, ("debounce", 300))
    attrs = element.attrs
    if "dj-debounce" in attrs:
        if attrs["dj-debounce"] == "blur":
            return RateLimit(until_blur=True)
        return RateLimit(debounce=timer_ms(attrs["dj-debounce"]))
    for name, limit in (
        ("dj-throttle", "throttle"),
        ("data-debounce", "debounce"),
        ("data-throttle", "throttle"),
    ):
        if name in attrs:
            return _limit(limit, timer_ms(attrs[name]))
    return _limit(default_kind, ms)


def wrapped_rate_limit(element: Element) -> RateLimit:
    """The limit ``_applyRateLimitAttrs`` puts on a click, change or key binding's element."""
    attrs = element.attrs
    if "dj-debounce" in attrs:
        if attrs["dj-debounce"] == "blur":
            return RateLimit(until_blur=True)
        if js_parse_int(attrs["dj-debounce"]) == 0:
            return RateLimit()  # dj-debounce="0": no debounce
        return RateLimit(debounce=timer_ms(attrs["dj-debounce"]))
    if "dj-throttle" in attrs:
        return RateLimit(throttle=timer_ms(attrs["dj-throttle"]))
    return RateLimit()


def held_until_blur(control: Element) -> bool:
    """Whether the control's own ``dj-input`` waits for it to lose focus (``dj-debounce="blur"``).

    ``deferUntilBlur`` flushes on the binding element's own ``blur``, which
    does not bubble: a ``dj-input`` on an ancestor is never held for it.
    """
    binding = control.closest("dj-input")
    return binding is control and input_rate_limit(control).until_blur


def _limit(kind: str, ms: int) -> RateLimit:
    if kind == "debounce":
        return RateLimit(debounce=ms)
    if kind == "throttle":
        return RateLimit(throttle=ms)
    return RateLimit()
