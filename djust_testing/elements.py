"""Finding elements on the page a browser holds, the way a test names them.

A reference is lazy: it finds its element each time it is used, so it keeps
pointing at "the element the selector means" as the page changes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from selectolax.lexbor import LexborNode

from . import markup
from .dom import MARKER, Document, Element, serialize
from .dom_events import (
    DomEventError,
    EventFrame,
    event_for,
    form_change_event,
    link_navigation,
    submit_event,
)
from .exceptions import DjustTestingError, ElementNotFoundError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .client import LiveViewTestClient

TextFilter = str | re.Pattern[str] | None

# How much of the page an error quotes.
_QUOTE_LIMIT = 4000


def _text(element: Element) -> str:
    return " ".join(element.text_content.split())


def _passes(element: Element, text: TextFilter) -> bool:
    if text is None:
        return True
    if isinstance(text, re.Pattern):
        return text.search(_text(element)) is not None
    return text in _text(element)


Snapshot = tuple[LexborNode, dict[int, Element]]


def find(
    document: Document, selector: str, text: TextFilter, snapshot: Snapshot | None = None
) -> list[tuple[Element, LexborNode]]:
    """Elements under the page's dj-root matching ``selector`` and ``text``, in document order.

    ``snapshot`` (``document.snapshot()``) lets several lookups share one copy,
    so the nodes they return belong to the same tree.
    """
    if not isinstance(selector, str) or not selector.strip():
        raise DjustTestingError(f"expected a CSS selector, got {selector!r}")
    if text is not None and not isinstance(text, (str, re.Pattern)):
        raise DjustTestingError(f"text= takes a string or a compiled regex, got {text!r}")
    copy, marked = snapshot or document.snapshot()
    try:
        nodes = copy.css(selector)
    except Exception as exc:
        raise DjustTestingError(f"invalid CSS selector {selector!r}: {exc}") from None
    found: list[tuple[Element, LexborNode]] = []
    for node in nodes:
        number = node.attributes.get(MARKER)
        element = marked.get(int(number)) if number is not None else None
        if element is not None and element is not document.root and _passes(element, text):
            found.append((element, node))
    return found


def outer_html(element: Element) -> str:
    """The element's HTML as the page shows it (djust's bookkeeping left out)."""
    return markup.strip_bookkeeping(serialize([element]))


def _quote(html: str) -> str:
    return html if len(html) <= _QUOTE_LIMIT else html[:_QUOTE_LIMIT] + "\n... (cut)"


def describe_query(selector: str, text: TextFilter) -> str:
    if text is None:
        return f"selector {selector!r}"
    shown = f"/{text.pattern}/" if isinstance(text, re.Pattern) else repr(text)
    return f"selector {selector!r} with text {shown}"


class ElementRef:
    """One element of the page, found by selector (and text) whenever it is used."""

    def __init__(self, client: LiveViewTestClient, selector: str, text: TextFilter) -> None:
        self._client = client
        self.selector = selector
        self.text_filter = text

    def __repr__(self) -> str:
        return f"<ElementRef {describe_query(self.selector, self.text_filter)}>"

    def resolve(self, snapshot: Snapshot | None = None) -> tuple[Element, LexborNode]:
        """The element, or an error quoting the page (none) or the matches (several)."""
        document = self._client._dom
        found = find(document, self.selector, self.text_filter, snapshot)
        query = describe_query(self.selector, self.text_filter)
        if not found:
            raise ElementNotFoundError(
                f"expected {query} to match a single element, but it matched none within:\n"
                + _quote(markup.strip_bookkeeping(document.html).strip())
            )
        if len(found) > 1:
            listed = "\n".join(f"  {outer_html(element)}" for element, _node in found)
            raise ElementNotFoundError(
                f"expected {query} to match a single element, but it matched {len(found)}:\n"
                + _quote(listed)
            )
        return found[0]

    def render(self) -> str:
        """The element's outer HTML, as the page shows it."""
        return outer_html(self.resolve()[0])

    @property
    def text(self) -> str:
        """The element's text, whitespace collapsed."""
        return _text(self.resolve()[0])

    @property
    def value(self) -> str:
        """A form control's current ``.value``: what the user typed or picked, else its default."""
        return self.resolve()[0].current_value

    @property
    def checked(self) -> bool:
        """A checkbox's or radio's current ``.checked``."""
        return self.resolve()[0].is_checked

    # -------------------------------------------------------------- events

    def click(self, *, confirm: bool = True) -> dict[str, Any] | None:
        """Click the element as a user does.

        A ``dj-patch`` or ``dj-navigate`` link navigates first, then the
        ``dj-click`` event (if any) is sent; a submit button submits its form.
        ``confirm=False`` declines a ``dj-confirm`` dialog. Returns the
        envelope of the last event sent, or None when the click only starts a
        live redirect, which ``follow_redirect()`` then follows.
        """
        element, node = self.resolve()
        navigation = link_navigation(node, self._client.url, auto_navigate=_auto_navigate())
        frames = _frames(node, "click", optional=navigation is not None)
        self._client._dom.focused = element
        result = self._client._follow_link(navigation) if navigation is not None else None
        return _send(self._client, frames, confirm) or result

    def change(self, value: str | None = None) -> dict[str, Any] | None:
        """The user changes the field: types ``value``, picks the option ``value``, or
        ticks the checkbox (or radio) when no value is given; its ``dj-change`` is sent."""
        return self._edit("change", value)

    def input(self, value: str) -> dict[str, Any] | None:
        """The user types ``value`` into the field; its ``dj-input`` is sent."""
        return self._edit("input", value)

    def keydown(self, key: str) -> dict[str, Any] | None:
        """The user presses ``key`` (a KeyboardEvent key: "Enter", "a") on the element."""
        return self._key("keydown", key)

    def keyup(self, key: str) -> dict[str, Any] | None:
        """The user releases ``key`` on the element."""
        return self._key("keyup", key)

    def focus(self) -> dict[str, Any] | None:
        """The element gets focus; its ``dj-focus`` is sent."""
        element, node = self.resolve()
        frames = event_for(node, "focus")
        self._client._dom.focused = element
        return _send(self._client, frames, True)

    def blur(self) -> dict[str, Any] | None:
        """The element loses focus; its ``dj-blur`` is sent."""
        _element, node = self.resolve()
        frames = event_for(node, "blur")
        self._client._dom.focused = None
        return _send(self._client, frames, True)

    def _key(self, kind: str, key: str) -> dict[str, Any] | None:
        element, node = self.resolve()
        frames = event_for(node, kind, key=key)
        self._client._dom.focused = element
        return _send(self._client, frames, True)

    def _edit(self, kind: str, value: str | None) -> dict[str, Any] | None:
        element, node = self.resolve()
        if value is None:
            _tick(element, self._client._dom)
            element, node = self.resolve()
            frames = event_for(node, kind)
            navigation = None
        else:
            patches = "dj-patch" in element.attrs  # {value} in its URL takes the new value
            navigation = link_navigation(
                node,
                self._client.url,
                value=value if patches else None,
                auto_navigate=_auto_navigate(),
            )
            frames = _frames(node, kind, value=value, optional=navigation is not None)
            _set_value(element, value)
        self._client._dom.focused = element
        result = self._client._follow_link(navigation) if navigation is not None else None
        return _send(self._client, frames, True) or result


class FormRef:
    """A form of the page, with data to fill in before it is sent."""

    def __init__(
        self, client: LiveViewTestClient, selector: str, data: Mapping[str, Any] | None
    ) -> None:
        self._client = client
        self.selector = selector
        self.data = dict(data or {})

    def __repr__(self) -> str:
        return f"<FormRef {self.selector!r}>"

    def resolve(self, snapshot: Snapshot | None = None) -> tuple[Element, LexborNode]:
        return ElementRef(self._client, self.selector, None).resolve(snapshot)

    def submit(
        self, *, submitter: str | None = None, confirm: bool = True
    ) -> dict[str, Any] | None:
        """Submit the form to its ``dj-submit``, with ``data`` entered first.

        ``submitter`` is a selector for the submit button clicked; without it
        the user pressed Enter. Returns the event's envelope (None when a
        declined ``dj-confirm`` stops it).
        """
        snapshot = self._client._dom.snapshot()  # form and button from one copy of the page
        form, node = self.resolve(snapshot)
        button = None
        if submitter is not None:
            button = ElementRef(self._client, submitter, None).resolve(snapshot)[1]
        frame = submit_event(node, self.data, submitter=button)
        _fill(form, self.data)
        return _send(self._client, [frame], confirm)

    def change(self) -> dict[str, Any] | None:
        """Change each field in ``data`` in turn; each change sends the form's ``dj-change``.

        Returns the envelope of the last one.
        """
        if not self.data:
            raise DjustTestingError(
                f"{self!r}.change() needs data= naming the fields that change, e.g. "
                "form('#signup', data={'email': 'a@b.c'}).change()"
            )
        result = None
        for name, value in self.data.items():
            form, node = self.resolve()
            frame = form_change_event(node, name, {name: value})
            _fill(form, {name: value})
            result = _send(self._client, [frame], True)
        return result


def _auto_navigate() -> bool:
    from djust.config import config

    return bool(config.get("auto_navigate", True))


def _frames(
    node: LexborNode, kind: str, *, value: str | None = None, optional: bool
) -> list[EventFrame]:
    """The frames of the event, or none when navigation alone is what the action does."""
    try:
        return event_for(node, kind, value=value)
    except DomEventError:
        if optional:
            return []
        raise


def _send(
    client: LiveViewTestClient, frames: list[EventFrame], confirm: bool
) -> dict[str, Any] | None:
    result = None
    for frame in frames:
        if frame.confirm is not None and not confirm:
            continue
        result = client._send_frame({"type": "event", "event": frame.name, "params": frame.params})
    return result


# What a user's input does to a control's properties (the page keeps it).


def _set_value(element: Element, value: str) -> None:
    if element.tag == "select":
        element.select_option(value)
    else:
        element.value = value


def _tick(element: Element, document: Document) -> None:
    if not element.is_checkable:
        raise DjustTestingError(
            f"change() needs the new value for {outer_html(element)}: only a checkbox or a "
            "radio changes without one"
        )
    if element.input_type == "checkbox":
        element.checked = not element.is_checked
        return
    name = element.attrs.get("name")
    for other in document.root.elements():
        is_radio = other.tag == "input" and other.input_type == "radio"
        if is_radio and name and other.attrs.get("name") == name:
            other.checked = False
    element.checked = True


def _fill(form: Element, data: Mapping[str, Any]) -> None:
    """Put ``data`` into the form's fields as a user would (dom_events checked it first)."""
    for name, wanted in data.items():
        fields = [e for e in form.elements() if e.attrs.get("name") == name and e is not form]
        values = wanted if isinstance(wanted, list) else [wanted]
        chosen = [str(v) for v in values]
        texts = iter(values)
        for field in fields:
            if field.is_checkable:
                if isinstance(wanted, bool):
                    field.checked = wanted
                else:
                    field.checked = field.attrs.get("value", "on") in chosen
            elif field.tag == "select":
                for option in field.options():
                    option.selected = option.option_value in chosen
            else:
                text = next(texts, None)
                if text is not None:
                    field.value = str(text)
