"""Between URLs and LiveViews, as Django's resolver and the browser see them.

A browser mounts a view by sending the page's path and its query parameters
(``Object.fromEntries(location.search)``: strings, the last of a repeated key
winning); djust resolves the path's URL kwargs itself
(``runtime.py`` ``ViewRuntime._resolve_url_kwargs``). These helpers give the
test client the same two pieces: the page a view is routed at, built from the
URLconf's own patterns (namespaced includes, unnamed and regex routes too),
and the view a URL serves.
"""

from __future__ import annotations

import decimal
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.urls import (
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    get_script_prefix,
    resolve,
)
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.encoding import iri_to_uri
from django.utils.regex_helper import normalize
from djust.live_view import LiveView

from ..exceptions import DjustTestingError

_QUERY_SCALARS = (str, int, float, bool, decimal.Decimal, uuid.UUID)
# A path converter in a route: "<int:pk>" or "<slug>".
_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


@dataclass(frozen=True)
class PageURL:
    """Where the browser is: a path and the query parameters it sends on mount."""

    path: str
    query: dict[str, str]

    def __str__(self) -> str:
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path


def split_url(url: str) -> PageURL:
    """A path with its query (``/items/?page=2``) as the browser sends it on mount."""
    if not isinstance(url, str):
        raise DjustTestingError(
            f"expected a URL path such as '/items/7/', got {type(url).__name__} {url!r}"
        )
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        raise DjustTestingError(
            f"expected a path such as '/items/7/', got the absolute URL {url!r}"
        )
    path = iri_to_uri(parts.path or "/")
    return PageURL(path, dict(parse_qsl(parts.query, keep_blank_values=True)))


def served_by(path: str) -> tuple[Any, dict[str, Any]]:
    """The view class (or function) Django serves at ``path`` and its URL kwargs; None if none."""
    try:
        match = resolve(path)
    except Resolver404:
        return None, {}
    return getattr(match.func, "view_class", match.func), dict(match.kwargs)


def is_live_view(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, LiveView)


def view_for_url(url: str) -> tuple[type[LiveView], PageURL]:
    """The LiveView Django's resolver serves at ``url``."""
    page = split_url(url)
    view_class, _kwargs = served_by(page.path)
    if view_class is None:
        raise DjustTestingError(f"no URL pattern matches {page.path!r}")
    if not is_live_view(view_class):
        name = getattr(view_class, "__qualname__", None) or repr(view_class)
        raise DjustTestingError(
            f"{page.path!r} is served by {name}, which is not a djust LiveView. "
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


# ----------------------------------------------------------- a view's page


@dataclass(frozen=True)
class Route:
    """One URL pattern of the URLconf, with the patterns of the includes around it."""

    callback: Any
    chain: tuple[Any, ...]
    kwarg_names: frozenset[str]

    @property
    def view_class(self) -> Any:
        return getattr(self.callback, "view_class", None)

    @property
    def pattern(self) -> str:
        """The pattern as written, its includes' prefixes joined (``"catalog/<slug:slug>/"``)."""
        return "".join(str(pattern) for pattern in self.chain)

    def __str__(self) -> str:
        return self.pattern


def _routes(
    patterns: list[Any], chain: tuple[Any, ...] = (), names: frozenset[str] = frozenset()
) -> Iterator[Route]:
    for entry in patterns:
        here = (*chain, entry.pattern)
        kwarg_names = names | _kwarg_names(entry)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, here, kwarg_names)
        elif isinstance(entry, URLPattern):
            yield Route(entry.callback, here, kwarg_names)


def _kwarg_names(entry: URLPattern | URLResolver) -> frozenset[str]:
    pattern = entry.pattern
    converters = getattr(pattern, "converters", None)
    if converters:
        return frozenset(converters)
    regex = getattr(pattern, "regex", None)
    return frozenset(regex.groupindex) if regex is not None else frozenset()


def routes_of(view_class: type[LiveView]) -> list[Route]:
    """Every route serving ``view_class``, in URLconf order."""
    return [
        route for route in _routes(get_resolver().url_patterns) if route.view_class is view_class
    ]


def liveview_routes() -> list[Route]:
    """Every URL pattern of the root URLconf that serves a LiveView, in URLconf order."""
    return [
        route for route in _routes(get_resolver().url_patterns) if is_live_view(route.view_class)
    ]


def reverse_route(route: Route, kwargs: Mapping[str, Any]) -> str | None:
    """The path of ``route`` for ``kwargs``, or None when a value does not fit its pattern."""
    pieces: list[str] = []
    for pattern in route.chain:
        if isinstance(pattern, RoutePattern):
            piece = _fill_route(pattern, kwargs)
            if piece is None:
                return None
            pieces.append(piece)
        elif isinstance(pattern, RegexPattern):
            groups = frozenset(pattern.regex.groupindex)
            forms = [f for f, names in normalize(pattern.regex.pattern) if set(names) == groups]
            if not forms:
                return None
            pieces.append(forms[0] % {name: str(kwargs[name]) for name in groups})
        else:  # LocalePrefixPattern and the like: their text is the prefix
            pieces.append(str(pattern))
    path = get_script_prefix() + "".join(pieces).lstrip("/")
    try:
        match = resolve(path)
    except Resolver404:
        return None
    fits = all(str(match.kwargs.get(name)) == str(kwargs[name]) for name in route.kwarg_names)
    return iri_to_uri(path) if fits else None


def _fill_route(pattern: RoutePattern, kwargs: Mapping[str, Any]) -> str | None:
    """A ``path()`` route with each ``<converter:name>`` written by its converter."""

    def written(match: re.Match[str]) -> str:
        name = match.group("parameter")
        return str(pattern.converters[name].to_url(kwargs[name]))

    try:
        return _ROUTE_PARAMETER.sub(written, str(pattern))
    except (ValueError, TypeError, KeyError):
        return None


def page_for_view(view_class: type[LiveView], params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The path a browser would be on for ``view_class``, and the params it leaves unused.

    The route whose URL kwargs ``params`` fill wins, the one taking the most
    of them first, then URLconf order; the params it takes travel in the
    path, the rest stay for the query string. An unrouted view is mounted
    at ``/``.
    """
    routes = routes_of(view_class)
    fillable = [route for route in routes if route.kwarg_names <= params.keys()]
    for route in sorted(fillable, key=lambda route: -len(route.kwarg_names)):
        path = reverse_route(route, params)
        if path is not None:
            return path, {
                name: value for name, value in params.items() if name not in route.kwarg_names
            }
    if fillable:
        route = max(fillable, key=lambda route: len(route.kwarg_names))
        given = ", ".join(f"{name}={params[name]!r}" for name in sorted(route.kwarg_names))
        raise DjustTestingError(
            f"{view_class.__qualname__}'s route {str(route)!r} does not accept {given}: "
            "each value must fit its path converter (int: digits only, slug: letters, digits, "
            "'-' and '_')."
        )
    if routes:
        needed = " or ".join(sorted(", ".join(sorted(r.kwarg_names)) or "none" for r in routes))
        raise DjustTestingError(
            f"{view_class.__qualname__} is routed, but no route can be built from the "
            f"parameters {sorted(params)!r} (its URL kwargs: {needed}). Pass the URL "
            "kwargs as parameters, or pass the URL itself: self.live('/path/')."
        )
    return "/", dict(params)


def query_params(
    view_class: type[LiveView], page: PageURL, params: Mapping[str, Any]
) -> dict[str, Any]:
    """The ``params`` that join the query of ``page``, the browser's page for ``view_class``.

    Refuses a page another view serves, and params that contradict the URL;
    params the URL already carries with the same value are dropped. A view no
    URL pattern serves (one defined inside a test) may be given any URL.
    """
    served, kwargs = served_by(page.path)
    if served is None and routes_of(view_class):
        where = ", ".join(repr(str(route)) for route in routes_of(view_class))
        raise DjustTestingError(
            f"no URL pattern matches url={page.path!r}, but {view_class.__qualname__} is "
            f"routed ({where}): a browser could not be on that page."
        )
    if served is not None and served is not view_class:
        name = getattr(served, "__qualname__", None) or repr(served)
        raise DjustTestingError(
            f"url={page.path!r} is served by {name}, not {view_class.__qualname__}: a browser "
            f"there mounts {name}. Pass {view_class.__qualname__}'s own URL, or leave url= out."
        )
    for name, value in params.items():
        if name in kwargs and str(kwargs[name]) != str(value):
            raise DjustTestingError(
                f"{name} is {kwargs[name]!r} in the URL {page.path!r} and {value!r} in the "
                "parameters; a parameter may not contradict the URL. Put the value in the "
                f"URL, or mount the class: self.live({view_class.__qualname__}, {name}=...)."
            )
        if name in page.query and page.query[name] != query_value(name, value):
            raise DjustTestingError(
                f"{name} is {page.query[name]!r} in the URL's query and {value!r} in the "
                "parameters; a parameter may not contradict the URL."
            )
    return {k: v for k, v in params.items() if k not in kwargs and k not in page.query}
