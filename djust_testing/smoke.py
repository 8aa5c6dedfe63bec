"""``LiveViewSmokeTest``: every routed LiveView loads and mounts; every handler survives fuzzing.

Everything goes through the test client, as a browser would: the page is
requested over HTTP, then mounted over djust's live connection, and each
``@event_handler`` is sent events whose parameters are built from its type
hints (``_fuzz``). Each case runs on a fresh mount, inside a transaction
rolled back afterwards, so a finding is reproducible from its own line.
"""

from __future__ import annotations

import contextlib
import unittest
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from djust.decorators import is_event_handler
from djust.live_view import LiveView

from . import _fuzz as fuzzing
from ._assertions.queries import over_budget
from ._live import allowlist
from ._live.connection import view_path
from ._live.routing import Route, liveview_routes, reverse_route
from ._tracebacks import format_user_traceback
from .case import LiveViewTestMixin
from .client import LiveViewTestClient
from .exceptions import (
    ConnectionClosedError,
    DjustTestingError,
    EventRejectedError,
    MountError,
    MountRedirectedError,
)

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True

_CONFIG_KEYS = frozenset({"url", "user", "skip_handlers"})
# djust's own handler on every LiveView (dj-model's), which runs no code of the view.
_FRAMEWORK_HANDLERS = frozenset({"update_model"})
_RATE_LIMITED = 4429


@dataclass(frozen=True)
class SmokePage:
    """A routed LiveView the smoke test visits, and how."""

    view_class: type[LiveView]
    route: Route
    #: Where the browser opens it; None when its route needs URL kwargs the config lacks.
    url: str | None
    config: Mapping[str, Any]

    @property
    def name(self) -> str:
        return view_path(self.view_class)


@dataclass(frozen=True)
class Finding:
    """One problem: the view, where, the handler and its parameters, what went wrong."""

    page: SmokePage
    problem: str
    handler: str | None = None
    params: Mapping[str, Any] | None = None
    case: str | None = None
    traceback: str | None = None

    def render(self, number: int) -> str:
        if self.handler is None:
            where = f" at {self.page.url!r}" if self.page.url else ""
            head = f"{number}. {self.page.name}{where}:"
        else:
            case = f" [{self.case}]" if self.case else ""
            head = f"{number}. {self.page.name}, handler {self.handler!r}{case}:"
        lines = [head, *_indented(self.problem)]
        if self.traceback:
            lines += _indented(self.traceback)
        if self.handler is not None and self.page.url:
            args = "".join(f", {k}={_code(v)}" for k, v in (self.params or {}).items())
            lines.append(
                f"   To reproduce: self.live({self.page.url!r}).send_event({self.handler!r}{args})"
            )
        return "\n".join(lines)


class LiveViewSmokeTest(LiveViewTestMixin):
    """Smoke and fuzz tests for every routed LiveView of the project (or of one app).

    Mix it into a ``TestCase``; its tests run on the data ``setUpTestData``
    or ``setUp`` make, as the user ``self.client`` is logged in as::

        class SiteSmokeTests(LiveViewSmokeTest, TestCase):
            app_label = "catalog"  # only this app's views (default: all)
            view_config = {
                ProductDetailView: {"url": "/catalog/desk-lamp/"},  # a route with URL kwargs
                DashboardView: {"user": "ann"},  # a username, a user, or a callable(test)
            }

            @classmethod
            def setUpTestData(cls):
                seed_catalog()

    * ``test_smoke_render``: each view's page loads over HTTP, and the view
      mounts over djust's live connection and renders.
    * ``test_smoke_queries``: each mount runs at most ``max_queries`` queries.
    * ``test_fuzz_handlers``: each ``@event_handler`` is sent well-typed
      parameters, none, edge values and wrongly typed ones, built from its
      type hints; none may crash the view. djust refusing a parameter is
      not a crash.
    * ``test_fuzz_xss``: markup sent in each string parameter must not
      become markup in the page.
    * ``test_allowlist``: djust would mount each view for a browser
      (``LIVEVIEW_ALLOWED_MODULES``).

    Each failure lists every finding, naming the view, the handler, the
    parameters and the traceback in the view's code.
    """

    #: Only the views of the app with this label (default: every routed LiveView).
    app_label: ClassVar[str | None] = None
    #: Views left out: classes or dotted paths.
    skip_views: ClassVar[Sequence[Any]] = ()
    #: Per view (class or dotted path): ``url`` to open, ``user`` to be (a username, a
    #: user, or a callable taking the test case), ``skip_handlers`` not to fuzz.
    view_config: ClassVar[Mapping[Any, Mapping[str, Any]]] = {}
    #: Handlers not fuzzed in any view: names, or ``"View.handler"``.
    skip_handlers: ClassVar[Sequence[str]] = ()
    #: Whether ``test_fuzz_handlers`` and ``test_fuzz_xss`` run.
    fuzz: ClassVar[bool] = True
    #: The query budget of each mount (None: ``test_smoke_queries`` is skipped).
    max_queries: ClassVar[int | None] = 50

    # ------------------------------------------------------------------ tests

    def test_smoke_render(self) -> None:
        """Each routed LiveView's page loads, and the view mounts and renders."""
        findings: list[Finding] = []
        pages = self.smoke_pages(findings)
        for page in pages:
            if page.url is None:
                continue
            live = self._mount(page, findings)
            if live is not None:
                live.close()
        self._report(findings, pages, "load and mount")

    def test_smoke_queries(self) -> None:
        """Each mount stays within ``max_queries`` database queries."""
        budget = self.max_queries
        if budget is None:
            raise unittest.SkipTest("max_queries is None")
        findings: list[Finding] = []
        pages = self.smoke_pages(findings)
        for page in pages:
            live = self._mount(page, findings) if page.url is not None else None
            if live is None:
                continue
            queries = live.last_action.queries
            if len(queries) > budget:
                findings.append(Finding(page, over_budget("The mount", queries, budget)))
            live.close()
        self._report(findings, pages, "mount within the query budget")

    def test_fuzz_handlers(self) -> None:
        """No handler crashes the view, whatever parameters its type hints allow or refuse."""
        self._fuzz_pages(markup=False)

    def test_fuzz_xss(self) -> None:
        """Markup sent in string parameters never becomes markup in the page."""
        self._fuzz_pages(markup=True)

    def test_allowlist(self) -> None:
        """djust mounts each routed view for a browser (``LIVEVIEW_ALLOWED_MODULES``)."""
        findings: list[Finding] = []
        pages = self.smoke_pages(findings)
        assert_all_routed_liveviews_allowlisted([page.view_class for page in pages])

    # -------------------------------------------------------------- the views

    def smoke_pages(self, findings: list[Finding] | None = None) -> list[SmokePage]:
        """The routed LiveViews under test (of ``app_label``, less ``skip_views``), in URL order.

        A view whose route needs URL kwargs, without a ``url`` in
        ``view_config``, has no URL; a finding says so.
        """
        skipped = {_key(view) for view in self.skip_views}
        by_view: dict[type[LiveView], list[Route]] = {}
        for route in liveview_routes():
            view = route.view_class
            if _key(view) in skipped or not self._in_app(view):
                continue
            by_view.setdefault(view, []).append(route)
        pages = []
        for view, routes in by_view.items():
            config = self._config(view)
            route = min(routes, key=lambda r: len(r.kwarg_names))
            url = config.get("url")
            if url is None and not route.kwarg_names:
                url = reverse_route(route, {})
            page = SmokePage(view, route, url, config)
            if url is None and findings is not None:
                kwargs = ", ".join(sorted(route.kwarg_names))
                findings.append(
                    Finding(
                        page,
                        f"its route {route.pattern!r} needs URL kwargs ({kwargs}): give it a URL "
                        f"to open, view_config = {{{view.__name__}: {{'url': '/...'}}}}",
                    )
                )
            pages.append(page)
        if not pages:
            where = f"of app {self.app_label!r} " if self.app_label else ""
            raise AssertionError(
                f"LiveViewSmokeTest found no routed LiveView {where}to test: the root URLconf "
                "routes none" + (" there" if self.app_label else "")
            )
        return pages

    def _in_app(self, view: type[LiveView]) -> bool:
        if self.app_label is None:
            return True
        app = apps.get_containing_app_config(view.__module__)
        return app is not None and app.label == self.app_label

    def _config(self, view: type[LiveView]) -> Mapping[str, Any]:
        config = self.view_config.get(view) or self.view_config.get(view_path(view)) or {}
        unknown = set(config) - _CONFIG_KEYS
        if unknown:
            raise DjustTestingError(
                f"view_config for {view.__name__} has {', '.join(sorted(unknown))}; it takes "
                f"{', '.join(sorted(_CONFIG_KEYS))}"
            )
        return config

    # ------------------------------------------------------- load and mount

    def _mount(self, page: SmokePage, findings: list[Finding]) -> LiveViewTestClient | None:
        """A fresh client with ``page``'s view mounted, or None (and a finding) if it fails.

        The client loads the page over HTTP first, as a browser does, so a
        redirect, a refusal or a crash there is the finding.
        """
        assert page.url is not None
        try:
            return self._open(page)
        except MountRedirectedError as error:
            findings.append(
                Finding(
                    page,
                    f"the page redirects to {error.url!r}: log self.client in, or give "
                    "view_config a user",
                )
            )
        except MountError as error:
            findings.append(Finding(page, f"djust refuses the mount: {error}"))
        except Exception as error:
            findings.append(
                Finding(
                    page,
                    f"the mount raised {type(error).__name__}",
                    traceback=format_user_traceback(error),
                )
            )
        return None

    def _open(self, page: SmokePage) -> LiveViewTestClient:
        if "user" in page.config:
            live = LiveViewTestClient(page.view_class, user=self._user(page), url=page.url)
        else:
            live = LiveViewTestClient(
                page.view_class, client=getattr(self, "client", None), url=page.url
            )
        try:
            return live.mount()
        except BaseException:
            live.close()
            raise

    def _user(self, page: SmokePage) -> Any:
        user = page.config["user"]
        if isinstance(user, str):
            users: Any = get_user_model().objects
            return users.get_by_natural_key(user)
        if callable(user):
            return user(self)
        return user

    # ----------------------------------------------------------------- fuzz

    def _fuzz_pages(self, *, markup: bool) -> None:
        if not self.fuzz:
            raise unittest.SkipTest("fuzz is False")
        findings: list[Finding] = []
        pages = self.smoke_pages(findings)
        for page in pages:
            if page.url is None:
                continue
            probe = self._mount(page, [])
            if probe is None:
                findings.append(
                    Finding(page, "the view does not mount (see test_smoke_render): not fuzzed")
                )
                continue
            probe.close()
            for name, handler in self._handlers(page):
                for case in fuzzing.cases(handler):
                    if case.markup == markup:
                        findings += self._run_case(page, name, case)
        self._report(findings, pages, "survive the fuzzing" if not markup else "escape markup")

    def _handlers(self, page: SmokePage) -> Iterator[tuple[str, Callable[..., Any]]]:
        view = page.view_class
        skipped = set(page.config.get("skip_handlers", ()))
        for entry in self.skip_handlers:
            owner, _, name = entry.rpartition(".")
            if not owner or owner in (view.__name__, view_path(view)):
                skipped.add(name)
        for name in sorted(dir(view)):
            if name.startswith("_") or name in skipped or name in _FRAMEWORK_HANDLERS:
                continue
            handler = getattr(view, name, None)
            if callable(handler) and is_event_handler(handler):
                yield name, handler

    def _run_case(self, page: SmokePage, name: str, case: fuzzing.Case) -> list[Finding]:
        def finding(problem: str, error: BaseException | None = None) -> Finding:
            shown = format_user_traceback(error) if error is not None else None
            return Finding(page, problem, name, case.params, case.label, shown)

        with self._rolled_back():
            try:
                live = self._open(page)
            except Exception as error:
                return [finding(f"the mount raised {type(error).__name__}", error)]
            try:
                live.send_event(name, **case.params)
            except EventRejectedError:
                return []  # djust refused the parameters: the view is safe from them
            except ConnectionClosedError as error:
                if error.code == _RATE_LIMITED:
                    return []
                return [finding(f"djust closed the connection: {error}")]
            except AssertionError as error:  # the page check: patches that break the page
                unescaped = self._reflected(live) if case.markup else None
                return [finding(unescaped or f"the page broke: {error}")]
            except Exception as error:
                return [finding(f"the handler raised {type(error).__name__}", error)]
            else:
                unescaped = self._reflected(live) if case.markup else None
                return [finding(unescaped)] if unescaped else []
            finally:
                live.close()

    def _reflected(self, live: LiveViewTestClient) -> str | None:
        """Where the page (patched, and as a new load renders it) shows the payload as markup."""
        pages = [live.render(engine="rust")]
        with contextlib.suppress(Exception):  # a template Django's engine cannot render
            pages.append(live.render(engine="python"))
        found = [place for html in pages for place in fuzzing.reflected_markup(html)]
        if not found:
            return None
        places = "\n".join(f"  {place}" for place in dict.fromkeys(found))
        return f"the page shows the parameter as markup, unescaped:\n{places}"

    @contextlib.contextmanager
    def _rolled_back(self) -> Iterator[None]:
        """A transaction around one case, rolled back: each case starts from the same data."""
        databases: Any = getattr(type(self), "databases", set())
        aliases = list(connections) if databases == "__all__" else sorted(databases)
        with contextlib.ExitStack() as stack:
            for alias in aliases:
                stack.enter_context(transaction.atomic(using=alias))
            try:
                yield
            finally:
                for alias in aliases:
                    transaction.set_rollback(True, using=alias)

    # --------------------------------------------------------------- report

    def _report(self, findings: list[Finding], pages: list[SmokePage], what: str) -> None:
        if not findings:
            return
        views = len(pages)
        raise AssertionError(
            f"{len(findings)} problem{'s' if len(findings) != 1 else ''} found: the routed "
            f"LiveViews ({views} view{'s' if views != 1 else ''}) must {what}.\n\n"
            + "\n\n".join(finding.render(number) for number, finding in enumerate(findings, 1))
        )


def assert_all_routed_liveviews_allowlisted(
    view_classes: Sequence[type[LiveView]] | None = None,
) -> None:
    """Every routed LiveView (or each of ``view_classes``) is one djust mounts for a browser.

    djust checks a mount's view path against ``LIVEVIEW_ALLOWED_MODULES``
    (or, when it is unset, the installed apps' packages) before anything
    else; a page whose view it refuses renders over HTTP but never goes
    live. The failure lists each refused view with its route, and the
    allowlist entries that would admit it.
    """
    routes = {route.view_class: route for route in reversed(liveview_routes())}
    views = list(view_classes) if view_classes is not None else list(reversed(routes))
    for view in views:
        if not (isinstance(view, type) and issubclass(view, LiveView)):
            raise DjustTestingError(
                f"assert_all_routed_liveviews_allowlisted() takes LiveView classes, got {view!r}"
            )
    refused = allowlist.refused(views)
    if not refused:
        return
    lines = []
    for view in refused:
        route = routes.get(view)
        lines.append(f"  {view_path(view)}" + (f" (route {route.pattern!r})" if route else ""))
    modules = sorted({view.__module__ for view in refused})
    raise AssertionError(
        f"{len(refused)} routed LiveView{'s' if len(refused) != 1 else ''} cannot go live: "
        f"djust refuses to mount {'them' if len(refused) != 1 else 'it'} under "
        f"{allowlist.described()}, so the page renders over HTTP but its live connection "
        "fails:\n"
        + "\n".join(lines)
        + "\nAdd "
        + " and ".join(repr(module) for module in modules)
        + " (or a package above) to LIVEVIEW_ALLOWED_MODULES."
    )


def _key(view: type[LiveView] | str) -> str:
    return view if isinstance(view, str) else view_path(view)


def _code(value: Any) -> str:
    """``value`` as Python code, a long run of one character as ``'x' * 5000``."""
    if isinstance(value, str) and len(value) > 20 and len(set(value)) == 1:
        return f"{value[0]!r} * {len(value)}"
    if isinstance(value, list) and len(value) > 5 and all(v == value[0] for v in value):
        return f"[{_code(value[0])}] * {len(value)}"
    return repr(value)


def _indented(text: str) -> list[str]:
    return ["   " + line for line in text.splitlines()]
