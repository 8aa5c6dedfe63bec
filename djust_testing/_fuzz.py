"""Event parameters built from a handler's type hints, and a page checked for reflected markup.

Every value is what a browser can send (JSON): a ``Decimal``, ``UUID`` or
date travels as a string, which djust coerces. For each handler there is a
well-typed call, a call with no parameters (a binding with no data), edge
values one parameter at a time, values of the wrong type one at a time (a
crafted client's), and a markup payload in every string parameter.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import inspect
import types
import typing
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ._browser.nodes import Element, parse

#: The word the markup payload carries, to be found where it lands on the page.
MARKER = "djxss7319"
#: A string that becomes markup wherever a page puts it unescaped: in text,
#: in a double- or single-quoted attribute, or an unquoted one.
PAYLOAD = (
    f"\"'><script>{MARKER}()</script><img src=x onerror={MARKER}()>"
    f'<a href="javascript:{MARKER}()">{MARKER}</a>'
)
#: A link a page must not take as it is: ``<a href="{{ url }}">`` escapes nothing here.
URL_PAYLOAD = f"javascript:{MARKER}()"


@dataclass(frozen=True)
class Case:
    """One call of a handler: what it tries, and the parameters sent."""

    label: str
    params: dict[str, Any]
    markup: bool = False  # the markup payload is in it: check the page for it


@dataclass(frozen=True)
class Parameter:
    name: str
    hint: Any
    required: bool


def parameters(handler: Callable[..., Any]) -> tuple[list[Parameter], bool]:
    """The handler's named parameters (``self`` left out), and whether it takes ``**kwargs``."""
    try:
        hints = typing.get_type_hints(handler)
    except Exception:
        hints = {}
    found: list[Parameter] = []
    takes_kwargs = False
    for name, parameter in inspect.signature(handler).parameters.items():
        if name == "self" or parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            takes_kwargs = True
            continue
        required = parameter.default is inspect.Parameter.empty
        found.append(Parameter(name, hints.get(name, Any), required))
    return found, takes_kwargs


def cases(handler: Callable[..., Any]) -> Iterator[Case]:
    """The calls the smoke test makes of ``handler``."""
    params, takes_kwargs = parameters(handler)
    typical = {p.name: _typical(p.hint) for p in params}
    yield Case("well-typed", dict(typical))
    if params:
        yield Case("no parameters", {})
    for param in params:
        for value in _edges(param.hint):
            yield Case(f"edge value for {param.name}", {**typical, param.name: value})
    for param in params:
        for value in _wrong(param.hint):
            yield Case(f"wrong type for {param.name}", {**typical, param.name: value})
    textual = [p.name for p in params if _takes_text(p.hint)]
    if takes_kwargs and "value" not in typical:
        textual.append("value")  # what dj-input and dj-change send
    if textual:
        where = ", ".join(textual)
        for label, payload in (("markup", PAYLOAD), ("a javascript: URL", URL_PAYLOAD)):
            yield Case(f"{label} in {where}", {**typical, **dict.fromkeys(textual, payload)}, True)


# ------------------------------------------------------------------ values


def _options(hint: Any) -> list[Any]:
    """The types of a union (``None`` left out), or the hint itself."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or isinstance(hint, types.UnionType):
        return [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return [hint]


def _optional(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin is typing.Union or isinstance(hint, types.UnionType):
        return type(None) in typing.get_args(hint)
    return hint is None or hint is type(None)


def _first(hint: Any) -> Any:
    options = _options(hint)
    return options[0] if options else Any


def _base(hint: Any) -> Any:
    first = _first(hint)
    return typing.get_origin(first) or first


def _takes_text(hint: Any) -> bool:
    return any((typing.get_origin(o) or o) in (str, Any) for o in _options(hint) or [Any])


def _typical(hint: Any) -> Any:
    base = _base(hint)
    if base is typing.Literal:
        return typing.get_args(_first(hint))[0]
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return next(iter(base)).value
    return _TYPICAL.get(base, "x")


def _edges(hint: Any) -> list[Any]:
    base = _base(hint)
    if base is typing.Literal:
        values = list(typing.get_args(_first(hint)))
    elif isinstance(base, type) and issubclass(base, enum.Enum):
        values = [member.value for member in base]
    else:
        values = list(_EDGES.get(base, ["", "x" * 5000]))
    return [None, *values] if _optional(hint) else values


def _wrong(hint: Any) -> list[Any]:
    base = _base(hint)
    if base is Any:
        return []
    if base is typing.Literal or (isinstance(base, type) and issubclass(base, enum.Enum)):
        values: list[Any] = ["not one of the choices"]
    else:
        values = list(_WRONG.get(base, ["not a value of this type", 0, []]))
    return values if _optional(hint) else [None, *values]


_TYPICAL: dict[Any, Any] = {
    str: "x",
    int: 1,
    float: 1.5,
    bool: True,
    decimal.Decimal: "1.50",
    uuid.UUID: str(uuid.UUID(int=1)),
    datetime.date: "2024-01-31",
    datetime.datetime: "2024-01-31T12:00:00",
    datetime.time: "12:00",
    list: [],
    tuple: [],
    set: [],
    dict: {},
}
_EDGES: dict[Any, list[Any]] = {
    str: ["", " ", "x" * 5000, "ünïcødé ✓ 𝄞", "0", "null"],
    int: [0, -1, 2**31, -(2**53)],
    float: [0.0, -1.0, 1e308],
    bool: [False],
    decimal.Decimal: ["0", "-1", "1e9", "0.001"],
    uuid.UUID: [str(uuid.UUID(int=0))],
    datetime.date: ["1900-01-01", "9999-12-31"],
    datetime.datetime: ["1970-01-01T00:00:00"],
    datetime.time: ["00:00", "23:59:59"],
    list: [[""], ["x"] * 100],
    tuple: [[""]],
    set: [[""]],
    dict: [{"": ""}],
}
_WRONG: dict[Any, list[Any]] = {
    str: [0, [], {}],
    int: ["not a number", "", 1.5, "1e3", [], True],
    float: ["not a number", "", "nan", []],
    bool: ["maybe", 2, []],
    decimal.Decimal: ["not a number", "", "NaN"],
    uuid.UUID: ["not-a-uuid", ""],
    datetime.date: ["not a date", "2024-02-30"],
    datetime.datetime: ["not a date"],
    datetime.time: ["25:00"],
    list: ["a,b", {}],
    tuple: ["a,b"],
    set: ["a,b"],
    dict: ["x", []],
}


# ------------------------------------------------------------------ markup


def reflected_markup(html: str) -> list[str]:
    """Where the payload became markup in ``html`` (a page's dj-root content), one line each."""
    root = Element("div")
    for node in parse(html):
        root.append(node)
    found: list[str] = []
    for element in root.elements():
        if element is root:
            continue
        if element.tag == "script" and MARKER in element.text_content:
            found.append(f"a <script> element: <script>{element.text_content}</script>")
        for name, value in element.attrs.items():
            if MARKER not in value and MARKER not in name:
                continue
            lowered = value.strip().lower()
            if name.startswith("on"):
                found.append(f'an event handler attribute: <{element.tag} {name}="{value}">')
            elif name in ("href", "src", "action", "formaction") and lowered.startswith(
                "javascript:"
            ):
                found.append(f'a javascript: URL: <{element.tag} {name}="{value}">')
    return found
