"""Handles on the page's elements and forms: a selector and a text filter, nothing more.

A handle is lazy: it finds its element each time it is used, so it keeps
pointing at "the element the selector means" as the page changes. The
client's proxy finds it and acts; the handle only says what the user does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._browser import bindings, controls
from ._browser.bindings import Binding
from ._browser.query import Query, TextFilter, outer_html, text_of
from ._browser.uploads import UploadedFile
from ._live.action import EventResult
from ._uploads import upload
from .exceptions import DjustTestingError, DomEventError

if TYPE_CHECKING:
    from ._proxy import ClientProxy

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


class ElementRef:
    """One element of the page, found by selector (and text) whenever it is used."""

    def __init__(self, proxy: ClientProxy, query: Query) -> None:
        self._proxy = proxy
        self._query = query

    def __repr__(self) -> str:
        return f"<ElementRef {self._query}>"

    @property
    def selector(self) -> str:
        return self._query.selector

    @property
    def text_filter(self) -> TextFilter:
        """The ``text=`` the element must contain (a str or a compiled regex), or None."""
        return self._query.text

    def render(self) -> str:
        """The element's outer HTML, as the page shows it."""
        return outer_html(self._proxy.resolve(self._query))

    @property
    def tag(self) -> str:
        """The element's tag name, lower case."""
        return self._proxy.resolve(self._query).tag

    @property
    def attrs(self) -> dict[str, str]:
        """The element's attributes as the page has them now (``""`` for a bare attribute)."""
        element = self._proxy.resolve(self._query)
        return {name: value for name, value in element.attrs.items() if name != "dj-id"}

    @property
    def text(self) -> str:
        """The element's text, whitespace collapsed."""
        return text_of(self._proxy.resolve(self._query))

    @property
    def value(self) -> str:
        """A form control's current ``.value``: what the user typed or picked, else its default."""
        return controls.shown_value(self._proxy.resolve(self._query))

    @property
    def checked(self) -> bool:
        """A checkbox's or radio's current ``.checked``."""
        return controls.is_checked(self._proxy.resolve(self._query))

    @property
    def selected(self) -> list[str]:
        """A select's selected options (``selectedOptions``), as their values."""
        element = self._proxy.resolve(self._query)
        if element.tag != "select":
            raise DjustTestingError(f"{self!r} is a <{element.tag}>: only a <select> has options")
        return [controls.option_value(option) for option in controls.selected_options(element)]

    # -------------------------------------------------------------- events

    def click(self, *, confirm: bool = True) -> EventResult | None:
        """Click the element as a user does.

        A ``dj-patch`` or ``dj-navigate`` link navigates first, then the
        ``dj-click`` event (if any) is sent; a submit button submits its form.
        ``confirm=False`` declines a ``dj-confirm`` dialog. Returns the
        envelope of the last event sent, or None when the click only starts a
        live redirect, which ``follow_redirect()`` then follows.
        """
        return self._proxy.interactions.click(self._query, confirm)

    def change(self, value: str | None = None) -> EventResult | None:
        """The user changes the field: types ``value``, picks the option ``value``, or
        ticks the checkbox (or radio) when no value is given; its ``dj-change`` is sent.

        A text field's change fires as the user leaves it, as in a browser:
        afterwards the field has lost focus (its ``dj-blur`` is sent) and
        a value the server renders into it shows. A value the field holds
        already is refused, since a browser fires no change for it.
        Returns the envelope of the ``dj-change``.

        A ``dj-model`` on the field sends its ``update_model`` frames first,
        as djust's client does for the events the change fires (a tick: on
        input and on change; an option: on input; ``dj-model.lazy``: on change).
        """
        return self._proxy.interactions.edit(self._query, "change", value)

    def input(self, value: str) -> EventResult | None:
        """The user types ``value`` into the field; its ``dj-input`` is sent.

        One event with the whole value, as a debounced field sends it once the
        user pauses. A ``dj-model`` on the field sends its ``update_model``
        first. A ``dj-input`` with ``dj-debounce="blur"`` waits until the
        field loses focus (or its form is submitted): then this returns None.
        """
        if not isinstance(value, str):
            raise DomEventError(
                f"input() takes the text the user types, as a str, got "
                f"{type(value).__name__} {value!r}"
                + (" (to tick a checkbox, use change())" if value is None else "")
            )
        return self._proxy.interactions.edit(self._query, "input", value)

    def keydown(self, key: str) -> EventResult | None:
        """The user presses ``key`` (a KeyboardEvent key: "Enter", "a") on the element."""
        return self._proxy.interactions.key(self._query, "keydown", key)

    def keyup(self, key: str) -> EventResult | None:
        """The user releases ``key`` on the element."""
        return self._proxy.interactions.key(self._query, "keyup", key)

    def focus(self) -> EventResult | None:
        """The element gets focus; its ``dj-focus`` is sent."""
        return self._proxy.interactions.focus(self._query, "focus")

    def blur(self) -> EventResult | None:
        """The element loses focus; its ``dj-blur`` is sent."""
        return self._proxy.interactions.focus(self._query, "blur")

    def upload(self, files: Any, *, raise_errors: bool = True) -> list[UploadedFile]:
        """The user chooses ``files`` in this ``dj-upload`` file input; djust's client uploads them.

        ``files`` is a list of ``(filename, content: bytes, content_type)``.
        Each file goes to djust as its browser client sends it (register,
        chunks, complete), one after another, through djust's own upload code,
        so ``consume_uploaded_entries()`` in the next handler sees the bytes.
        Returns each file's ``UploadedFile``. Raises ``UploadError`` when
        djust's client or djust refused a file, or lost part of it (with
        ``raise_errors=False``, the outcomes say so instead).
        """
        return upload(self._proxy, self._query, files, raise_errors)

    # ------------------------------------------------------ what djust binds

    def push_hook_event(
        self,
        event: str,
        payload: Mapping[str, Any] | None = None,
        *,
        hook: str | None = None,
        raise_errors: bool = True,
    ) -> EventResult:
        """Send what the element's ``dj-hook`` sends with ``this.pushEvent(event, payload)``.

        The frame goes as 19-hooks.js writes it to the socket: ``payload`` as
        the params, no ``ref``, and no ``component_id`` or ``view_id``, so it
        reaches the page's view wherever the element is. ``hook`` checks the
        element's hook name. Returns the envelope ``send_event()`` returns.
        """
        if not isinstance(event, str):
            raise DjustTestingError(
                f"push_hook_event() takes the event's name as a str, got {event!r}"
            )
        frame = bindings.hook_frame(self._proxy.resolve(self._query), event, payload, hook)
        note = bindings.routing_note(frame)
        return self._proxy.send(frame.name, frame.params, raise_errors, ref=False, note=note)

    def binding(self, event_type: str, *, key: str | None = None) -> Binding:
        """What djust's client does when the element's ``event_type`` binding fires.

        ``event_type`` is ``"click"``, ``"input"``, ``"change"``, ``"submit"``,
        ``"keydown"``/``"keyup"`` (with ``key=``), ``"focus"``, ``"blur"`` or
        ``"poll"``. The ``Binding`` has the handler's name (``event``), the
        params it sends now, and the rate limit djust applies: ``debounce`` /
        ``throttle`` in ms, djust's defaults included (a text field's
        ``dj-input`` is debounced 300 ms), a poll's ``interval``, and the
        handler's ``@debounce`` / ``@throttle`` (``handler_rate_limit``).
        """
        element = self._proxy.resolve(self._query)
        config = self._proxy.page.handler_config
        return bindings.binding_of(element, event_type, key=key, handler_config=config)


class FormRef:
    """A form of the page, with data to fill in before it is sent."""

    def __init__(self, proxy: ClientProxy, query: Query, data: Mapping[str, Any] | None) -> None:
        self._proxy = proxy
        self._query = query
        self.data = dict(data or {})

    def __repr__(self) -> str:
        return f"<FormRef {self._query.selector!r}>"

    @property
    def selector(self) -> str:
        return self._query.selector

    def fill(self, data: Mapping[str, Any] | None = None) -> EventResult | None:
        """Fill ``data`` (else the form's ``data=``) into the fields as a user does; submit nothing.

        Field by field, in order, the user clicks into the field and enters
        its value, and each step sends what Chromium fires for it: leaving
        the previous field sends its ``dj-change`` (when its text changed)
        and its ``dj-blur``; entering one its ``dj-focus``; a text field
        gets one ``dj-input`` with the whole value (its ``dj-change`` waits
        until the user leaves it or presses Enter); a checkbox, radio or
        select sends its ``dj-input`` and ``dj-change`` at once; a field's
        ``dj-model`` sends its ``update_model`` before each. Every entry is
        checked first: a refused one sends nothing. Returns the envelope of
        the last event sent (None when none was).
        """
        if data is None:
            data = self.data
        if not data:
            raise DjustTestingError(
                f"{self!r}.fill() needs the fields to fill, e.g. "
                "form('#signup').fill({'email': 'a@b.c'})"
            )
        return self._proxy.interactions.fill(self._query, data)

    def submit(
        self, *, submitter: str | None = None, enter: str | None = None, confirm: bool = True
    ) -> EventResult | None:
        """Submit the form to its ``dj-submit``, with ``data`` filled in first (see ``fill()``).

        ``enter`` names the field the user presses Enter in: its
        ``dj-keydown``, its ``dj-change`` when its text changed, then the
        submit, then its ``dj-keyup``, as in Chromium. ``submitter`` is a
        selector for the submit button the user clicks: leaving the focused
        field sends its ``dj-change`` and ``dj-blur`` first. With neither,
        the form is submitted as ``form.requestSubmit()`` does, through its
        default button. Returns the submit's envelope (None when a declined
        ``dj-confirm`` stops it).
        """
        if submitter is not None and enter is not None:
            raise DjustTestingError(
                "submit() takes submitter= (the button clicked) or enter= (the field Enter is "
                "pressed in), not both"
            )
        if enter is not None and (not isinstance(enter, str) or not enter):
            raise DjustTestingError(f"enter= takes the name of a field of the form, got {enter!r}")
        button = Query(submitter) if submitter is not None else None
        return self._proxy.interactions.submit(self._query, self.data, button, confirm, enter)

    def change(self) -> EventResult | None:
        """Change each field in ``data`` in turn; each change sends the form's ``dj-change``.

        Returns the envelope of the last one.
        """
        if not self.data:
            raise DjustTestingError(
                f"{self!r}.change() needs data= naming the fields that change, e.g. "
                "form('#signup', data={'email': 'a@b.c'}).change()"
            )
        return self._proxy.interactions.change_form(self._query, self.data)
