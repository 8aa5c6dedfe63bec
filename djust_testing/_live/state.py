"""A view's public state: what ``get_state()`` shows and ``send_event()`` snapshots.

The state is what djust itself treats as the view's state: the instance's
public attributes, less those djust's ``LiveView.__init__`` set
(``_framework_attrs``) and its configuration names, plus the public
``state()`` fields and class-level components it declares. State assigned in
the view's own ``__init__`` is state.

A snapshot is a copy, so a handler changing a list in place shows before and
after. A component shows as its own public state (a ``LiveComponent``'s
public attributes, a bound or plain component's ``state``), never as the
object, which holds the whole view. A value that cannot be copied (a lock,
a Rust object) shows as itself: the snapshot never fails.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any
from uuid import UUID

from djust.components.base import BoundComponent, Component, LiveComponent

from . import djust

# Values that are their own copy, taken without copy's machinery. Exact types:
# a subclass may carry attributes of its own, which ``copy.deepcopy`` copies.
_ATOMIC = frozenset({str, int, float, bool, bytes, type(None), Decimal, UUID, complex, range})
#: Set by djust's runtime on every view before ``mount()``: the connection's, not the view's.
CONNECTION_ATTRS = frozenset({"client_timezone"})


def snapshot(view: Any) -> dict[str, Any]:
    """A copy of ``view``'s public state."""
    skip = djust.framework_attrs(view) | CONNECTION_ATTRS
    state: dict[str, Any] = {}
    copier = _Copier()
    for key, value in vars(view).items():
        if not key.startswith("_") and key not in skip:
            state[key] = copier.copy(value)
    for name in djust.declared_fields(type(view)):
        if name.startswith("_") or name in state or name in skip:
            continue
        try:
            value = getattr(view, name)
        except Exception:  # a field whose getter fails has no state to show
            continue
        state[name] = copier.copy(value)
    return state


class _Copier:
    """``copy.deepcopy`` that shows components as their state and never fails."""

    def __init__(self) -> None:
        # id(original) -> (original, copy): holding the original keeps its id from
        # being reused by another object during the snapshot.
        self.memo: dict[int, tuple[Any, Any]] = {}

    def copy(self, value: Any) -> Any:
        if type(value) in _ATOMIC:
            return value
        done = self.memo.get(id(value))
        if done is not None:
            return done[1]
        if isinstance(value, LiveComponent):
            return self.remember(value, self.copy(component_state(value)))
        if isinstance(value, (BoundComponent, Component)):
            return self.remember(value, self.copy(_without_internals(dict(value.state))))
        if type(value) is list:
            copied: Any = self.remember(value, [])
            copied.extend(self.copy(item) for item in value)
            return copied
        if type(value) is dict:
            copied = self.remember(value, {})
            copied.update((self.copy(key), self.copy(item)) for key, item in value.items())
            return copied
        if type(value) in (tuple, set, frozenset):
            return self.remember(value, type(value)(self.copy(item) for item in value))
        try:
            return self.remember(value, copy.deepcopy(value))
        except Exception:
            return value

    def remember(self, original: Any, copied: Any) -> Any:
        self.memo[id(original)] = (original, copied)
        return copied


def component_snapshot(component: Any) -> dict[str, Any]:
    """A copy of a component's public state, as ``get_state()`` shows it in its view's."""
    copied: dict[str, Any] = _Copier().copy(component)
    return copied


def component_state(component: LiveComponent) -> dict[str, Any]:
    """A ``LiveComponent``'s public state: its public attributes, less djust's own."""
    return _without_internals(
        {k: v for k, v in vars(component).items() if not k.startswith("_") and not callable(v)}
    )


def _without_internals(state: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in state.items() if k not in djust.COMPONENT_INTERNAL_ATTRS}
