"""The frame djust's browser client sends for an event, and the params it reads off elements.

The rules of ``static/djust/src/08-event-parsing.js`` and
``11-event-handler.js`` (``handleEvent``): typed ``data-*`` and
``dj-value-*`` attributes, the component or embedded view an element is
in, ``dj-lock``, ``dj-confirm`` and hidden activities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..exceptions import DomEventError
from . import jsvalues
from .controls import describe
from .nodes import Element

_UNSAFE_KEYS = frozenset({"__proto__", "constructor", "prototype"})


@dataclass(frozen=True)
class EventFrame:
    """One ``{"type": "event"}`` frame djust's client sends.

    ``binding`` is the attribute that fired (``"dj-click"``,
    ``"dj-keydown.enter"``, ``"dj-submit"``, ``"dj-copy-event"``,
    ``"dj-click push"`` for a JS Commands push). ``element`` carries it;
    ``target`` is the event's target (the control whose value was sent, the
    form for a submit). ``confirm`` is the ``dj-confirm`` text the browser
    asks first: the frame is sent only if the user accepts.
    """

    name: str
    params: dict[str, Any]
    binding: str
    element: Element = field(compare=False, repr=False)
    target: Element = field(compare=False, repr=False)
    confirm: str | None = None

    def message(self, ref: int) -> dict[str, Any]:
        """The frame as sent: ``ref`` counts the page's events from 1."""
        return {"type": "event", "event": self.name, "params": self.params, "ref": ref}


# ------------------------------------------------------------------ params


def dj_values(element: Element) -> dict[str, Any]:
    """The element's ``dj-value-*`` params: ``dj-value-item-id:int="4"`` → ``{"item_id": 4}``."""
    values: dict[str, Any] = {}
    for name, value in element.attrs.items():
        if not name.startswith("dj-value-"):
            continue
        raw_key, hint = jsvalues.split_hint(name[len("dj-value-") :])
        key = raw_key.replace("-", "_")
        if key not in _UNSAFE_KEYS:
            values[key] = jsvalues.coerce(value, hint)
    return values


def typed_params(element: Element) -> dict[str, Any]:
    """dj-click's params from the element: ``data-*``, then ``dj-params``, then ``dj-value-*``."""
    params: dict[str, Any] = {}
    for name, value in element.attrs.items():
        if not name.startswith("data-") or name.startswith(
            ("data-liveview", "data-live-", "data-djust")
        ):
            continue
        if name in ("data-loading", "data-component-id"):
            continue
        raw_key, hint = jsvalues.split_hint(name[len("data-") :])
        key = raw_key.replace("-", "_")
        if key.startswith("dj_"):
            key = key[3:]
        if key not in _UNSAFE_KEYS:
            params[key] = jsvalues.coerce(value, hint)
    legacy = element.attrs.get("dj-params")
    if legacy:
        try:
            parsed = jsvalues.json_parse(legacy)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            for key, value in parsed.items():
                if key not in _UNSAFE_KEYS and key not in params:
                    params[key] = value
    params.update(dj_values(element))
    return params


def add_context(params: dict[str, Any], element: Element) -> None:
    """component_id / view_id of the nearest component or embedded view (up to <body>)."""
    chain = list(element.ancestors())
    chain = chain[: next((i for i, n in enumerate(chain) if n.tag == "body"), len(chain))]
    # An empty attribute does not count (01-dom-helpers-turbo.js:15 tests it for truth).
    component = next(
        (n.attrs["data-component-id"] for n in chain if n.attrs.get("data-component-id")), None
    )
    if component:
        params["component_id"] = component
    view = next(
        (n.attrs["data-djust-embedded"] for n in chain if n.attrs.get("data-djust-embedded")),
        None,
    )
    if view:
        params["view_id"] = view


def frame(
    name: str,
    params: dict[str, Any],
    binding: str,
    element: Element,
    target: Element,
    *,
    trigger: Element | None,
) -> EventFrame:
    """Finish params as handleEvent does; ``trigger`` is its ``_targetElement`` (if any)."""
    params = {key: value for key, value in params.items() if value is not jsvalues.UNDEFINED}
    if trigger is not None:
        for ancestor in trigger.ancestors():
            if (
                "data-djust-activity" in ancestor.attrs
                and "hidden" in ancestor.attrs
                and ancestor.attrs.get("data-djust-eager") != "true"
            ):
                raise DomEventError(
                    f"{describe(trigger)} is inside a hidden activity ({describe(ancestor)}): "
                    "djust's client drops its events"
                )
        activity = trigger.closest("data-djust-activity")
        if activity is not None and activity.attrs["data-djust-activity"]:
            params["_activity"] = activity.attrs["data-djust-activity"]
    return EventFrame(
        name=name,
        params=params,
        binding=binding,
        element=element,
        target=target,
        confirm=element.attrs.get("dj-confirm") or None,
    )


def refuse_locked(element: Element, binding: str) -> None:
    if "dj-lock" in element.attrs and "data-djust-locked" in element.attrs:
        raise DomEventError(
            f"{describe(element)} is locked by dj-lock until djust answers its last event: "
            f"the browser drops this {binding}"
        )


def binding(target: Element, directive: str, kind: str) -> tuple[Element, str, list[Any]]:
    """The nearest ``directive`` from ``target`` outward (refused when locked), and its handler."""
    element = target.closest(directive)
    if element is None:
        raise DomEventError(f"{describe(target)} has no {directive} (nor has any ancestor)")
    refuse_locked(element, f"{kind} event")
    name, args = jsvalues.parse_handler(element.attrs.get(directive, ""))
    return element, name, args
