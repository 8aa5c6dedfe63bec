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


def find(document: Document, selector: str, text: TextFilter) -> list[tuple[Element, LexborNode]]:
    """Elements under the page's dj-root matching ``selector`` and ``text``, in document order."""
    if not isinstance(selector, str) or not selector.strip():
        raise DjustTestingError(f"expected a CSS selector, got {selector!r}")
    if text is not None and not isinstance(text, (str, re.Pattern)):
        raise DjustTestingError(f"text= takes a string or a compiled regex, got {text!r}")
    snapshot, marked = document.snapshot()
    try:
        nodes = snapshot.css(selector)
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

    def resolve(self) -> tuple[Element, LexborNode]:
        """The element, or an error quoting the page (none) or the matches (several)."""
        document = self._client._dom
        found = find(document, self.selector, self.text_filter)
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

    def resolve(self) -> tuple[Element, LexborNode]:
        return ElementRef(self._client, self.selector, None).resolve()
