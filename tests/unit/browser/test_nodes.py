"""Finding an element without lexbor's CSS engine (``nodes.first_element``, ``parse_root``)."""

from __future__ import annotations

from django.test import SimpleTestCase
from selectolax.lexbor import LexborHTMLParser

from djust_testing._browser.nodes import first_element, load_page, parse_root, serialize

# Each: where the CSS engine and the walk must find the same element.
PAGES = {
    "the root first": '<div dj-root=""><p>a</p></div>',
    "after a head and a nav": (
        "<!DOCTYPE html><html><head><title>t</title><link rel=stylesheet href=/s.css></head>"
        '<body><nav><a href="/">home</a><ul><li>x</li></ul></nav>'
        '<main><section><div dj-root="" id="r"><p>b</p></div></section></main></body></html>'
    ),
    "two roots": '<div><span dj-root="" id="one">1</span></div><div dj-root="" id="two">2</div>',
    "a root inside another": '<div dj-root="" id="outer"><div dj-root="" id="inner"></div></div>',
    "an earlier sibling's deep descendant": (
        '<div><div><div><i dj-root="" id="deep">1</i></div></div></div><b dj-root="">2</b>'
    ),
    "on the html element": '<html dj-root="" lang="en"><body><p>c</p></body></html>',
    "on the body": '<html><body dj-root=""><p>d</p></body></html>',
    "inside a template only": '<template><div dj-root="">hidden</div></template><p>e</p>',
    "none": "<p>f</p><!-- dj-root -->",
    "text and comments between": ' text <!-- c --> <p>g</p> more <div dj-root="" id="t">h</div>',
    "views, sticky and embedded first": (
        "<html><head><title>one</title></head><body><title>two</title>"
        '<div dj-view="a.S" dj-sticky-root=""></div><div dj-view="a.E" data-djust-embedded="">'
        '</div><div dj-view="a.Page" dj-root=""><div dj-view="a.Inner"></div></div></body></html>'
    ),
}
#: The selectors the package looks up, each with the predicate that stands for it.
SELECTORS = {
    "[dj-root]": lambda node: "dj-root" in node.attrs,
    "[id]": lambda node: "id" in node.attrs,
    "[lang]": lambda node: "lang" in node.attrs,
    "title": lambda node: node.tag == "title",
}


def html_of(node: object) -> str | None:
    return None if node is None else node.html  # type: ignore[attr-defined]


class FirstWithTests(SimpleTestCase):
    def test_finds_what_the_css_engine_finds(self) -> None:
        for label, page in PAGES.items():
            document = LexborHTMLParser(page)
            assert document.root is not None
            for selector, wanted in SELECTORS.items():
                with self.subTest(label, selector=selector):
                    self.assertEqual(
                        html_of(first_element(document.root, wanted)),
                        html_of(document.css_first(selector)),
                    )

    def test_the_walk_reaches_the_last_element_of_a_long_page(self) -> None:
        page = "<ul>" + "<li>x</li>" * 5000 + '<li dj-root="" id="last">y</li></ul>'
        document = LexborHTMLParser(page)
        assert document.root is not None
        found = first_element(document.root, SELECTORS["[dj-root]"])
        self.assertEqual(html_of(found), '<li dj-root="" id="last">y</li>')

    def test_a_page_nested_deeper_than_the_recursion_limit(self) -> None:
        page = "<div>" * 3000 + '<i dj-root="">z</i>' + "</div>" * 3000
        document = LexborHTMLParser(page)
        assert document.root is not None
        found = first_element(document.root, SELECTORS["[dj-root]"])
        self.assertEqual(html_of(found), '<i dj-root="">z</i>')


class ParseRootTests(SimpleTestCase):
    def test_takes_the_children_of_the_first_dj_root(self) -> None:
        self.assertEqual(serialize(parse_root(PAGES["two roots"])), "1")
        self.assertEqual(serialize(parse_root(PAGES["after a head and a nav"])), "<p>b</p>")

    def test_falls_back_to_the_dj_view_then_to_the_whole_html(self) -> None:
        view = '<div dj-view="app.V"><p>v</p></div>'
        self.assertEqual(serialize(parse_root(view)), "<p>v</p>")
        self.assertEqual(serialize(parse_root("<p>f</p>")), "<p>f</p>")


class LoadPageTests(SimpleTestCase):
    def test_finds_the_page_view_and_the_title_the_css_engine_finds(self) -> None:
        selector = "[dj-view]:not([dj-sticky-root]):not([data-djust-embedded])"
        for label, page in PAGES.items():
            document = LexborHTMLParser(page)
            container, title = document.css_first(selector), document.css_first("title")
            loaded = load_page(page)
            with self.subTest(label):
                self.assertEqual(
                    (loaded.view, loaded.title),
                    (
                        None if container is None else container.attributes.get("dj-view") or "",
                        None if title is None else title.text(deep=True),
                    ),
                )

    def test_skips_the_sticky_and_embedded_views(self) -> None:
        loaded = load_page(PAGES["views, sticky and embedded first"])
        self.assertEqual((loaded.view, loaded.title), ("a.Page", "one"))
