from __future__ import annotations

from django.test import SimpleTestCase

from djust_testing._browser.markup import normalize, strip_bookkeeping
from djust_testing._browser.page import Page


class StripBookkeepingTests(SimpleTestCase):
    def test_removes_dj_ids_dj_if_markers_and_the_handler_script(self) -> None:
        html = (
            '<h1 dj-id="1">Hi</h1><!--dj-if id="if-1"--><p dj-id="2">x</p><!--/dj-if-->'
            "<script>window.handlerMetadata = {};</script>"
        )
        self.assertEqual(strip_bookkeeping(html), "<h1>Hi</h1><p>x</p>")

    def test_keeps_other_comments_and_scripts(self) -> None:
        html = "<!-- note --><script>go()</script>"
        self.assertEqual(strip_bookkeeping(html), html)

    def test_serializes_as_the_browser_parses(self) -> None:
        self.assertEqual(
            strip_bookkeeping("<table><tr><td>1</td></tr></table><input disabled />"),
            '<table><tbody><tr><td>1</td></tr></tbody></table><input disabled="">',
        )


class NormalizeTests(SimpleTestCase):
    def test_puts_one_element_per_line_with_sorted_attributes(self) -> None:
        self.assertEqual(
            normalize('<ul id="l" class="b a"><li  data-x="1">one\n   two</li></ul>'),
            '<ul class="a b" id="l">\n  <li data-x="1">\n    one two\n  </li>\n</ul>',
        )

    def test_equivalent_html_normalizes_equal(self) -> None:
        self.assertEqual(
            normalize('<p class="a  b" title="t">x  <b>y</b></p><!-- c --><input disabled="">'),
            normalize("<p title=t class='b a'>x\n<b>y</b></p><input disabled>"),
        )

    def test_different_html_normalizes_different(self) -> None:
        for left, right in [
            ("<p>a</p>", "<p>b</p>"),
            ('<p id="a"></p>', '<p id="b"></p>'),
            ("<p><b>a</b></p>", "<p><i>a</i></p>"),
            ('<input value="">', "<input>"),
        ]:
            with self.subTest(left=left, right=right):
                self.assertNotEqual(normalize(left), normalize(right))

    def test_keeps_preformatted_text(self) -> None:
        self.assertEqual(normalize("<pre>a\n  b</pre>"), "<pre>\na\n  b\n</pre>")

    def test_escapes_text_and_attributes(self) -> None:
        self.assertEqual(
            normalize('<p title="a &quot;q&quot; &amp; b">1 &lt; 2</p>'),
            '<p title="a &quot;q&quot; &amp; b">\n  1 &lt; 2\n</p>',
        )

    def test_blanks_csrf_tokens_when_asked(self) -> None:
        html = '<input name="csrfmiddlewaretoken" type="hidden" value="abc">'
        self.assertIn('value="abc"', normalize(html))
        self.assertIn('value="<csrf token>"', normalize(html, volatile=True))


# Pairs a browser shows differently: a space between or at the edge of inline content.
SHOWN_DIFFERENTLY = [
    ("<b>Hello</b> <i>World</i>", "<b>Hello</b><i>World</i>"),
    ("<p>a <b>b</b></p>", "<p>a<b>b</b></p>"),
    ("<p><b>a</b> b</p>", "<p><b>a</b>b</p>"),
    ("<b>Hello </b><i>World</i>", "<b>Hello</b><i>World</i>"),
    ('<img src="a"> <img src="b">', '<img src="a"><img src="b">'),
    ("<label>Name</label> <input name=n>", "<label>Name</label><input name=n>"),
    ("<button>a</button> <button>b</button>", "<button>a</button><button>b</button>"),
    ("<p>a&nbsp;</p>", "<p>a</p>"),
]
# Pairs a browser shows the same: whitespace at a line's edge, around blocks, repeated.
SHOWN_THE_SAME = [
    ("<p>a</p> <p>b</p>", "<p>a</p><p>b</p>"),
    ("<ul><li>a</li>\n  <li>b</li></ul>", "<ul><li>a</li><li>b</li></ul>"),
    (
        "<table><tr><td>a</td> <td>b</td></tr></table>",
        "<table><tr><td>a</td><td>b</td></tr></table>",
    ),
    ("<p> a </p>", "<p>a</p>"),
    ("<p>a \n b</p>", "<p>a b</p>"),
    ("<b>a</b>  <i>b</i>", "<b>a</b> <i>b</i>"),
    ("<b>a </b> <i>b</i>", "<b>a </b><i>b</i>"),
    ("<p>a <br> b</p>", "<p>a<br>b</p>"),
    (
        '<form><input type="hidden" name="t"> <p>x</p></form>',
        '<form><input type="hidden" name="t"><p>x</p></form>',
    ),
    ("<p>a<!-- note -->b</p>", "<p>ab</p>"),
]


class WhitespaceTests(SimpleTestCase):
    def test_keeps_a_space_between_inline_elements_as_a_visible_character(self) -> None:
        self.assertEqual(
            normalize("<b>Hello</b> <i>World</i>"),
            "<b>\n  Hello\n</b>\n&#32;\n<i>\n  World\n</i>",
        )
        self.assertEqual(
            normalize("<p>Hello <a href='/x'>there</a></p>"),
            '<p>\n  Hello&#32;\n  <a href="/x">\n    there\n  </a>\n</p>',
        )

    def test_what_a_browser_shows_differently_normalizes_differently(self) -> None:
        for left, right in SHOWN_DIFFERENTLY:
            with self.subTest(left=left, right=right):
                self.assertNotEqual(normalize(left), normalize(right))

    def test_what_a_browser_shows_the_same_normalizes_the_same(self) -> None:
        for left, right in SHOWN_THE_SAME:
            with self.subTest(left=left, right=right):
                self.assertEqual(normalize(left), normalize(right))

    def test_the_page_check_follows_the_same_rule(self) -> None:
        # Page.matches compares node trees; it must agree with normalize().
        for left, right, same in [(*pair, False) for pair in SHOWN_DIFFERENTLY] + [
            (*pair, True) for pair in SHOWN_THE_SAME
        ]:
            with self.subTest(left=left, right=right):
                page = Page()
                page.document.load(left)
                self.assertEqual(page.matches(right, fragment=True), same)
