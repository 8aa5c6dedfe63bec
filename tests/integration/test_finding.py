"""elements(), assert_has_element() and refute_has_element(): reading the page."""

from __future__ import annotations

import re

from django.test import SimpleTestCase

from djust_testing import (
    DjustTestingError,
    ElementNotFoundError,
    LiveViewTestCase,
    LiveViewTestClient,
    NotMountedError,
)
from djust_testing._assertions.page import leading_parts
from tests.views.shelf import TodoListView

LIST = (
    '<ul id="todos"><li class="open">Buy milk</li><li class="done">Call mom</li>'
    '<li class="open">Buy bread</li></ul>'
)


class ElementsTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(TodoListView)

    def test_every_match_in_document_order(self) -> None:
        rows = self.live_client.elements("#todos li")
        self.assertEqual([row.text for row in rows], ["Buy milk", "Call mom", "Buy bread"])
        self.assertEqual([row.attrs["class"] for row in rows], ["open", "done", "open"])

    def test_text_narrows_the_matches(self) -> None:
        self.assertEqual(
            [r.text for r in self.live_client.elements("li", "Buy")], ["Buy milk", "Buy bread"]
        )
        pattern = re.compile(r"^Call ")
        self.assertEqual([r.text for r in self.live_client.elements("li", pattern)], ["Call mom"])

    def test_none_is_an_empty_list(self) -> None:
        self.assertEqual(self.live_client.elements("li.late"), [])

    def test_each_handle_means_the_nth_match_when_used(self) -> None:
        second = self.live_client.elements("#todos li")[1]
        self.assertEqual(repr(second), "<ElementRef selector '#todos li' (match 2)>")
        self.live_client.send_event("drop", index=0)
        self.assertEqual(second.text, "Buy bread")  # the second match now
        self.live_client.send_event("drop", index=0)
        with self.assertRaisesMessage(
            ElementNotFoundError,
            "expected selector '#todos li' (match 2) to match a single element, but it matched "
            'none within:\n<h1>Todos</h1><ul id="todos"><li class="open">Buy bread</li></ul>',
        ):
            second.text  # noqa: B018

    def test_an_invalid_selector(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "invalid CSS selector 'li[':"):
            self.live_client.elements("li[")
        with self.assertRaisesMessage(DjustTestingError, "expected a CSS selector, got ''"):
            self.live_client.elements("")

    def test_before_mount(self) -> None:
        with self.assertRaises(NotMountedError):
            LiveViewTestClient(TodoListView).elements("li")


class AssertHasElementTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(TodoListView)

    def test_passes_when_some_element_matches(self) -> None:
        self.live_client.assert_has_element("#todos li.done")
        self.live_client.assert_has_element("li", text="Buy")
        self.live_client.assert_has_element("li", text=re.compile(r"mom$"))

    def test_quotes_where_the_nearest_matching_part_points(self) -> None:
        with self.assertRaises(AssertionError) as caught:
            self.live_client.assert_has_element("#todos > li.late")
        self.assertEqual(
            str(caught.exception),
            "expected selector '#todos > li.late' to match an element, but it matched none. "
            "Its leading part '#todos' matches 1 element; within it:\n" + LIST,
        )

    def test_quotes_the_page_when_no_part_matches(self) -> None:
        with self.assertRaises(AssertionError) as caught:
            self.live_client.assert_has_element("table tr")
        message = str(caught.exception)
        self.assertTrue(
            message.startswith(
                "expected selector 'table tr' to match an element, but it matched none. The "
                "page:\n<h1>Todos</h1>" + LIST
            ),
            message,
        )

    def test_lists_the_texts_when_only_the_text_differs(self) -> None:
        with self.assertRaises(AssertionError) as caught:
            self.live_client.assert_has_element("li.open", text="Walk the dog")
        self.assertEqual(
            str(caught.exception),
            "expected selector 'li.open' with text 'Walk the dog' to match an element, but the "
            "2 elements matching 'li.open' have other text:\n"
            '  <li class="open">Buy milk</li>\n'
            "    text: 'Buy milk'\n"
            '  <li class="open">Buy bread</li>\n'
            "    text: 'Buy bread'",
        )

    def test_one_element_with_other_text(self) -> None:
        with self.assertRaisesMessage(
            AssertionError,
            "but the element matching 'li.done' has other text:\n"
            '  <li class="done">Call mom</li>\n'
            "    text: 'Call mom'",
        ):
            self.live_client.assert_has_element("li.done", text=re.compile("^Buy"))

    def test_it_reads_the_page_after_each_action(self) -> None:
        self.live_client.refute_has_element("li.done", text="Buy milk")
        self.live_client.send_event("finish", index=0)
        self.live_client.assert_has_element("li.done", text="Buy milk")
        self.live_client.assert_has_element("p.muted", text="1 to do")

    def test_a_failure_is_a_plain_assertion_error(self) -> None:
        with self.assertRaises(AssertionError) as caught:
            self.live_client.assert_has_element("li.late")
        self.assertIs(type(caught.exception), AssertionError)

    def test_misuse(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError, "text= takes a string or a compiled regex"
        ):
            self.live_client.assert_has_element("li", text=3)  # type: ignore[arg-type]
        with self.assertRaises(NotMountedError):
            LiveViewTestClient(TodoListView).assert_has_element("li")


class RefuteHasElementTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(TodoListView)

    def test_passes_when_nothing_matches(self) -> None:
        self.live_client.refute_has_element("li.late")
        self.live_client.refute_has_element("li.done", text="Buy")

    def test_lists_what_matched(self) -> None:
        with self.assertRaises(AssertionError) as caught:
            self.live_client.refute_has_element("li", text="Buy")
        self.assertEqual(
            str(caught.exception),
            "expected selector 'li' with text 'Buy' to match no element, but it matched 2:\n"
            '  <li class="open">Buy milk</li>\n'
            '  <li class="open">Buy bread</li>',
        )


class LeadingPartsTests(SimpleTestCase):
    def test_compound_parts_shortest_first(self) -> None:
        self.assertEqual(leading_parts("#todos > li.done a"), ["#todos", "#todos > li.done"])
        self.assertEqual(leading_parts("ul li"), ["ul"])
        self.assertEqual(leading_parts("li"), [])

    def test_combinators_inside_brackets_and_quotes_do_not_cut(self) -> None:
        self.assertEqual(leading_parts('a[title="x > y"] b'), ['a[title="x > y"]'])
        self.assertEqual(leading_parts("li:not(.a .b) span"), ["li:not(.a .b)"])

    def test_a_selector_list_has_no_leading_part(self) -> None:
        self.assertEqual(leading_parts("ul li, ol li"), [])
