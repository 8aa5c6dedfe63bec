from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from django.test import SimpleTestCase, override_settings

from djust_testing import (
    DjustTestingError,
    ElementNotFoundError,
    LiveViewTestCase,
    LiveViewTestClient,
)
from djust_testing._browser import controls
from djust_testing._browser.document import Document, significant_children
from djust_testing._browser.markup import normalize
from djust_testing._browser.morph import apply_html_update
from djust_testing._browser.nodes import Element, Text
from djust_testing._browser.page import Page
from djust_testing._browser.patches import apply_patches
from djust_testing._live import djust as _djust
from tests.support.live import connection_of
from tests.views.basics import CounterView
from tests.views.page import PatchLabView

# The events of the scripted run: (name, params factory).
SCRIPT: list[tuple[str, Any]] = [
    ("add_row", lambda r: {"at": r.randint(-1, 3)}),
    ("remove_row", lambda r: {"position": r.randint(0, 5)}),
    ("rotate", lambda r: {}),
    ("reverse", lambda r: {}),
    ("relabel", lambda r: {"position": r.randint(0, 5)}),
    ("toggle", lambda r: {}),
    ("cycle_mode", lambda r: {}),
    ("toggle_nested", lambda r: {}),
    ("write_note", lambda r: {"text": r.choice(["", "a", "two words", "x  y"])}),
    ("choose", lambda r: {"value": r.choice(["one", "two"])}),
    ("check", lambda r: {}),
    ("restyle", lambda r: {"css": r.choice(["plain", "bold", "bold big"])}),
    ("log_event", lambda r: {"text": r.choice(["saved", "opened", "closed"])}),
]


def tamper(live: LiveViewTestClient, change: Callable[[dict[str, Any]], None]) -> None:
    """Make ``live``'s transport pass every patch through ``change`` before the client sees it."""
    transport = connection_of(live).transport
    original = transport.send

    async def send(frame: dict[str, Any]) -> None:
        for patch in frame.get("patches") or []:
            change(patch)
        await original(frame)

    transport.send = send  # type: ignore[method-assign,assignment]


def wrong_text(patch: dict[str, Any]) -> None:
    if patch.get("type") == "SetText":
        patch["text"] = "Count: 41"


def wrong_path(patch: dict[str, Any]) -> None:
    patch["path"] = [9, 9]


class PatchFidelityTests(LiveViewTestCase):
    def test_fifty_scripted_events_keep_the_dom_equal_to_djusts_render(self) -> None:
        live = self.live(PatchLabView)
        chooser = random.Random(20261124)
        kinds: set[str] = set()
        for _ in range(50):
            name, params = chooser.choice(SCRIPT)
            live.send_event(name, **params(chooser))  # checks the DOM after each event
            for frame in live.last_action.frames_of("patch"):
                kinds.update(patch["type"] for patch in frame["patches"])
            # Independently of the client's own check: djust's Rust view, rendered now.
            view = live.view_instance
            self.assertEqual(
                normalize(live.render(raw=True)),
                normalize(_djust.page_html(view, view._rust_view.render())),
            )
        # The run exercised keyed moves, inserts, removals, dj-if spans and attributes.
        self.assertLessEqual(
            {"InsertChild", "RemoveChild", "MoveChild", "SetText", "SetAttr", "RemoveAttr"}, kinds
        )

    def test_a_wrong_patch_is_caught_with_a_readable_diff(self) -> None:
        live = self.live(CounterView)
        tamper(live, wrong_text)
        with self.assertRaises(AssertionError) as caught:
            live.send_event("increment")
        message = str(caught.exception)
        self.assertIn(
            "After the event 'increment', the DOM a browser holds differs from djust's own "
            "render of the page",
            message,
        )
        self.assertIn("Diff (- djust's render, + the patched DOM):", message)
        self.assertIn("-  Count: 1\n+  Count: 41", message)
        self.assertIn(
            'Patches sent: [[{"type": "SetText", "path": [0, 0], "text": "Count: 41"}]]', message
        )

    def test_a_patch_the_browser_cannot_apply_is_caught(self) -> None:
        live = self.live(CounterView)
        tamper(live, wrong_path)
        with self.assertRaisesMessage(AssertionError, "Patches the browser could not apply:"):
            live.send_event("increment")

    @override_settings(DJUST_TESTING={"CHECK_PATCHES": False})
    def test_without_the_check_a_failed_patch_recovers_like_the_browser(self) -> None:
        live = self.live(CounterView)
        tamper(live, wrong_path)
        live.send_event("increment")
        self.assertIn("Count: 1", live.render())

    def test_render_returns_the_patched_dom(self) -> None:
        live = self.live(PatchLabView)
        live.send_event("write_note", text="typed")
        self.assertIn('<textarea name="note">typed</textarea>', live.render())


class QueryTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(PatchLabView)

    def test_element_finds_exactly_one(self) -> None:
        element = self.live_client.element("#rows li", text="row 2")
        self.assertEqual(element.text, "2 row 2")
        self.assertEqual(
            element.render(), '<li dj-key="2" id="row-2"><b>2</b> <span>row 2</span></li>'
        )

    def test_text_can_be_a_regex(self) -> None:
        self.assertEqual(self.live_client.element("li", text=re.compile(r"^3 ")).text, "3 row 3")

    def test_references_are_resolved_when_used(self) -> None:
        heading = self.live_client.element("h1")
        self.assertEqual(heading.text, "Rows: 3")
        self.live_client.send_event("add_row")
        self.assertEqual(heading.text, "Rows: 4")

    def test_has_element(self) -> None:
        self.assertTrue(self.live_client.has_element("p.banner"))
        self.assertTrue(self.live_client.has_element("p", text="Shown"))
        self.assertFalse(self.live_client.has_element("p", text="Hidden"))
        self.live_client.send_event("toggle")
        self.assertFalse(self.live_client.has_element("p.banner"))

    def test_no_match_quotes_the_page(self) -> None:
        with self.assertRaises(ElementNotFoundError) as caught:
            self.live_client.element("#missing").render()
        message = str(caught.exception)
        self.assertTrue(
            message.startswith(
                "expected selector '#missing' to match a single element, but it matched none "
                'within:\n<h1 class="plain">Rows: 3</h1>'
            ),
            message,
        )
        self.assertIsInstance(caught.exception, AssertionError)

    def test_several_matches_are_listed(self) -> None:
        with self.assertRaises(ElementNotFoundError) as caught:
            self.live_client.element("#rows li", text="row").render()
        self.assertEqual(
            str(caught.exception),
            "expected selector '#rows li' with text 'row' to match a single element, but it "
            "matched 3:\n"
            '  <li dj-key="1" id="row-1"><b>1</b> <span>row 1</span></li>\n'
            '  <li dj-key="2" id="row-2"><b>2</b> <span>row 2</span></li>\n'
            '  <li dj-key="3" id="row-3"><b>3</b> <span>row 3</span></li>',
        )

    def test_a_bad_selector_or_filter(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "invalid CSS selector 'li[['"):
            self.live_client.has_element("li[[")
        with self.assertRaisesMessage(
            DjustTestingError, "text= takes a string or a compiled regex, got 3"
        ):
            self.live_client.has_element("li", text=3)  # type: ignore[arg-type]


def patched(html: str, patches: list[dict[str, Any]]) -> tuple[str, list[str]]:
    document = Document(html)
    failures = apply_patches(document, patches)
    return document.html, failures


class DocumentTests(SimpleTestCase):
    """Rules of djust's client, each on a small case."""

    def test_significant_children(self) -> None:
        document = Document(
            '<p>a</p>\n  <b>x</b> <i>y</i><!-- note --><!--dj-if id="if-1"--><!--/dj-if-->'
        )
        names = [
            node.tag if isinstance(node, Element) else repr(getattr(node, "data", ""))
            for node in significant_children(document.root)
        ]
        self.assertEqual(names, ["p", "b", "' '", "i", "'dj-if id=\"if-1\"'", "'/dj-if'"])

    def test_the_patch_check_reads_each_render_by_its_whole_html(self) -> None:
        page = Page()
        page.open('<html><body><div dj-root dj-view="v"><p class="x y">a</p></div></body></html>')
        for _ in range(2):  # the second round's answers are the remembered forms
            self.assertTrue(page.matches('<p class="y x">a</p>', fragment=True))
            self.assertFalse(page.matches('<p class="y x">b</p>', fragment=True))
            self.assertTrue(page.matches('<div dj-root><p class="x y">a</p></div>', fragment=False))

    def test_a_patch_finds_its_node_by_dj_id_before_its_path(self) -> None:
        html, failures = patched(
            '<p dj-id="1">a</p><p dj-id="2">b</p>',
            [{"type": "SetAttr", "path": [0], "d": "2", "key": "class", "value": "x"}],
        )
        self.assertEqual((html, failures), ('<p dj-id="1">a</p><p dj-id="2" class="x">b</p>', []))

    def test_removals_use_the_indexes_before_the_batch(self) -> None:
        html, failures = patched(
            '<ul dj-id="1"><li>a</li><li>b</li><li>c</li></ul>',
            [
                {"type": "RemoveChild", "path": [0], "d": "1", "index": 0},
                {"type": "RemoveChild", "path": [0], "d": "1", "index": 1},
            ],
        )
        self.assertEqual((html, failures), ('<ul dj-id="1"><li>c</li></ul>', []))

    def test_moves_place_by_final_index(self) -> None:
        html, _ = patched(
            '<ul dj-id="1"><li dj-id="a">a</li><li dj-id="b">b</li><li dj-id="c">c</li></ul>',
            [
                {"type": "MoveChild", "path": [0], "d": "1", "from": 2, "to": 0, "child_d": "c"},
                {"type": "MoveChild", "path": [0], "d": "1", "from": 1, "to": 1, "child_d": "b"},
            ],
        )
        self.assertEqual(
            html, '<ul dj-id="1"><li dj-id="c">c</li><li dj-id="b">b</li><li dj-id="a">a</li></ul>'
        )

    def test_checked_is_set_whatever_the_value(self) -> None:
        document = Document('<input dj-id="1" type="checkbox">')
        apply_patches(
            document,
            [{"type": "SetAttr", "path": [0], "d": "1", "key": "checked", "value": "false"}],
        )
        box = document.by_dj_id("1")
        assert box is not None
        self.assertTrue(controls.is_checked(box))

    def test_dj_attributes_are_never_removed(self) -> None:
        html, failures = patched(
            '<button dj-id="1" dj-click="go">go</button>',
            [{"type": "RemoveAttr", "path": [0], "d": "1", "key": "dj-click"}],
        )
        self.assertEqual((html, failures), ('<button dj-id="1" dj-click="go">go</button>', []))

    def test_unknown_tags_become_spans(self) -> None:
        html, _ = patched(
            '<div dj-id="1"></div>',
            [
                {
                    "type": "InsertChild",
                    "path": [0],
                    "d": "1",
                    "index": 0,
                    "node": {
                        "tag": "script",
                        "attrs": {"dj-id": "2"},
                        "children": [{"tag": "#text", "text": "alert(1)"}],
                    },
                }
            ],
        )
        self.assertEqual(html, '<div dj-id="1"><span dj-id="2">alert(1)</span></div>')

    def test_dj_if_subtrees(self) -> None:
        document = Document(
            '<section dj-id="1"><!--dj-if id="if-1"--><b dj-id="2">a</b><!--/dj-if--></section>'
        )
        apply_patches(document, [{"type": "RemoveSubtree", "id": "if-1"}])
        self.assertEqual(document.html, '<section dj-id="1"></section>')
        apply_patches(
            document,
            [
                {
                    "type": "InsertSubtree",
                    "id": "if-2",
                    "path": [0],
                    "d": "1",
                    "index": 0,
                    "html": '<!--dj-if id="if-2"--><em dj-id="3">B</em><!--/dj-if-->',
                }
            ],
        )
        self.assertEqual(
            document.html,
            '<section dj-id="1"><!--dj-if id="if-2"--><em dj-id="3">B</em><!--/dj-if--></section>',
        )

    def test_failures_are_reported(self) -> None:
        _, failures = patched("<p>a</p>", [{"type": "SetText", "path": [3, 0], "text": "x"}])
        self.assertEqual(len(failures), 1)
        self.assertIn("path [3, 0]: no child 3 (there are 1)", failures[0])
        _, failures = patched("<p>a</p>", [{"type": "Explode", "path": [0]}])
        self.assertIn("unknown patch type 'Explode'", failures[0])

    def test_a_typed_value_survives_a_value_patch_while_focused(self) -> None:
        document = Document('<input dj-id="1" name="q" value="a">')
        field = document.by_dj_id("1")
        assert field is not None
        field.value = "typed"
        document.focused = field
        apply_patches(
            document,
            [{"type": "SetAttr", "path": [0], "d": "1", "key": "value", "value": "server"}],
        )
        self.assertEqual((field.attrs["value"], controls.shown_value(field)), ("server", "typed"))
        document.focused = None
        apply_patches(
            document, [{"type": "SetAttr", "path": [0], "d": "1", "key": "value", "value": "again"}]
        )
        self.assertEqual(controls.shown_value(field), "again")

    def test_html_update_morphs(self) -> None:
        document = Document('<p id="a">old</p><p>x</p>')
        apply_html_update(document, '<p id="a">new</p><p>y</p><span>z</span>')
        self.assertEqual(document.html, '<p id="a">new</p><p>y</p><span>z</span>')

    def test_html_update_with_dj_update_only_touches_elements_with_ids(self) -> None:
        document = Document('<ul id="feed" dj-update="append"><li id="f1">1</li></ul><h1>T0</h1>')
        apply_html_update(
            document, '<ul id="feed" dj-update="append"><li id="f2">2</li></ul><h1>T1</h1>'
        )
        self.assertEqual(
            document.html,
            '<ul id="feed" dj-update="append"><li id="f1">1</li><li id="f2">2</li></ul><h1>T0</h1>',
        )

    def test_text_nodes(self) -> None:
        document = Document("<p>a &amp; b</p>")
        [paragraph] = document.root.children
        assert isinstance(paragraph, Element)
        [text] = paragraph.children
        assert isinstance(text, Text)
        self.assertEqual(text.data, "a & b")
