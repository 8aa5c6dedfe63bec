"""Exact and partial matching of values, and failure messages that show the difference.

Two rules, each a function returning ``None`` when the values match and
otherwise one line saying where and how they differ, so callers can build a
message without comparing twice.

``mismatch`` (exact): equal values of the same type at every depth.

* ``True`` is not ``1``: a bool matches only a bool; otherwise one type must
  be an instance of the other's (a ``SafeString`` is a ``str``), so a set is
  not a frozenset, a tuple not a list, ``Decimal("1")`` not ``1``.
* Dict keys and set elements too: Python's hashing treats ``True``, ``1`` and
  ``1.0`` as one key, so each expected key is paired with the actual key equal
  to it and the two are compared by this rule.
* A NaN matches a NaN.

``containment_mismatch`` (partial): an expected dict matches a dict that has
its keys with matching values; an expected list, tuple or set matches a
collection in which each expected element finds an element of its own that
is equal to it (exactly), or, for a dict or a collection, contains it by this
same rule. A string matches by substring only at the top of an expectation
(``label="shop"``); inside a dict or a collection it must be equal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence, Set
from typing import Any

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True

# How many elements a message lists.
_LISTED = 5


def describe(value: Any) -> str:
    return f"{value!r} ({type(value).__name__})"


def _compatible_types(expected: Any, actual: Any) -> bool:
    # bool is an int to Python, but True is not 1 in a page's state.
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool)
    return isinstance(actual, type(expected)) or isinstance(expected, type(actual))


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _is_collection(value: Any) -> bool:
    """A list, tuple, set or the like: not a string, bytes or a mapping."""
    return isinstance(value, (Sequence, Set)) and not isinstance(
        value, (str, bytes, bytearray, Mapping)
    )


def same(expected: Any, actual: Any) -> bool:
    return mismatch(expected, actual) is None


def mismatch(expected: Any, actual: Any, path: str = "") -> str | None:
    """Where ``actual`` differs from ``expected``, comparing types as well as values."""
    where = path or "value"
    if not _compatible_types(expected, actual):
        return f"{where}: expected {describe(expected)}, got {describe(actual)}"
    if _is_nan(expected) and _is_nan(actual):
        return None
    if isinstance(expected, Mapping):
        pairs, missing = _pair_keys(expected, actual)
        paired = {id(stored) for _key, stored in pairs}
        extra = [key for key in actual if id(key) not in paired]
        if missing or extra:
            return f"{where}: {_differ('keys', missing, extra)}"
        for key, stored in pairs:
            found = mismatch(expected[key], actual[stored], f"{path}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(expected, Set):
        missing, extra = _set_difference(expected, actual)
        if missing or extra:
            return f"{where}: {_differ('elements', missing, extra)}"
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


def containment_mismatch(
    expected: Any, actual: Any, path: str = "", *, top: bool = True
) -> str | None:
    """Where ``actual`` fails to contain ``expected`` (the rule in the module's docstring).

    ``top``: ``expected`` is the whole expected value of an attribute, where a
    string matches by substring.
    """
    where = path or "value"
    if isinstance(expected, str) and top:
        if not isinstance(actual, str):
            return f"{where}: expected a string containing {expected!r}, got {describe(actual)}"
        if expected not in actual:
            return f"{where}: {actual!r} does not contain {expected!r}"
        return None
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return f"{where}: expected a mapping containing {expected!r}, got {describe(actual)}"
        pairs, missing = _pair_keys(expected, actual)
        if missing:
            return f"{where}: {_missing_key(missing[0], actual)}"
        for key, stored in pairs:
            found = containment_mismatch(
                expected[key], actual[stored], f"{path}[{key!r}]", top=False
            )
            if found:
                return found
        return None
    if _is_collection(expected):
        if not _is_collection(actual):
            kind = type(expected).__name__
            return (
                f"{where}: expected a collection containing {kind} {expected!r}, "
                f"got {describe(actual)}"
            )
        missing, _extra = _unmatched_elements(list(expected), list(actual), _element_matches)
        if missing:
            want = missing[0]
            if any(_element_matches(want, candidate) for candidate in actual):
                return (
                    f"{where}: {actual!r} has no element left matching {describe(want)}: each "
                    "expected element needs an actual element of its own"
                )
            return f"{where}: {actual!r} has no element matching {describe(want)}"
        return None
    return mismatch(expected, actual, path)


def _element_matches(expected: Any, actual: Any) -> bool:
    """Whether an actual element is one an expected collection element finds."""
    if same(expected, actual):
        return True
    nested = (isinstance(expected, Mapping) and isinstance(actual, Mapping)) or (
        _is_collection(expected) and _is_collection(actual)
    )
    return nested and containment_mismatch(expected, actual, top=False) is None


# ------------------------------------------------------------------- pairing

_NONE = object()


def _pair_keys(
    expected: Mapping[Any, Any], actual: Mapping[Any, Any]
) -> tuple[list[tuple[Any, Any]], list[Any]]:
    """Each expected key with the actual key that is the same value of the same type; the rest.

    A dict holds one of ``True``, ``1`` and ``1.0``, which Python looks up as
    one key, so the key a lookup finds is compared by type as well.
    """
    stored = {key: key for key in actual}
    pairs: list[tuple[Any, Any]] = []
    missing: list[Any] = []
    for key in expected:
        found = _stored_equal(key, stored)
        if found is not _NONE and same(key, found):
            pairs.append((key, found))
        else:
            missing.append(key)
    return pairs, missing


def _stored_equal(value: Any, stored: dict[Any, Any]) -> Any:
    """The element of ``stored`` (a dict of each element to itself) equal to ``value``."""
    try:
        if value in stored:
            return stored[value]
    except TypeError:  # unhashable: it cannot be a key or an element
        return _NONE
    if _is_nan(value):  # a NaN is found only by identity
        return next((other for other in stored if _is_nan(other)), _NONE)
    return _NONE


def _set_difference(expected: Set[Any], actual: Set[Any]) -> tuple[list[Any], list[Any]]:
    """The expected and actual elements left over when each pairs with its exact equal."""
    stored = {element: element for element in actual}
    taken: set[int] = set()
    missing: list[Any] = []
    for element in expected:
        found = _stored_equal(element, stored)
        if found is not _NONE and id(found) not in taken and same(element, found):
            taken.add(id(found))
        else:
            missing.append(element)
    extra = [element for element in actual if id(element) not in taken]
    if missing and extra:  # equality that hashing does not see: pair what is left one by one
        missing, extra = _unmatched_elements(missing, extra, same)
    return missing, extra


def _missing_key(key: Any, actual: Mapping[Any, Any]) -> str:
    twin = _equal_of_another_type(key, list(actual))
    if twin is not None:
        return (
            f"key {describe(key)} is missing; the actual dict has key {describe(twin)}, equal "
            "in Python but not of the same type"
        )
    return f"key {key!r} is missing (keys: {sorted(map(repr, actual))})"


def _differ(what: str, missing: list[Any], extra: list[Any]) -> str:
    parts = []
    if missing:
        parts.append("missing " + _listed(missing))
    if extra:
        parts.append("unexpected " + _listed(extra))
    text = f"{what} differ ({'; '.join(parts)})"
    for want in missing:
        twin = _equal_of_another_type(want, extra)
        if twin is not None:
            text += (
                f": {describe(want)} and {describe(twin)} are equal in Python, "
                "but not of the same type"
            )
            break
    return text


def _listed(values: list[Any]) -> str:
    shown = ", ".join(describe(value) for value in values[:_LISTED])
    if len(values) > _LISTED:
        shown += f" and {len(values) - _LISTED} more"
    return shown


def _equal_of_another_type(value: Any, candidates: list[Any]) -> Any:
    for candidate in candidates:
        try:
            if candidate == value and not same(value, candidate):
                return candidate
        except Exception:  # a value whose == refuses the comparison
            continue
    return None


def _unmatched_elements(
    expected: list[Any], actual: list[Any], fits: Callable[[Any, Any], bool]
) -> tuple[list[Any], list[Any]]:
    """The expected and actual elements a maximum one-to-one matching leaves over.

    Each expected element is paired with an actual element it ``fits``
    (augmenting paths, so an early pairing never blocks a later one).
    """
    candidates = [[j for j, other in enumerate(actual) if fits(want, other)] for want in expected]
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    missing = [want for i, want in enumerate(expected) if not assign(i, set())]
    extra = [other for j, other in enumerate(actual) if j not in owner]
    return missing, extra
