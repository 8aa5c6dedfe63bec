"""The page's node tree, parsed from HTML as a browser parses it, and serialized back.

Elements keep a form control's *properties* (a typed value, checkedness,
selectedness) apart from its attributes, as a browser does; ``controls``
gives them their meaning. ``None`` means the property still follows the
attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import markup

# Serialized without escaping (HTML's raw text elements).
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext"})
# The HTML parser drops a newline right after these start tags.
_LEADING_NEWLINE_DROPPED = frozenset({"pre", "textarea", "listing"})


class Node:
    parent: Element | None = None


@dataclass(eq=False)
class Text(Node):
    data: str
    parent: Element | None = None


@dataclass(eq=False)
class Comment(Node):
    data: str
    parent: Element | None = None


@dataclass(eq=False)
class Element(Node):
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    parent: Element | None = None
    # Properties a user or djust's client set apart from the attributes.
    value: str | None = None
    checked: bool | None = None
    selected: bool | None = None

    def append(self, node: Node) -> None:
        self.insert(len(self.children), node)

    def insert(self, position: int, node: Node) -> None:
        detach(node)
        node.parent = self
        self.children.insert(position, node)

    def insert_before(self, node: Node, reference: Node | None) -> None:
        if reference is None or reference.parent is not self:
            self.append(node)
        else:
            self.insert(self.children.index(reference), node)

    def elements(self) -> Iterator[Element]:
        """This element and every element under it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.elements()

    def child_elements(self) -> Iterator[Element]:
        return (child for child in self.children if isinstance(child, Element))

    def ancestors(self) -> Iterator[Element]:
        """This element, then each ancestor up to the top of its tree."""
        node: Element | None = self
        while node is not None:
            yield node
            node = node.parent

    def closest(self, attribute: str) -> Element | None:
        """The nearest of this element and its ancestors that has ``attribute``."""
        return next((e for e in self.ancestors() if attribute in e.attrs), None)

    @property
    def top(self) -> Element:
        """The root of the tree this element is in."""
        top = self
        for ancestor in self.ancestors():
            top = ancestor
        return top

    def contains(self, other: Element) -> bool:
        return any(ancestor is self for ancestor in other.ancestors())

    @property
    def text_content(self) -> str:
        return "".join(
            child.data if isinstance(child, Text) else child.text_content
            for child in self.children
            if isinstance(child, (Text, Element))
        )


def detach(node: Node) -> None:
    if node.parent is not None:
        node.parent.children.remove(node)
        node.parent = None


def clone(node: Node) -> Node:
    """A deep copy of ``node``, properties included, with no parent."""
    if isinstance(node, Text):
        return Text(node.data)
    if isinstance(node, Comment):
        return Comment(node.data)
    assert isinstance(node, Element)
    copy = Element(
        node.tag, dict(node.attrs), value=node.value, checked=node.checked, selected=node.selected
    )
    for child in node.children:
        copy.append(clone(child))
    return copy


def all_nodes(element: Element) -> Iterator[Node]:
    """Every node under ``element`` (not itself), in document order."""
    for child in element.children:
        yield child
        if isinstance(child, Element):
            yield from all_nodes(child)


def collapse(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ parsing


def parse(html: str, context: str = "div") -> list[Node]:
    """Parse ``html`` as a browser parses innerHTML of a ``context`` element."""
    if context in ("tbody", "thead", "tfoot", "table"):
        wrapper, depth = f"<table><{context}>{html}</{context}></table>", 2
    elif context == "tr":
        wrapper, depth = f"<table><tbody><tr>{html}</tr></tbody></table>", 3
    elif context == "select":
        wrapper, depth = f"<select>{html}</select>", 1
    else:
        wrapper, depth = f"<div>{html}</div>", 1
    document = LexborHTMLParser(f"<!DOCTYPE html><html><head></head><body>{wrapper}</body></html>")
    holder = document.body
    for _ in range(depth):
        assert holder is not None and holder.child is not None
        holder = holder.child
        while holder is not None and not holder.is_element_node:
            holder = holder.next
    assert holder is not None
    return _converted(holder)


def _converted(holder: LexborNode) -> list[Node]:
    return [node for node in (_convert(child) for child in markup.children(holder)) if node]


def _convert(node: LexborNode) -> Node | None:
    if node.is_text_node:
        return Text(node.text_content or "")
    if node.is_comment_node:
        return Comment(node.comment_content or "")
    if not node.is_element_node or node.tag is None:
        return None
    element = Element(
        node.tag.lower(), {name: value or "" for name, value in node.attributes.items()}
    )
    # lexbor keeps template contents in a fragment; its HTML is the way in.
    contents = parse(node.inner_html or "") if node.tag == "template" else _converted(node)
    for child in contents:  # each new, so in no other tree: no detach as in append()
        child.parent = element
    element.children = contents
    return element


def parse_root(document_html: str) -> list[Node]:
    """The children of the ``[dj-root]`` element (or ``[dj-view]``) of a rendered page."""
    document = LexborHTMLParser(document_html)
    top = document.root
    root = None
    if top is not None:
        root = first_element(top, _has("dj-root")) or first_element(top, _has("dj-view"))
    if root is None:
        return parse(document_html)
    return _converted(root)


def first_element(top: LexborNode, wanted: Callable[[LexborNode], bool]) -> LexborNode | None:
    """The first element, ``top`` or under it in document order, that is ``wanted``.

    What ``css_first`` finds for the selector ``wanted`` stands for, without
    lexbor's CSS engine: it sets itself up anew for each document, which
    costs a render's parse more than the parse itself (about twenty page
    faults each time).
    """
    if top.is_element_node and wanted(top):
        return top
    waiting = [top.child]  # each node to visit, then its following siblings
    while waiting:
        node = waiting.pop()
        if node is None:
            continue
        waiting.append(node.next)
        if node.is_element_node:
            if wanted(node):
                return node
            waiting.append(node.child)
    return None


def _has(attribute: str) -> Callable[[LexborNode], bool]:
    return lambda node: attribute in node.attrs


def _is_page_view(node: LexborNode) -> bool:
    # [dj-view]:not([dj-sticky-root]):not([data-djust-embedded])
    attrs = node.attrs
    return (
        "dj-view" in attrs and "dj-sticky-root" not in attrs and "data-djust-embedded" not in attrs
    )


@dataclass(frozen=True)
class LoadedPage:
    """A full page as the browser parsed it: its LiveView container and its title."""

    #: The container's ``dj-view`` (``""`` when it has none); None without a container.
    view: str | None
    #: The container's content, as HTML.
    content: str
    title: str | None


def load_page(document_html: str) -> LoadedPage:
    """The page view container of a full page (03-websocket.js ``findPageViewContainer``)."""
    document = LexborHTMLParser(document_html)
    top = document.root
    container = None if top is None else first_element(top, _is_page_view)
    title = None if top is None else first_element(top, lambda node: node.tag == "title")
    shown_title = None if title is None else title.text(deep=True)
    if container is None:
        return LoadedPage(None, "", shown_title)
    view = container.attributes.get("dj-view") or ""
    return LoadedPage(view, container.inner_html or "", shown_title)


# ------------------------------------------------------------- serializing

#: What to write for an element: its attributes and its children.
ElementView = Callable[[Element], tuple[dict[str, str], list[Node]]]


def _as_written(element: Element) -> tuple[dict[str, str], list[Node]]:
    return element.attrs, element.children


def serialize(nodes: Iterable[Node], view: ElementView = _as_written) -> str:
    """HTML for ``nodes``, as a browser's innerHTML gives it.

    ``view`` decides what each element shows: by default its attributes and
    children as they are.
    """
    parts: list[str] = []
    for node in nodes:
        _serialize(node, parts, view)
    return "".join(parts)


def _serialize(node: Node, parts: list[str], view: ElementView) -> None:
    if isinstance(node, Text):
        parent_tag = node.parent.tag if node.parent is not None else ""
        parts.append(node.data if parent_tag in _RAW_TEXT else escape_text(node.data))
    elif isinstance(node, Comment):
        parts.append(f"<!--{node.data}-->")
    elif isinstance(node, Element):
        attrs, children = view(node)
        parts.append(f"<{node.tag}")
        for name, value in attrs.items():
            parts.append(f' {name}="{escape_attr(value)}"')
        parts.append(">")
        if node.tag in markup.VOID_ELEMENTS:
            return
        first = children[0] if children else None
        if (
            node.tag in _LEADING_NEWLINE_DROPPED
            and isinstance(first, Text)
            and first.data.startswith("\n")
        ):
            parts.append("\n")  # the parser drops one newline right after the tag
        for child in children:
            _serialize(child, parts, view)
        parts.append(f"</{node.tag}>")


def escape_text(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("\xa0", "&nbsp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")
