"""How failure messages show a difference: text diffs, value diffs, near names, short JSON."""

from __future__ import annotations

import difflib
import json
import pprint
from collections.abc import Mapping, Set
from typing import Any


def text_diff(expected: str, actual: str, expected_name: str, actual_name: str) -> str:
    """A unified diff of two texts that shows every difference, blank lines at the end included.

    The texts are split at each newline, so a trailing empty line is a line
    of its own (``splitlines()`` drops it). A difference the eye cannot see
    (trailing blank lines, a byte-order mark, a carriage return, a tab) is
    named in a line after the diff.
    """
    lines = list(
        difflib.unified_diff(
            expected.split("\n"),
            actual.split("\n"),
            fromfile=expected_name,
            tofile=actual_name,
            lineterm="",
        )
    )
    note = _invisible_difference(expected, actual, expected_name, actual_name)
    if note:
        lines.append(note)
    return "\n".join(lines)


def _invisible_difference(expected: str, actual: str, expected_name: str, actual_name: str) -> str:
    """A line naming a difference a diff shows only as blank or identical-looking lines."""
    if expected == actual:
        return ""
    if expected.rstrip("\n") == actual.rstrip("\n"):
        extra = (len(expected) - len(expected.rstrip("\n"))) - (
            len(actual) - len(actual.rstrip("\n"))
        )
        more, fewer = (expected_name, actual_name) if extra > 0 else (actual_name, expected_name)
        count = abs(extra)
        newlines = "newline" if count == 1 else "newlines"
        return f"(the {more} text ends with {count} more {newlines} than the {fewer} one)"
    if " ".join(expected.split()) == " ".join(actual.split()) or _visible(expected) == _visible(
        actual
    ):
        return (
            "(the texts differ only in whitespace or invisible characters: "
            f"{expected_name} {_excerpt(expected)}, {actual_name} {_excerpt(actual)})"
        )
    return ""


def _visible(text: str) -> str:
    return "".join(char for char in text if char.isprintable() and not char.isspace())


def _excerpt(text: str, limit: int = 80) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def value_diff(expected: Any, actual: Any) -> str:
    """An ndiff of two pretty-printed containers, empty when either is a scalar."""
    containers = (Mapping, list, tuple, Set)
    if not isinstance(expected, containers) or not isinstance(actual, containers):
        return ""
    lines = difflib.ndiff(
        pprint.pformat(expected, width=60).splitlines(),
        pprint.pformat(actual, width=60).splitlines(),
    )
    return "\n".join(line for line in lines if not line.startswith("?"))


def closest(name: str, candidates: list[str]) -> str | None:
    """The candidate ``name`` was most likely meant to be, if any is close."""
    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def short_json(value: Any, limit: int = 2000, *, sort_keys: bool = False) -> str:
    """``value`` as JSON for a message, cut at ``limit`` characters."""
    text = json.dumps(value, default=repr, sort_keys=sort_keys)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())
