"""How failure messages show a difference: text diffs, value diffs, near names, short JSON."""

from __future__ import annotations

import difflib
import json
import pprint
from collections.abc import Mapping, Set
from typing import Any


def text_diff(expected: str, actual: str, expected_name: str, actual_name: str) -> str:
    """A unified diff of two texts."""
    return "\n".join(
        difflib.unified_diff(
            expected.splitlines(),
            actual.splitlines(),
            fromfile=expected_name,
            tofile=actual_name,
            lineterm="",
        )
    )


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
