"""The event frames djust's browser client sends when a user acts on an element.

The rules are those of ``static/djust/src/09-event-binding.js``,
``08-event-parsing.js`` and ``11-event-handler.js``: the binding is found
from the event's target outward, as djust's delegation does; params come
from the element's ``data-*``, ``dj-params`` and ``dj-value-*``, and a
control's value from ``controls``; where a browser would send nothing,
``DomEventError`` says why.

A field's ``dj-model`` sends its ``update_model`` frames first, from its own
listener (``model``). Rate limits (``dj-debounce``, ``dj-throttle``,
``@debounce``) are for the caller: each event here is sent once, as it goes
out after its delay (``ratelimit`` says which limit applies).

Not emulated: ``@cache``, optimistic rules, JS Commands other than ``push``,
``dj-paste``, window/document-scoped handlers, CSS visibility, and modified
clicks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ..exceptions import DomEventError
from . import controls, jsvalues, model, ratelimit
from .controls import describe
from .forms import describe_fields, plan_fill, submit_event
from .frames import EventFrame, add_context, binding, dj_values, frame, refuse_locked, typed_params
from .nodes import Element
from .query import Query, select

T = TypeVar("T")

#: What ``event_for`` accepts as ``kind``.
KINDS = ("click", "change", "input", "keydown", "keyup", "blur", "focus")


# ------------------------------------------------------------------ events


def event_for(
    element: Element,
    kind: str,
    *,
    value: str | None = None,
    key: str | None = None,
    with_model: bool = True,
) -> list[EventFrame]:
    """The frames djust's client sends when the user does ``kind`` on ``element``.

    ``element`` is the event's target: what the user clicks, the control that
    changes or is typed into, the focused element for keys. A list because a
    key press fires every matching ``dj-keydown``/``dj-keyup`` binding (and a
    JS Commands chain may push several events); it is never empty: where the
    browser would send nothing this raises ``DomEventError``.

    ``value`` is text the user enters first (a select picks the option of
    that value); it is written into the page only once the event is known to
    fire. ``key`` is the ``KeyboardEvent.key`` of a keydown/keyup; a
    keydown's ``value`` is the field's text before the key takes effect.

    A click on a submit button without a dj-click submits its form: the
    frame is then ``submit_event(form, submitter=button)``'s. An ``input`` or
    ``change`` also gives the ``update_model`` frames the element's
    ``dj-model`` sends for it, unless ``with_model`` is False (a held
    ``dj-input`` sent later).
    """
    if kind not in KINDS:
        hint = " (submit a form instead)" if kind == "submit" else ""
        raise DomEventError(
            f"unknown event kind {kind!r}{hint}; expected one of {', '.join(KINDS)}"
        )
    if key is not None and kind not in ("keydown", "keyup"):
        raise DomEventError(f"key= is for keydown and keyup, not {kind}")
    if kind in ("keydown", "keyup"):
        if key is None:
            raise DomEventError(f"{kind} needs key=, the KeyboardEvent.key pressed (e.g. 'Enter')")
        check_key(key)
    if value is not None and kind == "click":
        raise DomEventError("value= is for change, input, blur, focus and key events, not click")
    if kind == "click":
        return _click(element)
    if kind in ("change", "input"):
        if not with_model:
            return [_field_event(element, kind, value)]
        return _field_events(element, kind, value)
    if kind in ("blur", "focus"):
        return [_with_value(element, value, lambda: _focus_event(element, kind))]
    assert key is not None
    return _with_value(element, value, lambda: _key_events(element, kind, key))


def _with_value(element: Element, value: str | None, build: Callable[[], T]) -> T:
    """Enter ``value`` (when given) before building, undoing it if no event fires."""
    if value is None:
        return build()
    restore = controls.saved_value(element)
    controls.enter_text(element, value)
    try:
        return build()
    except DomEventError:
        restore()
        raise


def _click(target: Element) -> list[EventFrame]:
    controls.refuse_disabled(target, "click")
    copier = target.closest("dj-copy")
    if copier is not None:
        return _copy(copier, target)
    element = target.closest("dj-click")
    if element is None:
        button = activated_submit_button(target)
        if button is not None:
            owner = controls.form_owner(button)
            if owner is not None:
                return [submit_event(owner, submitter=button)]
        raise DomEventError(f"{describe(target)} has no dj-click (nor has any ancestor)")
    refuse_locked(element, "click")
    raw = element.attrs.get("dj-click", "")
    chain = _command_chain(raw)
    if chain is not None:
        return _push_frames(chain, element, target)
    name, args = jsvalues.parse_handler(raw)
    params = typed_params(element)
    if args:
        params["_args"] = args
    add_context(params, element)
    return [frame(name, params, "dj-click", element, target, trigger=element)]


def activated_submit_button(target: Element) -> Element | None:
    """The submit button a click on ``target`` activates, if its default is not prevented."""
    for node in target.ancestors():
        if node.tag in ("button", "input", "label", "summary") or (
            node.tag in ("a", "area") and "href" in node.attrs
        ):
            return node if controls.is_submit_button(node) else None
    return None


def _command_chain(raw: str) -> list[Any] | None:
    """The ops of a JS Commands chain (a JSON array of arrays), or None for an event name."""
    text = jsvalues.js_trim(raw)
    if not text.startswith("["):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    if isinstance(parsed, list) and parsed and isinstance(parsed[0], list):
        return parsed
    return None


def _push_frames(chain: list[Any], element: Element, target: Element) -> list[EventFrame]:
    frames = []
    for op in chain:
        if not (isinstance(op, list) and op and op[0] == "push"):
            continue
        args = op[1] if len(op) > 1 and isinstance(op[1], dict) else {}
        event = args.get("event")
        if not event:
            continue
        value = args.get("value")
        params = dict(jsvalues.from_json(value)) if isinstance(value, dict) else {}
        if args.get("target"):
            params["_target"] = args["target"]
        frames.append(frame(str(event), params, "dj-click push", element, target, trigger=None))
    if not frames:
        ops = ", ".join(str(op[0]) for op in chain if isinstance(op, list) and op) or "none"
        raise DomEventError(
            f"dj-click on {describe(element)} is a JS Commands chain that runs in the browser "
            f"and pushes no event (ops: {ops}); djust_testing does not emulate it"
        )
    return frames


def _copy(copier: Element, target: Element) -> list[EventFrame]:
    text = copier.attrs.get("dj-copy", "")
    event = copier.attrs.get("dj-copy-event")
    if not text or not event:
        raise DomEventError(
            f"a click on {describe(target)} is taken by dj-copy on {describe(copier)}, which "
            "copies in the browser and sends no event (no dj-copy-event)"
        )
    if text[0] in "#.[":
        try:
            found = select(copier.top, Query(text))
        except Exception:
            found = []  # an invalid selector is copied as written
        if found:
            text = found[0].text_content
    return [frame(event, {"text": text}, "dj-copy-event", copier, target, trigger=None)]


def _field_events(target: Element, kind: str, value: str | None) -> list[EventFrame]:
    """The field's dj-model frames (its own listener runs first), then its binding's."""
    bound = model.model_binding(target)
    directive = f"dj-{kind}"
    # Picking an option (or sliding) fires input, then change, at once; typed text fires
    # its input events as the user types, before the change.
    fired = ["input", "change"] if kind == "change" and model.picked(target) else [kind]
    if bound is None or not any(model.listens(bound, target, event) for event in fired):
        try:
            return [_field_event(target, kind, value)]
        except DomEventError as error:
            hint = model.sync_hint(target, kind)
            if hint and target.closest(directive) is None:
                raise DomEventError(f"{error}{hint}") from None
            raise
    if target.closest(directive) is None:
        controls.refuse_disabled(target, f"{kind} event")
        if "readonly" in target.attrs and controls.is_typed(target):
            raise DomEventError(f"{describe(target)} is readonly: a user cannot change it")
        if value is not None:
            controls.enter_text(target, value)
        return [f for event in fired for f in model.model_frames(target, event)]
    frame = _field_event(target, kind, value)
    synced = [f for event in fired for f in model.model_frames(target, event)]
    if kind == "input" and bound.debounce:
        held = target.closest(directive)
        assert held is not None
        if bound.debounce > ratelimit.input_rate_limit(held).delay:
            return [frame, *synced]  # its timer fires after the dj-input's
    return [*synced, frame]


def _field_event(target: Element, kind: str, value: str | None) -> EventFrame:
    editable = target.tag in ("select", "textarea") or (
        target.tag == "input"
        and controls.input_type(target) not in {"hidden"} | controls.BUTTON_TYPES
    )
    if not editable and not (kind == "input" and controls.is_editing_host(target)):
        where = (
            "input, select, textarea and contenteditable elements"
            if kind == "input"
            else ("input, select and textarea")
        )
        raise DomEventError(
            f"{describe(target)} cannot be {'changed' if kind == 'change' else 'typed into'} "
            f"by a user: {kind} events fire on {where}"
        )
    if target.tag == "input" and controls.input_type(target) == "file":
        raise DomEventError(
            f"{describe(target)} is a file input: choosing files goes through djust's upload "
            "pipeline; use element(...).upload(files)"
        )
    controls.refuse_disabled(target, f"{kind} event")
    if "readonly" in target.attrs and controls.is_typed(target):
        raise DomEventError(f"{describe(target)} is readonly: a user cannot change it")
    directive = f"dj-{kind}"
    element, name, args = binding(target, directive, kind)
    if value is not None:
        controls.enter_text(target, value)
    if kind == "change" and target.tag == "input" and controls.input_type(target) == "checkbox":
        sent: Any = controls.is_checked(target)
    else:
        sent = controls.value(target)
    params = _form_event_params(target, sent)
    if args:
        params["_args"] = args
    params["_target"] = controls.target_name(target)
    # dj-change hands its target to handleEvent, so _activity applies (09-event-binding.js:978);
    # dj-input, dj-blur and dj-focus hand it nothing.
    return frame(
        name, params, directive, element, target, trigger=target if kind == "change" else None
    )


def form_change_event(
    form: Element, field: str | None = None, data: Mapping[str, Any] | None = None
) -> EventFrame:
    """The frame a change of the field named ``field`` under ``form`` sends.

    Only that field's value travels (``value``, ``field``, ``_target``), not
    the form's data; the binding is the nearest ``dj-change`` from the field,
    usually the form's. ``data`` may give that field's new value (then
    ``field`` may be left out); without it the page must already hold it.
    """
    if data is not None and not isinstance(data, Mapping):
        raise DomEventError(f"data= takes a mapping of field names to values, got {data!r}")
    if field is None:
        if not data or len(data) != 1:
            raise DomEventError("a form's change needs the field, or data naming exactly one field")
        field = next(iter(data))
    if data and set(data) != {field}:
        others = ", ".join(sorted(set(data) - {field}))
        raise DomEventError(
            f"a form's change sends one field's change ({field!r}); data also names {others}"
        )
    fields = [e for e in form.elements() if e.tag in controls.FORM_CONTROLS and e is not form]
    group = [c for c in controls.named(fields, field) if not controls.is_button(c)]
    if not group:
        raise DomEventError(
            f"{describe(form)} has no field named {field!r}; its fields: {describe_fields(fields)}"
        )
    before = [controls.is_checked(c) for c in group]
    plan_fill(form, fields, data)()
    return _field_event(_changed_control(group, data, before, field), "change", None)


def _changed_control(
    group: list[Element], data: Mapping[str, Any] | None, before: list[bool], field: str
) -> Element:
    if len(group) == 1:
        return group[0]
    if all(controls.control_type(c) == "radio" for c in group):
        checked = [c for c in group if controls.is_checked(c)]
        if checked:
            return checked[-1]
    elif data is not None and all(controls.control_type(c) == "checkbox" for c in group):
        flipped = [c for c, was in zip(group, before, strict=True) if controls.is_checked(c) != was]
        if len(flipped) == 1:
            return flipped[0]
    raise DomEventError(
        f"{len(group)} fields are named {field!r}; say which one changed: "
        "element(selector).change() on that control"
    )


def _form_event_params(target: Element, value: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"value": value, "field": controls.field_name(target)}
    params.update(dj_values(target))  # the target's, not the binding's (09-event-binding.js:713)
    add_context(params, target)
    return params


def _focus_event(target: Element, kind: str) -> EventFrame:
    if not controls.is_focusable(target):
        raise DomEventError(_unfocusable(target, kind))
    directive = f"dj-{kind}"
    element, name, args = binding(target, directive, kind)
    params = _form_event_params(target, controls.value(target))
    if args:
        params["_args"] = args
    return frame(name, params, directive, element, target, trigger=None)


def _unfocusable(target: Element, kind: str) -> str:
    reason = controls.disabled_reason(target)
    if reason is not None:
        return f"{describe(target)} {reason}, so it cannot take focus: no {kind} event"
    return (
        f"{describe(target)} cannot take focus, so it gets no {kind} event: only form "
        "controls, links and elements with tabindex or contenteditable can"
    )


# ---------------------------------------------------------------- the keyboard

_KEY_NAMES = {
    "escape": "Escape",
    "enter": "Enter",
    "tab": "Tab",
    "space": " ",
    "backspace": "Backspace",
    "delete": "Delete",
    "arrowup": "ArrowUp",
    "arrowdown": "ArrowDown",
    "arrowleft": "ArrowLeft",
    "arrowright": "ArrowRight",
    "up": "ArrowUp",
    "down": "ArrowDown",
    "left": "ArrowLeft",
    "right": "ArrowRight",
}
_NAMED_KEYS = frozenset(
    "Enter Escape Tab Backspace Delete Insert Home End PageUp PageDown ArrowUp ArrowDown "
    "ArrowLeft ArrowRight CapsLock ContextMenu F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12".split()
)
_MODIFIER_CODES = {
    "Shift": "ShiftLeft",
    "Control": "ControlLeft",
    "Alt": "AltLeft",
    "Meta": "MetaLeft",
}
_PUNCTUATION_CODES = {
    **dict.fromkeys("-_", "Minus"),
    **dict.fromkeys("=+", "Equal"),
    **dict.fromkeys("[{", "BracketLeft"),
    **dict.fromkeys("]}", "BracketRight"),
    **dict.fromkeys("\\|", "Backslash"),
    **dict.fromkeys(";:", "Semicolon"),
    **dict.fromkeys("'\"", "Quote"),
    **dict.fromkeys(",<", "Comma"),
    **dict.fromkeys(".>", "Period"),
    **dict.fromkeys("/?", "Slash"),
    **dict.fromkeys("`~", "Backquote"),
    **{shifted: f"Digit{digit}" for shifted, digit in zip("!@#$%^&*()", "1234567890", strict=True)},
}
_KEY_ALIASES = {"esc": "Escape", "return": "Enter", "del": "Delete", "spacebar": " "}


def key_code(key: str) -> str:
    """The ``KeyboardEvent.code`` of ``key`` on a US keyboard ('' when unknown)."""
    if len(key) == 1:
        if key.isascii() and key.isalpha():
            return f"Key{key.upper()}"
        if key.isascii() and key.isdigit():
            return f"Digit{key}"
        if key == " ":
            return "Space"
        return _PUNCTUATION_CODES.get(key, "")
    if key in _NAMED_KEYS:
        return key
    return _MODIFIER_CODES.get(key, "")


def check_key(key: str) -> None:
    if not isinstance(key, str) or not key:
        raise DomEventError(f"key= takes a KeyboardEvent.key such as 'Enter' or 'a', got {key!r}")
    if len(key) > 1:
        lower = key.lower()
        meant = _KEY_NAMES.get(lower) or _KEY_ALIASES.get(lower)
        meant = meant or next(
            (n for n in _NAMED_KEYS | set(_MODIFIER_CODES) if n.lower() == lower), None
        )
        if meant is not None and meant != key:
            raise DomEventError(
                f"key={key!r} is not a KeyboardEvent.key a browser reports; did you mean {meant!r}?"
            )


def _key_events(target: Element, kind: str, key: str) -> list[EventFrame]:
    if not controls.is_focusable(target):
        raise DomEventError(_unfocusable(target, kind))
    directive = f"dj-{kind}"
    bindings = [
        (node, name)
        for node in target.ancestors()
        for name in node.attrs
        if name == directive or name.startswith(directive + ".")
    ]
    frames: list[EventFrame] = []
    locked: set[int] = set()
    for node, name in bindings:
        # Only the first modifier counts; HTML lower-cases attribute names, so a cased
        # key such as dj-keydown.PageUp never matches (09-event-binding.js:324-327).
        declared = name.split(".")[1] if "." in name else None
        if declared is not None and key != _KEY_NAMES.get(declared.lower(), declared):
            continue
        handler = node.attrs.get(name)
        if not handler:
            continue  # an empty binding sends nothing
        if "dj-lock" in node.attrs:
            # The first binding to fire locks its element; later ones on it are dropped.
            if "data-djust-locked" in node.attrs or id(node) in locked:
                continue
            locked.add(id(node))
        params: dict[str, Any] = {
            "key": key,
            "code": key_code(key),
            "value": controls.value(target),
            "field": controls.field_name(target),
        }
        params.update(dj_values(node))  # the binding element's
        add_context(params, target)
        # The handler text is the event name as written (09-event-binding.js:1230).
        frames.append(frame(handler, params, name, node, target, trigger=target))
    if not frames:
        found = ", ".join(f"{name} on {describe(node)}" for node, name in bindings)
        raise DomEventError(
            f"pressing {key!r} in {describe(target)} fires no {directive} binding: "
            + (f"found {found}" if found else f"there is no {directive} on it or its ancestors")
        )
    return frames
