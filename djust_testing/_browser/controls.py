"""The one model of a form control's state: type, value, checkedness, options, disabled, owner.

HTML's rules, read off the page's node tree: an element's *properties*
(``Element.value``, ``checked``, ``selected``) win where a user or djust's
client set them; otherwise they follow the attributes, as in a browser
(value sanitization, the last ``checked`` radio of a group, a single
select's first enabled option). The page shows, the events send and the
assertions read the same values because they all ask here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..exceptions import DomEventError
from . import jsvalues, markup
from .nodes import Element, serialize

# Elements with a ``.name`` property (getFieldName and _target read it).
_NAMED = frozenset(
    "a button embed fieldset form frame iframe img input map meta object output param "
    "select slot textarea".split()
)
FORM_CONTROLS = frozenset({"button", "input", "select", "textarea"})
_INPUT_TYPES = frozenset(
    "hidden text search tel url email password date month week time datetime-local number "
    "range color checkbox radio file submit image reset button".split()
)
BUTTON_TYPES = frozenset({"submit", "reset", "button", "image"})
_TEXT_TYPES = frozenset({"text", "search", "tel", "url", "email", "password"})
# Inputs whose text a user types: Enter in a form counts them against implicit
# submission (HTML's "blocking" fields), and ``readonly`` applies to them.
TYPED_TYPES = _TEXT_TYPES | frozenset({"date", "month", "week", "time", "datetime-local", "number"})
_QUOTE_LIMIT = 160


def describe(element: Element) -> str:
    """The element's HTML for a message: short, without djust's bookkeeping."""
    parts = [f"<{element.tag}"]
    for name, value in element.attrs.items():
        if name != "dj-id":
            parts.append(f" {name}" if value == "" else f' {name}="{markup.escape_attr(value)}"')
    parts.append(">")
    if element.tag not in markup.VOID_ELEMENTS:
        inner = " ".join(markup.strip_bookkeeping(serialize(element.children)).split())
        parts.append((inner[:39] + "…" if len(inner) > 40 else inner) + f"</{element.tag}>")
    html = "".join(parts)
    return html if len(html) <= _QUOTE_LIMIT else html[: _QUOTE_LIMIT - 1] + "…"


# ------------------------------------------------------------------- types


def input_type(element: Element) -> str:
    """An input's ``.type``: its declared type when HTML knows it, else ``text``."""
    declared = element.attrs.get("type", "").lower()
    return declared if declared in _INPUT_TYPES else "text"


def control_type(element: Element) -> str:
    """The ``.type`` property of a form control ('' for anything else)."""
    tag = element.tag
    if tag == "input":
        return input_type(element)
    if tag == "select":
        return "select-multiple" if "multiple" in element.attrs else "select-one"
    if tag == "textarea":
        return "textarea"
    if tag == "button":
        declared = element.attrs.get("type", "").lower()
        return declared if declared in ("reset", "button") else "submit"
    return ""


def is_checkable(element: Element) -> bool:
    """A checkbox or a radio: its state is ``checked``, not ``value``."""
    return element.tag == "input" and input_type(element) in ("checkbox", "radio")


def is_submit_button(element: Element) -> bool:
    if element.tag == "button":
        return control_type(element) == "submit"
    return element.tag == "input" and input_type(element) in ("submit", "image")


def is_button(element: Element) -> bool:
    return element.tag == "button" or (
        element.tag == "input" and input_type(element) in BUTTON_TYPES
    )


def is_typed(element: Element) -> bool:
    """A textarea or an input a user types text into."""
    return element.tag == "textarea" or (
        element.tag == "input" and input_type(element) in TYPED_TYPES
    )


def is_editing_host(element: Element) -> bool:
    state = element.attrs.get("contenteditable")
    return state is not None and state.lower() in ("", "true", "plaintext-only")


# ---------------------------------------------------------------- disabled


def disabled_reason(element: Element) -> str | None:
    """Why a form control is disabled ("actually disabled" in HTML), or None."""
    if element.tag == "option":
        if "disabled" in element.attrs:
            return "is disabled"
        parent = element.parent
        if parent is not None and parent.tag == "optgroup" and "disabled" in parent.attrs:
            return "is in a disabled <optgroup>"
        return None
    if element.tag not in FORM_CONTROLS and element.tag != "fieldset":
        return None
    if "disabled" in element.attrs:
        return "is disabled"
    child = element
    for ancestor in element.parent.ancestors() if element.parent is not None else ():
        if ancestor.tag == "fieldset" and "disabled" in ancestor.attrs:
            # The fieldset's first <legend> child stays enabled.
            legend = next((c for c in ancestor.child_elements() if c.tag == "legend"), None)
            if not (child.tag == "legend" and legend is child):
                return f"is inside a disabled fieldset ({describe(ancestor)})"
        child = ancestor
    return None


def refuse_disabled(element: Element, action: str) -> None:
    """Refuse an action on a disabled control, or on anything inside one."""
    for ancestor in element.ancestors():
        reason = disabled_reason(ancestor) if ancestor.tag in FORM_CONTROLS else None
        if reason is None:
            continue
        if ancestor is element:
            raise DomEventError(f"{describe(element)} {reason}: a browser sends it no {action}")
        raise DomEventError(
            f"{describe(element)} is inside {describe(ancestor)}, which {reason}: a browser "
            f"sends no {action}"
        )


def is_focusable(element: Element) -> bool:
    if disabled_reason(element) is not None:
        return False
    tag = element.tag
    if tag == "input":
        return input_type(element) != "hidden"
    if tag in ("button", "select", "textarea", "iframe", "summary"):
        return True
    if tag in ("a", "area") and "href" in element.attrs:
        return True
    if tag in ("audio", "video") and "controls" in element.attrs:
        return True
    if jsvalues.parse_html_int(element.attrs.get("tabindex")) is not None:
        return True
    return is_editing_host(element)


# ------------------------------------------------------------------- forms


def form_owner(element: Element) -> Element | None:
    """The form a control belongs to: its ``form="id"`` attribute, else the nearest form."""
    form_id = element.attrs.get("form")
    if form_id is not None:
        # The first element with that id decides, form or not.
        found = next((e for e in element.top.elements() if e.attrs.get("id") == form_id), None)
        return found if found is not None and found.tag == "form" and form_id else None
    parent = element.parent
    return next((a for a in parent.ancestors() if a.tag == "form"), None) if parent else None


def listed_controls(form: Element) -> list[Element]:
    """The controls whose form owner is ``form``, in tree order."""
    return [e for e in form.top.elements() if e.tag in FORM_CONTROLS and form_owner(e) is form]


# ----------------------------------------------------------------- options


def options(select: Element) -> list[Element]:
    """A select's list of options: its option children and those of its optgroups."""
    found: list[Element] = []
    for child in select.child_elements():
        if child.tag == "option":
            found.append(child)
        elif child.tag == "optgroup":
            found.extend(c for c in child.child_elements() if c.tag == "option")
    return found


def option_value(option: Element) -> str:
    value = option.attrs.get("value")
    if value is not None:
        return value
    # The text with ASCII whitespace stripped and collapsed.
    return " ".join(w for w in re.split(r"[ \t\n\f\r]+", option.text_content) if w)


def is_selected(option: Element) -> bool:
    """The option's own selectedness (a select decides among them: ``selected_options``)."""
    return option.selected if option.selected is not None else "selected" in option.attrs


def selected_options(select: Element) -> list[Element]:
    listed = options(select)
    chosen = [o for o in listed if is_selected(o)]
    if "multiple" in select.attrs:
        return chosen
    if chosen:
        # A single select keeps only the last option marked selected.
        return chosen[-1:]
    if display_size(select) == 1:
        first = next((o for o in listed if disabled_reason(o) is None), None)
        return [first] if first is not None else []
    return []


def display_size(select: Element) -> int:
    size = jsvalues.parse_html_int(select.attrs.get("size"))
    if size is not None and size > 0:
        return size
    return 4 if "multiple" in select.attrs else 1


def describe_options(select: Element) -> str:
    shown = [
        repr(option_value(o)) + (" (disabled)" if disabled_reason(o) else "")
        for o in options(select)
    ]
    return ", ".join(shown) or "none"


# -------------------------------------------------------------- checkedness


def radio_group(radio: Element) -> list[Element]:
    name = radio.attrs.get("name")
    if not name:
        return [radio]
    owner = form_owner(radio)
    return [
        e
        for e in radio.top.elements()
        if e.tag == "input"
        and input_type(e) == "radio"
        and e.attrs.get("name") == name
        and form_owner(e) is owner
    ]


def is_checked(element: Element) -> bool:
    if element.checked is not None:
        return element.checked
    if element.tag == "input" and input_type(element) == "radio":
        group = radio_group(element)
        if any(r.checked is not None for r in group):
            return False  # a user or djust checked another radio of the group since
        # Parsing keeps only the last radio of a group marked checked.
        last = next((r for r in reversed(group) if "checked" in r.attrs), None)
        return last is element
    return "checked" in element.attrs


# ------------------------------------------------------------------- value


def value(element: Element) -> Any:
    """The element's ``.value`` property, or ``jsvalues.UNDEFINED`` where it has none."""
    tag = element.tag
    if tag == "input":
        kind = input_type(element)
        if kind in ("checkbox", "radio"):
            return element.attrs.get("value", "on")
        if kind in ("hidden", "submit", "reset", "button", "image"):
            return element.attrs.get("value", "")
        if kind == "file":  # as browsers show the first file chosen (C:\fakepath\name), or ''
            return element.value if element.value is not None else ""
        raw = element.value if element.value is not None else element.attrs.get("value", "")
        return _sanitize(kind, raw, element)
    if tag == "textarea":
        return element.value if element.value is not None else element.text_content
    if tag == "select":
        chosen = selected_options(element)
        return option_value(chosen[0]) if chosen else ""
    if tag == "option":
        return option_value(element)
    if tag in ("button", "data", "param"):
        return element.attrs.get("value", "")
    if tag == "output":
        return element.text_content
    if tag == "li":
        return jsvalues.parse_html_int(element.attrs.get("value")) or 0
    return jsvalues.UNDEFINED


def shown_value(element: Element) -> str:
    """``.value`` as a string ('' for an element without one)."""
    current = value(element)
    return "" if current is jsvalues.UNDEFINED else str(current)


_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_DATE_FORMATS = {
    "date": re.compile(r"[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"),
    "month": re.compile(r"[0-9]{4,}-(0[1-9]|1[0-2])"),
    "week": re.compile(r"[0-9]{4,}-W(0[1-9]|[1-4][0-9]|5[0-3])"),
    "time": re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,3})?)?"),
    "datetime-local": re.compile(
        r"[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]"
        r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,3})?)?"
    ),
}


def _sanitize(kind: str, raw: str, element: Element) -> str:
    """HTML's value sanitization for an input of type ``kind``."""
    if kind in _TEXT_TYPES:
        raw = raw.replace("\r", "").replace("\n", "")
        if kind == "url":
            return raw.strip(" \t\n\f\r")
        if kind == "email":
            if "multiple" in element.attrs:
                return ",".join(p.strip(" \t\n\f\r") for p in raw.split(","))
            return raw.strip(" \t\n\f\r")
        return raw
    if kind == "number":
        return raw if jsvalues.FLOAT.fullmatch(raw) and math.isfinite(float(raw)) else ""
    if kind == "color":
        return raw.lower() if _COLOR.fullmatch(raw) else "#000000"
    if kind == "range":
        return _sanitize_range(raw, element)
    pattern = _DATE_FORMATS.get(kind)
    if pattern is not None:
        if not pattern.fullmatch(raw):
            return ""
        return raw.replace(" ", "T") if kind == "datetime-local" else raw
    return raw


def _sanitize_range(raw: str, element: Element) -> str:
    def number(attribute: str, default: float) -> float:
        text = element.attrs.get(attribute, "")
        return float(text) if jsvalues.FLOAT.fullmatch(text) else default

    low = number("min", 0.0)
    high = max(number("max", 100.0), low)
    current = float(raw) if jsvalues.FLOAT.fullmatch(raw) else low + (high - low) / 2
    current = min(max(current, low), high)
    step_raw = element.attrs.get("step", "").lower()
    if step_raw != "any":
        fits = jsvalues.FLOAT.fullmatch(step_raw) and float(step_raw) > 0
        step = float(step_raw) if fits else 1.0
        steps = (current - low) / step
        # The nearest allowed value, the higher one on a tie, never past max.
        rounded = low + math.floor(steps + 0.5) * step
        if rounded > high:
            rounded = low + math.floor((high - low) / step) * step
        current = rounded
    return jsvalues.number_text(current)


# ----------------------------------------------------------------- names


def field_name(element: Element) -> str | None:
    """djust's getFieldName: data-field, else the .name property, else id without ``id_``."""
    explicit = element.attrs.get("data-field")
    if explicit:
        return explicit
    name = element.attrs.get("name") if element.tag in _NAMED else None
    if name:
        return name
    element_id = element.attrs.get("id")
    if element_id:
        return re.sub(r"^id_", "", element_id)
    return None


def target_name(element: Element) -> str | None:
    """``el.name || el.id || null``: the ``_target`` param."""
    name = element.attrs.get("name") if element.tag in _NAMED else None
    return name or element.attrs.get("id") or None


# -------------------------------------------------- what a user can do to it


def enter_text(element: Element, text: str) -> None:
    """The user types ``text`` into the field (or picks the option of that value)."""
    if not isinstance(text, str):
        raise DomEventError(f"value= takes the text the user entered, got {text!r}")
    if is_checkable(element):
        raise DomEventError(
            f"{describe(element)} has no value the user types: check or uncheck it instead"
        )
    if element.tag == "select":
        pick(element, [text])
        return
    if element.tag == "textarea" or (
        element.tag == "input" and input_type(element) not in BUTTON_TYPES | {"hidden", "file"}
    ):
        element.value = text
        return
    if element.tag == "input" and input_type(element) == "file":
        raise DomEventError(
            f"{describe(element)} is a file input: a user chooses files in it, with "
            "element(...).upload(files)"
        )
    raise DomEventError(f"{describe(element)} has no value a user can set")


def saved_value(element: Element) -> Callable[[], None]:
    """A function that puts the control's value (and its options' selection) back as it is now."""
    text = element.value
    selection = [(option, option.selected) for option in options(element)]

    def restore() -> None:
        element.value = text
        for option, selected in selection:
            option.selected = selected

    return restore


def value_if_entered(element: Element, text: str) -> Any:
    """The control's ``.value`` were the user to enter ``text``; the page is left as it is."""
    restore = saved_value(element)
    try:
        enter_text(element, text)
        return value(element)
    finally:
        restore()


def pick(select: Element, values: Iterable[str]) -> None:
    """The user selects the options of ``values`` (and only them) in ``select``."""
    select_only(select, pickable_options(select, values))


def pickable_options(select: Element, values: Iterable[str]) -> list[Element]:
    """The options a user picks for ``values``: the first enabled one of each value."""
    pickable = {option_value(o): o for o in reversed(options(select)) if disabled_reason(o) is None}
    wanted = list(values)
    missing = [v for v in wanted if v not in pickable]
    if missing:
        raise DomEventError(
            f"{describe(select)} has no option {missing[0]!r} a user can pick; its options "
            f"are {describe_options(select)}"
        )
    return [pickable[v] for v in wanted]


def select_only(select: Element, chosen: list[Element]) -> None:
    for option in options(select):
        option.selected = any(option is c for c in chosen)


def set_checked(element: Element, checked: bool) -> None:
    """The box or radio ends up ``checked``; checking a radio unchecks its group."""
    if element.tag == "input" and input_type(element) == "radio" and checked:
        for other in radio_group(element):
            other.checked = other is element
        return
    element.checked = checked


def toggle(element: Element) -> None:
    """A click on a checkbox (flips it) or a radio (checks it)."""
    if not is_checkable(element):
        raise DomEventError(
            f"change() needs the new value for {describe(element)}: only a checkbox or a "
            "radio changes without one"
        )
    set_checked(element, not is_checked(element) if input_type(element) == "checkbox" else True)


def reset(form: Element) -> None:
    """``form.reset()``: every control under the form follows its attributes again."""
    for control in form.elements():
        control.value = control.checked = control.selected = None


def in_datalist(element: Element) -> bool:
    parent = element.parent
    return parent is not None and any(a.tag == "datalist" for a in parent.ancestors())


def direction(element: Element) -> str:
    for ancestor in element.ancestors():
        declared = ancestor.attrs.get("dir", "").lower()
        if declared in ("ltr", "rtl"):
            return declared
    return "ltr"


def named(elements: Iterable[Element], name: str) -> Iterator[Element]:
    return (e for e in elements if e.attrs.get("name") == name)
