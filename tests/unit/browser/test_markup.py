from __future__ import annotations

from django.test import SimpleTestCase

from djust_testing._browser.markup import normalize, strip_bookkeeping


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
