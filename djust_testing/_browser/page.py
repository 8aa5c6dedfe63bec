"""The page a browser holds: its dj-root document, URL, title and focus, kept by djust's frames.

``Page.apply`` does with an action's frames what djust's browser client does
(the mount HTML, patches, full-HTML updates, ``live_patch`` URLs, titles,
``reset_form``); ``Page.check`` then compares the page with djust's own
render of the same turn, so a VDOM diff that would leave a user's page
wrong fails the test.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from .._diff import short_json, text_diff
from . import controls, embedded, markup
from .document import Document
from .focus import Focus
from .morph import apply_html_update, recover
from .navigation import leaves_site, patched_url
from .nodes import Element, LoadedPage, Node, Text, load_page, parse, parse_root, serialize
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
        #: Each embedded view's newest ``embedded_update`` HTML since the page's view
        #: last rendered: what the page shows there instead of that render.
        self.embedded_updates: dict[str, str] = {}
        #: The embedded views whose updates the page's last render replaced.
        self.superseded: list[str] = []
        #: dj-ids djust's client gave an embedded view's wrapper as well as an element in it.
        self.shared_dj_ids: dict[str, str] = {}
        #: The mount frame's ``handler_config`` (``@debounce`` / ``@throttle``).
        self.handler_config: dict[str, Any] = {}
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
            if kind in ("mount", "patch", "html_update"):
                # A render of the page's view: its HTML holds every embedded view again.
                self.superseded = list(self.embedded_updates)
                self.embedded_updates = {}
            if kind == "mount":
                # The page's view's own mount replaces the whole configuration
                # (05-handler-rate-limit.js installMountEventConfig).
                config = frame.get("handler_config")
                self.handler_config = dict(config) if isinstance(config, dict) else {}
            if kind == "embedded_update" and frame.get("view_id"):
                view_id, html = str(frame["view_id"]), str(frame.get("html", ""))
                failure = embedded.apply_embedded_update(self.document, view_id, html)
                if failure is None:
                    self.embedded_updates[view_id] = html
                else:
                    failures.append(failure)
            if kind == "mount" and "html" in frame:
                if not self.prerendered:
                    self.document.load(str(frame["html"]))
                elif frame.get("has_ids"):
                    recover(self.document, str(frame["html"]))
                    self.shared_dj_ids = embedded.stamp_wrapper_dj_ids(
                        self.document.root, str(frame["html"])
                    )
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
        if not self.embedded_updates and embedded.EMBEDDED not in rendered:
            # djust's render as it is: its form is remembered by its HTML.
            return _canonical(self.document.root.children) == _rendered_form(rendered, fragment)
        nodes = parse(rendered) if fragment else parse_root(rendered)
        if self.embedded_updates:
            nodes = parse(embedded.with_updates(nodes, self.embedded_updates))
        held: list[Node] = self.document.root.children
        if embedded.EMBEDDED in rendered:
            nodes = parse(embedded.unstamped(serialize(nodes)))
            held = parse(embedded.unstamped(self.document.html))
        return _canonical(held) == _canonical(nodes)

    def check(
        self,
        expected: Callable[[], str],
        *,
        failures: list[str],
        label: str,
        patches: list[Any],
    ) -> None:
        """Fail when the patched page differs from ``expected()`` (djust's dj-root HTML)."""
        rendered = expected()
        if self.embedded_updates:
            rendered = embedded.with_updates(parse(rendered), self.embedded_updates)
        wanted = markup.normalize(embedded.unstamped(rendered))
        held = markup.normalize(embedded.unstamped(self.document.html))
        if not failures and wanted == held:
            return
        if self.superseded and not failures:
            message = _remounted(label, self.superseded)
        else:
            message = (
                f"After the {label}, the DOM a browser holds differs from djust's own render of "
                "the page: the patches djust sent do not reproduce it (a VDOM diff problem in the "
                "view or in djust)."
            )
        if failures:
            message += "\nPatches the browser could not apply:\n" + "\n".join(
                "  " + failure for failure in failures
            )
            if self.superseded:
                message += "\n" + _apart(self.superseded)
        if wanted != held:
            message += "\nDiff (- djust's render, + the patched DOM):\n" + text_diff(
                wanted, held, "djust render", "patched DOM"
            )
        misaddressed = sorted(
            {
                self.shared_dj_ids[patch["d"]]
                for batch in patches
                for patch in batch or []
                if isinstance(patch, dict) and patch.get("d") in self.shared_dj_ids
            }
        )
        if misaddressed:
            message += "\n" + _shared(misaddressed)
        message += "\nPatches sent: " + short_json(patches)
        message += '\n(Set DJUST_TESTING["CHECK_PATCHES"] = False to turn this check off.)'
        raise AssertionError(message)


def _shared(views: list[str]) -> str:
    names = " and ".join(repr(view) for view in views)
    return (
        f"The wrapper of embedded view {names} carries the dj-id of the last element djust "
        "stamped inside it: after the mount of a page loaded over HTTP, djust's client copies "
        "each stamped element's dj-id onto the wrapper in turn (03-websocket.js "
        "_stampEmbeddedWrapperDjIds). A patch addressed to that element by its dj-id changes the "
        "wrapper instead, in production as here, so the element keeps its old attributes (an "
        "old data-djust-embedded sends its events to an embedded view the page no longer shows)."
    )


def _apart(views: list[str]) -> str:
    names = " and ".join(repr(view) for view in views)
    return (
        f"The page held embedded view {names} as embedded_update frames left it: djust "
        "renders that HTML apart from the page's own render (without dj-ids, with its own "
        "whitespace around the view's template), so a patch of the page's render that finds "
        "an element inside it by its path can miss it, as in djust's client, which then asks "
        "for the whole page again."
    )


def _remounted(label: str, views: list[str]) -> str:
    names = " and ".join(repr(view) for view in views)
    return (
        f"After the {label}, the page still shows what events in embedded view {names} left "
        "there (embedded_update), but djust's render of the page shows that view as mount() "
        "sets it: djust mounts a {% live_render %} view afresh, under a new view_id, each "
        "time the page's view renders, and diffs that render against its previous one, not "
        "against the page. So in production the page keeps the old content while the next "
        "event in the embedded view reaches the fresh instance, and the user's changes there "
        "are lost. Keep that state in the page's view (or in the database), or embed the view "
        "with {% live_render ... sticky=True %} (its class then sets sticky = True and a "
        "sticky_id)."
    )


@functools.lru_cache(maxsize=128)
def _rendered_form(rendered: str, fragment: bool) -> list[Any]:
    """The comparison form of djust's render, by its whole HTML (never changed by a caller).

    A function of the HTML alone; the same render recurs, in every test that
    mounts a view or sends it the same events.
    """
    return _canonical(parse(rendered) if fragment else parse_root(rendered))


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
