"""Keyed ops on a ``dj-virtual`` list, applied as 12-vdom-patch.js and 29-virtual-list.js do."""

from __future__ import annotations

from typing import Any

from django.test import SimpleTestCase

from djust_testing._browser.document import Document
from djust_testing._browser.patches import apply_patches

LIST = (
    '<ul dj-id="1" dj-virtual="rows">'
    '<li dj-id="2" data-key="a">A</li><li dj-id="3" data-key="b">B</li>'
    '<li dj-id="4" data-key="c">C</li></ul>'
)


def row(key: str, text: str) -> dict[str, Any]:
    return {"tag": "li", "attrs": {"data-key": key}, "children": [{"tag": "#text", "text": text}]}


def keys(document: Document) -> list[str]:
    return keys_of(document, "data-key")


def keys_of(document: Document, attribute: str) -> list[str]:
    return [e.attrs[attribute] for e in document.root.elements() if attribute in e.attrs]


def op(kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "path": [0], "d": "1", **fields}


class VirtualOpTests(SimpleTestCase):
    def apply(self, *patches: dict[str, Any]) -> tuple[Document, list[str]]:
        document = Document(LIST)
        return document, apply_patches(document, list(patches))

    def test_insert_before_a_key_and_at_the_tail(self) -> None:
        document, failures = self.apply(
            op("VirtualInsert", key="x", node=row("x", "X"), before_key="b"),
            op("VirtualInsert", key="y", node=row("y", "Y")),
        )
        self.assertEqual((keys(document), failures), (["a", "x", "b", "c", "y"], []))

    def test_an_anchor_that_is_not_there_means_the_tail(self) -> None:
        document, _ = self.apply(op("VirtualInsert", key="x", node=row("x", "X"), before_key="z"))
        self.assertEqual(keys(document), ["a", "b", "c", "x"])

    def test_inserting_a_key_already_there_replaces_its_row(self) -> None:
        document, _ = self.apply(op("VirtualInsert", key="c", node=row("c", "C2"), before_key="a"))
        self.assertEqual(keys(document), ["c", "a", "b"])
        self.assertIn("C2", document.html)
        self.assertNotIn(">C<", document.html)

    def test_move_and_remove_and_their_absent_keys(self) -> None:
        document, failures = self.apply(
            op("VirtualMove", key="c", before_key="a"),
            op("VirtualRemove", key="b"),
            op("VirtualRemove", key="gone"),
            op("VirtualMove", key="gone", before_key="a"),
        )
        self.assertEqual((keys(document), failures), (["c", "a"], []))

    def test_an_update_applies_inside_its_row(self) -> None:
        document, failures = self.apply(
            op(
                "VirtualUpdate",
                key="b",
                patches=[{"type": "SetAttr", "path": [], "d": "3", "key": "class", "value": "hot"}],
            )
        )
        self.assertEqual(failures, [])
        self.assertIn('<li dj-id="3" data-key="b" class="hot">B</li>', document.html)

    def test_an_update_can_replace_its_row_then_patch_the_new_one(self) -> None:
        document, failures = self.apply(
            op(
                "VirtualUpdate",
                key="b",
                patches=[
                    {"type": "Replace", "path": [], "node": row("b", "new")},
                    {"type": "SetAttr", "path": [], "key": "title", "value": "t"},
                ],
            )
        )
        self.assertEqual((keys(document), failures), (["a", "b", "c"], []))
        self.assertIn('<li data-key="b" title="t">new</li>', document.html)

    def test_an_update_of_a_row_that_is_not_there_fails(self) -> None:
        _document, failures = self.apply(op("VirtualUpdate", key="z", patches=[]))
        self.assertEqual(len(failures), 1)
        self.assertIn("VirtualUpdate: no pool row for key 'z'", failures[0])

    def test_the_container_names_its_key_attribute(self) -> None:
        document = Document(
            '<ul dj-id="1" dj-virtual="rows" dj-virtual-key-attr="data-id">'
            '<li data-id="1">A</li><li data-id="2">B</li></ul>'
        )
        apply_patches(document, [op("VirtualRemove", key="1")])
        self.assertEqual(keys_of(document, "data-id"), ["2"])


class VirtualUpdateChildTests(SimpleTestCase):
    """Child patches inside a row apply one by one (applySinglePatch), against the row."""

    def apply(self, *inner: dict[str, Any]) -> tuple[Document, list[str]]:
        document = Document(
            '<ul dj-id="1" dj-virtual="rows"><li data-key="a">'
            '<i dj-id="5">1</i><i dj-id="6">2</i><i dj-id="7">3</i></li></ul>'
        )
        return document, apply_patches(
            document, [op("VirtualUpdate", key="a", patches=list(inner))]
        )

    def texts(self, document: Document) -> str:
        return "".join(e.text_content for e in document.root.elements() if e.tag == "i")

    def test_a_move_counts_the_siblings_without_the_child(self) -> None:
        document, failures = self.apply({"type": "MoveChild", "path": [], "from": 0, "to": 2})
        self.assertEqual((self.texts(document), failures), ("231", []))

    def test_each_index_counts_the_children_as_they_are_then(self) -> None:
        document, failures = self.apply(
            {"type": "RemoveChild", "path": [], "index": 0},
            {
                "type": "InsertChild",
                "path": [],
                "index": 0,
                "node": {"tag": "i", "children": [{"tag": "#text", "text": "0"}]},
            },
        )
        self.assertEqual((self.texts(document), failures), ("023", []))

    def test_a_child_named_by_its_dj_id(self) -> None:
        document, _ = self.apply({"type": "RemoveChild", "path": [], "index": 0, "child_d": "7"})
        self.assertEqual(self.texts(document), "12")

    def test_a_subtree_op_inside_a_row_is_said_to_be_unmodelled(self) -> None:
        _document, failures = self.apply({"type": "InsertSubtree", "path": [], "id": "x"})
        self.assertEqual(len(failures), 1)
        self.assertIn("InsertSubtree inside a VirtualUpdate is not modelled", failures[0])
