"""The page as the browser holds it, as one HTML file a browser can open from disk.

The document around the dj-root (its ``<head>``, stylesheets, navigation)
comes from a full render of the page; the dj-root content is the page's
current DOM, with what the user typed, ticked and picked written as
attributes. Scripts are dropped, so the file shows this moment and does not
try to connect to djust; links to static files point at the files on disk.
"""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser

from .nodes import escape_text

#: Attributes that load a file: a static one is pointed at the file on disk.
_LOADING = ("href", "src")


def saved_page(
    document: str | None,
    content: str,
    *,
    title: str | None,
    static_file: Callable[[str], str | None],
    note: str,
) -> str:
    """The file's HTML: ``document`` with its dj-root holding ``content``.

    ``static_file`` maps an attribute's URL to a ``file:`` URI, or None to
    keep it; ``note`` goes in a comment at the top.
    """
    tree = LexborHTMLParser(document or "<!DOCTYPE html><html><head></head><body></body></html>")
    root = tree.css_first("[dj-root]") or tree.css_first("[dj-view]")
    if root is None:
        body = tree.body
        assert body is not None
        body.inner_html = "<div dj-root></div>"
        root = tree.css_first("[dj-root]")
        assert root is not None
    root.inner_html = content
    for script in tree.css("script"):
        script.decompose()
    if title is not None:
        element = tree.css_first("title")
        head = tree.head
        if element is None and head is not None:
            head.inner_html = (head.inner_html or "") + "<title></title>"
            element = tree.css_first("title")
        if element is not None:
            element.inner_html = escape_text(title)
    for element in tree.css("[href], [src]"):
        for name in _LOADING:
            url = element.attributes.get(name)
            if url:
                located = static_file(url)
                if located is not None:
                    element.attrs[name] = located
    html = tree.html or ""
    return f"<!-- {escape_text(note)} -->\n{html}"
