"""``assert_state`` and ``assert_state_contains``: a view's state against the test's expectation."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._diff import closest, indent, value_diff
from ..exceptions import DjustTestingError
from .matching import containment_mismatch, describe, mismatch

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True

Compare = Callable[[Any, Any, str], "str | None"]


def assert_state(view_name: str, state: Mapping[str, Any], expected: Mapping[str, Any]) -> None:
    """Each named attribute equals the expected value, types included."""
    _assert(view_name, state, expected, mismatch, "==")


def assert_state_contains(
    view_name: str, state: Mapping[str, Any], expected: Mapping[str, Any]
) -> None:
    """Each named attribute contains the expected value."""
    _assert(view_name, state, expected, containment_mismatch, "contains")


def _assert(
    view_name: str,
    state: Mapping[str, Any],
    expected: Mapping[str, Any],
    compare: Compare,
    relation: str,
) -> None:
    if not expected:
        raise DjustTestingError("name at least one attribute, e.g. assert_state(count=1)")
    problems: list[str] = []
    for key, want in expected.items():
        if key not in state:
            hint = closest(key, list(state))
            problems.append(
                f"{key}: {view_name} has no public state {key!r}"
                + (f" (did you mean {hint!r}?)" if hint else "")
                + f"; it has: {', '.join(sorted(state)) or '(nothing)'}"
            )
            continue
        found = compare(want, state[key], key)
        if found is None:
            continue
        section = f"{found}\n    expected: {describe(want)}\n    actual:   {describe(state[key])}"
        changes = value_diff(want, state[key])
        if changes:
            section += "\n    diff (- expected, + actual):\n" + indent(changes, 6)
        problems.append(section)
    if problems:
        raise AssertionError(
            f"{view_name} state does not match ({relation}):\n"
            + "\n".join("  " + problem for problem in problems)
        )
