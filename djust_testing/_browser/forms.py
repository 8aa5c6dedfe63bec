"""Forms as djust's browser client sends them: the data, the submitter, what a user can fill.

``dj-submit`` sends ``Object.fromEntries(new FormData(form))``
(``static/djust/src/09-event-binding.js``); a ``dj-change`` on a form sends
only the changed field. Filling a form writes into the page's controls,
after every entry has been checked against what a user could enter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..exceptions import DomEventError
from . import controls, jsvalues
from .controls import describe
from .frames import EventFrame, add_context, dj_values, frame, refuse_locked
from .nodes import Element


def form_values(form: Element) -> dict[str, Any]:
    """The form's data as dj-submit sends it.

    HTML's rules: controls whose form owner is ``form``, checked boxes and
    radios only, selected options that are not disabled, disabled controls
    and those in a disabled fieldset left out, buttons and nameless controls
    left out, a file input as ``{}``. On a repeated name the last value wins.
    """
    _require_form(form)
    return dict(_entries(form))


def _require_form(form: Element) -> None:
    if form.tag != "form":
        raise DomEventError(f"form() needs a <form>, got {describe(form)}")


def _entries(form: Element) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    for control in controls.listed_controls(form):
        if controls.disabled_reason(control) is not None or controls.is_button(control):
            continue
        if controls.in_datalist(control):
            continue
        kind = controls.control_type(control)
        if kind in ("checkbox", "radio") and not controls.is_checked(control):
            continue
        name = control.attrs.get("name")
        if not name:
            continue
        if control.tag == "select":
            entries.extend(
                (name, controls.option_value(o))
                for o in controls.selected_options(control)
                if controls.disabled_reason(o) is None
            )
        elif kind == "file":
            entries.append((name, {}))  # a File serializes to {} in JSON
        elif kind == "hidden" and name.lower() == "_charset_":
            entries.append((name, "UTF-8"))
        else:
            entries.append((name, controls.value(control)))
        dirname = control.attrs.get("dirname")
        if dirname and kind in ("text", "search", "textarea"):
            entries.append((dirname, controls.direction(control)))
    return entries


# ------------------------------------------------------------------ submit


def submit_event(
    form: Element, data: Mapping[str, Any] | None = None, *, submitter: Element | None = None
) -> EventFrame:
    """The frame of a ``dj-submit`` on ``form``, once ``data`` is filled in.

    ``submitter`` is the submit button clicked; its ``name`` (else its
    ``id``) becomes ``_target``. Without one, the user pressed Enter: the
    form's default button (its first submit button) is the submitter, and a
    form without one submits only if it has at most one text-like field.
    """
    _require_form(form)
    element = form.closest("dj-submit")
    if element is None:
        raise DomEventError(
            f"{describe(form)} has no dj-submit (nor has any ancestor): the browser would "
            "submit it natively, not to djust"
        )
    if element is not form:
        raise DomEventError(
            f"dj-submit is on {describe(element)}, not on the form: djust's client fails to "
            "read form data from it and sends nothing"
        )
    refuse_locked(form, "submit")
    fill = plan_fill(form, controls.listed_controls(form), data)
    button = _submitter(form, submitter)
    fill()
    params: dict[str, Any] = dict(_entries(form))
    params.update(dj_values(form))
    add_context(params, form)
    params["_target"] = controls.target_name(button) if button is not None else None
    # The dj-submit value is the event name as written, no (args) parsing (09-event-binding.js:941).
    return frame(form.attrs["dj-submit"], params, "dj-submit", form, form, trigger=form)


def _submitter(form: Element, submitter: Element | None) -> Element | None:
    if submitter is not None:
        if not controls.is_submit_button(submitter):
            raise DomEventError(
                f"submitter {describe(submitter)} is not a submit button (a <button> of type "
                "submit, or an <input> of type submit or image)"
            )
        if controls.form_owner(submitter) is not form:
            raise DomEventError(
                f"submitter {describe(submitter)} does not belong to {describe(form)}"
            )
        controls.refuse_disabled(submitter, "click")
        refuse_prevented(submitter, "its click does not submit the form")
        return submitter
    listed = controls.listed_controls(form)
    buttons = [c for c in listed if controls.is_submit_button(c)]
    if buttons:
        default = buttons[0]
        reason = controls.disabled_reason(default)
        if reason is not None:
            raise DomEventError(
                f"pressing Enter in {describe(form)} does nothing: its default button "
                f"{describe(default)} {reason}"
            )
        # Enter clicks the default button, so whatever takes that click takes the submit.
        refuse_prevented(default, "pressing Enter clicks it, which does not submit the form")
        return default
    blocking = [
        c for c in listed if c.tag == "input" and controls.input_type(c) in controls.TYPED_TYPES
    ]
    if len(blocking) > 1:
        raise DomEventError(
            f"{describe(form)} has no submit button and {len(blocking)} text fields: pressing "
            "Enter does not submit it in a browser"
        )
    return None


def refuse_prevented(button: Element, consequence: str) -> None:
    """Refuse a submit through ``button`` when a djust listener cancels its click."""
    for directive in ("dj-copy", "dj-click"):
        holder = button.closest(directive)
        if holder is not None:
            raise DomEventError(
                f"{directive} on {describe(holder)} takes the click on {describe(button)}: "
                f"{consequence}; click the button instead (element(...).click())"
            )
    for holder in button.ancestors():
        patches = "dj-patch" in holder.attrs and holder.tag not in ("select", "input")
        if not patches and not holder.attrs.get("dj-navigate"):
            continue
        raise DomEventError(
            f"{describe(holder)} navigates on the click on {describe(button)}: {consequence}; "
            "click the button instead (element(...).click())"
        )


# -------------------------------------------------------------------- fill

Fill = Callable[[], None]


def plan_fill(form: Element, fields: list[Element], data: Mapping[str, Any] | None) -> Fill:
    """Check ``data`` against what a user could enter in ``fields``; return what enters it.

    A text field or textarea takes a string or a number (several of one name:
    a list or tuple of them); a checkbox ``True``/``False``, or the value(s)
    to check among those of its name; a radio group the value to pick; a
    select an option's value (a multiple select: a list of them). Hidden,
    disabled, readonly and file fields cannot be filled. Nothing changes on
    the page until the returned function runs, so a refused entry leaves the
    page as it was.
    """
    steps: list[Fill] = []
    if data is None:
        return lambda: None
    if not isinstance(data, Mapping):
        raise DomEventError(f"data= takes a mapping of field names to values, got {data!r}")
    for name, wanted in data.items():
        group = list(controls.named(fields, name))
        if not group:
            raise DomEventError(
                f"{describe(form)} has no field named {name!r}; its fields: "
                f"{describe_fields(fields)}"
            )
        editable = [c for c in group if fill_refusal(c) is None]
        if not editable:
            raise DomEventError(
                f"cannot fill {name!r}: {describe(group[0])} {fill_refusal(group[0])}"
            )
        kinds = {controls.control_type(c) for c in editable}
        if kinds == {"checkbox"}:
            steps.append(_fill_checkboxes(editable, name, wanted))
        elif kinds == {"radio"}:
            steps.append(_fill_radios(editable, name, wanted))
        elif len(editable) == 1 and editable[0].tag == "select":
            steps.append(_fill_select(editable[0], name, wanted))
        elif not kinds & {"checkbox", "radio", "select-one", "select-multiple"}:
            texts = [_text_value(name, v) for v in _as_list(wanted, len(editable), name)]
            steps.append(_enter_texts(editable, texts))
        else:
            raise DomEventError(
                f"{name!r} names fields of different kinds ({', '.join(sorted(kinds))}); "
                "fill them one by one"
            )

    def fill() -> None:
        for step in steps:
            step()

    return fill


def _enter_texts(fields: list[Element], texts: list[str]) -> Fill:
    def enter() -> None:
        for field, text in zip(fields, texts, strict=True):
            controls.enter_text(field, text)

    return enter


def fill_refusal(control: Element) -> str | None:
    reason = controls.disabled_reason(control)
    if reason is not None:
        return reason
    kind = controls.control_type(control)
    if controls.is_button(control):
        return "is a button: pass it as submitter= instead"
    if kind == "hidden":
        return "is a hidden input: a user cannot change it"
    if kind == "file":
        return "is a file input: choose its files with element(...).upload(files)"
    if "readonly" in control.attrs and controls.is_typed(control):
        return "is readonly: a user cannot change it"
    return None


def _as_list(wanted: Any, count: int, name: str) -> list[Any]:
    if count == 1:
        return [wanted]
    if not isinstance(wanted, (list, tuple)) or len(wanted) != count:
        raise DomEventError(f"{count} fields are named {name!r}: give a list of {count} values")
    return list(wanted)


def _text_value(name: str, wanted: Any) -> str:
    if isinstance(wanted, str):
        return wanted
    if isinstance(wanted, (int, float)) and not isinstance(wanted, bool):
        return jsvalues.number_text(float(wanted))
    raise DomEventError(f"{name!r} is a text field: give a string, got {wanted!r}")


def _fill_checkboxes(boxes: list[Element], name: str, wanted: Any) -> Fill:
    values = [controls.value(b) for b in boxes]
    if isinstance(wanted, bool):
        if len(boxes) != 1:
            raise DomEventError(
                f"{len(boxes)} checkboxes are named {name!r}: give the values to check "
                f"(of {values!r}), not {wanted!r}"
            )
        return lambda: controls.set_checked(boxes[0], wanted)
    chosen = [wanted] if isinstance(wanted, str) else wanted
    if not isinstance(chosen, (list, tuple, set, frozenset)) or not all(
        isinstance(v, str) for v in chosen
    ):
        raise DomEventError(
            f"{name!r} is a checkbox: give True/False, or the value(s) to check, got {wanted!r}"
        )
    unknown = [v for v in chosen if v not in values]
    if unknown:
        raise DomEventError(
            f"no checkbox named {name!r} has value {unknown[0]!r}; values: {values!r}"
        )

    def check() -> None:
        for box, value in zip(boxes, values, strict=True):
            controls.set_checked(box, value in chosen)

    return check


def _fill_radios(radios: list[Element], name: str, wanted: Any) -> Fill:
    values = [controls.value(r) for r in radios]
    if not isinstance(wanted, str) or wanted not in values:
        raise DomEventError(
            f"{name!r} is a radio group: give one of {values!r}, got {wanted!r} (a user "
            "cannot uncheck a radio)"
        )
    chosen = radios[values.index(wanted)]
    return lambda: controls.set_checked(chosen, True)


def _fill_select(select: Element, name: str, wanted: Any) -> Fill:
    multiple = "multiple" in select.attrs
    chosen = [wanted] if isinstance(wanted, str) or not multiple else wanted
    if not isinstance(chosen, (list, tuple, set, frozenset)) or not all(
        isinstance(v, str) for v in chosen
    ):
        expected = "a list of option values" if multiple else "an option value"
        raise DomEventError(f"{name!r} is a select: give {expected}, got {wanted!r}")
    picked = controls.pickable_options(select, chosen)
    return lambda: controls.select_only(select, picked)


def describe_fields(fields: list[Element]) -> str:
    kinds: dict[str, list[str]] = {}
    for control in fields:
        name = control.attrs.get("name")
        if not name or controls.is_button(control):
            continue
        kind = controls.control_type(control)
        if control.tag == "select":
            kind = f"select: {controls.describe_options(control)}"
        elif kind in ("checkbox", "radio"):
            kind = f"{kind} {controls.value(control)!r}"
        if controls.disabled_reason(control) is not None:
            kind += ", disabled"
        kinds.setdefault(name, []).append(kind)
    return ", ".join(f"{name} ({'; '.join(k)})" for name, k in kinds.items()) or "none"
