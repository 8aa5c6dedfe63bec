"""``LiveViewTestClient``: a synchronous client on djust's own mount and event path.

Each call builds the frame a browser would send and hands it to djust's
``ViewRuntime``, the code the WebSocket and SSE transports run, through an
in-memory transport. What djust sends back is recorded per action and
applied to the page the client holds; the assertions read both. The work
happens in the client's proxy (``_proxy.ClientProxy``); each method here
delegates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

from django.http import HttpResponseBase
from django.test import Client
from djust.live_view import LiveView

from ._assertions import effects, engines
from ._assertions import page as page_assertions
from ._assertions import queries as query_assertions
from ._assertions import state as state_assertions
from ._browser.navigation import patched_url, redirected_url
from ._browser.query import Query, TextFilter
from ._live import config_sync as _config_sync  # noqa: F401  (connects its receiver)
from ._live import djust
from ._live.action import Action, EventResult
from ._live.connection import Connection, view_path
from ._live.render import render_python
from ._live.routing import split_url
from ._open_browser import open_browser
from ._proxy import ClientProxy
from ._tracebacks import keep_user_frames
from .elements import ElementRef, FormRef
from .exceptions import DjustTestingError

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


class LiveViewTestClient:
    """Mount a LiveView and drive it as a browser would, synchronously.

    ``user`` runs the view as that user with a fresh session; ``client``
    (a Django test ``Client``) shares that client's session and logged-in
    user instead. ``url`` is the page the browser is on (default: the view's
    route built from the mount parameters).
    """

    def __init__(
        self,
        view_class: type[LiveView],
        user: Any = None,
        *,
        client: Client | None = None,
        url: str | None = None,
    ) -> None:
        if not (isinstance(view_class, type) and issubclass(view_class, LiveView)):
            raise DjustTestingError(
                f"LiveViewTestClient needs a djust LiveView subclass, got {view_class!r}"
            )
        if user is not None and client is not None:
            raise DjustTestingError(
                "pass user= or client=, not both: a shared client brings its own user"
            )
        self._proxy = ClientProxy(
            view_class,
            Connection(view_class),
            user=user,
            django_client=client,
            page=split_url(url) if url is not None else None,
        )

    @classmethod
    def _on(cls, proxy: ClientProxy) -> LiveViewTestClient:
        client = cls.__new__(cls)
        client._proxy = proxy
        return client

    def __repr__(self) -> str:
        return repr(self._proxy)

    # ------------------------------------------------------------------ mount

    @property
    def view_class(self) -> type[LiveView]:
        """The LiveView class this client mounts."""
        return self._proxy.view_class

    @property
    def view_path(self) -> str:
        """The dotted path djust knows the view by (the mount frame's ``view``)."""
        return view_path(self._proxy.view_class)

    @property
    def url(self) -> str:
        """The page's URL as the browser's address bar shows it (live_patch changes it)."""
        return self._proxy.url

    def mount(self, **params: Any) -> LiveViewTestClient:
        """Mount the view as djust mounts it for a browser.

        Auth, ``mount()``, ``handle_params()`` and the first render run as in
        production. Parameters travel as a browser sends them: those that
        fill the view's URL pattern go into the path (djust passes them to
        ``mount()`` converted by the pattern), the rest as query-string strings.
        """
        try:
            self._proxy.start(params)
        except AssertionError as error:  # the view's own, raised in mount()
            keep_user_frames(error)
            raise
        return self

    @property
    def view_instance(self) -> Any:
        """The mounted view object itself."""
        return self._proxy.view

    # ----------------------------------------------------------------- events

    def send_event(self, name: str, /, raise_errors: bool = True, **params: Any) -> EventResult:
        """Send the event a browser would send; return what happened.

        Returns ``{"state_before", "state_after", "duration_ms", "success",
        "error"}``. A handler that raises re-raises here with its traceback,
        and an event djust refuses raises ``EventRejectedError`` (or
        ``NoHandlerFoundError``); with ``raise_errors=False`` both come back
        as ``success=False`` and ``error="ExcType: message"`` instead.
        """
        return self._proxy.send(name, params, raise_errors)

    def trigger_info(self, message: Mapping[str, Any], raise_errors: bool = True) -> EventResult:
        """Deliver ``message`` to the view's ``handle_info``, as djust delivers a db_notify.

        Returns the same envelope as ``send_event()``. A ``handle_info`` that
        raises re-raises here (djust would log it and send nothing).
        """
        if not isinstance(message, Mapping):
            raise DjustTestingError(
                f"trigger_info() takes the message dict handle_info receives, got "
                f"{type(message).__name__}"
            )
        return self._proxy.info(dict(message), raise_errors)

    def patch(self, url: str | None = None) -> EventResult:
        """Navigate within the view as a ``dj-patch`` link or the back button does.

        The browser changes its URL and sends djust a url_change: djust runs
        ``handle_params(params, uri)`` and re-renders. With no ``url``, the
        current URL is sent again, as when the browser returns to the URL a
        ``live_patch`` set. Returns the same envelope as ``send_event()``.
        """
        self._proxy.require_open()
        page = split_url(url if url is not None else self._proxy.url)
        return self._proxy.url_change(page, page.query, str(page))

    def render_async(self, raise_errors: bool = True) -> str:
        """Run one batch of pending ``start_async`` / ``assign_async`` work; return the HTML.

        djust runs each task as in production: the callback, then
        ``handle_async_result``, then a re-render. A callback that raises is
        handed to ``handle_async_result(error=...)`` when the view defines it;
        otherwise djust only logs it, and it re-raises here. Work the callbacks
        queue runs in the next call.
        """
        self._proxy.render_async(raise_errors)
        return self.render()

    # ------------------------------------------------------------ side effects

    def assert_push_event(self, name: str, params: Mapping[str, Any] | None = None) -> None:
        """The last action pushed event ``name``; ``params`` is a subset of its payload."""
        effects.assert_push_event(self._proxy.last_action, name, params)

    def refute_push_event(self, name: str, params: Mapping[str, Any] | None = None) -> None:
        """The last action pushed no event ``name`` (with a payload containing ``params``)."""
        effects.refute_push_event(self._proxy.last_action, name, params)

    def assert_patch(self, path: str | None = None, params: Mapping[str, Any] | None = None) -> str:
        """The last action live-patched to ``path`` with ``params`` (a subset); return the URL."""
        action = self._proxy.last_action
        before = self._proxy.url_before_last_action or self._proxy.url
        return effects.assert_navigation(
            action, "live_patch", lambda frame: patched_url(before, frame), path, params
        )

    def refute_patch(self) -> None:
        """The last action sent no live_patch."""
        effects.refute_navigation(self._proxy.last_action, "live_patch")

    def assert_redirect(
        self, path: str | None = None, params: Mapping[str, Any] | None = None
    ) -> str:
        """The last action live-redirected to ``path`` with ``params`` (a subset); return the URL.

        The URL is the one the browser goes to: ``params`` set over the path's query.
        """
        action = self._proxy.last_action
        here = self._proxy.url
        return effects.assert_navigation(
            action, "live_redirect", lambda frame: redirected_url(here, frame), path, params
        )

    def refute_redirect(self) -> None:
        """The last action sent no live_redirect."""
        effects.refute_navigation(self._proxy.last_action, "live_redirect")

    def assert_flash(self, kind: str, message_substring: str = "") -> None:
        """The last action left a ``kind`` flash containing ``message_substring`` on screen."""
        effects.assert_flash(
            self._proxy.last_action,
            kind,
            message_substring,
            view_name=self.view_class.__name__,
            shown=djust.has_flash_container(self._proxy.view),
        )

    def refute_flash(self, kind: str | None = None) -> None:
        """The last action left no flash (of ``kind``) on screen."""
        effects.refute_flash(self._proxy.last_action, kind)

    def assert_stream_insert(self, stream: str, item: Any = None) -> None:
        """The last action inserted into ``stream`` an item matching ``item``.

        A dict matches a dict item as a recursive subset (or an object's
        attributes); anything else by equality. ``None`` matches any item.
        """
        effects.assert_stream_insert(self._proxy.last_action, stream, item)

    def assert_stream_delete(self, stream: str, item_or_dom_id: Any) -> None:
        """The last action deleted from ``stream`` the item given (or its dom id)."""
        dom_id = djust.stream_dom_id(self._proxy.view, stream, item_or_dom_id)
        effects.assert_stream_delete(self._proxy.last_action, stream, item_or_dom_id, dom_id)

    @property
    def page_title(self) -> str | None:
        """The browser's ``document.title``: the page's ``<title>``, then what djust sent."""
        self._proxy.require_mounted()
        return self._proxy.page.title

    # -------------------------------------------------------------- navigation

    def follow_redirect(self) -> LiveViewTestClient | HttpResponseBase:
        """Go where the last action's live_redirect sends the browser.

        A LiveView is mounted on this same connection, as djust does, with
        its session and user, and its client is returned; this client then
        refuses further use. Any other page is requested through the shared
        Django test client, and its ``HttpResponse`` is returned.
        """
        followed = self._proxy.follow_redirect()
        if isinstance(followed, ClientProxy):
            return LiveViewTestClient._on(followed)
        return followed

    # ------------------------------------------------------------------ state

    def get_state(self) -> dict[str, Any]:
        """A deep copy of the view's own public attributes (not djust's configuration)."""
        self._proxy.require_mounted()
        return self._proxy.connection.state()

    def assert_state(self, **expected: Any) -> None:
        """Each named attribute equals the expected value, types included (1 is not "1")."""
        state_assertions.assert_state(self.view_class.__name__, self.get_state(), expected)

    def assert_state_contains(self, **expected: Any) -> None:
        """Each named attribute contains the expected value.

        Strings by substring, dicts by recursive subset, lists, tuples and
        sets by every expected element being present.
        """
        state_assertions.assert_state_contains(self.view_class.__name__, self.get_state(), expected)

    # ----------------------------------------------------------------- render

    def render(self, engine: str | None = None, *, raw: bool = False) -> str:
        """The dj-root HTML of the page, rendered by ``engine`` (default: the settings' choice).

        ``raw=True`` keeps djust's bookkeeping (dj-id attributes, dj-if markers).
        """
        view = self._proxy.view
        return engines.render(
            type(view).__name__,
            self._proxy.page.document.html,
            lambda: render_python(view),
            engine,
            raw,
        )

    # ---------------------------------------------------------------- the DOM

    def element(self, selector: str, text: TextFilter = None) -> ElementRef:
        """The one element matching ``selector`` (and ``text``), resolved when used.

        ``text`` filters by a substring, or a compiled regex, of the element's
        whitespace-normalized text.
        """
        self._proxy.require_mounted()
        return ElementRef(self._proxy, Query(selector, text))

    def elements(self, selector: str, text: TextFilter = None) -> list[ElementRef]:
        """Every element matching ``selector`` (and ``text``) now, in document order.

        Each handle means "the n-th match", resolved again when used.
        """
        query = Query(selector, text)
        return [ElementRef(self._proxy, query.nth(n)) for n in range(len(self._proxy.find(query)))]

    def has_element(self, selector: str, text: TextFilter = None) -> bool:
        """Whether any element on the page matches ``selector`` (and ``text``)."""
        return bool(self._proxy.find(Query(selector, text)))

    def form(self, selector: str, data: Mapping[str, Any] | None = None) -> FormRef:
        """The one form matching ``selector``, with ``data`` to fill in before sending it."""
        self._proxy.require_mounted()
        return FormRef(self._proxy, Query(selector), data)

    def assert_has_element(self, selector: str, text: TextFilter = None) -> None:
        """Some element on the page matches ``selector`` (and ``text``).

        On failure the message quotes the selector and the part of the page
        it was looked for in: the elements its nearest matching leading part
        (``"#todos"`` of ``"#todos li.done"``) matches, else the whole page.
        """
        query = Query(selector, text)
        self._proxy.require_mounted()
        page_assertions.assert_has_element(self._proxy.page.document.root, query)

    def refute_has_element(self, selector: str, text: TextFilter = None) -> None:
        """No element on the page matches ``selector`` (and ``text``); failing lists the matches."""
        query = Query(selector, text)
        self._proxy.require_mounted()
        page_assertions.refute_has_element(self._proxy.page.document.root, query)

    def open_browser(self, opener: Callable[[str], object] | None = None) -> str:
        """Write the page as the browser holds it now to a file, print its path, and return it.

        The file is the whole page (its layout and stylesheets, the project's
        static files linked from disk) with the dj-root as it is now, typed
        text and ticks included, and no scripts. A browser opens it unless
        the ``CI`` environment variable is set, or none is available;
        ``opener``, when given, is called with the file's path instead.
        """
        self._proxy.require_mounted()
        proxy = self._proxy
        return open_browser(proxy.view, proxy.page, proxy.url, opener)

    # ---------------------------------------------------------------- queries

    def assert_max_queries(self, budget: int) -> None:
        """The last action (the mount, an event, ...) ran at most ``budget`` database queries.

        The failure lists the queries in order, and the ones repeated with
        other parameters (an N+1). ``last_action.queries`` holds them.
        """
        query_assertions.assert_max_queries(self._proxy.last_action, budget)

    # -------------------------------------------------------------- lifecycle

    @property
    def last_action(self) -> Action:
        """What the newest action (mount, event, ...) sent."""
        return self._proxy.connection.last_action

    def close(self) -> None:
        """Disconnect: release what the views on this connection hold, as djust's consumer does."""
        self._proxy.close()

    def __enter__(self) -> LiveViewTestClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
