"""Bring the page to a full HTML render, as djust's client morphs it (12-vdom-patch.js).

djust sends full HTML instead of patches in an ``html_update`` frame, and a
page that failed to apply a patch asks for the page's HTML and morphs to it.
The morph keeps matching elements (by ``id``, else by tag in order), so the
user's typed values and focus survive where djust's client keeps them.
"""

from __future__ import annotations

from . import controls
from .document import (
    NOT_ASCII_WHITESPACE,
    WHITESPACE_KEEPING,
    Document,
    is_dj_if_comment,
    page_root,
)
from .nodes import Comment, Element, Node, Text, clone, detach
from .patches import ignored_attrs


def apply_html_update(document: Document, html: str) -> None:
    """Apply a full-HTML frame (applyDjUpdateElements)."""
    desired = page_root(html)
    morph = _Morph(document)
    if not any("dj-update" in e.attrs for e in desired.elements()):
        morph.children(document.root, desired)
        return
    morph.dj_update_elements(document.root, desired)


def morph_children(document: Document, existing: Element, desired: Element) -> None:
    """Morph ``existing``'s children into ``desired``'s (morphChildren), focus kept."""
    _Morph(document).children(existing, desired)


def recover(document: Document, html: str) -> None:
    """What the client does with the page's HTML after a failed patch: morph to it."""
    _Morph(document).children(document.root, page_root(html))


class _Morph:
    def __init__(self, document: Document) -> None:
        self.focused = document.focused

    def dj_update_elements(self, root: Element, desired: Element) -> None:
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
                present = {c.attrs.get("id") for c in existing.child_elements()}
                fresh = [
                    clone(c)
                    for c in new.child_elements()
                    if c.attrs.get("id") and c.attrs["id"] not in present
                ]
                first = existing.children[0] if existing.children else None
                for child in fresh:
                    existing.insert_before(child, first if mode == "prepend" else None)
            elif mode != "ignore":
                self.element(existing, new)
        new_top = list(desired.child_elements())
        for new in new_top:
            new_id = new.attrs.get("id")
            if not new_id or new_id in handled:
                continue
            existing = existing_ids.get(new_id)
            if existing is None:
                root.append(clone(new))
            elif any("dj-update" in e.attrs for e in new.elements() if e is not new):
                self.dj_update_elements(existing, new)
            else:
                self.element(existing, new)
        wanted = {e.attrs.get("id") for e in new_top}
        for child in list(root.child_elements()):
            child_id = child.attrs.get("id")
            if (
                child_id
                and child_id not in handled
                and child_id not in wanted
                and "dj-update" not in child.attrs
            ):
                detach(child)

    def children(self, existing: Element, desired: Element) -> None:
        by_id = {c.attrs["id"]: c for c in existing.child_elements() if c.attrs.get("id")}
        matched: set[int] = set()
        position = 0
        keeps_whitespace = existing.tag in WHITESPACE_KEEPING

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
                    and not NOT_ASCII_WHITESPACE.search(node.data)
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
                self.element(match, wanted)
            elif (
                isinstance(node, Element)
                and node.tag == wanted.tag
                and not node.attrs.get("id")
                and not wanted_id
            ):
                matched.add(id(node))
                position += 1
                self.element(node, wanted)
            else:
                fresh = clone(wanted)
                existing.insert_before(fresh, node)
                matched.add(id(fresh))
                position = existing.children.index(fresh) + 1
        for child in list(existing.children):
            if id(child) not in matched:
                detach(child)

    def element(self, existing: Element, desired: Element) -> None:
        if existing.tag != desired.tag:
            parent = existing.parent
            if parent is not None:
                parent.insert_before(clone(desired), existing)
                detach(existing)
            return
        if existing.attrs.get("dj-update") == "ignore":
            return
        ignored = ignored_attrs(existing)
        for name in list(existing.attrs):
            keep = existing.tag == "canvas" and name in ("width", "height")
            if name not in desired.attrs and name not in ignored and not keep:
                del existing.attrs[name]
        for name, value in desired.attrs.items():
            if name not in ignored and existing.attrs.get(name) != value:
                existing.attrs[name] = value
        skip_value = (
            existing is self.focused
            and existing.attrs.get("name") == desired.attrs.get("name")
            and "dj-force-value" not in existing.attrs
            and "dj-force-value" not in desired.attrs
        )
        if not skip_value:
            if controls.is_checkable(existing):
                existing.checked = controls.is_checked(desired)
            elif existing.tag == "input":
                existing.value = controls.shown_value(desired)
            elif existing.tag == "select":
                chosen = controls.selected_options(desired)
                wanted = {controls.option_value(o) for o in chosen[:1]}
                for option in controls.options(existing):
                    option.selected = controls.option_value(option) in wanted
        if existing.attrs.get("dj-update") in ("append", "prepend"):
            return
        self.children(existing, desired)
        if existing.tag == "textarea" and not skip_value:
            existing.value = existing.text_content
