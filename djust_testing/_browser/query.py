"""CSS queries over the page's node tree, the way a test names elements.

Selectors run on a copy parsed by lexbor in which every element carries a
marker attribute, and its current properties as attributes (so ``:checked``
and ``[value=...]`` see what the user sees); the markers lead back to the
tree's own elements.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..exceptions import DjustTestingError
from . import controls, markup
from .nodes import Element, Node, Text, collapse, serialize

MARKER = "data-djust-testing-node"

TextFilter = str | re.Pattern[str] | None


@dataclass(frozen=True)
class Query:
    """A CSS selector and, optionally, the text the element must contain (a str or regex)."""

    selector: str
    text: TextFilter = None
    #: Which match this query means (0 for the first), when it means one of several.
    index: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.selector, str) or not self.selector.strip():
            raise DjustTestingError(f"expected a CSS selector, got {self.selector!r}")
        if self.text is not None and not isinstance(self.text, (str, re.Pattern)):
            raise DjustTestingError(f"text= takes a string or a compiled regex, got {self.text!r}")

    def __str__(self) -> str:
        described = f"selector {self.selector!r}"
        if self.text is not None:
            text = self.text
            shown = f"/{text.pattern}/" if isinstance(text, re.Pattern) else repr(text)
            described += f" with text {shown}"
        if self.index is not None:
            described += f" (match {self.index + 1})"
        return described

    def nth(self, index: int) -> Query:
        return Query(self.selector, self.text, index)

    def passes(self, element: Element) -> bool:
        if self.text is None:
            return True
        if isinstance(self.text, re.Pattern):
            return self.text.search(text_of(element)) is not None
        return self.text in text_of(element)


def text_of(element: Element) -> str:
    """The element's text, whitespace collapsed."""
    return collapse(element.text_content)


def select(root: Element, query: Query) -> list[Element]:
    """The elements under ``root`` (not itself) matching ``query``, in document order."""
    marked: list[Element] = []
    copy = markup.parse_fragment(serialize([root], _shown(marked)))
    try:
        nodes = copy.css(query.selector)
    except Exception as exc:
        raise DjustTestingError(f"invalid CSS selector {query.selector!r}: {exc}") from None
    found: list[Element] = []
    for node in nodes:
        number = node.attributes.get(MARKER)
        element = marked[int(number)] if number is not None else None
        if element is not None and element is not root and query.passes(element):
            found.append(element)
    return found


def shown_html(root: Element) -> str:
    """What is inside ``root`` as the user sees it: controls' current properties as attributes.

    A field's typed text is its ``value``, a ticked box ``checked``, a
    picked option ``selected``, a textarea's text its content.
    """
    return markup.strip_bookkeeping(serialize(root.children, _shown(None)))


def _shown(marked: list[Element] | None) -> Callable[[Element], tuple[dict[str, str], list[Node]]]:
    """A serializer view writing properties as attributes (and each element's marker)."""
    selected: set[int] = set()

    def shown(element: Element) -> tuple[dict[str, str], list[Node]]:
        attrs = dict(element.attrs)
        if marked is not None:
            attrs[MARKER] = str(len(marked))
            marked.append(element)
        if element.tag == "select":
            selected.update(id(option) for option in controls.selected_options(element))
        _reflect_properties(element, attrs, selected)
        if element.tag == "textarea":
            return attrs, [Text(controls.shown_value(element), element)]
        return attrs, element.children

    return shown


def _reflect_properties(element: Element, attrs: dict[str, str], selected: set[int]) -> None:
    """Write the properties a user sees as attributes, for selectors to match.

    ``selected`` holds the options the selects serialized so far show as
    selected (a select comes before its options).
    """
    if element.tag == "input":
        if controls.is_checkable(element):
            attrs.pop("checked", None)
            if controls.is_checked(element):
                attrs["checked"] = ""
        elif element.value is not None:
            attrs["value"] = element.value
    elif element.tag == "option":
        in_select = any(a.tag == "select" for a in element.ancestors())
        shown = id(element) in selected if in_select else controls.is_selected(element)
        attrs.pop("selected", None)
        if shown:
            attrs["selected"] = ""


def outer_html(element: Element) -> str:
    """The element's HTML as the page shows it (djust's bookkeeping left out)."""
    return markup.strip_bookkeeping(serialize([element]))
