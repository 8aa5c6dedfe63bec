"""``assert_has_element`` and ``refute_has_element``: whether the page shows an element.

A failure quotes the selector and the part of the page it was looked for
in, as Phoenix's LiveViewTest does: when ``"#todos li.done"`` matches
nothing but ``"#todos"`` does, the message quotes ``#todos``, where the
missing element would be, rather than the whole page.
"""

from __future__ import annotations

from .._browser.markup import strip_bookkeeping
from .._browser.nodes import Element, serialize
from .._browser.query import Query, outer_html, select, text_of
from ..exceptions import DjustTestingError

__unittest = True
__tracebackhide__ = True

#: How much of the page a message quotes.
QUOTE_LIMIT = 4000
# How many elements a message lists.
_LISTED = 10


def quote(html: str) -> str:
    """``html`` cut to what a message can hold."""
    return html if len(html) <= QUOTE_LIMIT else html[:QUOTE_LIMIT] + "\n... (cut)"


def assert_has_element(root: Element, query: Query) -> None:
    """Some element under ``root`` matches ``query``."""
    if select(root, query):
        return
    wanted = f"expected {query} to match an element"
    if query.text is not None:
        candidates = select(root, Query(query.selector))
        if candidates:
            matching = "the element" if len(candidates) == 1 else f"the {len(candidates)} elements"
            raise AssertionError(
                f"{wanted}, but {matching} matching {query.selector!r} "
                f"{'has' if len(candidates) == 1 else 'have'} other text:\n"
                + _listing(candidates, with_text=True)
            )
    raise AssertionError(f"{wanted}, but it matched none. {_where_looked(root, query.selector)}")


def refute_has_element(root: Element, query: Query) -> None:
    """No element under ``root`` matches ``query``."""
    found = select(root, query)
    if found:
        raise AssertionError(
            f"expected {query} to match no element, but it matched {len(found)}:\n"
            + _listing(found, with_text=False)
        )


def _where_looked(root: Element, selector: str) -> str:
    """The part of the page the selector's nearest matching part points at, quoted."""
    for prefix in reversed(leading_parts(selector)):
        try:
            scope = select(root, Query(prefix))
        except DjustTestingError:
            continue
        if scope:
            return (
                f"Its leading part {prefix!r} matches {_count(scope)}; within "
                f"{'it' if len(scope) == 1 else 'them'}:\n"
                + quote("\n".join(outer_html(element) for element in scope[:_LISTED]))
            )
    page = strip_bookkeeping(serialize(root.children)).strip()
    return "The page:\n" + quote(page or "(empty)")


def leading_parts(selector: str) -> list[str]:
    """The selector's leading compound parts, shortest first, the whole selector left out.

    ``"#todos > li.done a"`` gives ``["#todos", "#todos > li.done"]``. A
    selector list (``"a, b"``) has none: its parts are alternatives.
    """
    cuts: list[int] = []
    depth = 0
    quote_char = ""
    previous = ""
    for position, char in enumerate(selector):
        if quote_char:
            if char == quote_char and previous != "\\":
                quote_char = ""
        elif char in "'\"":
            quote_char = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char == ",":
            return []
        elif depth == 0 and (char.isspace() or char in ">+~"):
            cuts.append(position)
        previous = char
    parts: list[str] = []
    for cut in cuts:
        part = selector[:cut].strip()
        if part and part[-1] not in ">+~" and part not in parts:
            parts.append(part)
    return [part for part in parts if part != selector.strip()]


def _listing(elements: list[Element], *, with_text: bool) -> str:
    lines = []
    for element in elements[:_LISTED]:
        line = f"  {_cut(outer_html(element))}"
        if with_text:
            line += f"\n    text: {text_of(element)!r}"
        lines.append(line)
    if len(elements) > _LISTED:
        lines.append(f"  ... and {len(elements) - _LISTED} more")
    return "\n".join(lines)


def _count(elements: list[Element]) -> str:
    return "1 element" if len(elements) == 1 else f"{len(elements)} elements"


def _cut(html: str, limit: int = 300) -> str:
    return html if len(html) <= limit else html[: limit - 1] + "…"
