"""``dj-model``: the ``update_model`` frames djust's client sends as a bound field changes.

The rules of ``static/djust/src/20-model-binding.js``:

* ``_parseModelAttr`` reads the element's attributes in order, the last
  match winning: ``dj-model="f"`` syncs on ``input``, ``dj-model.lazy="f"``
  on ``change``, ``dj-model.debounce-N="f"`` on ``input`` after N ms (300
  without digits). An empty field binds nothing.
* The listener sits on the element itself (not delegated), so it runs
  before the page's ``dj-input`` / ``dj-change``; a checkbox or radio also
  listens on ``change`` (a non-lazy one sends twice per click, on ``input``
  and on ``change``; a lazy one's second listener is the same one, once).
* The value (``_getElementValue``): a checkbox's ``checked``; the value of
  the checked radio of the same name in its form (or the document), or
  null; a multiple select's selected values; else ``value``, a string.
* The frame (``_sendModelUpdate``) goes through ``sendEvent``:
  ``update_model`` with ``{field, value}`` only, no ``_target``,
  ``component_id`` or ``view_id``, wherever the field is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import controls
from .frames import EventFrame
from .nodes import Element

_DEBOUNCE = re.compile(r"debounce-?(\d+)")
_BOUND_TAGS = frozenset({"input", "textarea", "select"})


@dataclass(frozen=True)
class ModelBinding:
    """What an element's ``dj-model`` attribute binds."""

    #: The attribute as written (``dj-model``, ``dj-model.lazy``, ``dj-model.debounce-500``).
    attribute: str
    field: str
    lazy: bool
    #: Milliseconds the client waits before sending (0: at once).
    debounce: int


def model_binding(element: Element) -> ModelBinding | None:
    """The element's ``dj-model`` binding, as ``_parseModelAttr`` reads it (None: none)."""
    names = [name for name in element.attrs if name.startswith("dj-model")]
    if not names:
        return None
    # bindModelElements binds [dj-model], [dj-model.lazy], [dj-model.debounce] anywhere,
    # and any other dj-model* attribute on an input, textarea or select.
    exact = {"dj-model", "dj-model.lazy", "dj-model.debounce"}
    if element.tag not in _BOUND_TAGS and not exact & set(names):
        return None
    found: ModelBinding | None = None
    for name, value in element.attrs.items():
        if name == "dj-model":
            found = ModelBinding(name, value, False, 0)
        elif name == "dj-model.lazy":
            found = ModelBinding(name, value, True, 0)
        elif name.startswith("dj-model.debounce"):
            match = _DEBOUNCE.search(name)
            found = ModelBinding(name, value, False, int(match.group(1)) if match else 300)
    if found is None or not found.field:
        return None
    return found


def listens(binding: ModelBinding, element: Element, event_type: str) -> bool:
    """Whether the element's dj-model listener runs for a DOM event of ``event_type``."""
    if event_type == ("change" if binding.lazy else "input"):
        return True
    return event_type == "change" and controls.input_type(element) in ("checkbox", "radio")


def picked(element: Element) -> bool:
    """A select or a slider: a change fires ``input`` then ``change`` at once."""
    return element.tag == "select" or (
        element.tag == "input" and controls.input_type(element) in ("range", "color")
    )


def model_frames(element: Element, event_type: str) -> list[EventFrame]:
    """The ``update_model`` frames the element's dj-model sends for one ``event_type`` event.

    The value is the element's as it is now: the browser reads it when the
    event fires, before any debounce delay.
    """
    binding = model_binding(element)
    if binding is None or not listens(binding, element, event_type):
        return []
    params = {"field": binding.field, "value": model_value(element)}
    return [EventFrame("update_model", params, binding.attribute, element, element)]


def model_value(element: Element) -> Any:
    """``_getElementValue``: what the field's ``update_model`` frame carries."""
    kind = controls.input_type(element) if element.tag == "input" else ""
    if kind == "checkbox":
        return controls.is_checked(element)
    if kind == "radio":
        scope = next((a for a in element.ancestors() if a.tag == "form"), None) or element.top
        name = element.attrs.get("name", "")
        checked = next(
            (
                e
                for e in scope.elements()
                if e.tag == "input" and e.attrs.get("name", "") == name and controls.is_checked(e)
            ),
            None,
        )
        return None if checked is None else controls.value(checked)
    if element.tag == "select" and "multiple" in element.attrs:
        return [controls.option_value(o) for o in controls.selected_options(element)]
    return controls.value(element)


def sync_hint(element: Element, event_type: str) -> str:
    """Why a dj-model field sends nothing for ``event_type``, for a refusal's message ('' if no)."""
    binding = model_binding(element)
    if binding is None or listens(binding, element, event_type):
        return ""
    other = "change" if binding.lazy else "input"
    call = "change()" if binding.lazy else "input()"
    return (
        f'; its {binding.attribute}="{binding.field}" syncs on {other} events, so a user '
        f"updates it by typing: use {call}"
    )
