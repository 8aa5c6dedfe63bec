"""JavaScript's value rules, where djust's browser client turns page text into event params.

What the server receives has been through the browser's JSON encoding:
whole JavaScript numbers come out as ``int`` (``2.0`` is sent as ``2``),
NaN and Infinity as ``None``, and keys whose value is ``undefined`` are
left out.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

#: JavaScript's ``undefined``: JSON drops a key that holds it.
UNDEFINED: Any = object()

_JS_SPACE = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_JS_INT_PREFIX = re.compile(r"[+-]?[0-9]+")
_JS_FLOAT_PREFIX = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
#: A number as HTML's value sanitization accepts it ("valid floating-point number").
FLOAT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def js_trim(text: str) -> str:
    return text.strip(_JS_SPACE)


def js_split_list(text: str) -> list[str]:
    """A comma-separated list, each piece trimmed, empty pieces dropped."""
    return [piece.strip(_JS_SPACE) for piece in text.split(",") if piece.strip(_JS_SPACE)]


def parse_html_int(raw: str | None) -> int | None:
    """HTML's "rules for parsing integers" (tabindex, size, li value)."""
    if raw is None:
        return None
    match = re.match(r"[ \t\n\f\r]*([+-]?[0-9]+)", raw)
    return int(match.group(1)) if match else None


def json_number(number: float) -> int | float | None:
    """A JavaScript number as the server reads it after JSON."""
    if not math.isfinite(number):
        return None  # JSON.stringify writes NaN and Infinity as null
    if number.is_integer() and abs(number) < 1e21:
        return int(Decimal(repr(number)))  # JS prints whole numbers below 1e21 as integers
    return number


def number_text(number: float) -> str:
    """``String(number)`` in JavaScript."""
    as_json = json_number(number)
    return "NaN" if as_json is None else str(as_json) if isinstance(as_json, int) else repr(as_json)


def parse_int(text: str) -> int | float | None:
    """``parseInt(text)``, as the server reads it after JSON."""
    match = _JS_INT_PREFIX.match(text.lstrip(_JS_SPACE))
    return json_number(float(match.group())) if match else None


def parse_float(text: str) -> int | float | None:
    """``parseFloat(text)``, as the server reads it after JSON."""
    match = _JS_FLOAT_PREFIX.match(text.lstrip(_JS_SPACE))
    return json_number(float(match.group())) if match else None


#: The largest integer a JavaScript number holds exactly.
MAX_SAFE_INTEGER = 2**53


def through_json(value: Any) -> Any:
    """``value`` as the server reads it after the browser's ``JSON.stringify``.

    Numbers are JavaScript doubles: ``3.0`` arrives as ``3``, ``-0.0`` as
    ``0``, an integer beyond 2**53 loses its low digits, NaN and Infinity
    are ``null``. Object keys are strings. Raises ``TypeError`` naming a
    value JSON cannot carry.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        if abs(value) <= MAX_SAFE_INTEGER:
            return value
        try:
            return json_number(float(value))
        except OverflowError:
            return None  # beyond a double: Infinity, which JSON writes as null
    if isinstance(value, float):
        return 0 if value == 0 else json_number(value)
    if isinstance(value, (list, tuple)):
        return [through_json(item) for item in value]
    if isinstance(value, dict):
        return {_json_key(key): through_json(item) for key, item in value.items()}
    raise TypeError(f"{type(value).__name__} is not JSON")


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(key)  # the key JSON writes: "1", "true", "null"
    raise TypeError(f"a {type(key).__name__} key is not JSON")


def from_json(value: Any) -> Any:
    """A value JSON could carry, as it reaches the server from JavaScript."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return json_number(float(value))
    if isinstance(value, list):
        return [from_json(item) for item in value]
    return {key: from_json(item) for key, item in value.items()}


def json_parse(text: str) -> Any:
    """``JSON.parse``: raises ValueError where JavaScript would throw."""

    def no_constants(name: str) -> Any:
        raise ValueError(name)

    return from_json(json.loads(text, parse_constant=no_constants))


def js_string(value: Any) -> str:
    """``String(value)`` in the browser, for the values a frame's JSON can carry."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, (list, tuple)):
        return ",".join("" if item is None else js_string(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def coerce(value: str, hint: str | None) -> Any:
    """A ``data-x:hint`` / ``dj-value-x:hint`` attribute value, typed as djust does."""
    if hint in ("int", "integer"):
        return 0 if value == "" else parse_int(value)
    if hint in ("float", "number"):
        return 0 if value == "" else parse_float(value)
    if hint in ("bool", "boolean"):
        return value.lower() in ("true", "1", "yes", "on", "checked")
    if hint in ("json", "object", "array"):
        try:
            return json_parse(value)
        except ValueError:
            return value  # djust keeps the string when JSON.parse fails
    if hint == "list":
        return js_split_list(value)
    return value  # no hint, or one djust does not know


def split_hint(name: str) -> tuple[str, str | None]:
    key, colon, hint = name.rpartition(":")
    return (key, hint) if colon else (name, None)


# ------------------------------------------------------------ handler syntax

_IDENTIFIER = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]*\.[0-9]+|-?[0-9]+\.[0-9]*")
_ESCAPE = re.compile(r"\\([^\n\r\u2028\u2029])")
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r"}


def parse_handler(text: str) -> tuple[str, list[Any]]:
    """djust's ``handler('a', 1)`` syntax: the event name and the positional args."""
    text = js_trim(text)
    paren = text.find("(")
    if paren == -1:
        return text, []
    name = js_trim(text[:paren])
    if not _IDENTIFIER.fullmatch(name):
        return text, []
    close = text.rfind(")")
    if close < paren:
        return text, []
    inner = js_trim(text[paren + 1 : close])
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
    value = js_trim(raw)
    if not value:
        return  # empty pieces are dropped: f(1,,2) sends [1, 2]
    if value[0] in "'\"" and value.endswith(value[0]):
        args.append(_ESCAPE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(1)), value[1:-1]))
    elif value in ("true", "false"):
        args.append(value == "true")
    elif value == "null":
        args.append(None)
    elif _INTEGER.fullmatch(value) or _DECIMAL.fullmatch(value):
        args.append(json_number(float(value)))
    else:
        args.append(value)  # anything else is sent as the raw text
