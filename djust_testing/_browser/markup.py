"""Parse djust's HTML as a browser does, drop its bookkeeping, and normalize for comparison.

The parser is lexbor (through selectolax): an HTML5 parser like the browser's,
so ``<tr>`` outside a table, implied ``<tbody>`` and entity handling come out
as they would in the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Elements whose text the browser keeps as written.
PREFORMATTED = frozenset({"pre", "textarea", "script", "style"})

VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)

_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's ASCII whitespace, not \xa0
N = TypeVar("N")
# The marker comments djust puts around {% if %} blocks: <!--dj-if ...--> and <!--/dj-if-->.
_DJ_IF_COMMENT = re.compile(r"^/?dj-if\b")
_HANDLER_METADATA = "window.handlerMetadata"


def parse_fragment(html: str) -> LexborNode:
    """Parse ``html`` as the content of a ``<div>``; return that div."""
    document = LexborHTMLParser(
        f"<!DOCTYPE html><html><head></head><body><div>{html}</div></body></html>"
    )
    body = document.body
    assert body is not None and body.child is not None
    return body.child


def children(node: LexborNode) -> Iterator[LexborNode]:
    """Every child of ``node``: elements, text and comments."""
    child = node.child
    while child is not None:
        following = child.next
        yield child
        child = following


def is_bookkeeping(node: LexborNode) -> bool:
    """True for what djust adds for its own use: dj-if markers, the handler metadata script."""
    if node.is_comment_node:
        return bool(_DJ_IF_COMMENT.match((node.comment_content or "").strip()))
    return node.tag == "script" and _HANDLER_METADATA in (node.text(deep=True) or "")


def strip_bookkeeping(html: str) -> str:
    """``html`` as the page shows it: without dj-id attributes, dj-if markers or djust scripts."""
    root = parse_fragment(html)
    _strip(root)
    return str(root.inner_html or "")


def _strip(node: LexborNode) -> None:
    for child in children(node):
        if is_bookkeeping(child):
            child.decompose()
        elif child.is_element_node:
            if "dj-id" in child.attrs:
                del child.attrs["dj-id"]
            _strip(child)


def normalize(html: str, *, volatile: bool = False) -> str:
    """A canonical text form of ``html`` for comparing two renders.

    One element per line, indented; attributes sorted, class names sorted;
    whitespace collapsed as a browser collapses it (``render_whitespace``),
    outside preformatted elements; comments and djust bookkeeping dropped.
    A space the browser shows that the indentation would hide (between two
    inline elements, at either end of a text) is written ``&#32;``.
    ``volatile=True`` also blanks values that change on every request (csrf
    tokens).
    """
    lines: list[str] = []
    depth = 0
    for event in joined_events(
        render_whitespace(children(parse_fragment(html)), _lexbor_kind, children)
    ):
        if event[0] == "open":
            node = event[1]
            lines.append(f"{'  ' * depth}<{node.tag or ''}{_attributes(node, volatile)}>")
            depth += 1
        elif event[0] == "close":
            depth -= 1
            tag = event[1].tag or ""
            if tag not in VOID_ELEMENTS:
                lines.append(f"{'  ' * depth}</{tag}>")
        elif event[0] == "raw":
            lines.append(_escape_text(event[1]))
        else:
            lines.append("  " * depth + _edge_spaces(_escape_text(event[1])))
    return "\n".join(lines)


def _lexbor_kind(node: LexborNode) -> tuple[str, str]:
    if node.is_text_node:
        return "text", node.text_content or ""
    if node.is_element_node and not is_bookkeeping(node):
        tag = node.tag or ""
        hidden = tag == "input" and (node.attrs.get("type") or "").lower() == "hidden"
        return ("hidden" if hidden else "element"), tag
    return "skip", ""


def _edge_spaces(text: str) -> str:
    """``text`` with a space at either end written ``&#32;``, so no editor or indent hides it."""
    if text.startswith(" "):
        text = "&#32;" + text[1:]
    if text.endswith(" "):
        text = text[:-1] + "&#32;"
    return text


# ------------------------------------------------------------ whitespace

#: Elements that start and end a line of their own (CSS display: block, list-item, table...).
BLOCK_ELEMENTS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "optgroup",
        "option", "p", "pre", "search", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul",
    }
)  # fmt: skip
#: Inline elements that show as one box of their own: content to the text around them.
ATOMIC_INLINE_ELEMENTS = frozenset(
    {
        "audio", "button", "canvas", "embed", "iframe", "img", "input", "meter", "object",
        "progress", "select", "svg", "textarea", "video",
    }
)  # fmt: skip
#: Elements a browser does not render: their whitespace never shows.
UNRENDERED_ELEMENTS = frozenset(
    {"area", "base", "head", "link", "meta", "noscript", "param", "script", "source", "style",
     "template", "title", "track"}
)  # fmt: skip

Event = tuple[str, Any]


class _Line:
    """One inline formatting context: a block's text, read across its inline elements."""

    def __init__(self) -> None:
        self.after_space = True  # at the start of a line, a space does not show
        self.last: list[Any] | None = None  # the text event that ends the line so far

    def text(self, raw: str) -> list[Any]:
        text = _WHITESPACE.sub(" ", raw)
        if self.after_space and text.startswith(" "):
            text = text[1:]
        event: list[Any] = ["text", text]
        if text:
            self.after_space = text.endswith(" ")
            self.last = event
        return event

    def content(self) -> None:
        """An inline box (an image, a button): what follows it is not at a line's start."""
        self.after_space = False
        self.last = None

    def end(self) -> None:
        """A line ends (a block starts or ends, a <br>): its trailing space does not show."""
        if self.last is not None and self.last[1].endswith(" "):
            self.last[1] = self.last[1][:-1]
        self.after_space = True
        self.last = None


def render_whitespace(
    nodes: Iterable[N],
    kind: Callable[[N], tuple[str, str]],
    children_of: Callable[[N], Iterable[N]],
) -> list[Event]:
    """The nodes as events (``open``/``close`` an element, ``text``/``raw`` text), whitespace
    as a browser renders it.

    The rule is CSS's ``white-space: normal``, by element category: within a
    block, the text of its inline elements is one run, where each whitespace
    sequence becomes one space and a space after a space disappears, across
    inline elements too; the spaces at the start and end of a block, and
    around a block inside it (or a ``<br>``), disappear. Every other space
    stays, so ``<b>a</b> <i>b</i>`` differs from ``<b>a</b><i>b</i>``.
    Whitespace between table cells or list items is never shown. Inside
    ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``, text is ``raw``,
    as written. ``kind(node)`` is ``("text", data)``, ``("element", tag)``,
    ``("hidden", tag)`` for an element the browser does not render, or
    ``("skip", "")``; one function serves the parser's nodes and the page's.
    """
    events: list[Any] = []

    def walk(siblings: Iterable[N], line: _Line, raw: bool) -> None:
        for node in siblings:
            what, value = kind(node)
            if what == "skip":
                continue
            if what == "text":
                events.append(("raw", value) if raw else line.text(value))
                continue
            events.append(("open", node))
            inner_raw = raw or value in PREFORMATTED
            if what == "hidden" or value in UNRENDERED_ELEMENTS:
                walk(children_of(node), _Line(), inner_raw)
            elif value in BLOCK_ELEMENTS:
                line.end()
                inner = _Line()
                walk(children_of(node), inner, inner_raw)
                inner.end()
                line.end()
            elif value == "br":
                line.end()
            elif value in ATOMIC_INLINE_ELEMENTS:
                inner = _Line()
                walk(children_of(node), inner, inner_raw)
                inner.end()
                line.content()
            else:
                walk(children_of(node), line, inner_raw)
            events.append(("close", node))

    top = _Line()
    walk(nodes, top, False)
    top.end()
    return [(event[0], event[1]) for event in events]


def joined_events(events: list[Event]) -> Iterator[Event]:
    """``events`` with adjacent texts as one (a comment between them shows nothing), empty
    texts left out."""
    pending: list[str] = []
    kind = "text"
    for event in events:
        if event[0] in ("text", "raw"):
            pending.append(event[1])
            kind = event[0]
            continue
        if "".join(pending):
            yield kind, "".join(pending)
        pending = []
        yield event
    if "".join(pending):
        yield kind, "".join(pending)


def _attributes(node: LexborNode, volatile: bool) -> str:
    attrs: dict[str, str] = {}
    for name, value in node.attributes.items():
        if name == "dj-id":
            continue
        value = value or ""
        if name == "class":
            value = " ".join(sorted(set(value.split())))
        attrs[name] = value
    if volatile and attrs.get("name") == "csrfmiddlewaretoken" and "value" in attrs:
        attrs["value"] = "<csrf token>"
    parts = [
        name if value == "" else f'{name}="{escape_attr(value)}"'
        for name, value in sorted(attrs.items())
    ]
    return "".join(" " + part for part in parts)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(value: str) -> str:
    """``value`` ready to stand between double quotes in an attribute."""
    return value.replace("&", "&amp;").replace('"', "&quot;")
