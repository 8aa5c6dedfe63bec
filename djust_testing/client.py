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
from urllib.parse import urlsplit

from django.http import HttpResponseBase
from django.test import Client
from djust.live_view import LiveView

from . import _arguments as arguments
from ._assertions import effects, engines
from ._assertions import page as page_assertions
from ._assertions import queries as query_assertions
from ._assertions import state as state_assertions
from ._browser.navigation import link_navigation, patched_url, redirected_url
from ._browser.nodes import Element
from ._browser.query import Query, TextFilter
from ._live import config_sync as _config_sync  # noqa: F401  (connects its receiver)
from ._live import djust
from ._live.action import Action, EventResult, HistoryEntry
from ._live.connection import Connection, view_path
from ._live.render import render_python
from ._live.routing import split_url
from ._open_browser import open_browser
from ._proxy import ClientProxy
from ._tracebacks import keep_user_frames
from .elements import ElementRef, FormRef
from .exceptions import ConnectionClosedError, DjustTestingError
from .handles import ChildView, ComponentHandle

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


class LiveViewTestClient:
    """Mount a LiveView and drive it as a browser would, synchronously.

    ``user`` runs the view as that user with a fresh session; ``client``
    (a Django test ``Client``) shares that client's session and logged-in
    user instead. ``url`` is the page the browser is on (default: the view's
    route built from the mount parameters). ``timezone`` is the browser's
    IANA time zone, which djust gives the view as ``client_timezone``
    (default: ``settings.TIME_ZONE``).
    """

    def __init__(
        self,
        view_class: type[LiveView],
        user: Any = None,
        *,
        client: Client | None = None,
        url: str | None = None,
        timezone: str | None = None,
        request_factory: Any = None,
    ) -> None:
        if request_factory is not None:
            raise DjustTestingError(
                "LiveViewTestClient(request_factory=...) has no meaning here: the request is "
                "the one a browser's page load makes. Pass client=self.client (its session and "
                "user), or user=."
            )
        if not (isinstance(view_class, type) and issubclass(view_class, LiveView)):
            raise DjustTestingError(
                f"LiveViewTestClient needs a djust LiveView subclass, got {view_class!r}"
            )
        if user is not None and client is not None:
            raise DjustTestingError(
                "pass user= or client=, not both: a shared client brings its own user"
            )
        _check_user(user)
        if client is not None and not isinstance(client, Client):
            raise DjustTestingError(
                "LiveViewTestClient(client=...) takes a django.test.Client (such as "
                f"self.client), got {type(client).__name__} {client!r}"
            )
        arguments.require_optional_str(
            "LiveViewTestClient", "url=", url, " (the page's path, such as '/items/7/')"
        )
        self._proxy = ClientProxy(
            view_class,
            Connection(view_class),
            user=user,
            django_client=client,
            page=split_url(url) if url is not None else None,
            timezone=timezone,
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

    def mount(self, *, via_websocket: bool = True, **params: Any) -> LiveViewTestClient:
        """Mount the view as djust mounts it for a browser.

        The page is loaded over HTTP first (auth, ``mount()``, the first
        render), then the live connection mounts what the page names, as in
        production. Parameters travel as a browser sends them: those that
        fill the view's URL pattern go into the path (djust passes them to
        ``mount()`` converted by the pattern), the rest as query-string
        strings. ``via_websocket`` is ``djust.testing``'s: this client always
        mounts over the live connection.
        """
        if via_websocket is not True:
            raise DjustTestingError(
                "mount(via_websocket=False) would mount without the live connection: this "
                "client mounts as a browser does, the page over HTTP and then the socket, so "
                "via_websocket can only be True"
            )
        try:
            self._proxy.start(params)
        except AssertionError as error:  # the view's own, raised in mount()
            keep_user_frames(error)
            raise
        return self

    @property
    def view_instance(self) -> Any:
        """The mounted view object itself."""
        return self._open_view()

    def _open_view(self) -> Any:
        """The mounted view, or an error once ``close()`` released it."""
        view = self._proxy.view
        if view is None:
            raise ConnectionClosedError(
                f"{self!r} was closed (close(), the end of its with block, or the end of the "
                "test), which released its view: read its state before closing it",
                code=1000,
            )
        return view

    # ----------------------------------------------------------------- events

    def send_event(
        self,
        name: str,
        /,
        raise_errors: bool = True,
        *,
        raise_on_missing: bool | None = None,
        **params: Any,
    ) -> EventResult:
        """Send the event a browser would send; return what happened.

        Returns ``{"state_before", "state_after", "duration_ms", "success",
        "error"}``. A handler that raises re-raises here with its traceback,
        and an event djust refuses raises ``EventRejectedError`` (or
        ``NoHandlerFoundError``); with ``raise_errors=False`` both come back
        as ``success=False`` and ``error="ExcType: message"`` instead.
        ``raise_on_missing`` is ``djust.testing``'s name for ``raise_errors``.
        """
        if raise_on_missing is not None:
            raise_errors = raise_on_missing
        if name is None:
            raise DjustTestingError(
                "send_event() takes the event's name as a str, got NoneType None (djust "
                "refuses a frame without one: \"Missing 'event' field\")"
            )
        arguments.require_str("send_event", "the event's name", name)
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
        ``live_patch`` set. A relative ``url`` (``"?page=2"``) is resolved as a
        ``dj-patch`` link resolves it (18-navigation.js ``_executePatch``): its
        query params are set over the current URL's, and the path stays.
        Returns the same envelope as ``send_event()``.
        """
        arguments.require_optional_str(
            "patch", "the URL", url, " such as '/items/?page=2' or '?page=2' (or None)"
        )
        self._proxy.require_open()
        if url is not None and not url.startswith("/") and not urlsplit(url).scheme:
            navigation = link_navigation(Element("a", {"dj-patch": url}), self._proxy.url)
            assert navigation is not None  # a dj-patch link always navigates
            page = split_url(navigation.url)
            return self._proxy.url_change(page, navigation.params, navigation.uri)
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
        _check_push("assert_push_event", name, params)
        effects.assert_push_event(self._proxy.last_action, name, params)

    def refute_push_event(self, name: str, params: Mapping[str, Any] | None = None) -> None:
        """The last action pushed no event ``name`` (with a payload containing ``params``)."""
        _check_push("refute_push_event", name, params)
        effects.refute_push_event(self._proxy.last_action, name, params)

    def assert_patch(self, path: str | None = None, params: Mapping[str, Any] | None = None) -> str:
        """The last action live-patched to ``path`` with ``params`` (a subset); return the URL."""
        _check_navigation("assert_patch", "live_patch", path, params)
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
        _check_navigation("assert_redirect", "live_redirect", path, params)
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
        arguments.require_str("assert_flash", "kind", kind, _FLASH_KIND)
        arguments.require_str(
            "assert_flash", "message_substring", message_substring, " ('' matches any message)"
        )
        effects.assert_flash(
            self._proxy.last_action,
            kind,
            message_substring,
            view_name=self.view_class.__name__,
            shown=djust.has_flash_container(self._proxy.view),
        )

    def refute_flash(self, kind: str | None = None) -> None:
        """The last action left no flash (of ``kind``) on screen."""
        arguments.require_optional_str("refute_flash", "kind", kind, _FLASH_KIND + " or None")
        effects.refute_flash(self._proxy.last_action, kind)

    def assert_stream_insert(self, stream: str, item: Any = None) -> None:
        """The last action inserted into ``stream`` an item matching ``item``.

        A dict matches a dict item as a recursive subset (or an object's
        attributes); anything else by equality. ``None`` matches any item.
        """
        arguments.require_str("assert_stream_insert", "the stream's name", stream)
        effects.assert_stream_insert(self._proxy.last_action, stream, item)

    def assert_stream_delete(self, stream: str, item_or_dom_id: Any) -> None:
        """The last action deleted from ``stream`` the item given (or its dom id)."""
        arguments.require_str("assert_stream_delete", "the stream's name", stream)
        arguments.require_not_none(
            "assert_stream_delete", "the deleted item or its dom id", item_or_dom_id
        )
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
        self._open_view()
        return self._proxy.connection.state()

    def assert_state(self, **expected: Any) -> None:
        """Each named attribute equals the expected value, types included (1 is not "1")."""
        state_assertions.assert_state(self.view_class.__name__, self.get_state(), expected)

    def assert_state_contains(self, **expected: Any) -> None:
        """Each named attribute contains the expected value.

        A string attribute contains an expected string as a substring; a
        mapping contains an expected dict's keys, each value contained by
        these rules; a list, tuple or set gives each expected element an
        element of its own that equals it or, for a dict or a collection,
        contains it. Nested strings and every other value must be equal,
        types included: ``roles=["admin"]`` fails for ``["not-admin"]``.
        """
        state_assertions.assert_state_contains(self.view_class.__name__, self.get_state(), expected)

    # ----------------------------------------------------------------- render

    def render(self, engine: str | None = None, *, raw: bool = False) -> str:
        """The dj-root HTML of the page, rendered by ``engine`` (default: the settings' choice).

        ``raw=True`` keeps djust's bookkeeping (dj-id attributes, dj-if markers).
        ``"django"`` is ``djust.testing``'s name for the ``python`` engine.
        """
        if engine == "django":
            engine = "python"
        self._proxy.require_mounted()
        return engines.render(
            self._proxy.view_class.__name__,
            self._proxy.page.document.html,
            lambda: render_python(self._open_view()),
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
        arguments.require_optional_mapping(
            "form", "data", data, " of field names to values (or None)"
        )
        self._proxy.require_mounted()
        return FormRef(self._proxy, Query(selector), data)

    def render_with_patches(self) -> tuple[str, list[dict[str, Any]], int | None]:
        """The page, the patches the last action sent, and their VDOM version.

        What djust sent the browser, as ``djust.testing``'s method of this name
        returns it; reading it renders nothing again. No patches (a noop)
        gives ``[]`` and the page's current version.
        """
        action = self.last_action
        frames = action.frames_of("patch")
        patches = [patch for frame in frames for patch in frame.get("patches") or []]
        version = frames[-1].get("version") if frames else self._proxy.connection.version
        return self.render(), patches, version

    # ----------------------------------------- components and embedded views

    def component(self, component_id: str) -> ComponentHandle:
        """The LiveComponent the view holds as ``component_id`` (or in the attribute so named).

        Its ``send_event()`` sends the ``component_id`` a browser adds from
        inside the component, so djust runs the component's handler.
        """
        self._proxy.require_mounted()
        return ComponentHandle(self._proxy, component_id)

    def child(self, selector_or_view_id: str) -> ChildView:
        """A view the page embeds with ``{% live_render %}``: by view_id, or by a selector for an
        element in (or around) it. Its ``send_event()`` sends the ``view_id``."""
        self._proxy.require_mounted()
        return ChildView(self._proxy, selector_or_view_id)

    def poll(self) -> EventResult | None:
        """Fire every ``dj-poll`` of the page once, in document order, as its timer does.

        Returns the envelope of the last event sent.
        """
        return self._proxy.poll()

    def get_event_history(self) -> list[HistoryEntry]:
        """Every action of this client's page, oldest first: its kind, name, params and outcome."""
        return list(self._proxy.history)

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
        """What the newest action (mount, event, ...) sent, and what djust sent back.

        One call on the page is one action, however many frames it makes the
        browser send: ``element(...).change()`` on a field with a ``dj-blur``,
        or ``submit(enter=...)``, gives one action named after its change or
        submit, with every exchange in ``parts`` and every frame sent in
        ``sent_frames``. The assertions on the last action see all of it.
        """
        return self._proxy.last_action

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


_FLASH_KIND = " (the flash's level, such as 'success')"


def _check_push(method: str, name: Any, params: Any) -> None:
    arguments.require_str(method, "the pushed event's name", name)
    arguments.require_optional_mapping(method, "params", params, " (a subset of the payload)")


def _check_navigation(method: str, kind: str, path: Any, params: Any) -> None:
    arguments.require_optional_str(method, "path", path, " (the URL's path, such as '/items/')")
    hint = f" (a subset of the {kind} params)"
    arguments.require_optional_mapping(method, "params", params, hint)


def _check_user(user: Any) -> None:
    """``user`` must be None or a user object, as ``request.user`` is in production."""
    if user is None:
        return
    from django.apps import apps

    if apps.is_installed("django.contrib.auth"):
        from django.contrib.auth.base_user import AbstractBaseUser
        from django.contrib.auth.models import AnonymousUser

        is_user = isinstance(user, (AbstractBaseUser, AnonymousUser))
    else:
        is_user = hasattr(user, "is_authenticated")
    if not is_user:
        raise DjustTestingError(
            "LiveViewTestClient(user=...) takes a user object (a User or AnonymousUser), got "
            f"{type(user).__name__} {user!r}. To mount as a user, pass the User instance, or "
            "log in with self.client.force_login(user) and pass client=self.client."
        )
