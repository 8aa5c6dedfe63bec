"""Where the browser goes: links, ``dj-patch``, ``dj-navigate``, and djust's navigation frames.

The rules are those of ``static/djust/src/18-navigation.js``: how a click
moves the page (a url_change for a patch, a live redirect, a full load),
and what the address bar shows after djust's ``live_patch`` and
``live_redirect`` frames (``handleLivePatch``, ``handleLiveRedirect``).
URLs are resolved as ``new URL()`` resolves them, so a path that leaves the
site (``//other.example/``) keeps its origin.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, parse_qsl, quote, urljoin, urlsplit, urlunsplit

from ..exceptions import DomEventError
from . import controls, jsvalues
from .controls import describe
from .nodes import Element

#: The origin of a page whose URL the test gave as a path (Django's test client's host).
DEFAULT_ORIGIN = "http://testserver"


@dataclass(frozen=True)
class Navigation:
    """What a click on a ``dj-patch``, ``dj-navigate`` or plain link makes the browser do.

    ``kind`` is ``"patch"`` (push ``url``, send a ``url_change`` with
    ``params`` and ``uri``: see ``message()``), ``"redirect"`` (djust's
    live redirect to ``path`` with ``params``) or ``"load"`` (a full page
    load of ``url``). ``url`` is relative when the page's URL was, unless it
    leaves the origin.
    """

    kind: str
    url: str
    path: str
    params: dict[str, str]
    uri: str
    binding: str

    def message(self) -> dict[str, Any]:
        """The ``url_change`` frame of a ``"patch"``."""
        if self.kind != "patch":
            raise DomEventError(f"a {self.kind!r} navigation sends no url_change frame")
        return url_change_message(self.params, self.uri)


def url_change_message(params: Mapping[str, str], uri: str) -> dict[str, Any]:
    """The frame the browser sends djust when its URL changes within the view."""
    return {"type": "url_change", "params": dict(params), "uri": uri}


def link_navigation(
    element: Element,
    current_url: str,
    *,
    value: str | None = None,
    auto_navigate: bool = True,
) -> Navigation | None:
    """Where a click on ``element`` takes the page (a change, for a select or input with dj-patch).

    ``dj-patch``: the target's query params are set over the current URL's
    (a merge); a value starting with ``/`` also replaces the path;
    ``dj-patch-reload`` makes it a full load. On a select or input the
    ``{value}`` placeholder takes its (new) value. ``dj-navigate``: a
    live_redirect to the attribute, resolved against the origin. Otherwise a
    plain ``<a href>``: djust's auto-navigate (on unless
    ``LIVEVIEW_CONFIG["auto_navigate"]`` is False; pass ``auto_navigate``)
    turns a same-path link into a patch to its exact query and any other
    same-origin link into a redirect. A ``#hash`` link within the page is a
    patch to the current query: the browser fires popstate and djust answers
    with a url_change. None when the page does not navigate (no link, a
    dj-click or dj-copy takes the click, a new-tab or download link).

    The dj-patch and dj-navigate listeners run before dj-click's, so an
    element with both navigates and then sends ``event_for(element, 'click')``.
    """
    base, absolute = _absolute_url(current_url)
    patcher = element.closest("dj-patch")
    if patcher is not None and patcher.tag in ("select", "input"):
        controls.refuse_disabled(patcher, "change")
        if value is not None:
            controls.enter_text(patcher, value)
        chosen = controls.shown_value(patcher)
        raw = patcher.attrs.get("dj-patch", "").replace(
            "{value}", quote(chosen, safe="!*'()", encoding="utf-8", errors="surrogatepass")
        )
        return _patch(patcher, raw, base, absolute)
    if value is not None:
        raise DomEventError("value= is for a select or input with dj-patch")
    controls.refuse_disabled(element, "click")
    navigator = next((n for n in element.ancestors() if n.attrs.get("dj-navigate")), None)
    if patcher is not None and patcher is navigator:
        raise DomEventError(
            f"{describe(patcher)} has both dj-patch and dj-navigate: both run, which is "
            "not emulated"
        )
    first = _nearest(patcher, navigator)
    if first is None:
        return _plain_link(element, base, absolute, auto_navigate)
    if patcher is not None and first is patcher:
        raw = patcher.attrs.get("dj-patch", "")
        if not raw and patcher.tag == "a":
            raw = patcher.attrs.get("href", "")
        return _patch(patcher, raw, base, absolute)
    return _redirect(first.attrs.get("dj-navigate", ""), base, absolute, "dj-navigate")


def _nearest(*nodes: Element | None) -> Element | None:
    """The deepest of nodes on one ancestor chain."""
    found = [n for n in nodes if n is not None]
    if not found:
        return None
    return max(found, key=lambda n: sum(1 for _ in n.ancestors()))


def _absolute_url(current_url: str) -> tuple[str, bool]:
    parts = urlsplit(current_url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return current_url, True
    if current_url.startswith("/") and not current_url.startswith("//"):
        return DEFAULT_ORIGIN + current_url, False
    raise DomEventError(
        "current_url must be a path such as '/items/?page=2' or an http(s) URL, "
        f"got {current_url!r}"
    )


def _resolve(reference: str, base: str) -> str:
    """``new URL(reference, base)``, for the URLs a page holds."""
    reference = reference.strip("".join(map(chr, range(0x21))))
    reference = re.sub(r"[\t\n\r]", "", reference).replace("\\", "/")
    resolved = urlsplit(urljoin(base, reference))
    # WHATWG's path percent-encode set: controls, space, non-ASCII and "#<>?`{}.
    path = quote(resolved.path or "/", safe="!$%&'()*+,-./:;=@[]^_|~")
    return urlunsplit((resolved.scheme, resolved.netloc, path, resolved.query, resolved.fragment))


def _shown(url: str, absolute: bool) -> str:
    """``url`` in the form the caller gave the current URL in."""
    if not absolute and url.startswith(DEFAULT_ORIGIN + "/"):
        return url[len(DEFAULT_ORIGIN) :]
    return url


def _query_pairs(query: str) -> list[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=True)


def _set_pairs(
    pairs: list[tuple[str, str]], updates: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """``URLSearchParams.set`` for each update: the first pair of a name takes the value."""
    for key, new in updates:
        position = next((i for i, (k, _v) in enumerate(pairs) if k == key), None)
        pairs = [(k, v) for i, (k, v) in enumerate(pairs) if k != key or i == position]
        if position is None:
            pairs.append((key, new))
        else:
            pairs[position] = (key, new)
    return pairs


def _urlencode(pairs: list[tuple[str, str]]) -> str:
    """The application/x-www-form-urlencoded serializer URLSearchParams uses."""

    def encode(text: str) -> str:
        return quote(text, safe="*", encoding="utf-8").replace("%20", "+").replace("~", "%7E")

    return "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs)


def _uri(parts: SplitResult) -> str:
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _patch(element: Element, raw: str, base: str, absolute: bool) -> Navigation:
    current = urlsplit(base)
    target = urlsplit(_resolve(raw, base))
    query = current.query
    updates = _query_pairs(target.query)
    if updates:
        # any set() re-serializes the whole query
        query = _urlencode(_set_pairs(_query_pairs(current.query), updates))
    # Only a value starting with "/" moves the path (18-navigation.js:492).
    path = target.path if raw.startswith("/") else current.path
    new_url = urlunsplit((current.scheme, current.netloc, path, query, current.fragment))
    parts = urlsplit(new_url)
    params = dict(_query_pairs(parts.query))
    kind = "load" if "dj-patch-reload" in element.attrs else "patch"
    return Navigation(kind, _shown(new_url, absolute), path, params, _uri(parts), "dj-patch")


def _origin(parts: SplitResult) -> tuple[str, str]:
    return parts.scheme, parts.netloc


def _redirect(raw: str, base: str, absolute: bool, binding: str) -> Navigation | None:
    # handleLiveRedirect resolves against the origin, not the page (18-navigation.js:96).
    origin = urlunsplit((*_origin(urlsplit(base)), "/", "", ""))
    new_url = _resolve(raw, origin)
    parts = urlsplit(new_url)
    params = dict(_query_pairs(parts.query))
    if _origin(parts) != _origin(urlsplit(base)):
        if parts.scheme not in ("http", "https"):
            return None  # djust refuses javascript:, data: and the like
        return Navigation("load", new_url, parts.path, params, _uri(parts), binding)
    return Navigation(
        "redirect", _shown(new_url, absolute), parts.path, params, _uri(parts), binding
    )


def _plain_link(
    element: Element, base: str, absolute: bool, auto_navigate: bool
) -> Navigation | None:
    link = next((n for n in element.ancestors() if n.tag == "a" and "href" in n.attrs), None)
    if link is None:
        return None
    if element.closest("dj-copy") is not None or element.closest("dj-click") is not None:
        return None  # djust's click handler cancels the link's default action
    if "download" in link.attrs:
        return None
    target = link.attrs.get("target")
    if target and target not in ("_self", "_top", "_parent"):
        return None  # another window or tab
    url = _resolve(link.attrs.get("href", ""), base)
    parts, here = urlsplit(url), urlsplit(base)
    if parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:, javascript: leave the page as it is
    same_page = _origin(parts) == _origin(here) and (parts.path, parts.query) == (
        here.path,
        here.query,
    )
    if same_page and parts.fragment:
        if parts.fragment == here.fragment:
            return None
        # A jump within the page fires popstate, and djust answers that with a url_change.
        params = dict(_query_pairs(here.query))
        return Navigation("patch", _shown(url, absolute), here.path, params, _uri(here), "href")
    skip = (
        not auto_navigate
        or target not in (None, "", "_self")
        or any("data-no-navigate" in a.attrs for a in link.ancestors())
        or "external" in link.attrs.get("rel", "").lower().split()
        or _origin(parts) != _origin(here)
    )
    params = dict(_query_pairs(parts.query))
    if skip:
        return Navigation("load", _shown(url, absolute), parts.path, params, _uri(parts), "href")
    if parts.path == here.path:
        # Same view: the link's exact query replaces the current one (no merge).
        return Navigation(
            "patch",
            _shown(_uri_url(base, parts), absolute),
            parts.path,
            params,
            _uri(parts),
            "href",
        )
    return _redirect(_uri(parts), base, absolute, "href")


def _uri_url(base: str, parts: SplitResult) -> str:
    return urlunsplit((*_origin(urlsplit(base)), parts.path, parts.query, ""))


# ------------------------------------------------------- djust's frames


def patched_url(current: str, frame: Mapping[str, Any]) -> str:
    """The URL the browser is on after a ``live_patch`` frame (``handleLivePatch``).

    ``path``, when given, is resolved against the origin (its own query comes
    with it); ``params``, when present, replace the whole query, dropping
    null and empty values. Shown in the form ``current`` has, or absolute
    when it leaves the origin.
    """
    base, absolute = _absolute_url(current)
    path = frame.get("path")
    here = urlsplit(base)
    if path:
        target = urlsplit(_resolve(str(path), _origin_url(here)))
    else:
        target = here._replace(fragment="")
    if "params" in frame:
        target = target._replace(query=_searchparams(frame.get("params") or {}))
    return _shown(urlunsplit(target), absolute)


def redirected_url(current: str, frame: Mapping[str, Any]) -> str:
    """The URL a ``live_redirect`` frame sends the browser to (``handleLiveRedirect``).

    ``path`` is resolved against the origin; non-empty ``params`` are set over
    its own query, as ``URLSearchParams.set`` does.
    """
    base, absolute = _absolute_url(current)
    target = urlsplit(_resolve(str(frame.get("path", "")), _origin_url(urlsplit(base))))
    pairs = _query_pairs(target.query)
    updates = [
        (str(key), jsvalues.js_string(value))
        for key, value in (frame.get("params") or {}).items()
        if value is not None and value != ""
    ]
    if updates:
        target = target._replace(query=_urlencode(_set_pairs(pairs, updates)))
    return _shown(urlunsplit(target._replace(fragment="")), absolute)


def leaves_site(url: str) -> bool:
    """Whether ``url`` (as these functions show it) is on another origin."""
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def _origin_url(parts: SplitResult) -> str:
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def _searchparams(params: Mapping[str, Any]) -> str:
    pairs = [
        (str(key), jsvalues.js_string(value))
        for key, value in params.items()
        if value is not None and value != ""
    ]
    return _urlencode(_set_pairs([], pairs))
