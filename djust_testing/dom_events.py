"""The frames djust's browser client sends when a user acts on an element.

Pure functions over lexbor elements (``selectolax.lexbor.LexborNode``): no
Django, no djust runtime. The client asks "the user clicks / types / presses
Enter / submits here" and gets back exactly the event frames djust's client
(``static/djust/src/09-event-binding.js``, ``08-event-parsing.js``,
``11-event-handler.js``, ``18-navigation.js``) would put on the wire, or a
``DomEventError`` saying why a browser would send nothing.

Elements are read as they are *now*: a form control's current value,
checkedness and selection come from its attributes, which is how
``Document.snapshot()`` reflects properties. The caller applies what the
user did (typed text, a toggled checkbox, a picked option) to the page
first, then asks for the frame; ``value=`` and ``data=`` are for when it has
not, and are validated as a user's input would be (no option that is not
there, no typing into a hidden or disabled field).

Parameter values are what the server receives after the browser's JSON
encoding: JavaScript numbers that are whole come out as ``int``
(``data-price:float="2"`` sends ``2``), NaN and Infinity as ``None``, a
file as ``{}``, and keys whose value is ``undefined`` are left out.

Not emulated: rate limits (``dj-debounce``, ``dj-throttle``, ``@debounce``;
the caller decides when to send), ``@cache`` (``_cacheRequestId``),
optimistic rules, JS Commands other than ``push``, ``dj-model``,
``dj-paste``, ``dj-poll``, window/document-scoped handlers, CSS visibility,
and modified clicks (every click is a plain left click).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import SplitResult, parse_qsl, quote, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborNode

from .exceptions import DjustTestingError
from .markup import VOID_ELEMENTS, escape_attr

#: What ``event_for`` accepts as ``kind``.
KINDS = ("click", "change", "input", "keydown", "keyup", "blur", "focus")


class DomEventError(DjustTestingError):
    """A browser would send no event for this action, or the action is impossible."""


@dataclass(frozen=True)
class EventFrame:
    """One ``{"type": "event"}`` frame djust's client sends.

    ``binding`` is the attribute that fired (``"dj-click"``,
    ``"dj-keydown.enter"``, ``"dj-submit"``, ``"dj-copy-event"``,
    ``"dj-click push"`` for a JS Commands push: each push waits for djust's
    reply to the one before). ``element`` carries it;
    ``target`` is the event's target (the control whose value was sent, the
    form for a submit). ``confirm`` is the ``dj-confirm`` text the browser
    asks first: the frame is sent only if the user accepts.
    """

    name: str
    params: dict[str, Any]
    binding: str
    element: LexborNode = field(compare=False, repr=False)
    target: LexborNode = field(compare=False, repr=False)
    confirm: str | None = None

    def message(self, ref: int) -> dict[str, Any]:
        """The frame as sent: ``ref`` counts the page's events from 1."""
        return {"type": "event", "event": self.name, "params": self.params, "ref": ref}


@dataclass(frozen=True)
class Navigation:
    """What a click on a ``dj-patch``, ``dj-navigate`` or plain link makes the browser do.

    ``kind`` is ``"patch"`` (push ``url``, send ``url_change`` with
    ``params`` and ``uri``: see ``message()``), ``"redirect"`` (djust's
    ``live_redirect``: push ``url`` and send ``live_redirect_mount`` with
    ``path`` and ``params`` if the route map knows ``path``, otherwise a full
    load of ``url``) or ``"load"`` (a full page load of ``url``). ``params``
    are the query of ``url`` (of the page's own URL for a jump to a
    fragment). ``url`` is relative when ``current_url`` was, unless it leaves
    the origin.
    """

    kind: str
    url: str
    path: str
    params: dict[str, str]
    uri: str
    binding: str

    def message(self) -> dict[str, Any]:
        """The ``url_change`` frame of a ``"patch"``."""
        if self.kind != "patch":
            raise DomEventError(f"a {self.kind!r} navigation sends no url_change frame")
        return {"type": "url_change", "params": dict(self.params), "uri": self.uri}


# ------------------------------------------------------------------ elements

_UNDEFINED: Any = object()  # JavaScript's undefined: JSON drops the key
_UNSAFE_KEYS = frozenset({"__proto__", "constructor", "prototype"})
# Elements with a ``.name`` property (getFieldName and _target read it).
_NAMED = frozenset(
    "a button embed fieldset form frame iframe img input map meta object output param "
    "select slot textarea".split()
)
_FORM_CONTROLS = frozenset({"button", "input", "select", "textarea"})
_INPUT_TYPES = frozenset(
    "hidden text search tel url email password date month week time datetime-local number "
    "range color checkbox radio file submit image reset button".split()
)
_BUTTON_TYPES = frozenset({"submit", "reset", "button", "image"})
_TEXT_TYPES = frozenset({"text", "search", "tel", "url", "email", "password"})
# Inputs that Enter in a form counts against implicit submission (HTML's "blocking" fields).
_BLOCKING_TYPES = _TEXT_TYPES | frozenset(
    {"date", "month", "week", "time", "datetime-local", "number"}
)
_READONLY_TYPES = _TEXT_TYPES | frozenset(
    {"date", "month", "week", "time", "datetime-local", "number"}
)
_QUOTE_LIMIT = 160
# djust's and djust_testing's own attributes, left out of quoted HTML.
_BOOKKEEPING = re.compile(r' (?:dj-id|data-djust-testing-node)="[^"]*"')


def _attrs(node: LexborNode) -> dict[str, str]:
    return {name: value or "" for name, value in node.attributes.items()}


def _has(node: LexborNode, name: str) -> bool:
    return name in node.attributes


def _get(node: LexborNode, name: str) -> str | None:
    attributes = node.attributes
    if name not in attributes:
        return None
    return attributes[name] or ""


def _self_and_ancestors(node: LexborNode | None) -> Iterator[LexborNode]:
    while node is not None and node.is_element_node:
        yield node
        node = node.parent


def _closest_with(node: LexborNode, attribute: str) -> LexborNode | None:
    return next((n for n in _self_and_ancestors(node) if _has(n, attribute)), None)


def _document_root(node: LexborNode) -> LexborNode:
    top = node
    for ancestor in _self_and_ancestors(node):
        top = ancestor
    return top


def _elements(node: LexborNode) -> Iterator[LexborNode]:
    """``node`` and every element under it, in tree order."""
    return node.traverse(include_text=False)


def _same(left: LexborNode | None, right: LexborNode | None) -> bool:
    if left is None or right is None:
        return left is right
    return left.mem_id == right.mem_id


def _contains(ancestor: LexborNode, node: LexborNode) -> bool:
    return any(_same(ancestor, n) for n in _self_and_ancestors(node))


def describe(node: LexborNode) -> str:
    """The element's HTML for a message: short, without djust_testing's bookkeeping."""
    tag = node.tag or "?"
    parts = [f"<{tag}"]
    for name, value in node.attributes.items():
        if name == "dj-id" or name.startswith("data-djust-testing"):
            continue
        parts.append(f" {name}" if value is None else f' {name}="{escape_attr(value)}"')
    parts.append(">")
    if tag not in VOID_ELEMENTS:
        inner = " ".join(_BOOKKEEPING.sub("", node.inner_html or "").split())
        parts.append((inner[:39] + "…" if len(inner) > 40 else inner) + f"</{tag}>")
    html = "".join(parts)
    return html if len(html) <= _QUOTE_LIMIT else html[: _QUOTE_LIMIT - 1] + "…"


# --------------------------------------------------------- form controls


def _input_type(node: LexborNode) -> str:
    declared = (_get(node, "type") or "").lower()
    return declared if declared in _INPUT_TYPES else "text"


def _control_type(node: LexborNode) -> str:
    """The ``.type`` property of a form control ('' for anything else)."""
    tag = node.tag
    if tag == "input":
        return _input_type(node)
    if tag == "select":
        return "select-multiple" if _has(node, "multiple") else "select-one"
    if tag == "textarea":
        return "textarea"
    if tag == "button":
        declared = (_get(node, "type") or "").lower()
        return declared if declared in ("reset", "button") else "submit"
    return ""


def _is_submit_button(node: LexborNode) -> bool:
    if node.tag == "button":
        return _control_type(node) == "submit"
    return node.tag == "input" and _input_type(node) in ("submit", "image")


def _is_button(node: LexborNode) -> bool:
    return node.tag == "button" or (node.tag == "input" and _input_type(node) in _BUTTON_TYPES)


def _disabled_reason(node: LexborNode) -> str | None:
    """Why a form control is disabled ("actually disabled" in HTML), or None."""
    if node.tag == "option":
        if _has(node, "disabled"):
            return "is disabled"
        parent = node.parent
        if parent is not None and parent.tag == "optgroup" and _has(parent, "disabled"):
            return "is in a disabled <optgroup>"
        return None
    if node.tag not in _FORM_CONTROLS and node.tag != "fieldset":
        return None
    if _has(node, "disabled"):
        return "is disabled"
    child = node
    for ancestor in _self_and_ancestors(node.parent):
        if ancestor.tag == "fieldset" and _has(ancestor, "disabled"):
            # The fieldset's first <legend> child stays enabled.
            legend = next((c for c in _child_elements(ancestor) if c.tag == "legend"), None)
            if not (child.tag == "legend" and _same(legend, child)):
                return f"is inside a disabled fieldset ({describe(ancestor)})"
        child = ancestor
    return None


def _child_elements(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        if child.is_element_node:
            yield child
        child = child.next


def _form_owner(node: LexborNode) -> LexborNode | None:
    form_id = _get(node, "form")
    if form_id is not None:
        # The first element with that id decides, form or not.
        found = next((e for e in _elements(_document_root(node)) if _get(e, "id") == form_id), None)
        return found if found is not None and found.tag == "form" and form_id else None
    return next((a for a in _self_and_ancestors(node.parent) if a.tag == "form"), None)


def _options(select: LexborNode) -> list[LexborNode]:
    """A select's list of options: its option children and those of its optgroups."""
    found: list[LexborNode] = []
    for child in _child_elements(select):
        if child.tag == "option":
            found.append(child)
        elif child.tag == "optgroup":
            found.extend(c for c in _child_elements(child) if c.tag == "option")
    return found


def _option_value(option: LexborNode) -> str:
    value = _get(option, "value")
    if value is not None:
        return value
    # The text with ASCII whitespace stripped and collapsed.
    return " ".join(w for w in re.split(r"[ \t\n\f\r]+", option.text(deep=True) or "") if w)


@dataclass
class _Overlay:
    """Control state a caller's ``value=`` / ``data=`` sets over the page's, by mem_id."""

    values: dict[int, str] = field(default_factory=dict)
    checked: dict[int, bool] = field(default_factory=dict)
    selected: dict[int, set[int]] = field(default_factory=dict)


_NO_OVERLAY = _Overlay()


def _selected_options(select: LexborNode, overlay: _Overlay) -> list[LexborNode]:
    options = _options(select)
    chosen_ids = overlay.selected.get(select.mem_id)
    if chosen_ids is not None:
        return [o for o in options if o.mem_id in chosen_ids]
    chosen = [o for o in options if _has(o, "selected")]
    if _has(select, "multiple"):
        return chosen
    if chosen:
        # Parsing a single select keeps only the last option marked selected.
        return chosen[-1:]
    if _display_size(select) == 1:
        first = next((o for o in options if _disabled_reason(o) is None), None)
        return [first] if first is not None else []
    return []


def _display_size(select: LexborNode) -> int:
    size = _parse_html_int(_get(select, "size"))
    if size is not None and size > 0:
        return size
    return 4 if _has(select, "multiple") else 1


def _radio_group(radio: LexborNode) -> list[LexborNode]:
    name = _get(radio, "name")
    if not name:
        return [radio]
    owner = _form_owner(radio)
    return [
        e
        for e in _elements(_document_root(radio))
        if e.tag == "input"
        and _input_type(e) == "radio"
        and _get(e, "name") == name
        and _same(_form_owner(e), owner)
    ]


def _is_checked(node: LexborNode, overlay: _Overlay) -> bool:
    if node.mem_id in overlay.checked:
        return overlay.checked[node.mem_id]
    if node.tag == "input" and _input_type(node) == "radio":
        group = _radio_group(node)
        if any(r.mem_id in overlay.checked for r in group):
            return False  # the overlay checked another radio of the group
        # Parsing keeps only the last radio of a group marked checked.
        last = next((r for r in reversed(group) if _has(r, "checked")), None)
        return _same(last, node)
    return _has(node, "checked")


def _value(node: LexborNode, overlay: _Overlay) -> Any:
    """The element's ``.value`` property, or _UNDEFINED where it has none."""
    tag = node.tag
    if tag == "input":
        kind = _input_type(node)
        if kind in ("checkbox", "radio"):
            return _get(node, "value") if _has(node, "value") else "on"
        if kind in ("hidden", "submit", "reset", "button", "image"):
            return _get(node, "value") or ""
        if kind == "file":
            return ""  # no file chosen: uploads are not emulated
        raw = overlay.values.get(node.mem_id)
        return _sanitize(kind, raw if raw is not None else _get(node, "value") or "", node)
    if tag == "textarea":
        raw = overlay.values.get(node.mem_id)
        return raw if raw is not None else (node.text(deep=True) or "").replace("\r\n", "\n")
    if tag == "select":
        chosen = _selected_options(node, overlay)
        return _option_value(chosen[0]) if chosen else ""
    if tag == "option":
        return _option_value(node)
    if tag in ("button", "data", "param"):
        return _get(node, "value") or ""
    if tag == "output":
        return node.text(deep=True) or ""
    if tag == "li":
        return _parse_html_int(_get(node, "value")) or 0
    return _UNDEFINED


_FLOAT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
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


def _sanitize(kind: str, value: str, node: LexborNode) -> str:
    """HTML's value sanitization for an input of type ``kind``."""
    if kind in _TEXT_TYPES:
        value = value.replace("\r", "").replace("\n", "")
        if kind == "url":
            return value.strip(" \t\n\f\r")
        if kind == "email":
            if _has(node, "multiple"):
                return ",".join(p.strip(" \t\n\f\r") for p in value.split(","))
            return value.strip(" \t\n\f\r")
        return value
    if kind == "number":
        return value if _FLOAT.fullmatch(value) and math.isfinite(float(value)) else ""
    if kind == "color":
        return value.lower() if _COLOR.fullmatch(value) else "#000000"
    if kind == "range":
        return _sanitize_range(value, node)
    pattern = _DATE_FORMATS.get(kind)
    if pattern is not None:
        if not pattern.fullmatch(value):
            return ""
        return value.replace(" ", "T") if kind == "datetime-local" else value
    return value


def _sanitize_range(value: str, node: LexborNode) -> str:
    def number(attribute: str, default: float) -> float:
        raw = _get(node, attribute) or ""
        return float(raw) if _FLOAT.fullmatch(raw) else default

    low = number("min", 0.0)
    high = max(number("max", 100.0), low)
    current = float(value) if _FLOAT.fullmatch(value) else low + (high - low) / 2
    current = min(max(current, low), high)
    step_raw = (_get(node, "step") or "").lower()
    if step_raw != "any":
        step = float(step_raw) if _FLOAT.fullmatch(step_raw) and float(step_raw) > 0 else 1.0
        steps = (current - low) / step
        # The nearest allowed value, the higher one on a tie, never past max.
        rounded = low + math.floor(steps + 0.5) * step
        if rounded > high:
            rounded = low + math.floor((high - low) / step) * step
        current = rounded
    return _js_number_text(current)


def _field_name(node: LexborNode) -> str | None:
    """djust's getFieldName: data-field, else the .name property, else id without ``id_``."""
    explicit = _get(node, "data-field")
    if explicit:
        return explicit
    name = _get(node, "name") if node.tag in _NAMED else None
    if name:
        return name
    element_id = _get(node, "id")
    if element_id:
        return re.sub(r"^id_", "", element_id)
    return None


def _target_name(node: LexborNode) -> str | None:
    """``el.name || el.id || null``: the ``_target`` param."""
    name = _get(node, "name") if node.tag in _NAMED else None
    return name or _get(node, "id") or None


def _is_focusable(node: LexborNode) -> bool:
    if _disabled_reason(node) is not None:
        return False
    tag = node.tag
    if tag == "input":
        return _input_type(node) != "hidden"
    if tag in ("button", "select", "textarea", "iframe", "summary"):
        return True
    if tag in ("a", "area") and _has(node, "href"):
        return True
    if tag in ("audio", "video") and _has(node, "controls"):
        return True
    if _parse_html_int(_get(node, "tabindex")) is not None:
        return True
    return _is_editing_host(node)


def _is_editing_host(node: LexborNode) -> bool:
    state = _get(node, "contenteditable")
    return state is not None and state.lower() in ("", "true", "plaintext-only")


# ----------------------------------------------------------- JS semantics

_JS_SPACE = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_JS_INT_PREFIX = re.compile(r"[+-]?[0-9]+")
_JS_FLOAT_PREFIX = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")


def _js_trim(text: str) -> str:
    return text.strip(_JS_SPACE)


def _parse_html_int(raw: str | None) -> int | None:
    """HTML's "rules for parsing integers" (tabindex, size, li value)."""
    if raw is None:
        return None
    match = re.match(r"[ \t\n\f\r]*([+-]?[0-9]+)", raw)
    return int(match.group(1)) if match else None


def _json_number(number: float) -> int | float | None:
    """A JavaScript number as the server reads it after JSON."""
    if not math.isfinite(number):
        return None  # JSON.stringify writes NaN and Infinity as null
    if number.is_integer() and abs(number) < 1e21:
        return int(Decimal(repr(number)))  # JS prints whole numbers below 1e21 as integers
    return number


def _js_number_text(number: float) -> str:
    """``String(number)`` in JavaScript, for the numbers a range input holds."""
    as_json = _json_number(number)
    return "NaN" if as_json is None else str(as_json) if isinstance(as_json, int) else repr(as_json)


def _js_parse_int(text: str) -> int | float | None:
    match = _JS_INT_PREFIX.match(text.lstrip(_JS_SPACE))
    return _json_number(float(match.group())) if match else None


def _js_parse_float(text: str) -> int | float | None:
    match = _JS_FLOAT_PREFIX.match(text.lstrip(_JS_SPACE))
    return _json_number(float(match.group())) if match else None


def _js_json(value: Any) -> Any:
    """A value parsed by ``JSON.parse`` as it reaches the server again."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return _json_number(float(value))
    if isinstance(value, list):
        return [_js_json(item) for item in value]
    return {key: _js_json(item) for key, item in value.items()}


def _json_parse(text: str) -> Any:
    """``JSON.parse``: raises ValueError where JavaScript would throw."""

    def no_constants(name: str) -> Any:
        raise ValueError(name)

    return _js_json(json.loads(text, parse_constant=no_constants))


def _coerce(value: str, hint: str | None) -> Any:
    """A ``data-x:hint`` / ``dj-value-x:hint`` attribute value, typed as djust does."""
    if hint in ("int", "integer"):
        return 0 if value == "" else _js_parse_int(value)
    if hint in ("float", "number"):
        return 0 if value == "" else _js_parse_float(value)
    if hint in ("bool", "boolean"):
        return value.lower() in ("true", "1", "yes", "on", "checked")
    if hint in ("json", "object", "array"):
        try:
            return _json_parse(value)
        except ValueError:
            return value  # djust keeps the string when JSON.parse fails
    if hint == "list":
        return [piece.strip(_JS_SPACE) for piece in value.split(",") if piece.strip(_JS_SPACE)]
    return value  # no hint, or one djust does not know


def _split_hint(name: str) -> tuple[str, str | None]:
    key, colon, hint = name.rpartition(":")
    return (key, hint) if colon else (name, None)


def dj_values(node: LexborNode) -> dict[str, Any]:
    """The element's ``dj-value-*`` params: ``dj-value-item-id:int="4"`` → ``{"item_id": 4}``."""
    values: dict[str, Any] = {}
    for name, value in _attrs(node).items():
        if not name.startswith("dj-value-"):
            continue
        raw_key, hint = _split_hint(name[len("dj-value-") :])
        key = raw_key.replace("-", "_")
        if key not in _UNSAFE_KEYS:
            values[key] = _coerce(value, hint)
    return values


def typed_params(node: LexborNode) -> dict[str, Any]:
    """dj-click's params from the element: ``data-*``, then ``dj-params``, then ``dj-value-*``."""
    params: dict[str, Any] = {}
    for name, value in _attrs(node).items():
        if not name.startswith("data-") or name.startswith(
            ("data-liveview", "data-live-", "data-djust")
        ):
            continue
        if name in ("data-loading", "data-component-id"):
            continue
        raw_key, hint = _split_hint(name[len("data-") :])
        key = raw_key.replace("-", "_")
        if key.startswith("dj_"):
            key = key[3:]
        if key not in _UNSAFE_KEYS:
            params[key] = _coerce(value, hint)
    legacy = _get(node, "dj-params")
    if legacy:
        try:
            parsed = _json_parse(legacy)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            for key, value in parsed.items():
                if key not in _UNSAFE_KEYS and key not in params:
                    params[key] = value
    params.update(dj_values(node))
    return params


_IDENTIFIER = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]*\.[0-9]+|-?[0-9]+\.[0-9]*")
_ESCAPE = re.compile(r"\\([^\n\r\u2028\u2029])")
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r"}


def parse_handler(text: str) -> tuple[str, list[Any]]:
    """djust's ``handler('a', 1)`` syntax: the event name and the positional args."""
    text = _js_trim(text)
    paren = text.find("(")
    if paren == -1:
        return text, []
    name = _js_trim(text[:paren])
    if not _IDENTIFIER.fullmatch(name):
        return text, []
    close = text.rfind(")")
    if close < paren:
        return text, []
    inner = _js_trim(text[paren + 1 : close])
    return name, _parse_arguments(inner) if inner else []


def _parse_arguments(text: str) -> list[Any]:
    args: list[Any] = []
    current: list[str] = []
    quote_char: str | None = None
    i = 0
    while i < len(text):
        char = text[i]
        if quote_char is not None:
            if char == "\\" and i + 1 < len(text):
                current.append(text[i : i + 2])
                i += 2
                continue
            if char == quote_char:
                quote_char = None
            current.append(char)
        elif char in "'\"":
            quote_char = char
            current.append(char)
        elif char == ",":
            _append_argument(args, "".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    _append_argument(args, "".join(current))
    return args


def _append_argument(args: list[Any], raw: str) -> None:
    value = _js_trim(raw)
    if not value:
        return  # empty pieces are dropped: f(1,,2) sends [1, 2]
    if len(value) >= 1 and value[0] in "'\"" and value.endswith(value[0]):
        args.append(_ESCAPE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(1)), value[1:-1]))
    elif value in ("true", "false"):
        args.append(value == "true")
    elif value == "null":
        args.append(None)
    elif _INTEGER.fullmatch(value) or _DECIMAL.fullmatch(value):
        args.append(_json_number(float(value)))
    else:
        args.append(value)  # anything else is sent as the raw text


def _add_context(params: dict[str, Any], node: LexborNode) -> None:
    """component_id / view_id of the nearest component or embedded view (up to <body>)."""
    chain = list(_self_and_ancestors(node))
    chain = chain[: next((i for i, n in enumerate(chain) if n.tag == "body"), len(chain))]
    # An empty attribute does not count (01-dom-helpers-turbo.js:15 tests it for truth).
    component = next(
        (_get(n, "data-component-id") for n in chain if _get(n, "data-component-id")), None
    )
    if component:
        params["component_id"] = component
    view = next(
        (_get(n, "data-djust-embedded") for n in chain if _get(n, "data-djust-embedded")), None
    )
    if view:
        params["view_id"] = view


def _frame(
    name: str,
    params: dict[str, Any],
    binding: str,
    element: LexborNode,
    target: LexborNode,
    *,
    trigger: LexborNode | None,
) -> EventFrame:
    """Finish params as handleEvent does; ``trigger`` is its ``_targetElement`` (if any)."""
    params = {key: value for key, value in params.items() if value is not _UNDEFINED}
    if trigger is not None:
        for ancestor in _self_and_ancestors(trigger):
            if (
                _has(ancestor, "data-djust-activity")
                and _has(ancestor, "hidden")
                and _get(ancestor, "data-djust-eager") != "true"
            ):
                raise DomEventError(
                    f"{describe(trigger)} is inside a hidden activity ({describe(ancestor)}): "
                    "djust's client drops its events"
                )
        activity = _closest_with(trigger, "data-djust-activity")
        if activity is not None and _get(activity, "data-djust-activity"):
            params["_activity"] = _get(activity, "data-djust-activity")
    return EventFrame(
        name=name,
        params=params,
        binding=binding,
        element=element,
        target=target,
        confirm=_get(element, "dj-confirm") or None,
    )


def _refuse_locked(node: LexborNode, binding: str) -> None:
    if _has(node, "dj-lock") and _has(node, "data-djust-locked"):
        raise DomEventError(
            f"{describe(node)} is locked by dj-lock until djust answers its last event: "
            f"the browser drops this {binding}"
        )


# ------------------------------------------------------------------ events


def event_for(
    element: LexborNode, kind: str, *, value: str | None = None, key: str | None = None
) -> list[EventFrame]:
    """The frames djust's client sends when the user does ``kind`` on ``element``.

    ``element`` is the event's target: what the user clicks, the control that
    changes or is typed into, the focused element for keys. The binding is
    found from there outward, as djust's delegation does. A list because a
    key press fires every matching ``dj-keydown``/``dj-keyup`` binding (and a
    JS Commands chain may push several events); it is never empty: where the
    browser would send nothing this raises ``DomEventError``.

    ``value`` is the target's new ``.value`` when the caller has not written
    it into the page (a select must have a matching option; checkboxes and
    radios have no typed value: toggle them in the page). ``key`` is the
    ``KeyboardEvent.key`` of a keydown/keyup (``"Enter"``, ``"a"``, ``" "``);
    a keydown's ``value`` is the field's text before the key takes effect.

    A click on a submit button without a dj-click submits its form: the
    frame is then ``submit_event(form, submitter=button)``'s.
    """
    if kind not in KINDS:
        hint = " (use submit_event(form))" if kind == "submit" else ""
        raise DomEventError(
            f"unknown event kind {kind!r}{hint}; expected one of {', '.join(KINDS)}"
        )
    if key is not None and kind not in ("keydown", "keyup"):
        raise DomEventError(f"key= is for keydown and keyup, not {kind}")
    if kind in ("keydown", "keyup"):
        if key is None:
            raise DomEventError(f"{kind} needs key=, the KeyboardEvent.key pressed (e.g. 'Enter')")
        _check_key(key)
    overlay = _Overlay()
    if value is not None:
        if kind == "click":
            raise DomEventError(
                "value= is for change, input, blur, focus and key events, not click"
            )
        _set_value(element, value, overlay)
    if kind == "click":
        return _click(element)
    if kind in ("change", "input"):
        return [_field_event(element, kind, overlay)]
    if kind in ("blur", "focus"):
        return [_focus_event(element, kind, overlay)]
    assert key is not None
    return _key_events(element, kind, key, overlay)


def _set_value(node: LexborNode, value: str, overlay: _Overlay) -> None:
    if not isinstance(value, str):
        raise DomEventError(f"value= takes the text the user entered, got {value!r}")
    if node.tag == "input" and _input_type(node) in ("checkbox", "radio"):
        raise DomEventError(
            f"{describe(node)} has no value the user types: check or uncheck it in the page "
            "instead of passing value="
        )
    if node.tag == "select":
        for option in _options(node):
            if _option_value(option) == value and _disabled_reason(option) is None:
                overlay.selected[node.mem_id] = {option.mem_id}
                return
        raise DomEventError(
            f"{describe(node)} has no option {value!r} a user can pick; its options are "
            f"{_describe_options(node)}"
        )
    if node.tag == "textarea" or (
        node.tag == "input" and _input_type(node) not in _BUTTON_TYPES | {"hidden", "file"}
    ):
        overlay.values[node.mem_id] = value
        return
    raise DomEventError(f"{describe(node)} has no value a user can set")


def _describe_options(select: LexborNode) -> str:
    shown = [
        repr(_option_value(o)) + (" (disabled)" if _disabled_reason(o) else "")
        for o in _options(select)
    ]
    return ", ".join(shown) or "none"


def _refuse_disabled(node: LexborNode, action: str) -> None:
    """Refuse an action on a disabled control, or on anything inside one."""
    for ancestor in _self_and_ancestors(node):
        reason = _disabled_reason(ancestor) if ancestor.tag in _FORM_CONTROLS else None
        if reason is None:
            continue
        if _same(ancestor, node):
            raise DomEventError(f"{describe(node)} {reason}: a browser sends it no {action}")
        raise DomEventError(
            f"{describe(node)} is inside {describe(ancestor)}, which {reason}: a browser "
            f"sends no {action}"
        )


def _click(target: LexborNode) -> list[EventFrame]:
    _refuse_disabled(target, "click")
    copier = _closest_with(target, "dj-copy")
    if copier is not None:
        return _copy(copier, target)
    element = _closest_with(target, "dj-click")
    if element is None:
        button = _activated_submit_button(target)
        if button is not None:
            owner = _form_owner(button)
            if owner is not None:
                return [submit_event(owner, submitter=button)]
        raise DomEventError(f"{describe(target)} has no dj-click (nor has any ancestor)")
    _refuse_locked(element, "click")
    raw = _get(element, "dj-click") or ""
    chain = _command_chain(raw)
    if chain is not None:
        return _push_frames(chain, element, target)
    name, args = parse_handler(raw)
    params = typed_params(element)
    if args:
        params["_args"] = args
    _add_context(params, element)
    return [_frame(name, params, "dj-click", element, target, trigger=element)]


def _activated_submit_button(target: LexborNode) -> LexborNode | None:
    """The submit button a click on ``target`` activates, if its default is not prevented."""
    for node in _self_and_ancestors(target):
        if node.tag in ("button", "input", "label", "summary") or (
            node.tag in ("a", "area") and _has(node, "href")
        ):
            return node if _is_submit_button(node) else None
    return None


def _command_chain(raw: str) -> list[Any] | None:
    """The ops of a JS Commands chain (a JSON array of arrays), or None for an event name."""
    text = _js_trim(raw)
    if not text.startswith("["):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    if isinstance(parsed, list) and parsed and isinstance(parsed[0], list):
        return parsed
    return None


def _push_frames(chain: list[Any], element: LexborNode, target: LexborNode) -> list[EventFrame]:
    frames = []
    for op in chain:
        if not (isinstance(op, list) and op and op[0] == "push"):
            continue
        args = op[1] if len(op) > 1 and isinstance(op[1], dict) else {}
        event = args.get("event")
        if not event:
            continue
        params = dict(_js_json(args.get("value"))) if isinstance(args.get("value"), dict) else {}
        if args.get("target"):
            params["_target"] = args["target"]
        frames.append(_frame(str(event), params, "dj-click push", element, target, trigger=None))
    if not frames:
        ops = ", ".join(str(op[0]) for op in chain if isinstance(op, list) and op) or "none"
        raise DomEventError(
            f"dj-click on {describe(element)} is a JS Commands chain that runs in the browser "
            f"and pushes no event (ops: {ops}); djust_testing does not emulate it"
        )
    return frames


def _copy(copier: LexborNode, target: LexborNode) -> list[EventFrame]:
    text = _get(copier, "dj-copy") or ""
    event = _get(copier, "dj-copy-event")
    if not text or not event:
        raise DomEventError(
            f"a click on {describe(target)} is taken by dj-copy on {describe(copier)}, which "
            "copies in the browser and sends no event (no dj-copy-event)"
        )
    if text[0] in "#.[":
        try:
            found = _document_root(copier).css_first(text)
        except Exception:
            found = None  # an invalid selector is copied as written
        if found is not None:
            text = found.text(deep=True) or ""
    return [_frame(event, {"text": text}, "dj-copy-event", copier, target, trigger=None)]


def _field_event(target: LexborNode, kind: str, overlay: _Overlay) -> EventFrame:
    editable = target.tag in ("select", "textarea") or (
        target.tag == "input" and _input_type(target) not in {"hidden"} | _BUTTON_TYPES
    )
    if not editable and not (kind == "input" and _is_editing_host(target)):
        where = (
            "input, select, textarea and contenteditable elements"
            if kind == "input"
            else ("input, select and textarea")
        )
        raise DomEventError(
            f"{describe(target)} cannot be {'changed' if kind == 'change' else 'typed into'} "
            f"by a user: {kind} events fire on {where}"
        )
    if target.tag == "input" and _input_type(target) == "file":
        raise DomEventError(
            f"{describe(target)} is a file input: choosing files goes through djust's upload "
            "pipeline, which this does not emulate"
        )
    _refuse_disabled(target, f"{kind} event")
    if _has(target, "readonly") and (
        target.tag == "textarea" or _input_type(target) in _READONLY_TYPES
    ):
        raise DomEventError(f"{describe(target)} is readonly: a user cannot change it")
    directive = f"dj-{kind}"
    element, name, args = _binding(target, directive, kind)
    if kind == "change" and target.tag == "input" and _input_type(target) == "checkbox":
        sent: Any = _is_checked(target, overlay)
    else:
        sent = _value(target, overlay)
    params = _form_event_params(target, sent)
    if args:
        params["_args"] = args
    params["_target"] = _target_name(target)
    # dj-change hands its target to handleEvent, so _activity applies (09-event-binding.js:978);
    # dj-input, dj-blur and dj-focus hand it nothing.
    return _frame(
        name, params, directive, element, target, trigger=target if kind == "change" else None
    )


def _binding(target: LexborNode, directive: str, kind: str) -> tuple[LexborNode, str, list[Any]]:
    """The nearest ``directive`` from ``target`` outward (refused when locked), and its handler."""
    element = _closest_with(target, directive)
    if element is None:
        raise DomEventError(f"{describe(target)} has no {directive} (nor has any ancestor)")
    _refuse_locked(element, f"{kind} event")
    name, args = parse_handler(_get(element, directive) or "")
    return element, name, args


def _form_event_params(target: LexborNode, value: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"value": value, "field": _field_name(target)}
    params.update(dj_values(target))  # the target's, not the binding's (09-event-binding.js:713)
    _add_context(params, target)
    return params


def _focus_event(target: LexborNode, kind: str, overlay: _Overlay) -> EventFrame:
    if not _is_focusable(target):
        raise DomEventError(_unfocusable(target, kind))
    directive = f"dj-{kind}"
    element, name, args = _binding(target, directive, kind)
    params = _form_event_params(target, _value(target, overlay))
    if args:
        params["_args"] = args
    return _frame(name, params, directive, element, target, trigger=None)


def _unfocusable(target: LexborNode, kind: str) -> str:
    reason = _disabled_reason(target)
    if reason is not None:
        return f"{describe(target)} {reason}, so it cannot take focus: no {kind} event"
    return (
        f"{describe(target)} cannot take focus, so it gets no {kind} event: only form "
        "controls, links and elements with tabindex or contenteditable can"
    )


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


def _check_key(key: str) -> None:
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


def _key_events(target: LexborNode, kind: str, key: str, overlay: _Overlay) -> list[EventFrame]:
    if not _is_focusable(target):
        raise DomEventError(_unfocusable(target, kind))
    directive = f"dj-{kind}"
    bindings = [
        (node, name)
        for node in _self_and_ancestors(target)
        for name in node.attributes
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
        handler = _get(node, name)
        if not handler:
            continue  # an empty binding sends nothing
        if _has(node, "dj-lock"):
            # The first binding to fire locks its element; later ones on it are dropped.
            if _has(node, "data-djust-locked") or node.mem_id in locked:
                continue
            locked.add(node.mem_id)
        params: dict[str, Any] = {
            "key": key,
            "code": key_code(key),
            "value": _value(target, overlay),
            "field": _field_name(target),
        }
        params.update(dj_values(node))  # the binding element's
        _add_context(params, target)
        # The handler text is the event name as written (09-event-binding.js:1230).
        frames.append(_frame(handler, params, name, node, target, trigger=target))
    if not frames:
        found = ", ".join(f"{name} on {describe(node)}" for node, name in bindings)
        raise DomEventError(
            f"pressing {key!r} in {describe(target)} fires no {directive} binding: "
            + (f"found {found}" if found else f"there is no {directive} on it or its ancestors")
        )
    return frames


# ------------------------------------------------------------------- forms

_DataValue = Any


def form_values(form: LexborNode) -> dict[str, Any]:
    """The form's data as dj-submit sends it: ``Object.fromEntries(new FormData(form))``.

    HTML's rules: controls whose form owner is ``form`` (a ``form="id"``
    attribute moves a control in or out), checked boxes and radios only
    (``"on"`` without a value), selected options that are not disabled,
    disabled controls and those in a disabled fieldset left out, buttons
    left out, nameless controls left out, a file input as ``{}``. On a
    repeated name the last value wins, so a multiple select sends its last
    selected option.
    """
    _require_form(form, "form_values")
    return dict(_form_entries(form, _NO_OVERLAY))


def _require_form(form: LexborNode, action: str) -> None:
    if form.tag != "form":
        raise DomEventError(f"{action} needs a <form>, got {describe(form)}")


def _listed_controls(form: LexborNode) -> list[LexborNode]:
    """The controls whose form owner is ``form``, in tree order."""
    return [
        e
        for e in _elements(_document_root(form))
        if e.tag in _FORM_CONTROLS and _same(_form_owner(e), form)
    ]


def _form_entries(form: LexborNode, overlay: _Overlay) -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    for control in _listed_controls(form):
        if _disabled_reason(control) is not None or _is_button(control):
            continue
        if any(a.tag == "datalist" for a in _self_and_ancestors(control.parent)):
            continue
        kind = _control_type(control)
        if kind in ("checkbox", "radio") and not _is_checked(control, overlay):
            continue
        name = _get(control, "name")
        if not name:
            continue
        if control.tag == "select":
            entries.extend(
                (name, _option_value(o))
                for o in _selected_options(control, overlay)
                if _disabled_reason(o) is None
            )
        elif kind == "file":
            entries.append((name, {}))  # a File serializes to {} in JSON
        elif kind == "hidden" and name.lower() == "_charset_":
            entries.append((name, "UTF-8"))
        else:
            entries.append((name, _value(control, overlay)))
        dirname = _get(control, "dirname")
        if dirname and kind in ("text", "search", "textarea"):
            entries.append((dirname, _direction(control)))
    return entries


def _direction(node: LexborNode) -> str:
    for ancestor in _self_and_ancestors(node):
        direction = (_get(ancestor, "dir") or "").lower()
        if direction in ("ltr", "rtl"):
            return direction
    return "ltr"


def submit_event(
    form: LexborNode,
    data: Mapping[str, _DataValue] | None = None,
    *,
    submitter: LexborNode | None = None,
) -> EventFrame:
    """The frame of a ``dj-submit`` on ``form``, with ``data`` filled in first.

    ``submitter`` is the submit button clicked; its ``name`` (else its
    ``id``) becomes ``_target``. Without one, the user pressed Enter: the
    form's default button (its first submit button) is the submitter, and a
    form without one submits only if it has at most one text-like field.
    ``data`` maps field names to what the user enters (see ``_fill``).
    """
    _require_form(form, "submit_event")
    element = _closest_with(form, "dj-submit")
    if element is None:
        raise DomEventError(
            f"{describe(form)} has no dj-submit (nor has any ancestor): the browser would "
            "submit it natively, not to djust"
        )
    if not _same(element, form):
        raise DomEventError(
            f"dj-submit is on {describe(element)}, not on the form: djust's client fails to "
            "read form data from it and sends nothing"
        )
    _refuse_locked(form, "submit")
    overlay = _fill(_listed_controls(form), data, form)
    button = _submitter(form, submitter)
    params: dict[str, Any] = dict(_form_entries(form, overlay))
    params.update(dj_values(form))
    _add_context(params, form)
    params["_target"] = _target_name(button) if button is not None else None
    # The dj-submit value is the event name as written, no (args) parsing (09-event-binding.js:941).
    return _frame(_get(form, "dj-submit") or "", params, "dj-submit", form, form, trigger=form)


def _submitter(form: LexborNode, submitter: LexborNode | None) -> LexborNode | None:
    if submitter is not None:
        if not _is_submit_button(submitter):
            raise DomEventError(
                f"submitter {describe(submitter)} is not a submit button (a <button> of type "
                "submit, or an <input> of type submit or image)"
            )
        if not _same(_form_owner(submitter), form):
            raise DomEventError(
                f"submitter {describe(submitter)} does not belong to {describe(form)}"
            )
        _refuse_disabled(submitter, "click")
        _refuse_prevented(submitter, "its click does not submit the form")
        return submitter
    buttons = [c for c in _listed_controls(form) if _is_submit_button(c)]
    if buttons:
        default = buttons[0]
        if _disabled_reason(default) is not None:
            raise DomEventError(
                f"pressing Enter in {describe(form)} does nothing: its default button "
                f"{describe(default)} {_disabled_reason(default)}"
            )
        # Enter clicks the default button, so whatever takes that click takes the submit.
        _refuse_prevented(default, "pressing Enter clicks it, which does not submit the form")
        return default
    blocking = [
        c for c in _listed_controls(form) if c.tag == "input" and _input_type(c) in _BLOCKING_TYPES
    ]
    if len(blocking) > 1:
        raise DomEventError(
            f"{describe(form)} has no submit button and {len(blocking)} text fields: pressing "
            "Enter does not submit it in a browser"
        )
    return None


def _refuse_prevented(button: LexborNode, consequence: str) -> None:
    """Refuse a submit through ``button`` when a djust listener cancels its click."""
    for directive in ("dj-copy", "dj-click"):
        holder = _closest_with(button, directive)
        if holder is not None:
            raise DomEventError(
                f"{directive} on {describe(holder)} takes the click on {describe(button)}: "
                f"{consequence}; send event_for(button, 'click') instead"
            )
    for holder in _self_and_ancestors(button):
        patches = _has(holder, "dj-patch") and holder.tag not in ("select", "input")
        if not patches and not _get(holder, "dj-navigate"):
            continue
        raise DomEventError(
            f"{describe(holder)} navigates on the click on {describe(button)}: {consequence}; "
            "use link_navigation(button, url) instead"
        )


def form_change_event(
    form: LexborNode, field: str | None = None, data: Mapping[str, _DataValue] | None = None
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
            raise DomEventError("form_change_event needs field=, or data= naming exactly one field")
        field = next(iter(data))
    if data and set(data) != {field}:
        others = ", ".join(sorted(set(data) - {field}))
        raise DomEventError(
            f"form_change_event sends one field's change ({field!r}); data= also names {others}"
        )
    controls = [e for e in _elements(form) if e.tag in _FORM_CONTROLS and not _same(e, form)]
    group = [c for c in controls if _get(c, "name") == field and not _is_button(c)]
    if not group:
        raise DomEventError(
            f"{describe(form)} has no field named {field!r}; its fields: "
            f"{_describe_fields(controls)}"
        )
    overlay = _fill(controls, data, form)
    return _field_event(_changed_control(group, data, overlay, field), "change", overlay)


def _changed_control(
    group: list[LexborNode], data: Mapping[str, Any] | None, overlay: _Overlay, field: str
) -> LexborNode:
    if len(group) == 1:
        return group[0]
    if all(_control_type(c) == "radio" for c in group):
        checked = [c for c in group if _is_checked(c, overlay)]
        if checked:
            return checked[-1]
    elif data is not None and all(_control_type(c) == "checkbox" for c in group):
        flipped = [c for c in group if _is_checked(c, overlay) != _is_checked(c, _NO_OVERLAY)]
        if len(flipped) == 1:
            return flipped[0]
    raise DomEventError(
        f"{len(group)} fields are named {field!r}; say which one changed with "
        "event_for(control, 'change')"
    )


def _describe_fields(controls: list[LexborNode]) -> str:
    kinds: dict[str, list[str]] = {}
    for control in controls:
        name = _get(control, "name")
        if not name or _is_button(control):
            continue
        kind = _control_type(control)
        if control.tag == "select":
            kind = f"select: {_describe_options(control)}"
        elif kind in ("checkbox", "radio"):
            kind = f"{kind} {_value(control, _NO_OVERLAY)!r}"
        if _disabled_reason(control) is not None:
            kind += ", disabled"
        kinds.setdefault(name, []).append(kind)
    return ", ".join(f"{name} ({'; '.join(k)})" for name, k in kinds.items()) or "none"


def _fill(
    controls: list[LexborNode], data: Mapping[str, _DataValue] | None, form: LexborNode
) -> _Overlay:
    """The overlay ``data`` puts over the page, refused where a user could not enter it.

    A text field or textarea takes a string (several of one name: a list);
    a checkbox ``True``/``False``, or the value(s) to check among those of
    its name; a radio group the value to pick; a select an option's value
    (a multiple select: a list of them). Hidden, disabled, readonly and file
    fields cannot be filled.
    """
    overlay = _Overlay()
    if data is None:
        return overlay
    if not isinstance(data, Mapping):
        raise DomEventError(f"data= takes a mapping of field names to values, got {data!r}")
    for name, wanted in data.items():
        group = [c for c in controls if _get(c, "name") == name]
        if not group:
            raise DomEventError(
                f"{describe(form)} has no field named {name!r}; its fields: "
                f"{_describe_fields(controls)}"
            )
        editable = [c for c in group if _fill_refusal(c) is None]
        if not editable:
            raise DomEventError(
                f"cannot fill {name!r}: {describe(group[0])} {_fill_refusal(group[0])}"
            )
        kinds = {_control_type(c) for c in editable}
        if kinds == {"checkbox"}:
            _fill_checkboxes(editable, name, wanted, overlay)
        elif kinds == {"radio"}:
            _fill_radios(editable, name, wanted, overlay)
        elif len(editable) == 1 and editable[0].tag == "select":
            _fill_select(editable[0], name, wanted, overlay)
        elif not kinds & {"checkbox", "radio", "select-one", "select-multiple"}:
            texts = [_text_value(name, v) for v in _as_list(wanted, len(editable), name)]
            for control, text in zip(editable, texts, strict=True):
                overlay.values[control.mem_id] = text
        else:
            raise DomEventError(
                f"{name!r} names fields of different kinds ({', '.join(sorted(kinds))}); "
                "fill them in the page instead"
            )
    return overlay


def _fill_refusal(control: LexborNode) -> str | None:
    reason = _disabled_reason(control)
    if reason is not None:
        return reason
    kind = _control_type(control)
    if _is_button(control):
        return "is a button: pass it as submitter= instead"
    if kind == "hidden":
        return "is a hidden input: a user cannot change it"
    if kind == "file":
        return "is a file input: uploads are not emulated"
    if _has(control, "readonly") and (kind == "textarea" or kind in _READONLY_TYPES):
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
        return _js_number_text(float(wanted))
    raise DomEventError(f"{name!r} is a text field: give a string, got {wanted!r}")


def _fill_checkboxes(boxes: list[LexborNode], name: str, wanted: Any, overlay: _Overlay) -> None:
    values = [_value(b, _NO_OVERLAY) for b in boxes]
    if isinstance(wanted, bool):
        if len(boxes) != 1:
            raise DomEventError(
                f"{len(boxes)} checkboxes are named {name!r}: give the values to check "
                f"(of {values!r}), not {wanted!r}"
            )
        overlay.checked[boxes[0].mem_id] = wanted
        return
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
    for box, value in zip(boxes, values, strict=True):
        overlay.checked[box.mem_id] = value in chosen


def _fill_radios(radios: list[LexborNode], name: str, wanted: Any, overlay: _Overlay) -> None:
    values = [_value(r, _NO_OVERLAY) for r in radios]
    if not isinstance(wanted, str) or wanted not in values:
        raise DomEventError(
            f"{name!r} is a radio group: give one of {values!r}, got {wanted!r} (a user "
            "cannot uncheck a radio)"
        )
    chosen = radios[values.index(wanted)]
    for radio in _radio_group(chosen):
        overlay.checked[radio.mem_id] = _same(radio, chosen)


def _fill_select(select: LexborNode, name: str, wanted: Any, overlay: _Overlay) -> None:
    multiple = _has(select, "multiple")
    chosen = [wanted] if isinstance(wanted, str) or not multiple else wanted
    if not isinstance(chosen, (list, tuple, set, frozenset)) or not all(
        isinstance(v, str) for v in chosen
    ):
        expected = "a list of option values" if multiple else "an option value"
        raise DomEventError(f"{name!r} is a select: give {expected}, got {wanted!r}")
    pickable = {
        _option_value(o): o for o in reversed(_options(select)) if _disabled_reason(o) is None
    }
    missing = [v for v in chosen if v not in pickable]
    if missing:
        raise DomEventError(
            f"{describe(select)} has no option {missing[0]!r} a user can pick; its options "
            f"are {_describe_options(select)}"
        )
    overlay.selected[select.mem_id] = {pickable[v].mem_id for v in chosen}


# -------------------------------------------------------------- navigation

_DEFAULT_ORIGIN = "http://testserver"


def link_navigation(
    element: LexborNode,
    current_url: str,
    *,
    value: str | None = None,
    auto_navigate: bool = True,
) -> Navigation | None:
    """Where a click on ``element`` takes the page (a change, for a select or input with dj-patch).

    ``dj-patch``: the target's query params are set over the current URL's
    (a merge); a value starting with ``/`` also replaces the path;
    ``dj-patch-reload`` makes it a full load. On a select or input the
    ``{value}`` placeholder takes its (new) value. ``dj-navigate``: a
    live_redirect to the attribute, resolved against the origin. Otherwise a
    plain ``<a href>``: djust's auto-navigate (on unless
    ``LIVEVIEW_CONFIG["auto_navigate"]`` is False; pass ``auto_navigate``)
    turns a same-path link into a patch to its exact query and any other
    same-origin link into a redirect. A ``#hash`` link within the page is a
    patch to the current query: the browser fires popstate and djust answers
    with a url_change. None when the page does not navigate (no link, a
    dj-click or dj-copy takes the click, a new-tab or download link).

    The dj-patch and dj-navigate listeners run before dj-click's, so an
    element with both navigates and then sends ``event_for(element, 'click')``.
    """
    base, absolute = _absolute_url(current_url)
    patcher = _closest_with(element, "dj-patch")
    if patcher is not None and patcher.tag in ("select", "input"):
        overlay = _Overlay()
        if value is not None:
            _set_value(patcher, value, overlay)
        _refuse_disabled(patcher, "change")
        chosen = _value(patcher, overlay)
        raw = (_get(patcher, "dj-patch") or "").replace(
            "{value}", quote(chosen, safe="!*'()", encoding="utf-8", errors="surrogatepass")
        )
        return _patch(patcher, raw, base, absolute)
    if value is not None:
        raise DomEventError("value= is for a select or input with dj-patch")
    _refuse_disabled(element, "click")
    navigator = next((n for n in _self_and_ancestors(element) if _get(n, "dj-navigate")), None)
    if patcher is not None and navigator is not None and _same(patcher, navigator):
        raise DomEventError(
            f"{describe(patcher)} has both dj-patch and dj-navigate: both run, which is "
            "not emulated"
        )
    first = _nearest(patcher, navigator)
    if first is None:
        return _plain_link(element, base, absolute, auto_navigate)
    if patcher is not None and _same(first, patcher):
        raw = _get(patcher, "dj-patch") or ""
        if not raw and patcher.tag == "a":
            raw = _get(patcher, "href") or ""
        return _patch(patcher, raw, base, absolute)
    return _redirect(_get(first, "dj-navigate") or "", base, absolute, "dj-navigate")


def _nearest(*nodes: LexborNode | None) -> LexborNode | None:
    """The deepest of nodes on one ancestor chain."""
    found = [n for n in nodes if n is not None]
    if not found:
        return None
    return max(found, key=lambda n: sum(1 for _ in _self_and_ancestors(n)))


def _absolute_url(current_url: str) -> tuple[str, bool]:
    parts = urlsplit(current_url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return current_url, True
    if current_url.startswith("/") and not current_url.startswith("//"):
        return _DEFAULT_ORIGIN + current_url, False
    raise DomEventError(
        "current_url must be a path such as '/items/?page=2' or an http(s) URL, "
        f"got {current_url!r}"
    )


def _resolve(reference: str, base: str) -> str:
    """``new URL(reference, base)``, for the URLs a page holds."""
    reference = reference.strip("".join(map(chr, range(0x21))))
    reference = re.sub(r"[\t\n\r]", "", reference).replace("\\", "/")
    resolved = urlsplit(urljoin(base, reference))
    # WHATWG's path percent-encode set: controls, space, non-ASCII and "#<>?`{}.
    path = quote(resolved.path or "/", safe="!$%&'()*+,-./:;=@[]^_|~")
    return urlunsplit((resolved.scheme, resolved.netloc, path, resolved.query, resolved.fragment))


def _shown(url: str, absolute: bool) -> str:
    """``url`` in the form the caller gave the current URL in."""
    if not absolute and url.startswith(_DEFAULT_ORIGIN + "/"):
        return url[len(_DEFAULT_ORIGIN) :]
    return url


def _query_pairs(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=True)


def _urlencode(pairs: list[tuple[str, str]]) -> str:
    """The application/x-www-form-urlencoded serializer URLSearchParams uses."""

    def encode(text: str) -> str:
        return quote(text, safe="*", encoding="utf-8").replace("%20", "+").replace("~", "%7E")

    return "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs)


def _uri(parts: SplitResult) -> str:
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _patch(element: LexborNode, raw: str, base: str, absolute: bool) -> Navigation:
    current = urlsplit(base)
    target = urlsplit(_resolve(raw, base))
    pairs = _query_pairs(current.query)
    query = current.query
    updates = _query_pairs(target.query)
    for key, new in updates:
        # URLSearchParams.set: the first pair of that name takes the value, the others go.
        position = next((i for i, (k, _v) in enumerate(pairs) if k == key), None)
        pairs = [(k, v) for i, (k, v) in enumerate(pairs) if k != key or i == position]
        if position is None:
            pairs.append((key, new))
        else:
            pairs[position] = (key, new)
    if updates:
        query = _urlencode(pairs)  # any set() re-serializes the whole query
    # Only a value starting with "/" moves the path (18-navigation.js:492).
    path = target.path if raw.startswith("/") else current.path
    new_url = urlunsplit((current.scheme, current.netloc, path, query, current.fragment))
    parts = urlsplit(new_url)
    params = dict(_query_pairs(parts.query))
    kind = "load" if _has(element, "dj-patch-reload") else "patch"
    return Navigation(kind, _shown(new_url, absolute), path, params, _uri(parts), "dj-patch")


def _origin(parts: SplitResult) -> tuple[str, str]:
    return parts.scheme, parts.netloc


def _redirect(raw: str, base: str, absolute: bool, binding: str) -> Navigation | None:
    # handleLiveRedirect resolves against the origin, not the page (18-navigation.js:96).
    origin = urlunsplit((*_origin(urlsplit(base)), "/", "", ""))
    new_url = _resolve(raw, origin)
    parts = urlsplit(new_url)
    params = dict(_query_pairs(parts.query))
    if _origin(parts) != _origin(urlsplit(base)):
        if parts.scheme not in ("http", "https"):
            return None  # djust refuses javascript:, data: and the like
        return Navigation("load", new_url, parts.path, params, _uri(parts), binding)
    return Navigation(
        "redirect", _shown(new_url, absolute), parts.path, params, _uri(parts), binding
    )


def _plain_link(
    element: LexborNode, base: str, absolute: bool, auto_navigate: bool
) -> Navigation | None:
    link = next((n for n in _self_and_ancestors(element) if n.tag == "a" and _has(n, "href")), None)
    if link is None:
        return None
    if (
        _closest_with(element, "dj-copy") is not None
        or _closest_with(element, "dj-click") is not None
    ):
        return None  # djust's click handler cancels the link's default action
    if _has(link, "download"):
        return None
    target = _get(link, "target")
    if target and target not in ("_self", "_top", "_parent"):
        return None  # another window or tab
    url = _resolve(_get(link, "href") or "", base)
    parts, here = urlsplit(url), urlsplit(base)
    if parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:, javascript: leave the page as it is
    same_page = _origin(parts) == _origin(here) and (parts.path, parts.query) == (
        here.path,
        here.query,
    )
    if same_page and parts.fragment:
        if parts.fragment == here.fragment:
            return None
        # A jump within the page fires popstate, and djust answers that with a url_change.
        params = dict(_query_pairs(here.query))
        return Navigation("patch", _shown(url, absolute), here.path, params, _uri(here), "href")
    skip = (
        not auto_navigate
        or target not in (None, "", "_self")
        or any(_has(a, "data-no-navigate") for a in _self_and_ancestors(link))
        or "external" in (_get(link, "rel") or "").lower().split()
        or _origin(parts) != _origin(here)
    )
    params = dict(_query_pairs(parts.query))
    if skip:
        return Navigation("load", _shown(url, absolute), parts.path, params, _uri(parts), "href")
    if parts.path == here.path:
        # Same view: the link's exact query replaces the current one (no merge).
        return Navigation(
            "patch",
            _shown(_uri_url(base, parts), absolute),
            parts.path,
            params,
            _uri(parts),
            "href",
        )
    return _redirect(_uri(parts), base, absolute, "href")


def _uri_url(base: str, parts: SplitResult) -> str:
    return urlunsplit((*_origin(urlsplit(base)), parts.path, parts.query, ""))
