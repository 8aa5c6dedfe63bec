"""The page's dj-root element and what is inside it, and how a patch finds its node.

djust's browser client (``static/djust/src/12-vdom-patch.js``) finds a
patch's node by ``dj-id`` first, anywhere in the document, then by its path
over the *significant* children: elements, ``dj-if`` marker comments, and
text that is not whitespace only (all text inside ``pre``, ``code``,
``textarea``, ``script``, ``style``).
"""

from __future__ import annotations

import re

from .nodes import Comment, Element, Node, Text, parse, serialize

# Text directly inside these counts as significant, whitespace or not.
WHITESPACE_KEEPING = frozenset({"pre", "code", "textarea", "script", "style"})
NOT_ASCII_WHITESPACE = re.compile(r"[^ \t\n\r\f]")


class PatchError(Exception):
    """A patch djust's client could not apply (it would then ask for the page's HTML)."""


def is_dj_if_comment(text: str) -> bool:
    text = text.strip()
    return text in ("dj-if", "/dj-if") or text.startswith(("dj-if ", "dj-if\t"))


def is_significant(node: Node) -> bool:
    if isinstance(node, Element):
        return True
    if isinstance(node, Comment):
        return is_dj_if_comment(node.data)
    assert isinstance(node, Text)
    if node.parent is not None and node.parent.tag in WHITESPACE_KEEPING:
        return True
    return node.data == " " or bool(NOT_ASCII_WHITESPACE.search(node.data))


def significant_children(element: Element) -> list[Node]:
    return [child for child in element.children if is_significant(child)]


def page_root(html: str) -> Element:
    """A detached dj-root holding ``html``."""
    root = Element("div", {"dj-root": ""})
    for node in parse(html):
        root.append(node)
    return root


class Document:
    """The page's dj-root element, and the element that has focus."""

    def __init__(self, html: str = "") -> None:
        self.root = Element("div", {"dj-root": ""})
        # The element a user last typed in or focused, which djust's client
        # protects from value patches.
        self.focused: Element | None = None
        self.load(html)

    def load(self, html: str) -> None:
        """Replace the content, as ``innerHTML = html`` does (mount)."""
        self.root.children = []
        for node in parse(html):
            self.root.append(node)
        self.focused = None

    @property
    def html(self) -> str:
        return serialize(self.root.children)

    def by_dj_id(self, dj_id: str, within: Element | None = None) -> Element | None:
        """The element with ``dj-id`` under ``within`` (not itself; default: the page)."""
        scope = within if within is not None else self.root
        for element in scope.elements():
            if element is not within and element.attrs.get("dj-id") == dj_id:
                return element
        return None

    def resolve(self, path: list[int], dj_id: str | None, root: Element | None = None) -> Node:
        """The node a patch addresses: its dj-id, else its path (from ``root``, or the page's)."""
        if dj_id:
            found = self.by_dj_id(dj_id, root)
            if found is not None:
                return found
        node: Node = root if root is not None else self.root
        for index in path:
            if not isinstance(node, Element):
                raise PatchError(f"path {path} goes through a non-element")
            siblings = significant_children(node)
            if not 0 <= index < len(siblings):
                raise PatchError(f"path {path}: no child {index} (there are {len(siblings)})")
            node = siblings[index]
        return node

    def first_form(self) -> Element | None:
        return next((e for e in self.root.elements() if e.tag == "form"), None)
