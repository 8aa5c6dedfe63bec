"""Parse djust's HTML as a browser does, drop its bookkeeping, and normalize for comparison.

The parser is lexbor (through selectolax): an HTML5 parser like the browser's,
so ``<tr>`` outside a table, implied ``<tbody>`` and entity handling come out
as they would in the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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

_WHITESPACE = re.compile(r"\s+")
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
    whitespace collapsed outside preformatted elements; comments and djust
    bookkeeping dropped. ``volatile=True`` also blanks values that change on
    every request (csrf tokens).
    """
    lines: list[str] = []
    _normalize_children(parse_fragment(html), 0, lines, volatile)
    return "\n".join(lines)


def _normalize_children(
    node: LexborNode, depth: int, lines: list[str], volatile: bool, preformatted: bool = False
) -> None:
    indent = "  " * depth
    for child in children(node):
        if child.is_text_node:
            raw = child.text_content or ""
            if preformatted:
                if raw:
                    lines.append(_escape_text(raw))
            elif text := _WHITESPACE.sub(" ", raw).strip():
                lines.append(indent + _escape_text(text))
        elif child.is_element_node and not is_bookkeeping(child):
            tag = child.tag or ""
            lines.append(f"{indent}<{tag}{_attributes(child, volatile)}>")
            _normalize_children(
                child, depth + 1, lines, volatile, preformatted or tag in PREFORMATTED
            )
            if tag not in VOID_ELEMENTS:
                lines.append(f"{indent}</{tag}>")


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
