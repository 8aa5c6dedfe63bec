"""Exact and partial matching of values, and failure messages that show the difference.

``mismatch`` and ``containment_mismatch`` return ``None`` when the values
match, otherwise one line saying where and how they differ, so callers can
build a message without comparing twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from typing import Any

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


def describe(value: Any) -> str:
    return f"{value!r} ({type(value).__name__})"


def _compatible_types(expected: Any, actual: Any) -> bool:
    # bool is an int to Python, but True is not 1 in a page's state.
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool)
    return isinstance(actual, type(expected)) or isinstance(expected, type(actual))


def mismatch(expected: Any, actual: Any, path: str = "") -> str | None:
    """Where ``actual`` differs from ``expected``, comparing types as well as values."""
    where = path or "value"
    if not _compatible_types(expected, actual):
        return f"{where}: expected {describe(expected)}, got {describe(actual)}"
    if isinstance(expected, Mapping):
        missing = [key for key in expected if key not in actual]
        extra = [key for key in actual if key not in expected]
        if missing or extra:
            return f"{where}: keys differ (missing {missing!r}, unexpected {extra!r})"
        for key, value in expected.items():
            found = mismatch(value, actual[key], f"{path}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(expected, (list, tuple)):
        if len(expected) != len(actual):
            return f"{where}: expected {len(expected)} items, got {len(actual)}"
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            found = mismatch(want, got, f"{path}[{index}]")
            if found:
                return found
        return None
    if expected != actual:
        return f"{where}: expected {describe(expected)}, got {describe(actual)}"
    return None


def containment_mismatch(expected: Any, actual: Any, path: str = "") -> str | None:
    """Where ``actual`` fails to contain ``expected``.

    Strings match by substring, mappings by recursive subset, lists, tuples
    and sets when every expected element is present (each matched to its own
    actual element); anything else by type-sensitive equality.
    """
    where = path or "value"
    if isinstance(expected, str):
        if not isinstance(actual, str):
            return f"{where}: expected a string containing {expected!r}, got {describe(actual)}"
        if expected not in actual:
            return f"{where}: {actual!r} does not contain {expected!r}"
        return None
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return f"{where}: expected a mapping containing {expected!r}, got {describe(actual)}"
        for key, value in expected.items():
            if key not in actual:
                return f"{where}: key {key!r} is missing (keys: {sorted(map(repr, actual))})"
            found = containment_mismatch(value, actual[key], f"{path}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(expected, (list, tuple, Set)):
        if isinstance(actual, (str, bytes, Mapping)) or not isinstance(actual, (Sequence, Set)):
            kind = type(expected).__name__
            return (
                f"{where}: expected a collection containing {kind} {expected!r}, "
                f"got {describe(actual)}"
            )
        unmatched = _unmatched_elements(list(expected), list(actual))
        if unmatched:
            return f"{where}: {actual!r} has no element matching {unmatched[0]!r}"
        return None
    return mismatch(expected, actual, path)


def _unmatched_elements(expected: list[Any], actual: list[Any]) -> list[Any]:
    """Expected elements left over by a maximum one-to-one matching (augmenting paths)."""
    fits = [
        [j for j, candidate in enumerate(actual) if containment_mismatch(want, candidate) is None]
        for want in expected
    ]
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    return [want for i, want in enumerate(expected) if not assign(i, set())]
