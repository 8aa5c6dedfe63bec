"""The page a browser holds: its dj-root document, URL, title and focus, kept by djust's frames.

``Page.apply`` does with an action's frames what djust's browser client does
(the mount HTML, patches, full-HTML updates, ``live_patch`` URLs, titles,
``reset_form``); ``Page.check`` then compares the page with djust's own
render of the same turn, so a VDOM diff that would leave a user's page
wrong fails the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from .._diff import short_json, text_diff
from . import controls, markup
from .document import Document
from .focus import Focus
from .morph import apply_html_update, recover
from .navigation import leaves_site, patched_url
from .nodes import Element, LoadedPage, Node, Text, load_page, parse, parse_root
from .patches import apply_patches
from .uploads import UploadBindings

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True

Frame = dict[str, Any]


class Page:
    """What the browser shows: the document, where it is, its title."""

    def __init__(self) -> None:
        self.document = Document()
        #: The address bar: a path and query, or an absolute URL off this site.
        self.url: str | None = None
        #: ``document.title``.
        self.title: str | None = None
        #: Where focus is, and what moving it fires.
        self.focus_state = Focus(self.document)
        # The content came from the page's HTTP GET: the mount frame's HTML is
        # morphed into it rather than replacing it (03-websocket.js, skipMountHtml).
        self.prerendered = False
        #: The other site a live_patch loaded in this tab: the page is gone.
        self.left_for: str | None = None
        #: The upload configs djust sent and the ``[dj-upload]`` inputs its client bound.
        self.uploads = UploadBindings()

    def open(self, html: str) -> LoadedPage:
        """Show the page a full GET returned, as the browser does before the socket opens."""
        loaded = load_page(html)
        self.document.load(loaded.content)
        self.prerendered = bool(loaded.content.strip())
        self.title = loaded.title
        self.uploads.bind(self.document.root)  # as the page loads: no configs yet
        return loaded

    @property
    def focused(self) -> Element | None:
        return self.document.focused

    def focus(self, element: Element | None) -> None:
        self.document.focused = element

    def apply(self, frames: Iterable[Frame]) -> list[str]:
        """Do what djust's client does with ``frames``; return the patches it could not apply."""
        failures: list[str] = []
        for frame in frames:
            kind = frame.get("type")
            self.uploads.take_configs(frame)
            if kind == "mount" and "html" in frame:
                if not self.prerendered:
                    self.document.load(str(frame["html"]))
                elif frame.get("has_ids"):
                    recover(self.document, str(frame["html"]))
                self.prerendered = False
            elif kind == "patch" and frame.get("patches"):
                failures += apply_patches(
                    self.document, frame["patches"], broadcast=bool(frame.get("broadcast"))
                )
            elif kind == "html_update":
                apply_html_update(self.document, str(frame.get("html", "")))
            elif kind == "navigation" and frame.get("action") == "live_patch":
                if self.url is not None:
                    self._live_patch(patched_url(self.url, frame))
            elif kind == "page_metadata" and frame.get("action") == "title":
                self.title = str(frame.get("value", ""))
            if frame.get("reset_form"):
                form = self.document.first_form()
                if form is not None:
                    controls.reset(form)
        self.uploads.bind(self.document.root)
        return failures

    def _live_patch(self, url: str) -> None:
        """djust's ``handleLivePatch``: push ``url``; another site's is a page load there.

        A target off this site that is no http(s) URL is rejected and nothing
        happens (``safeNavigationTarget``, 02b-safe-nav.js).
        """
        if not leaves_site(url):
            self.url = url
        elif urlsplit(url).scheme in ("http", "https"):
            self.url = self.left_for = url

    def recover(self, html: str) -> None:
        """The page's HTML after a failed patch: the browser asks for it and morphs to it."""
        recover(self.document, html)
        self.uploads.bind(self.document.root)

    def matches(self, rendered: str, *, fragment: bool) -> bool:
        """Whether the page shows ``rendered`` (a full page, or its dj-root content)."""
        nodes = parse(rendered) if fragment else parse_root(rendered)
        return _canonical(self.document.root.children) == _canonical(nodes)

    def check(
        self,
        expected: Callable[[], str],
        *,
        failures: list[str],
        label: str,
        patches: list[Any],
    ) -> None:
        """Fail when the patched page differs from ``expected()`` (djust's dj-root HTML)."""
        wanted, held = markup.normalize(expected()), markup.normalize(self.document.html)
        if not failures and wanted == held:
            return
        message = (
            f"After the {label}, the DOM a browser holds differs from djust's own render of "
            "the page: the patches djust sent do not reproduce it (a VDOM diff problem in the "
            "view or in djust)."
        )
        if failures:
            message += "\nPatches the browser could not apply:\n" + "\n".join(
                "  " + failure for failure in failures
            )
        if wanted != held:
            message += "\nDiff (- djust's render, + the patched DOM):\n" + text_diff(
                wanted, held, "djust render", "patched DOM"
            )
        message += "\nPatches sent: " + short_json(patches)
        message += '\n(Set DJUST_TESTING["CHECK_PATCHES"] = False to turn this check off.)'
        raise AssertionError(message)


def _canonical(nodes: Iterable[Node]) -> list[Any]:
    """The comparison form of ``markup.normalize``, built on the node tree by the same rule.

    Text is rendered by ``markup.render_whitespace``, so two trees compare
    equal exactly when their normalized HTML does.
    """
    top: list[Any] = []
    stack = [top]
    for event in markup.joined_events(markup.render_whitespace(nodes, _kind, _children)):
        if event[0] == "open":
            element = event[1]
            inner: list[Any] = []
            stack[-1] += [(element.tag, _canonical_attrs(element.attrs)), inner]
            stack.append(inner)
        elif event[0] == "close":
            stack.pop()
        else:
            stack[-1].append(event[1])
    return top


def _kind(node: Node) -> tuple[str, str]:
    if isinstance(node, Text):
        return "text", node.data
    if isinstance(node, Element):
        hidden = node.tag == "input" and node.attrs.get("type", "").lower() == "hidden"
        return ("hidden" if hidden else "element"), node.tag
    return "skip", ""


def _children(node: Node) -> list[Node]:
    return node.children if isinstance(node, Element) else []


def _canonical_attrs(attrs: dict[str, str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for name, value in attrs.items():
        if name == "dj-id":
            continue
        if name == "class":
            value = " ".join(sorted(set(value.split())))
        pairs.append((name, value))
    return tuple(sorted(pairs))
