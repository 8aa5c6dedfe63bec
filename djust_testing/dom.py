"""The dj-root DOM a browser holds: built from the mount HTML, changed by djust's patches.

The rules are those of djust's browser client (``static/djust/src/12-vdom-patch.js``):
how a patch finds its node (``dj-id`` first, anywhere in the document, then
the path over *significant* children), the batch order (removals and moves
resolved against the DOM before the batch, placements by final index per
parent, then attribute and text patches in the order sent), how nodes are
created from djust's VNodes, and the morph that full-HTML frames go
through. Form controls keep their properties (a typed value, checkedness,
selection) apart from their attributes, as a browser does.

CSS queries run on a copy parsed by lexbor in which every element carries a
marker attribute and its current properties as attributes; see ``snapshot``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import markup

# Text directly inside these counts as significant, whitespace or not.
_WHITESPACE_KEEPING = frozenset({"pre", "code", "textarea", "script", "style"})
# Serialized without escaping (HTML's raw text elements).
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext"})
# What djust's client creates from a VNode as itself; anything else becomes a <span>.
_ALLOWED_TAGS = frozenset(
    """html head body div span main section article aside header footer nav figure
    figcaption h1 h2 h3 h4 h5 h6 p pre code blockquote hr br wbr address a abbr b bdi bdo
    cite data dfn em i kbd mark q s samp small strong sub sup time u var del ins ul ol li
    dl dt dd menu table thead tbody tfoot tr th td caption colgroup col form fieldset legend
    label input textarea select option optgroup button datalist output progress meter img
    audio video source track picture canvas iframe embed object param map area details
    summary dialog template slot noscript""".split()
)
_SVG_TAGS = frozenset(
    """svg path circle rect line polyline polygon ellipse g defs use symbol text tspan
    textpath lineargradient radialgradient stop clippath mask pattern image foreignobject
    marker title desc animate animatetransform animatemotion set filter feblend
    fecolormatrix fecomponenttransfer fecomposite feconvolvematrix fediffuselighting
    fedisplacementmap feflood fegaussianblur feimage femerge femergenode femorphology
    feoffset fespecularlighting fetile feturbulence""".split()
)
_ASCII_WHITESPACE = re.compile(r"[^ \t\n\r\f]")
# The HTML parser drops a newline right after these start tags.
_LEADING_NEWLINE_DROPPED = frozenset({"pre", "textarea", "listing"})
_MARKER_ID = re.compile(r'id="([^"]+)"')
MARKER = "data-djust-testing-node"


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
    # Properties a user or djust's client set apart from the attributes
    # (None: the property follows the attribute, as in a browser).
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

    @property
    def text_content(self) -> str:
        return "".join(
            child.data if isinstance(child, Text) else child.text_content
            for child in self.children
            if isinstance(child, (Text, Element))
        )

    # -- properties, as a browser's form controls expose them

    @property
    def current_value(self) -> str:
        if self.tag == "textarea":
            return self.value if self.value is not None else self.text_content
        if self.tag == "select":
            options = self.options()
            chosen = [o for o in options if o.is_selected]
            if "multiple" in self.attrs:
                return chosen[0].option_value if chosen else ""
            # A single select keeps the last option marked selected, else its first.
            picked = chosen[-1] if chosen else (options[0] if options else None)
            return picked.option_value if picked is not None else ""
        if self.value is not None:
            return self.value
        if self.is_checkable:
            return self.attrs.get("value", "on")
        return self.attrs.get("value", "")

    @property
    def input_type(self) -> str:
        return self.attrs.get("type", "").lower()

    @property
    def is_checkable(self) -> bool:
        """A checkbox or a radio: its state is ``checked``, not ``value``."""
        return self.tag == "input" and self.input_type in ("checkbox", "radio")

    @property
    def is_checked(self) -> bool:
        return self.checked if self.checked is not None else "checked" in self.attrs

    @property
    def is_selected(self) -> bool:
        return self.selected if self.selected is not None else "selected" in self.attrs

    @property
    def option_value(self) -> str:
        return self.attrs.get("value", _collapse(self.text_content))

    def options(self) -> list[Element]:
        return [e for e in self.elements() if e.tag == "option"]

    def select_option(self, value: str) -> None:
        """Select the option of this select whose value is ``value``, and only it."""
        for option in self.options():
            option.selected = option.option_value == value


def same_content(left: Iterable[Node], right: Iterable[Node]) -> bool:
    """Whether two node lists show the same page, by the rules of ``markup.normalize``.

    A quick check on the node trees themselves; ``markup.normalize`` gives the
    text form for a message.
    """
    return _canonical(left) == _canonical(right)


def _canonical(nodes: Iterable[Node], preformatted: bool = False) -> list[Any]:
    out: list[Any] = []
    text: list[str] = []

    def flush() -> None:
        joined = "".join(text)
        if not preformatted:
            joined = " ".join(joined.split())
        if joined:
            out.append(joined)
        text.clear()

    for node in nodes:
        if isinstance(node, Text):
            text.append(node.data)
        elif isinstance(node, Element):
            flush()
            out.append((node.tag, _canonical_attrs(node.attrs)))
            out.append(_canonical(node.children, preformatted or node.tag in markup.PREFORMATTED))
    flush()
    return out


def _canonical_attrs(attrs: dict[str, str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for name, value in attrs.items():
        if name == "dj-id":
            continue
        if name == "class":
            value = " ".join(sorted(set(value.split())))
        pairs.append((name, value))
    return tuple(sorted(pairs))


def detach(node: Node) -> None:
    if node.parent is not None:
        node.parent.children.remove(node)
        node.parent = None


def _collapse(text: str) -> str:
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
    if node.tag == "template":
        # lexbor keeps template contents in a fragment; its HTML is our way in.
        for content in parse(node.inner_html or ""):
            element.append(content)
        return element
    for child in markup.children(node):
        converted = _convert(child)
        if converted is not None:
            element.append(converted)
    return element


def parse_root(document_html: str) -> list[Node]:
    """The children of the ``[dj-root]`` element (or ``[dj-view]``) of a rendered page."""
    document = LexborHTMLParser(document_html)
    root = document.css_first("[dj-root]") or document.css_first("[dj-view]")
    if root is None:
        return parse(document_html)
    return [node for node in (_convert(child) for child in markup.children(root)) if node]


# ------------------------------------------------------------- serializing


def serialize(nodes: Iterable[Node], *, marked: dict[int, Element] | None = None) -> str:
    """HTML for ``nodes``, as a browser's innerHTML gives it.

    With ``marked``, every element gets a marker attribute and its current
    properties as attributes, and is recorded in ``marked`` by marker number.
    """
    parts: list[str] = []
    counter = itertools.count()
    for node in nodes:
        _serialize(node, parts, marked, counter)
    return "".join(parts)


def _serialize(
    node: Node, parts: list[str], marked: dict[int, Element] | None, counter: Iterator[int]
) -> None:
    if isinstance(node, Text):
        parent_tag = node.parent.tag if node.parent is not None else ""
        parts.append(node.data if parent_tag in _RAW_TEXT else _escape_text(node.data))
    elif isinstance(node, Comment):
        parts.append(f"<!--{node.data}-->")
    elif isinstance(node, Element):
        attrs = dict(node.attrs)
        children: Iterable[Node] = node.children
        if marked is not None:
            number = next(counter)
            marked[number] = node
            attrs[MARKER] = str(number)
            _reflect_properties(node, attrs)
            if node.tag == "textarea":
                children = [Text(node.current_value, node)]
        parts.append(f"<{node.tag}")
        for name, value in attrs.items():
            parts.append(f' {name}="{_escape_attr(value)}"')
        parts.append(">")
        if node.tag in markup.VOID_ELEMENTS:
            return
        first = next(iter(children), None)
        if (
            node.tag in _LEADING_NEWLINE_DROPPED
            and isinstance(first, Text)
            and first.data.startswith("\n")
        ):
            parts.append("\n")  # the parser drops one newline right after the tag
        for child in children:
            _serialize(child, parts, marked, counter)
        parts.append(f"</{node.tag}>")


def _reflect_properties(node: Element, attrs: dict[str, str]) -> None:
    if node.tag == "input":
        if node.is_checkable:
            attrs.pop("checked", None)
            if node.is_checked:
                attrs["checked"] = ""
        elif node.value is not None:
            attrs["value"] = node.value
    elif node.tag == "option":
        attrs.pop("selected", None)
        if node.is_selected:
            attrs["selected"] = ""


def _escape_text(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("\xa0", "&nbsp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _escape_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")


# ---------------------------------------------------------------- the DOM


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
    if node.parent is not None and node.parent.tag in _WHITESPACE_KEEPING:
        return True
    return node.data == " " or bool(_ASCII_WHITESPACE.search(node.data))


def significant_children(element: Element) -> list[Node]:
    return [child for child in element.children if is_significant(child)]


class Document:
    """The page's dj-root element and what is inside it."""

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

    def snapshot(self) -> tuple[LexborNode, dict[int, Element]]:
        """A lexbor copy for CSS queries, its elements marked (see ``MARKER``)."""
        marked: dict[int, Element] = {}
        html = serialize([self.root], marked=marked)
        return markup.parse_fragment(html), marked

    def reset_first_form(self) -> None:
        """``form.reset()`` on the first form, which is what djust's ``reset_form`` does."""
        form = next((e for e in self.root.elements() if e.tag == "form"), None)
        for control in form.elements() if form is not None else ():
            control.value = control.checked = control.selected = None

    # -------------------------------------------------------- node lookup

    def by_dj_id(self, dj_id: str) -> Element | None:
        for element in self.root.elements():
            if element.attrs.get("dj-id") == dj_id:
                return element
        return None

    def resolve(self, path: list[int], dj_id: str | None) -> Node:
        """The node a patch addresses: its dj-id anywhere, else its path from the root."""
        if dj_id:
            found = self.by_dj_id(dj_id)
            if found is not None:
                return found
        node: Node = self.root
        for index in path:
            if not isinstance(node, Element):
                raise PatchError(f"path {path} goes through a non-element")
            siblings = significant_children(node)
            if not 0 <= index < len(siblings):
                raise PatchError(f"path {path}: no child {index} (there are {len(siblings)})")
            node = siblings[index]
        return node

    def _element(self, patch: dict[str, Any]) -> Element:
        node = self.resolve(patch.get("path") or [], patch.get("d"))
        if not isinstance(node, Element):
            raise PatchError(f"{patch['type']} targets a {type(node).__name__.lower()} node")
        return node

    def _child(self, parent: Element, child_d: str | None, index: int) -> Node | None:
        if child_d:
            for child in parent.children:
                if isinstance(child, Element) and child.attrs.get("dj-id") == child_d:
                    return child
        siblings = significant_children(parent)
        return siblings[index] if 0 <= index < len(siblings) else None

    # ----------------------------------------------------------- patches

    def apply_patches(self, patches: list[dict[str, Any]], *, broadcast: bool = False) -> list[str]:
        """Apply one frame's patches as djust's client does; return the failures."""
        failures: list[str] = []
        removals: list[dict[str, Any]] = []
        subtree_removals: list[dict[str, Any]] = []
        placements: list[dict[str, Any]] = []
        rest: list[dict[str, Any]] = []
        for patch in patches:
            kind = patch.get("type")
            if kind == "RemoveSubtree":
                subtree_removals.append(patch)
            elif kind == "RemoveChild":
                removals.append(patch)
            elif kind in ("InsertChild", "MoveChild", "InsertSubtree", "MoveSubtree"):
                placements.append(patch)
            else:
                rest.append(patch)

        # Removals and moves are resolved against the DOM before the batch.
        doomed: list[Node] = []
        for patch in removals:
            try:
                parent = self._element(patch)
            except PatchError as exc:
                failures.append(f"{patch}: {exc}")
                continue
            child = self._child(parent, patch.get("child_d"), int(patch.get("index", -1)))
            if child is not None:
                doomed.append(child)
        moved: dict[int, Node | None] = {}
        for number, patch in enumerate(placements):
            if patch["type"] == "MoveChild":
                try:
                    parent = self._element(patch)
                except PatchError as exc:
                    failures.append(f"{patch}: {exc}")
                    moved[number] = None
                    continue
                moved[number] = self._child(
                    parent, patch.get("child_d"), int(patch.get("from", -1))
                )

        for patch in subtree_removals:
            try:
                self._remove_subtree(str(patch.get("id")))
            except PatchError as exc:
                failures.append(f"{patch}: {exc}")
        for child in doomed:
            self._remove(child)

        by_parent: dict[int, tuple[Element, list[tuple[int, dict[str, Any]]]]] = {}
        for number, patch in enumerate(placements):
            if patch["type"] == "MoveChild" and moved.get(number) is None:
                failures.append(f"{patch}: the child to move is gone")
                continue
            try:
                parent = self._element(patch)
            except PatchError as exc:
                failures.append(f"{patch}: {exc}")
                continue
            by_parent.setdefault(id(parent), (parent, []))[1].append((number, patch))
        for parent, ops in by_parent.values():
            failures += self._place(parent, ops, moved)

        for patch in rest:
            try:
                self._apply_single(patch, broadcast)
            except PatchError as exc:
                failures.append(f"{patch}: {exc}")
        if broadcast:
            for element in self.root.elements():
                if element.tag == "textarea" and element.attrs.get("dj-update") != "ignore":
                    element.value = element.text_content
        return failures

    def _place(
        self,
        parent: Element,
        ops: list[tuple[int, dict[str, Any]]],
        moved: dict[int, Node | None],
    ) -> list[str]:
        failures: list[str] = []
        carried: dict[int, list[Node]] = {}
        # Moves take their nodes out first; subtrees smallest first.
        for number, patch in ops:
            if patch["type"] == "MoveChild":
                node = moved[number]
                assert node is not None
                detach(node)
                carried[number] = [node]
        subtree_moves = [(n, p) for n, p in ops if p["type"] == "MoveSubtree"]
        spans = {n: self._subtree_span(str(p.get("id"))) for n, p in subtree_moves}
        for number, span in sorted(spans.items(), key=lambda item: len(item[1] or [])):
            if span:
                for node in span:
                    detach(node)
                carried[number] = span

        def final_index(item: tuple[int, dict[str, Any]]) -> int:
            patch = item[1]
            return int(
                patch.get("to", 0) if patch["type"] == "MoveChild" else patch.get("index", 0)
            )

        for number, patch in sorted(ops, key=final_index):
            kind = patch["type"]
            if kind == "InsertChild":
                vnode = patch.get("node") or {}
                if parent.tag == "select" and vnode.get("tag") not in ("option", "optgroup"):
                    nodes = [self._create(vnode, parent)]
                    grand = parent.parent
                    if grand is not None:
                        position = grand.children.index(parent) + 1
                        grand.insert(position, nodes[0])
                    continue
                nodes = [self._create(vnode, parent)]
            elif kind == "InsertSubtree":
                marker_id = str(patch.get("id"))
                if self._open_marker(marker_id) is not None:
                    continue
                html = str(patch.get("html") or "")
                if not html:
                    failures.append(f"{patch}: empty subtree")
                    continue
                nodes = parse(html, parent.tag)
            else:
                if number not in carried:
                    continue  # a MoveSubtree whose markers are gone: nothing to do
                nodes = carried[number]
            siblings = significant_children(parent)
            at = min(final_index((number, patch)), len(siblings))
            reference = siblings[at] if at < len(siblings) else None
            for node in nodes:
                parent.insert_before(node, reference)
            if kind == "InsertChild" and isinstance(nodes[0], Text):
                self._sync_textarea(parent)
        return failures

    def _apply_single(self, patch: dict[str, Any], broadcast: bool) -> None:
        kind = patch.get("type")
        node = self.resolve(patch.get("path") or [], patch.get("d"))
        if kind == "Replace":
            parent = node.parent
            if parent is None:
                raise PatchError("Replace targets the root")
            replacement = self._create(patch.get("node") or {}, parent)
            parent.insert_before(replacement, node)
            detach(node)
        elif kind == "SetText":
            if isinstance(node, Text):
                node.data = str(patch.get("text", ""))
                if node.parent is not None:
                    self._sync_textarea(node.parent, broadcast)
            elif isinstance(node, Element):
                node.children = []
                node.append(Text(str(patch.get("text", ""))))
            elif isinstance(node, Comment):
                node.data = str(patch.get("text", ""))
        elif kind in ("SetAttr", "RemoveAttr"):
            if not isinstance(node, Element):
                raise PatchError(f"{kind} targets a {type(node).__name__.lower()} node")
            key = str(patch.get("key", ""))
            if key in ("__proto__", "constructor", "prototype") or key in _ignored_attrs(node):
                return
            if kind == "SetAttr":
                self._set_attr(node, key, str(patch.get("value") or ""), broadcast)
            else:
                self._remove_attr(node, key)
        else:
            raise PatchError(f"unknown patch type {kind!r}")

    def _set_attr(self, element: Element, key: str, value: str, broadcast: bool) -> None:
        protected = element is self.focused and not broadcast
        if key == "value" and element.tag in ("input", "textarea"):
            element.attrs[key] = value
            if not protected:
                element.value = value
        elif key == "name" and element.tag in ("input", "textarea", "select"):
            element.attrs[key] = value
            element.value = element.attrs.get("value", "")
        elif key == "checked" and element.tag == "input":
            element.attrs[key] = ""
            element.checked = True
        elif key == "selected" and element.tag == "option":
            element.attrs[key] = ""
            element.selected = True
        else:
            element.attrs[key] = value

    def _remove_attr(self, element: Element, key: str) -> None:
        if key.startswith("dj-") or key == "data-dj-src":
            return  # djust's client never removes these
        if key == "checked" and element.tag == "input":
            element.checked = False
        elif key == "selected" and element.tag == "option":
            element.selected = False
        element.attrs.pop(key, None)

    def _sync_textarea(self, element: Element, broadcast: bool = False) -> None:
        if element.tag == "textarea" and (element is not self.focused or broadcast):
            element.value = element.text_content

    def _remove(self, node: Node) -> None:
        parent = node.parent
        detach(node)
        # Emptying a textarea empties its value, unless the user is typing in it.
        if isinstance(node, Text) and isinstance(parent, Element) and parent.tag == "textarea":
            parent.value = "" if parent is not self.focused else parent.value

    def _create(self, vnode: dict[str, Any], parent: Element) -> Node:
        tag = str(vnode.get("tag", ""))
        if tag == "#text":
            return Text(str(vnode.get("text") or ""))
        if tag == "#comment":
            return Comment(str(vnode.get("text") or ""))
        tag = tag.lower()
        in_svg = parent.tag == "svg" or _inside(parent, "svg")
        if not (tag in _ALLOWED_TAGS or tag in _SVG_TAGS or "-" in tag or in_svg):
            tag = "span"
        element = Element(tag, {str(k): str(v) for k, v in (vnode.get("attrs") or {}).items()})
        for child in vnode.get("children") or []:
            element.append(self._create(child, element))
        if tag in ("input", "textarea") and "value" in element.attrs:
            element.value = element.attrs["value"]
        if tag == "input" and "checked" in element.attrs:
            element.checked = True
        if tag == "option" and "selected" in element.attrs:
            element.selected = True
        if tag == "textarea":
            element.value = element.text_content
        return element

    # --------------------------------------------------------- dj-if spans

    def _open_marker(self, marker_id: str) -> Comment | None:
        for node in _all_nodes(self.root):
            if isinstance(node, Comment) and is_dj_if_comment(node.data):
                match = _MARKER_ID.search(node.data)
                if match and match.group(1) == marker_id and not node.data.strip().startswith("/"):
                    return node
        return None

    def _subtree_span(self, marker_id: str) -> list[Node] | None:
        """The open marker, what follows it, and its close marker; None when absent."""
        opening = self._open_marker(marker_id)
        if opening is None or opening.parent is None:
            return None
        siblings = opening.parent.children
        start = siblings.index(opening)
        depth = 0
        for position in range(start, len(siblings)):
            node = siblings[position]
            if isinstance(node, Comment) and is_dj_if_comment(node.data):
                text = node.data.strip()
                if text.startswith("dj-if "):
                    depth += 1
                elif text == "/dj-if":
                    depth -= 1
                    if depth == 0:
                        return siblings[start : position + 1]
        raise PatchError(f"no close marker for dj-if {marker_id!r}")

    def _remove_subtree(self, marker_id: str) -> None:
        span = self._subtree_span(marker_id)
        for node in span or []:
            detach(node)

    # ------------------------------------------------------------- morph

    def apply_html_update(self, html: str) -> None:
        """Apply a full-HTML frame as djust's client does (applyDjUpdateElements)."""
        desired = _page_root(html)
        if not any("dj-update" in e.attrs for e in desired.elements()):
            self.morph_children(self.root, desired, broadcast=False)
            return
        self._apply_dj_update_elements(self.root, desired)

    def recover(self, html: str) -> None:
        """What the client does with the page's HTML after a failed patch: morph to it."""
        self.morph_children(self.root, _page_root(html), broadcast=False)

    def _apply_dj_update_elements(self, root: Element, desired: Element) -> None:
        handled: set[str] = set()
        existing_ids = {e.attrs["id"]: e for e in root.elements() if e.attrs.get("id")}
        for new in desired.elements():
            mode = new.attrs.get("dj-update")
            if mode is None or new is desired or not new.attrs.get("id"):
                continue
            existing = existing_ids.get(new.attrs["id"])
            if existing is None:
                continue
            handled.add(new.attrs["id"])
            if mode in ("append", "prepend"):
                present = {c.attrs.get("id") for c in existing.children if isinstance(c, Element)}
                fresh = [
                    _clone(c)
                    for c in new.children
                    if isinstance(c, Element) and c.attrs.get("id") and c.attrs["id"] not in present
                ]
                first = existing.children[0] if existing.children else None
                for child in fresh:
                    existing.insert_before(child, first if mode == "prepend" else None)
            elif mode != "ignore":
                self.morph_element(existing, new, broadcast=False)
        new_top = [c for c in desired.children if isinstance(c, Element)]
        for new in new_top:
            new_id = new.attrs.get("id")
            if not new_id or new_id in handled:
                continue
            existing = existing_ids.get(new_id)
            if existing is None:
                root.append(_clone(new))
            elif any("dj-update" in e.attrs for e in new.elements() if e is not new):
                self._apply_dj_update_elements(existing, new)
            else:
                self.morph_element(existing, new, broadcast=False)
        wanted = {e.attrs.get("id") for e in new_top}
        for child in list(root.children):
            if (
                isinstance(child, Element)
                and child.attrs.get("id")
                and child.attrs["id"] not in handled
                and child.attrs["id"] not in wanted
                and "dj-update" not in child.attrs
            ):
                detach(child)

    def morph_children(self, existing: Element, desired: Element, *, broadcast: bool) -> None:
        by_id = {
            c.attrs["id"]: c
            for c in existing.children
            if isinstance(c, Element) and c.attrs.get("id")
        }
        matched: set[int] = set()
        position = 0
        keeps_whitespace = existing.tag in _WHITESPACE_KEEPING

        def current() -> Node | None:
            nonlocal position
            while position < len(existing.children) and id(existing.children[position]) in matched:
                position += 1
            return existing.children[position] if position < len(existing.children) else None

        for wanted in list(desired.children):
            node = current()
            is_structural = isinstance(wanted, Element) or (
                isinstance(wanted, Comment) and is_dj_if_comment(wanted.data)
            )
            if is_structural and not keeps_whitespace:
                while (
                    isinstance(node, Text)
                    and not _ASCII_WHITESPACE.search(node.data)
                    and id(node) not in matched
                ):
                    position += 1
                    node = current()
            if isinstance(wanted, (Text, Comment)):
                if type(node) is type(wanted) and id(node) not in matched:
                    assert isinstance(node, (Text, Comment))
                    node.data = wanted.data
                    matched.add(id(node))
                    position += 1
                else:
                    fresh: Node = (
                        Text(wanted.data) if isinstance(wanted, Text) else Comment(wanted.data)
                    )
                    existing.insert_before(fresh, node)
                    matched.add(id(fresh))
                    position = existing.children.index(fresh) + 1
                continue
            assert isinstance(wanted, Element)
            wanted_id = wanted.attrs.get("id")
            match = by_id.pop(wanted_id, None) if wanted_id else None
            if match is not None:
                matched.add(id(match))
                if match is not node:
                    existing.insert_before(match, node)
                    position = existing.children.index(match) + 1
                else:
                    position += 1
                self.morph_element(match, wanted, broadcast=broadcast)
            elif (
                isinstance(node, Element)
                and node.tag == wanted.tag
                and not node.attrs.get("id")
                and not wanted_id
            ):
                matched.add(id(node))
                position += 1
                self.morph_element(node, wanted, broadcast=broadcast)
            else:
                clone = _clone(wanted)
                existing.insert_before(clone, node)
                matched.add(id(clone))
                position = existing.children.index(clone) + 1
        for child in list(existing.children):
            if id(child) not in matched:
                detach(child)

    def morph_element(self, existing: Element, desired: Element, *, broadcast: bool) -> None:
        if existing.tag != desired.tag:
            parent = existing.parent
            if parent is not None:
                parent.insert_before(_clone(desired), existing)
                detach(existing)
            return
        if existing.attrs.get("dj-update") == "ignore":
            return
        ignored = _ignored_attrs(existing)
        for name in list(existing.attrs):
            keep = existing.tag == "canvas" and name in ("width", "height")
            if name not in desired.attrs and name not in ignored and not keep:
                del existing.attrs[name]
        for name, value in desired.attrs.items():
            if name not in ignored and existing.attrs.get(name) != value:
                existing.attrs[name] = value
        skip_value = (
            existing is self.focused
            and not broadcast
            and existing.attrs.get("name") == desired.attrs.get("name")
            and "dj-force-value" not in existing.attrs
            and "dj-force-value" not in desired.attrs
        )
        if not skip_value:
            if existing.is_checkable:
                existing.checked = desired.is_checked
            elif existing.tag == "input":
                existing.value = desired.current_value
            elif existing.tag == "select":
                existing.select_option(desired.current_value)
        if existing.attrs.get("dj-update") in ("append", "prepend"):
            return
        self.morph_children(existing, desired, broadcast=broadcast)
        if existing.tag == "textarea" and not skip_value:
            existing.value = existing.text_content


def _page_root(html: str) -> Element:
    """A detached dj-root holding ``html``: what a morph brings the page's root to."""
    root = Element("div", {"dj-root": ""})
    for node in parse(html):
        root.append(node)
    return root


def _ignored_attrs(element: Element) -> set[str]:
    listed = element.attrs.get("dj-ignore-attrs", "")
    return {name.strip() for name in listed.split(",") if name.strip()}


def _inside(element: Element, tag: str) -> bool:
    node = element.parent
    while node is not None:
        if node.tag == tag:
            return True
        node = node.parent
    return False


def _all_nodes(element: Element) -> Iterator[Node]:
    for child in element.children:
        yield child
        if isinstance(child, Element):
            yield from _all_nodes(child)


def _clone(node: Node) -> Node:
    if isinstance(node, Text):
        return Text(node.data)
    if isinstance(node, Comment):
        return Comment(node.data)
    assert isinstance(node, Element)
    copy = Element(
        node.tag, dict(node.attrs), value=node.value, checked=node.checked, selected=node.selected
    )
    for child in node.children:
        copy.append(_clone(child))
    return copy
