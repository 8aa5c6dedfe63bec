"""Checks of the arguments a test passes to the public API, with messages naming the misuse.

An argument of the wrong type would otherwise fail deep inside djust,
urllib or Python (``TypeError: expected string``), or, for an assertion, be
read as data and pass or fail for the wrong reason. Each check raises
``DjustTestingError`` saying which argument of which method was wrong and
what it takes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .exceptions import DjustTestingError


def _got(value: Any) -> str:
    return f"got {type(value).__name__} {value!r}"


def require_str(method: str, what: str, value: Any, hint: str = "") -> str:
    """``value`` if it is a ``str``; ``what`` names the argument, ``hint`` what it means."""
    if not isinstance(value, str):
        raise DjustTestingError(f"{method}() takes {what} as a str{hint}, {_got(value)}")
    return value


def require_optional_str(method: str, what: str, value: Any, hint: str = "") -> str | None:
    if value is None:
        return None
    return require_str(method, what, value, hint or " (or None)")


def require_optional_mapping(
    method: str, what: str, value: Any, hint: str = ""
) -> Mapping[str, Any] | None:
    """``value`` if it is a dict (any ``Mapping``) or None."""
    if value is not None and not isinstance(value, Mapping):
        raise DjustTestingError(f"{method}() takes {what} as a dict{hint}, {_got(value)}")
    return value


def require_not_none(method: str, what: str, value: Any, hint: str = "") -> Any:
    if value is None:
        raise DjustTestingError(f"{method}() takes {what}{hint}, got None")
    return value
