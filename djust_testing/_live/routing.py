"""Between URLs and LiveViews, as Django's resolver and the browser see them.

A browser mounts a view by sending the page's path and its query parameters
(``Object.fromEntries(location.search)``: strings, the last of a repeated key
winning); djust resolves the path's URL kwargs itself. These helpers give the
test client the same two pieces.
"""

from __future__ import annotations

import decimal
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.utils.encoding import iri_to_uri
from djust.live_view import LiveView

from ..exceptions import DjustTestingError

_QUERY_SCALARS = (str, int, float, bool, decimal.Decimal, uuid.UUID)


@dataclass(frozen=True)
class PageURL:
    """Where the browser is: a path and the query parameters it sends on mount."""

    path: str
    query: dict[str, str]

    def __str__(self) -> str:
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path


def split_url(url: str) -> PageURL:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        raise DjustTestingError(
            f"expected a path such as '/items/7/', got the absolute URL {url!r}"
        )
    path = iri_to_uri(parts.path or "/")
    return PageURL(path, dict(parse_qsl(parts.query, keep_blank_values=True)))


def view_for_url(url: str) -> tuple[type[LiveView], PageURL]:
    """The LiveView Django's resolver serves at ``url``."""
    page = split_url(url)
    try:
        match = resolve(page.path)
    except Resolver404:
        raise DjustTestingError(f"no URL pattern matches {page.path!r}") from None
    view_class = getattr(match.func, "view_class", None)
    if not (isinstance(view_class, type) and issubclass(view_class, LiveView)):
        served_by = getattr(view_class, "__qualname__", None) or getattr(
            match.func, "__qualname__", repr(match.func)
        )
        raise DjustTestingError(
            f"{page.path!r} is served by {served_by}, which is not a djust LiveView. "
            "Use self.client to request plain Django views."
        )
    return view_class, page


def query_value(name: str, value: Any) -> str:
    """``value`` as a query-string value: what the browser would send."""
    if isinstance(value, _QUERY_SCALARS):
        return str(value)
    raise DjustTestingError(
        f"mount parameter {name!r} is {type(value).__name__}; mount parameters reach the view "
        "as URL kwargs or query-string values, so pass a string or a number"
    )


@dataclass(frozen=True)
class Route:
    """One URL pattern of the URLconf, as a browser reaches it."""

    callback: Any
    kwarg_names: frozenset[str]
    #: What ``reverse()`` takes for it, namespaces included (``"catalog:product"``).
    name: str | None = None
    #: The pattern as written, its includes' prefixes joined (``"catalog/<slug:slug>/"``).
    pattern: str = ""

    @property
    def view_class(self) -> Any:
        return getattr(self.callback, "view_class", None)


def _routes(
    patterns: list[Any],
    inherited: frozenset[str] = frozenset(),
    namespace: str = "",
    prefix: str = "",
) -> Iterator[Route]:
    for entry in patterns:
        names = inherited | _kwarg_names(entry)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, names, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(entry.callback, names, name, prefix + str(entry.pattern))


def liveview_routes() -> list[Route]:
    """Every URL pattern of the root URLconf that serves a LiveView, in URLconf order."""
    return [
        route
        for route in _routes(get_resolver().url_patterns)
        if isinstance(route.view_class, type) and issubclass(route.view_class, LiveView)
    ]


def _kwarg_names(entry: URLPattern | URLResolver) -> frozenset[str]:
    pattern = entry.pattern
    converters = getattr(pattern, "converters", None)
    if converters:
        return frozenset(converters)
    return frozenset(pattern.regex.groupindex)


def reverse_route(route: Route, kwargs: dict[str, Any]) -> str:
    """The path of ``route`` with ``kwargs``; a route in a namespace reverses by its name only."""
    try:
        return reverse(route.callback, kwargs=kwargs)
    except NoReverseMatch:
        if route.name is None:
            raise
        return reverse(route.name, kwargs=kwargs)


def page_for_view(view_class: type[LiveView], params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The path a browser would be on for ``view_class``, and the params it leaves unused.

    The first URL pattern serving the view whose kwargs ``params`` can fill
    wins; the params it fills travel in the path, the rest stay for the
    query string. An unrouted view is mounted at ``/``.
    """
    routes = [
        route
        for route in _routes(get_resolver().url_patterns)
        if getattr(route.callback, "view_class", None) is view_class
    ]
    for route in sorted(routes, key=lambda route: -len(route.kwarg_names)):
        if not route.kwarg_names <= params.keys():
            continue
        kwargs = {name: params[name] for name in route.kwarg_names}
        try:
            path = reverse_route(route, kwargs)
        except NoReverseMatch:
            continue
        return path, {name: value for name, value in params.items() if name not in kwargs}
    if routes:
        needed = " or ".join(sorted(", ".join(sorted(r.kwarg_names)) or "none" for r in routes))
        raise DjustTestingError(
            f"{view_class.__qualname__} is routed, but no route can be built from the "
            f"parameters {sorted(params)!r} (its URL kwargs: {needed}). Pass the URL "
            "kwargs as parameters, or pass the URL itself: self.live('/path/')."
        )
    return "/", dict(params)
