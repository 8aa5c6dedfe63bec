"""A user filling a form in, and pressing Enter in one of its fields, as Chromium fires it.

Each function is a plan: a generator of ``Batch``es, the frames one user
step sends (built from the page as it is at that step), resumed once djust's
replies to them are applied. What Chromium does, checked with Playwright
(see docs/dom.md):

* The user clicks into each field (``focus``, then ``click``), so leaving
  the previous one fires its ``change`` when its text changed, and its
  ``blur``; a ``dj-click`` up the tree of the field fires too.
* Typing fires ``keydown``/``keyup`` per key and ``input`` per key; djust
  debounces a text field's ``dj-input``, so one frame goes with the whole
  value (a ``dj-debounce="blur"`` one waits until the field loses focus).
  A text field's ``change`` waits until the user leaves it.
* A checkbox, radio or select fires ``input`` then ``change`` at once.
* A field's ``dj-model`` listener sends ``update_model`` for the events it
  listens to, before the field's own bindings (``model``).
* Enter in a field: ``keydown``, the field's ``change`` if its text changed,
  the click on the form's default button, the submit, then ``keyup``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..exceptions import DomEventError
from . import controls, events, model
from .controls import describe
from .focus import Focus, optional
from .forms import describe_fields, fill_refusal, plan_fill, submit_event
from .frames import EventFrame
from .nodes import Element


@dataclass
class Batch:
    """The frames one step of the user sends; ``submit`` marks the form's submit."""

    frames: list[EventFrame] = field(default_factory=list)
    submit: bool = False


Plan = Iterator[Batch]

_PICKED = frozenset({"range", "color"})


def fill(focus: Focus, form: Element, data: Mapping[str, Any]) -> Plan:
    """The user fills ``data`` into ``form``'s fields, in order, and submits nothing.

    Every entry is checked before anything is sent, as ``plan_fill``
    checks it; a refused one leaves the page as it was.
    """
    _require_form(form)
    plan_fill(form, controls.listed_controls(form), data)  # checks every entry; changes nothing
    for name, wanted in data.items():
        yield from _fill_one(focus, form, name, wanted)


def _require_form(form: Element) -> None:
    if form.tag != "form":
        raise DomEventError(f"form() needs a <form>, got {describe(form)}")


def _fill_one(focus: Focus, form: Element, name: str, wanted: Any) -> Plan:
    group = list(controls.named(controls.listed_controls(form), name))
    # What the entry changes: made on the page, read, then undone, to be
    # made again step by step, as the user makes it.
    saved = _snapshot(group)
    plan_fill(form, group, {name: wanted})()
    entered = {id(c): _entered(c) for c in group}
    _restore(saved)
    for control in group:
        if fill_refusal(control) is not None:
            continue
        want = entered[id(control)]
        kind = controls.control_type(control)
        if kind in ("checkbox", "radio"):
            # A click checks a radio; checking one unchecks the rest of its group.
            if want != controls.is_checked(control) and (want or kind == "checkbox"):
                yield from _tick(focus, control, bool(want))
        elif control.tag == "select":
            yield from _pick(focus, control, want)
        elif kind in _PICKED:
            yield from _slide(focus, control, str(want))
        else:
            yield from _type(focus, control, str(want))


Snapshot = list[tuple[Element, str | None, bool | None, list[tuple[Element, bool | None]]]]


def _snapshot(group: list[Element]) -> Snapshot:
    return [(c, c.value, c.checked, [(o, o.selected) for o in controls.options(c)]) for c in group]


def _restore(snapshot: Snapshot) -> None:
    for control, value, checked, options in snapshot:
        control.value, control.checked = value, checked
        for option, selected in options:
            option.selected = selected


def _entered(control: Element) -> Any:
    """What the user entered in ``control``: its text, checkedness, or selected options."""
    if controls.is_checkable(control):
        return controls.is_checked(control)
    if control.tag == "select":
        return controls.selected_options(control)
    return control.value if control.value is not None else controls.shown_value(control)


# ---------------------------------------------------------------- the steps


def _reach(focus: Focus, control: Element, *, click: bool = True) -> Plan:
    """The user clicks into ``control``: focus moves to it, then the click fires."""
    _require_connected(control)
    moved = focus.move(control)
    if moved:
        yield Batch(moved)
    if click:
        _require_connected(control)
        clicked = optional(lambda: events.event_for(control, "click"))
        if clicked:
            yield Batch(clicked)


def _require_connected(control: Element) -> None:
    if control.top.attrs.get("dj-root") is None:
        raise DomEventError(
            f"{describe(control)} left the page while the form was being filled in (after the "
            "events sent so far): the user can no longer reach it"
        )


def _type(focus: Focus, control: Element, text: str) -> Plan:
    yield from _reach(focus, control)
    keyed = _has_key_bindings(control)
    old = controls.shown_value(control)
    for index, char in enumerate(text if keyed else ""):
        # The user selects the old text and types over it, one key at a time.
        before, key = (text[:index] if index else old), ("Enter" if char == "\n" else char)
        down = _key(control, "keydown", key, before)
        controls.enter_text(control, text[: index + 1])
        focus.edited()
        if down:
            yield Batch(down)
        up = _key(control, "keyup", key, None)
        if up:
            yield Batch(up)
    controls.enter_text(control, text)
    focus.edited()
    binding = control.closest("dj-input")
    if binding is not None and binding is control and control.attrs.get("dj-debounce") == "blur":
        focus.deferred_input = True
        synced = model.model_frames(control, "input")  # dj-model's own listener is not held
        if synced:
            yield Batch(synced)
        return
    # One input event, as a paste sends (a user's keystrokes each send dj-model's frame).
    typed = optional(lambda: events.event_for(control, "input"))
    if typed:
        yield Batch(typed)


def _has_key_bindings(control: Element) -> bool:
    names = (name for node in control.ancestors() for name in node.attrs)
    return any(name.startswith(("dj-keydown", "dj-keyup")) for name in names)


def _key(control: Element, kind: str, key: str, value: str | None) -> list[EventFrame]:
    return optional(lambda: events.event_for(control, kind, value=value, key=key))


def _tick(focus: Focus, control: Element, checked: bool) -> Plan:
    for directive in ("dj-click", "dj-copy"):
        holder = control.closest(directive)
        if holder is not None:
            raise DomEventError(
                f"{directive} on {describe(holder)} takes the click on {describe(control)}: the "
                "browser cancels the click, so a user cannot tick it"
            )
    yield from _reach(focus, control, click=False)
    controls.set_checked(control, checked)
    yield Batch(_input_and_change(control))
    focus.committed()


def _pick(focus: Focus, select: Element, chosen: list[Element]) -> Plan:
    """The user picks ``chosen`` in ``select``, a click per option, each firing input and change.

    In a multiple select the first option chosen takes a plain click (it
    alone is selected then) and each other one a Ctrl+click; choosing none
    Ctrl+clicks each selected option off. A click that leaves the
    selection as it was fires nothing.
    """
    if [id(o) for o in controls.selected_options(select)] == [id(o) for o in chosen]:
        return
    yield from _reach(focus, select)
    # The selection after each click.
    if "multiple" not in select.attrs:
        clicks = [chosen]
    elif not chosen:
        selected = controls.selected_options(select)
        clicks = [selected[index + 1 :] for index in range(len(selected))]
    else:
        clicks = [chosen[: index + 1] for index in range(len(chosen))]
    for selection in clicks:
        _require_connected(select)
        before = [id(o) for o in controls.selected_options(select)]
        controls.select_only(select, selection)
        if [id(o) for o in controls.selected_options(select)] != before:
            yield Batch(_input_and_change(select))
    focus.committed()


def _slide(focus: Focus, control: Element, value: str) -> Plan:
    yield from _reach(focus, control)
    controls.enter_text(control, value)
    yield Batch(_input_and_change(control))
    focus.committed()


def _input_and_change(control: Element) -> list[EventFrame]:
    """``input`` then ``change``, fired together, as a click on a box or an option fires them."""
    frames = optional(lambda: events.event_for(control, "input"))
    return frames + optional(lambda: events.event_for(control, "change"))


# ------------------------------------------------------------------ Enter


def enter_field(form: Element, name: str) -> Element:
    """The field named ``name`` of ``form`` a user presses Enter in, if Enter submits from it."""
    _require_form(form)
    fields = controls.listed_controls(form)
    group = [c for c in controls.named(fields, name) if not controls.is_button(c)]
    if not group:
        raise DomEventError(
            f"{describe(form)} has no field named {name!r} to press Enter in; its fields: "
            f"{describe_fields(fields)}"
        )
    if len(group) > 1 and not all(controls.control_type(c) == "radio" for c in group):
        raise DomEventError(
            f"{len(group)} fields of {describe(form)} are named {name!r}: press Enter in one "
            "of them with element(selector).keydown('Enter') and submit() instead"
        )
    control = next((c for c in group if controls.is_checked(c)), group[0])
    controls.refuse_disabled(control, "key press")
    if control.tag == "textarea":
        raise DomEventError(
            f"Enter in {describe(control)} starts a new line; it does not submit the form"
        )
    if control.tag == "select":
        raise DomEventError(f"Enter in {describe(control)} does nothing in Chromium: no submit")
    submit_event(form)  # would Enter submit it? (raises saying why not)
    return control


def press_enter(focus: Focus, form: Element, control: Element) -> Plan:
    """The user presses Enter in ``control`` (see ``enter_field``) and releases it.

    One batch for what the key press fires at once (its ``dj-keydown``,
    the field's ``change``, a held ``dj-input``), one for the submit, then
    the ``dj-keyup``.
    """
    yield from _reach(focus, control, click=focus.element is not control)
    frames = optional(lambda: events.event_for(control, "keydown", key="Enter"))
    if focus.changed():
        frames += optional(lambda: events.event_for(control, "change"))
    if focus.deferred_input:  # the submit handler flushes it (_flushPendingDebouncesInForm)
        frames += optional(lambda: events.event_for(control, "input", with_model=False))
        focus.deferred_input = False
    submit = submit_event(form)
    focus.committed()
    if frames:
        yield Batch(frames)
    yield Batch([submit], submit=True)
    _require_connected(control)
    released = optional(lambda: events.event_for(control, "keyup", key="Enter"))
    if released:
        yield Batch(released)
