"""A view's public state: what ``get_state()`` shows and ``send_event()`` snapshots."""

from __future__ import annotations

import copy
from typing import Any

from ..exceptions import DjustTestingError
from . import djust


def snapshot(view: Any, framework_keys: frozenset[str]) -> dict[str, Any]:
    """A deep copy of the view's own public attributes (not djust's configuration).

    ``framework_keys`` are the attributes djust had set before the user's
    ``mount()`` ran.
    """
    skip = djust.FRAMEWORK_INTERNAL_ATTRS | framework_keys
    state: dict[str, Any] = {}
    for key, value in vars(view).items():
        if key.startswith("_") or key in skip:
            continue
        try:
            state[key] = copy.deepcopy(value)
        except Exception as exc:
            raise DjustTestingError(
                f"cannot snapshot {type(view).__name__}.{key}: copy.deepcopy() refused "
                f"its {type(value).__name__} ({exc}). State a browser session depends "
                "on should be plain data."
            ) from exc
    return state
