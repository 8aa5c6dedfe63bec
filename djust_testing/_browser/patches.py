"""Apply one frame of djust's VDOM patches to the page, as its browser client does.

The rules are those of ``static/djust/src/12-vdom-patch.js``: removals and
moves are resolved against the DOM before the batch, placements land by
final index per parent, then attribute and text patches apply in the order
sent; nodes are created from djust's VNodes with its tag allowlist.
"""

from __future__ import annotations

import re
from typing import Any

from .document import Document, PatchError, is_dj_if_comment, significant_children
from .nodes import Comment, Element, Node, Text, all_nodes, detach, parse

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
_MARKER_ID = re.compile(r'id="([^"]+)"')
_PLACEMENTS = ("InsertChild", "MoveChild", "InsertSubtree", "MoveSubtree")
# Keyed ops on a dj-virtual list: applied in the order sent, with the other
# single patches, because each anchors on rows earlier ops placed.
_VIRTUAL = ("VirtualInsert", "VirtualMove", "VirtualRemove", "VirtualUpdate")


def ignored_attrs(element: Element) -> set[str]:
    """The attributes ``dj-ignore-attrs`` protects from djust's patches and morphs."""
    listed = element.attrs.get("dj-ignore-attrs", "")
    return {name.strip() for name in listed.split(",") if name.strip()}


def apply_patches(
    document: Document, patches: list[dict[str, Any]], *, broadcast: bool = False
) -> list[str]:
    """Apply one frame's patches; return the failures (the browser would then recover)."""
    return _Batch(document, broadcast).apply(patches)


class _Batch:
    def __init__(self, document: Document, broadcast: bool) -> None:
        self.document = document
        self.broadcast = broadcast
        self.failures: list[str] = []

    def fail(self, patch: dict[str, Any], reason: object) -> None:
        self.failures.append(f"{patch}: {reason}")

    def element(self, patch: dict[str, Any]) -> Element:
        node = self.document.resolve(patch.get("path") or [], patch.get("d"))
        if not isinstance(node, Element):
            raise PatchError(f"{patch['type']} targets a {type(node).__name__.lower()} node")
        return node

    def apply(self, patches: list[dict[str, Any]]) -> list[str]:
        subtree_removals = [p for p in patches if p.get("type") == "RemoveSubtree"]
        removals = [p for p in patches if p.get("type") == "RemoveChild"]
        placements = [p for p in patches if p.get("type") in _PLACEMENTS]
        rest = [
            p
            for p in patches
            if p.get("type") not in ("RemoveSubtree", "RemoveChild", *_PLACEMENTS)
        ]
        # Removals and moves are resolved against the DOM before the batch.
        doomed: list[Node] = []
        for patch in removals:
            try:
                parent = self.element(patch)
            except PatchError as exc:
                self.fail(patch, exc)
                continue
            child = _child(parent, patch.get("child_d"), int(patch.get("index", -1)))
            if child is not None:
                doomed.append(child)
        moved: dict[int, Node | None] = {}
        for number, patch in enumerate(placements):
            if patch["type"] == "MoveChild":
                try:
                    parent = self.element(patch)
                except PatchError as exc:
                    self.fail(patch, exc)
                    moved[number] = None
                    continue
                moved[number] = _child(parent, patch.get("child_d"), int(patch.get("from", -1)))

        for patch in subtree_removals:
            try:
                for node in self.subtree_span(str(patch.get("id"))) or []:
                    detach(node)
            except PatchError as exc:
                self.fail(patch, exc)
        for child in doomed:
            self.remove(child)

        by_parent: dict[int, tuple[Element, list[tuple[int, dict[str, Any]]]]] = {}
        for number, patch in enumerate(placements):
            if patch["type"] == "MoveChild" and moved.get(number) is None:
                self.fail(patch, "the child to move is gone")
                continue
            try:
                parent = self.element(patch)
            except PatchError as exc:
                self.fail(patch, exc)
                continue
            by_parent.setdefault(id(parent), (parent, []))[1].append((number, patch))
        for parent, ops in by_parent.values():
            self.place(parent, ops, moved)

        for patch in rest:
            try:
                self.apply_single(patch)
            except PatchError as exc:
                self.fail(patch, exc)
        if self.broadcast:
            for element in self.document.root.elements():
                if element.tag == "textarea" and element.attrs.get("dj-update") != "ignore":
                    element.value = element.text_content
        return self.failures

    def place(
        self,
        parent: Element,
        ops: list[tuple[int, dict[str, Any]]],
        moved: dict[int, Node | None],
    ) -> None:
        carried: dict[int, list[Node]] = {}
        # Moves take their nodes out first; subtrees smallest first.
        for number, patch in ops:
            if patch["type"] == "MoveChild":
                node = moved[number]
                assert node is not None
                detach(node)
                carried[number] = [node]
        subtree_moves = [(n, p) for n, p in ops if p["type"] == "MoveSubtree"]
        spans = {n: self.subtree_span(str(p.get("id"))) for n, p in subtree_moves}
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
                nodes = [self.create(vnode, parent)]
                if parent.tag == "select" and vnode.get("tag") not in ("option", "optgroup"):
                    # The browser's parser moves it out: after the select.
                    grand = parent.parent
                    if grand is not None:
                        grand.insert(grand.children.index(parent) + 1, nodes[0])
                    continue
            elif kind == "InsertSubtree":
                if self.open_marker(str(patch.get("id"))) is not None:
                    continue
                html = str(patch.get("html") or "")
                if not html:
                    self.fail(patch, "empty subtree")
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
                self.sync_textarea(parent)

    def apply_single(self, patch: dict[str, Any], root: Element | None = None) -> None:
        kind = patch.get("type")
        node = self.document.resolve(patch.get("path") or [], patch.get("d"), root)
        if kind in _VIRTUAL:
            if not isinstance(node, Element):
                raise PatchError(f"{kind} targets a {type(node).__name__.lower()} node")
            self.virtual(node, patch)
        elif kind == "Replace":
            parent = node.parent
            if parent is None:
                raise PatchError("Replace targets the root")
            parent.insert_before(self.create(patch.get("node") or {}, parent), node)
            detach(node)
        elif kind == "SetText":
            text = str(patch.get("text", ""))
            if isinstance(node, Text):
                node.data = text
                if node.parent is not None:
                    self.sync_textarea(node.parent)
            elif isinstance(node, Element):
                node.children = []
                node.append(Text(text))
            elif isinstance(node, Comment):
                node.data = text
        elif kind in ("InsertChild", "RemoveChild", "MoveChild"):
            if not isinstance(node, Element):
                raise PatchError(f"{kind} targets a {type(node).__name__.lower()} node")
            self.child_op(node, patch)
        elif kind in ("InsertSubtree", "RemoveSubtree", "MoveSubtree"):
            raise PatchError(f"{kind} inside a VirtualUpdate is not modelled by djust-testing")
        elif kind in ("SetAttr", "RemoveAttr"):
            if not isinstance(node, Element):
                raise PatchError(f"{kind} targets a {type(node).__name__.lower()} node")
            key = str(patch.get("key", ""))
            if key in ("__proto__", "constructor", "prototype") or key in ignored_attrs(node):
                return
            if kind == "SetAttr":
                self.set_attr(node, key, str(patch.get("value") or ""))
            else:
                _remove_attr(node, key)
        else:
            raise PatchError(f"unknown patch type {kind!r}")

    def child_op(self, parent: Element, patch: dict[str, Any]) -> None:
        """One child patch on its own, as ``applySinglePatch`` does it (a VirtualUpdate's).

        Unlike a frame's batch, indexes count the children as they are now.
        """
        kind = patch["type"]
        if kind == "InsertChild":
            created = self.create(patch.get("node") or {}, parent)
            if parent.tag == "select" and not (
                isinstance(created, Element) and created.tag in ("option", "optgroup")
            ):
                grand = parent.parent  # inserted after the select instead
                if grand is not None:
                    grand.insert(grand.children.index(parent) + 1, created)
                return
            parent.insert_before(
                created, _child(parent, patch.get("ref_d"), int(patch.get("index", -1)))
            )
            if isinstance(created, Text):
                self.sync_textarea(parent)
            return
        index = int(patch.get("index" if kind == "RemoveChild" else "from", -1))
        child = _child(parent, patch.get("child_d"), index)
        if child is None:
            return  # djust's client skips a child it cannot find
        if kind == "RemoveChild":
            self.remove(child)
            return
        detach(child)
        to = int(patch.get("to", 0))  # among the siblings without the child (#2999)
        others = significant_children(parent)
        parent.insert_before(child, others[to] if 0 <= to < len(others) else None)

    def set_attr(self, element: Element, key: str, value: str) -> None:
        protected = element is self.document.focused and not self.broadcast
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

    def sync_textarea(self, element: Element) -> None:
        if element.tag == "textarea" and (element is not self.document.focused or self.broadcast):
            element.value = element.text_content

    def remove(self, node: Node) -> None:
        parent = node.parent
        detach(node)
        # Emptying a textarea empties its value, unless the user is typing in it.
        if isinstance(node, Text) and isinstance(parent, Element) and parent.tag == "textarea":
            parent.value = "" if parent is not self.document.focused else parent.value

    def create(self, vnode: dict[str, Any], parent: Element) -> Node:
        tag = str(vnode.get("tag", ""))
        if tag == "#text":
            return Text(str(vnode.get("text") or ""))
        if tag == "#comment":
            return Comment(str(vnode.get("text") or ""))
        tag = tag.lower()
        in_svg = any(ancestor.tag == "svg" for ancestor in parent.ancestors())
        if not (tag in _ALLOWED_TAGS or tag in _SVG_TAGS or "-" in tag or in_svg):
            tag = "span"
        element = Element(tag, {str(k): str(v) for k, v in (vnode.get("attrs") or {}).items()})
        for child in vnode.get("children") or []:
            element.append(self.create(child, element))
        if tag in ("input", "textarea") and "value" in element.attrs:
            element.value = element.attrs["value"]
        if tag == "input" and "checked" in element.attrs:
            element.checked = True
        if tag == "option" and "selected" in element.attrs:
            element.selected = True
        if tag == "textarea":
            element.value = element.text_content
        return element

    # ------------------------------------------------------ dj-virtual lists

    def virtual(self, container: Element, patch: dict[str, Any]) -> None:
        """A keyed op on a ``dj-virtual`` list (12-vdom-patch.js, 29-virtual-list.js).

        djust's client keeps every row in the list's pool and shows a window
        of it; the page model has no window, so the pool is the container's
        element children.
        """
        kind, key = patch["type"], patch.get("key")
        rows = list(container.child_elements())
        row = next((r for r in rows if _row_key(container, r) == key), None)
        if kind == "VirtualUpdate":
            if row is None:
                raise PatchError(f"VirtualUpdate: no pool row for key {key!r}")
            for inner in patch.get("patches") or []:
                if inner.get("type") == "Replace" and not inner.get("path"):
                    replacement = self.create(inner.get("node") or {}, container)
                    if not isinstance(replacement, Element):
                        raise PatchError(f"VirtualUpdate: no element to replace row {key!r} with")
                    container.insert_before(replacement, row)
                    detach(row)
                    row = replacement  # later inner patches apply to the new row
                else:
                    self.apply_single(inner, root=row)
            return
        if kind == "VirtualInsert":
            created = self.create(patch.get("node") or {}, container)
            if not isinstance(created, Element):
                raise PatchError(f"VirtualInsert could not build an element for key {key!r}")
            if row is not None:
                detach(row)  # re-inserting a key replaces its row
            self.place_row(container, created, patch.get("before_key"))
        elif row is not None:  # a Remove or Move of a key already absent changes nothing
            detach(row)
            if kind == "VirtualMove":
                self.place_row(container, row, patch.get("before_key"))

    @staticmethod
    def place_row(container: Element, row: Element, before_key: Any) -> None:
        """Before the row of ``before_key``; at the tail without one, or when it is absent."""
        anchor = None
        if before_key is not None:
            anchor = next(
                (r for r in container.child_elements() if _row_key(container, r) == before_key),
                None,
            )
        container.insert_before(row, anchor)

    # --------------------------------------------------------- dj-if spans

    def open_marker(self, marker_id: str) -> Comment | None:
        for node in all_nodes(self.document.root):
            if isinstance(node, Comment) and is_dj_if_comment(node.data):
                match = _MARKER_ID.search(node.data)
                if match and match.group(1) == marker_id and not node.data.strip().startswith("/"):
                    return node
        return None

    def subtree_span(self, marker_id: str) -> list[Node] | None:
        """The open marker, what follows it, and its close marker; None when absent."""
        opening = self.open_marker(marker_id)
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


def _child(parent: Element, child_d: str | None, index: int) -> Node | None:
    if child_d:
        for child in parent.children:
            if isinstance(child, Element) and child.attrs.get("dj-id") == child_d:
                return child
    siblings = significant_children(parent)
    return siblings[index] if 0 <= index < len(siblings) else None


def _row_key(container: Element, row: Element) -> str | None:
    """A row's key, as 29-virtual-list.js ``patchKeyOf`` reads it."""
    key_attr = container.attrs.get("dj-virtual-key-attr", "data-key")
    return row.attrs.get(key_attr) or row.attrs.get("dj-key") or row.attrs.get("data-key")


def _remove_attr(element: Element, key: str) -> None:
    if key.startswith("dj-") or key == "data-dj-src":
        return  # djust's client never removes these
    if key == "checked" and element.tag == "input":
        element.checked = False
    elif key == "selected" and element.tag == "option":
        element.selected = False
    element.attrs.pop(key, None)
