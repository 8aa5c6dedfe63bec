"""Focus moving over the page, and the events a browser fires as it moves (Chromium's order).

Checked in Chromium: when focus leaves a text field whose value changed
since it got focus (or since its last ``change``), ``change`` fires, then
``blur``; then ``focus`` on the element focus moves to. Retyping the same
text, or typing and deleting it again, fires no ``change``. A click on an
element that cannot take focus moves focus to the page's body. A field
whose ``dj-input`` has ``dj-debounce="blur"`` sends it on ``blur``, after
``change`` (``deferUntilBlur`` in djust's ``09-event-binding.js``). A value
the page sets (``reset_form``) is no edit: leaving the field then fires no
``change`` (Chromium compares with the value as of the last change, which a
script's setting moves).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..exceptions import DomEventError
from . import controls, events
from .document import Document
from .frames import EventFrame
from .nodes import Element


def optional(build: Callable[[], list[EventFrame]]) -> list[EventFrame]:
    """The frames ``build`` gives, or none where the browser would send nothing."""
    try:
        return build()
    except DomEventError:
        return []


def click_target(element: Element) -> Element | None:
    """What a click on ``element`` focuses: it or its nearest focusable ancestor, else nothing."""
    return next((node for node in element.ancestors() if controls.is_focusable(node)), None)


class Focus:
    """The element with focus, and what the browser remembers about it between events."""

    def __init__(self, document: Document) -> None:
        self.document = document
        # The value the focused field had when it got focus or last fired
        # ``change``: leaving it fires ``change`` if its value differs.
        self._committed: Any = None
        # The value the user's last edit left; a value set since by the page
        # (a form reset) is no edit of the user's, and leaving then fires nothing.
        self._edited: Any = None
        self._owner: Element | None = None
        #: A ``dj-input`` held until the field loses focus (``dj-debounce="blur"``).
        self.deferred_input = False

    @property
    def element(self) -> Element | None:
        """The focused element, if it is still on the page."""
        focused = self.document.focused
        if focused is None or focused.top is not self.document.root:
            return None
        return focused

    def move(self, target: Element | None) -> list[EventFrame]:
        """Focus moves to ``target`` (None: the body); the frames leaving and entering send."""
        if target is not None and target is self.element:
            return []
        frames = self.leave()
        if target is not None:
            self.document.focused = target
            self.committed()
            frames += optional(lambda: events.event_for(target, "focus"))
        return frames

    def leave(self) -> list[EventFrame]:
        """Focus leaves the focused element: its change (if its text changed), then its blur."""
        current = self.element
        frames: list[EventFrame] = []
        if current is not None:
            if self.changed():
                frames += optional(lambda: events.event_for(current, "change"))
            if self.deferred_input:  # the held dj-input; its dj-model sent at once
                frames += optional(lambda: events.event_for(current, "input", with_model=False))
            frames += optional(lambda: events.event_for(current, "blur"))
        self.document.focused = None
        self._owner = None
        self.deferred_input = False
        return frames

    def flush_held(self, form: Element) -> list[EventFrame]:
        """The held ``dj-input`` of a field in ``form``, which submitting it sends first.

        ``_handleDjSubmit`` flushes the form's pending ``dj-input`` wrappers
        (``_flushPendingDebouncesInForm``) before it sends the submit.
        """
        current = self.element
        if not self.deferred_input or current is None or not form.contains(current):
            return []
        self.deferred_input = False
        return optional(lambda: events.event_for(current, "input", with_model=False))

    def fires_change(self, element: Element, text: str) -> bool:
        """Whether the user entering ``text`` into ``element`` fires its ``change``.

        A typed field fires it when the user leaves it with other text than
        it had when it got focus (or at its last change); a select when
        another option is picked.
        """
        entered = controls.value_if_entered(element, text)
        current = controls.value(element)
        if controls.is_typed(element) and element is self._owner and current == self._edited:
            return bool(entered != self._committed)
        return bool(entered != current)  # unfocused, or the page set the value since

    def changed(self) -> bool:
        """Whether the focused field's text changed since its last ``change`` (or its focus)."""
        current = self.element
        if current is None or current is not self._owner or not controls.is_typed(current):
            return False
        value = controls.value(current)
        return bool(value == self._edited and value != self._committed)

    def edited(self) -> None:
        """The user changed the focused field's value (typed, pasted)."""
        current = self.element
        if current is not None and current is self._owner:
            self._edited = controls.value(current)

    def committed(self) -> None:
        """The focused field's value is settled: it got focus, or its ``change`` fired."""
        current = self.element
        self._owner = current
        self._committed = self._edited = controls.value(current) if current is not None else None
