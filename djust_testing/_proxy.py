"""The client proxy: one page in a browser and its live connection, kept in step.

Every action goes the same way: the browser's frame goes to djust through
the ``Connection``; djust's frames come back as an ``Action``; the ``Page``
does with them what djust's browser client does; the page is then checked
against djust's own render. ``LiveViewTestClient`` is the public face of a
proxy; ``ElementRef`` and ``FormRef`` act through it.
"""

from __future__ import annotations

import contextlib
import time
import weakref
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponseBase
from django.test import Client
from djust.live_view import LiveView

from . import conf
from ._assertions import effects, engines
from ._assertions.page import quote
from ._browser import jsvalues
from ._browser.bindings import poll_frames, routing_note
from ._browser.frames import EventFrame
from ._browser.markup import strip_bookkeeping
from ._browser.navigation import (
    Navigation,
    leaves_site,
    redirected_url,
    url_change_message,
)
from ._browser.nodes import Element
from ._browser.page import Page
from ._browser.query import Query, outer_html, select
from ._interactions import Interactions
from ._live import djust, explain, model_binding
from ._live.action import Action, EventResult, Frame, HistoryEntry
from ._live.connection import Connection, Start, view_path
from ._live.http import browser_for, load_page
from ._live.loop import require_sync_caller
from ._live.render import render_python
from ._live.request import build_request
from ._live.routing import (
    PageURL,
    is_live_view,
    page_for_view,
    query_params,
    query_value,
    served_by,
    split_url,
)
from ._tracebacks import keep_user_frames
from ._warnings import warn_at_test
from .exceptions import (
    ConnectionClosedError,
    DjustTestingError,
    DjustTestingWarning,
    ElementNotFoundError,
    NotMountedError,
)

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


class ClientProxy:
    """A browser tab on one LiveView: its page, its connection, its user."""

    def __init__(
        self,
        view_class: type[LiveView],
        connection: Connection,
        *,
        user: Any,
        django_client: Client | None,
        page: PageURL | None,
        timezone: str | None = None,
    ) -> None:
        self.view_class = view_class
        self.connection = connection
        self.user = user
        self.django_client = django_client
        #: The browser's IANA time zone, sent in the mount frame as ``client_timezone``.
        self.timezone = timezone
        #: The Django test client acting as the browser (its cookie jar), once the page loaded.
        self.browser: Client | None = django_client
        #: Where the browser mounts the view (for a class, known once mounted); the page's
        #: URL is the address bar from then on.
        self._location = page
        self.page = Page()
        #: The view path the page's ``dj-view`` gives, which the mount frame carries.
        self.page_view = view_path(view_class)
        self.mounted = False
        #: The proxy of the page a followed redirect led to, on this connection.
        self.navigated_to: ClientProxy | None = None
        self.url_before_last_action: str | None = None
        #: Every action, oldest first (``get_event_history()``).
        self.history: list[HistoryEntry] = []
        #: What the user does to the page's elements.
        self.interactions = Interactions(self)

    def __repr__(self) -> str:
        state = f"at {self.url!r}" if self.mounted else "not mounted"
        return f"<LiveViewTestClient {self.view_class.__qualname__} {state}>"

    @property
    def url(self) -> str:
        if self.page.url is not None:
            return self.page.url
        if self._location is None:
            raise NotMountedError(f"{self!r} has no URL until mount()")
        return str(self._location)

    # ---------------------------------------------------------------- mount

    def start(self, params: Mapping[str, Any]) -> None:
        """Mount the view, with ``params`` filling its route and query."""
        if self.mounted:
            raise DjustTestingError(f"{self!r} is already mounted; create a new client")
        require_sync_caller()
        if self._location is None:
            path, leftover = page_for_view(self.view_class, dict(params))
            location = PageURL(path, {})
        else:
            location = self._location
            leftover = query_params(self.view_class, location, params)
        query = dict(location.query)
        query.update({name: query_value(name, value) for name, value in leftover.items()})
        self._location = location = PageURL(location.path, query)
        self._open_page(location)
        carried = self.user if self.browser is None else None
        request = build_request(str(location), client=self.browser, user=carried)
        self.url_before_last_action = str(location)
        timezone = self.timezone if self.timezone is not None else settings.TIME_ZONE
        with self.remembered():
            action = self.connection.mount(
                self.view_class,
                request,
                location,
                view=self.page_view,
                prerendered=self.page.prerendered,
                timezone=timezone,
            )
            self._mounted(action)

    @contextlib.contextmanager
    def remembered(self) -> Iterator[None]:
        """Add the action that runs meanwhile to the history, with how it ended."""
        started = time.perf_counter()
        error: BaseException | None = None
        try:
            yield
        except BaseException as raised:
            error = raised
            raise
        finally:
            action = self.connection.last_action
            sent = action.sent or {}
            code = next((f.get("code") for f in action.frames_of("error") if f.get("code")), None)
            self.history.append(
                {
                    "type": action.kind,
                    "name": action.name,
                    "params": dict(sent.get("params") or {}),
                    "error": None if error is None else f"{type(error).__name__}: {error}",
                    "code": None if code is None else str(code),
                    "duration_ms": (time.perf_counter() - started) * 1000,
                }
            )

    def _open_page(self, location: PageURL) -> None:
        """Load the page over HTTP as a browser does, and check it mounts this view."""
        self.browser = browser_for(self.django_client, self.user)
        try:
            response, keys = load_page(self.view_class, location, self.browser, self.user)
        except Exception as error:
            failure = explain.mount_failure(self.view_class, error, [])
            if failure is None:
                raise
            raise failure from error
        self.connection.hold_state(keys)
        user = getattr(getattr(response, "wsgi_request", None), "user", self.user)
        refusal = explain.page_refusal(self.view_class, str(location), response, user)
        if refusal is not None:
            raise refusal
        content = getattr(response, "content", b"")
        loaded = self.page.open(content.decode(getattr(response, "charset", None) or "utf-8"))
        refusal = explain.page_view_refusal(
            self.view_class, view_path(self.view_class), str(location), loaded.view
        )
        if refusal is not None:
            raise refusal
        assert loaded.view is not None  # page_view_refusal refuses a page without one
        self.page_view = loaded.view

    def _mounted(self, action: Action) -> None:
        self.mounted = True
        # What other clients' actions send this page arrives here (a broadcast).
        self.connection.listener = weakref.WeakMethod(self.received)
        self.connection.owner = repr(self)
        self.page.url = str(self._location)
        if self.page.title is None:
            self.page.title = djust.document_title(self.connection.view)
        self._follow(action)

    def require_mounted(self) -> None:
        if self.navigated_to is not None:
            raise DjustTestingError(
                f"this client's connection followed a redirect to {self.navigated_to.url!r}; "
                "use the client follow_redirect() returned"
            )
        if not self.mounted:
            raise NotMountedError(
                f"{self!r} is not mounted: call mount() first (self.live() mounts for you)"
            )

    def require_open(self) -> Any:
        self.require_mounted()
        if self.page.left_for is not None:
            raise ConnectionClosedError(
                f"{self!r} left this site: djust's live_patch to {self.page.left_for!r} is a "
                "page load there (18-navigation.js handleLivePatch), which ends this page "
                "and its live connection",
                code=1000,
            )
        self.connection.require_open(repr(self))
        return self.connection.view

    @property
    def view(self) -> Any:
        self.require_mounted()
        return self.connection.view

    @property
    def last_action(self) -> Action:
        self.require_mounted()
        return self.connection.last_action

    # --------------------------------------------------------------- actions

    def send(
        self,
        name: str,
        params: Mapping[str, Any],
        raise_errors: bool,
        *,
        ref: bool = True,
        note: str | None = None,
    ) -> EventResult:
        """Send an event frame as the browser builds it (``send_event``, a DOM event).

        ``ref=False`` sends it without the ``ref`` (a hook's ``pushEvent``);
        ``note`` ends the message of a refusal (why the frame went where it did).
        """
        self.require_open()
        frame: dict[str, Any] = {"type": "event", "event": name, "params": _as_sent(name, params)}
        if ref:
            frame["ref"] = self.connection.next_ref()
        runtime = self.connection.runtime
        return self.turn(
            "event",
            name,
            lambda: runtime.dispatch_event(frame),
            raise_errors,
            sent=frame,
            note=note,
        )

    def received(self, action: Action) -> None:
        """A broadcast: what another client's action (or the test) made djust send this page."""
        with self.remembered():
            self._follow(action)

    def info(self, message: dict[str, Any], raise_errors: bool) -> EventResult:
        view = self.require_open()
        refusal = explain.unheard_notification(view, message, djust.listened_channels(view))
        if refusal is not None:
            raise refusal
        runtime = self.connection.runtime
        return self.turn(
            "handle_info", None, lambda: djust.deliver_info(runtime, message), raise_errors
        )

    def url_change(self, page: PageURL, params: Mapping[str, str], uri: str) -> EventResult:
        """The browser's URL changes within the view: djust runs handle_params."""
        self.require_open()
        self.page.url = str(page)
        frame = url_change_message(params, uri)
        navigation = {
            "type": "navigation",
            "action": "live_patch",
            "path": page.path,
            "params": dict(params),
        }
        runtime = self.connection.runtime
        return self.turn(
            "url_change",
            uri,
            lambda: runtime.dispatch_url_change(frame),
            True,
            navigation=navigation,
            sent=frame,
        )

    def turn(
        self,
        kind: str,
        name: str | None,
        start: Start,
        raise_errors: bool,
        *,
        navigation: Frame | None = None,
        sent: Frame | None = None,
        note: str | None = None,
    ) -> EventResult:
        """Run one event-like action and return the envelope ``send_event()`` documents."""
        view = self.connection.view
        state_before = self.connection.state()
        started = time.perf_counter()
        with self.remembered():
            with model_binding.refusals(name) as refused:
                action, returned = self.perform(kind, name, start, navigation=navigation, sent=sent)
            failure = _failure(view, kind, name, action, returned)
            if failure is None:
                failure = model_binding.refusal(view, action, refused)
            failure = explain.noted(failure, note)
            if failure is not None and raise_errors:
                keep_user_frames(failure)
                raise failure
        duration_ms = (time.perf_counter() - started) * 1000
        if failure is not None:
            self.history[-1]["error"] = f"{type(failure).__name__}: {failure}"
        return {
            "state_before": state_before,
            "state_after": self.connection.state(),
            "duration_ms": duration_ms,
            "success": failure is None,
            "error": None if failure is None else f"{type(failure).__name__}: {failure}",
        }

    def perform(
        self,
        kind: str,
        name: str | None,
        start: Start,
        *,
        navigation: Frame | None = None,
        sent: Frame | None = None,
    ) -> tuple[Action, Any]:
        self.url_before_last_action = self.page.url
        action, result = self.connection.perform(
            kind, name, start, navigation=navigation, sent=sent
        )
        for change in action.session_changes:
            view = self.connection.view
            warn_at_test(explain.lost_session_change(view, name, change), DjustTestingWarning)
        self._follow(action)
        return action, result

    def _follow(self, action: Action) -> None:
        """Do what the browser does with the frames, then check the page against djust's render."""
        failures = self.page.apply(action.frames)
        label = action.kind + (f" {action.name!r}" if action.name else "")
        if not conf.check_patches():
            if failures:
                self.page.recover(self.connection.latest_render())
        else:
            html, fragment = self.connection.latest_html()
            if failures or html is None or not self.page.matches(html, fragment=fragment):
                patches = [frame.get("patches") for frame in action.frames_of("patch")]
                self.page.check(
                    self.connection.latest_render, failures=failures, label=label, patches=patches
                )
        view = self.connection.view
        rendered = any(f.get("type") in ("mount", "patch", "html_update") for f in action.frames)
        if conf.render_engine() == "compare" and view is not None and rendered:
            engines.assert_engines_agree(
                type(view).__name__, self.page.document.html, lambda: render_python(view), label
            )
        if action.broadcast_failures:  # another client went wrong with what this one sent
            raise action.broadcast_failures[0]

    def follow_link(self, navigation: Navigation) -> EventResult | None:
        """Do what the browser does for a link: a url_change, or a redirect to follow later."""
        if navigation.kind == "patch":
            return self.url_change(split_url(navigation.url), navigation.params, navigation.uri)
        self.require_open()
        # A link to another site keeps its origin, so follow_redirect() can refuse it.
        scheme, origin = urlsplit(navigation.url)[:2]
        self.connection.record(
            "click",
            navigation.binding,
            {
                "type": "navigation",
                "action": "live_redirect",
                "path": urlunsplit((scheme, origin, navigation.path, "", "")),
                "params": dict(navigation.params),
            },
        )
        return None

    def render_async(self, raise_errors: bool) -> None:
        """Run one batch of pending background work, as djust runs it."""
        view = self.require_open()
        with djust.async_failures(self.connection.runtime) as failures:
            runtime = self.connection.runtime
            self.perform("render_async", None, lambda: djust.run_async_batch(runtime))
        handles_errors = callable(getattr(type(view), "handle_async_result", None))
        for errors in failures.values():
            unhandled = errors[-1] if len(errors) > 1 or not handles_errors else None
            if unhandled is not None and raise_errors:
                keep_user_frames(unhandled)
                raise unhandled

    def follow_redirect(self) -> ClientProxy | HttpResponseBase:
        """Go where the last action's live_redirect sends the browser."""
        self.require_open()
        action = self.last_action
        redirects = effects.navigations(action, "live_redirect")
        if len(redirects) != 1:
            count = "no live_redirect" if not redirects else f"{len(redirects)} live_redirects"
            raise effects.failure(
                f"follow_redirect() needs exactly one live_redirect in the last action, "
                f"which sent {count}.",
                action,
            )
        url = redirected_url(self.url, redirects[0])
        if leaves_site(url):
            raise effects.failure(
                f"The live_redirect leaves this site for {url!r}; follow_redirect() follows "
                "this site's pages only.",
                action,
            )
        page = split_url(url)
        view_class, _kwargs = served_by(page.path)
        if view_class is None:
            raise effects.failure(
                f"The live_redirect goes to {page.path!r}, which no URL pattern matches.", action
            )
        if not is_live_view(view_class):
            # The browser leaves the LiveView for a full page load.
            http = self.http_client()
            self.close()
            return http.get(str(page))
        return self._redirect_mount(view_class, page)

    def _redirect_mount(self, view_class: type[LiveView], page: PageURL) -> ClientProxy:
        """Mount ``view_class`` on this connection, as djust does after a live_redirect."""
        following = ClientProxy(
            view_class,
            self.connection,
            user=self.user,
            django_client=self.django_client,
            page=page,
            timezone=self.timezone,
        )
        following.browser = self.browser
        self.navigated_to = following
        # The user the connection was opened with: djust takes it from the
        # WebSocket's scope, which a handler's login() or logout() leaves alone.
        request = build_request(str(page), client=self.browser, user=self.connection.user)
        following.url_before_last_action = str(page)
        following.history = self.history  # one page's history, one connection
        with following.remembered():
            action = self.connection.redirect_mount(view_class, request, page)
            following._mounted(action)
        return following

    def http_client(self) -> Client:
        """The Django test client a full page load goes through: the browser's."""
        if self.browser is not None:
            return self.browser
        browser = browser_for(None, self.user) or Client()
        self.browser = browser
        return browser

    # --------------------------------------------------------- the page

    def resolve(self, query: Query) -> Element:
        """The one element ``query`` matches, or an error quoting the page (none) or the matches."""
        self.require_mounted()
        found = select(self.page.document.root, query)
        if query.index is not None:
            found = found[query.index : query.index + 1]
        if not found:
            raise ElementNotFoundError(
                f"expected {query} to match a single element, but it matched none within:\n"
                + quote(strip_bookkeeping(self.page.document.html).strip())
            )
        if len(found) > 1:
            listed = "\n".join(f"  {outer_html(element)}" for element in found)
            raise ElementNotFoundError(
                f"expected {query} to match a single element, but it matched {len(found)}:\n"
                + quote(listed)
            )
        return found[0]

    def find(self, query: Query) -> list[Element]:
        self.require_mounted()
        return select(self.page.document.root, query)

    def send_frames(
        self, frames: list[EventFrame], confirm: bool, *, main: bool = False
    ) -> EventResult | None:
        """Send each frame the browser would (a declined ``dj-confirm`` stops its own).

        ``main``: the step is named after the last of them (``last_action``).
        """
        result = None
        for frame in frames:
            if frame.confirm is not None and not confirm:
                continue
            result = self.send(frame.name, frame.params, True, note=routing_note(frame))
        if main and result is not None:
            self.connection.mark_main()
        return result

    @contextlib.contextmanager
    def step(self) -> Iterator[None]:
        """One user step: everything it sends is one action, ``last_action`` once it ends."""
        url_before = self.page.url
        with self.connection.step():
            yield
        if self.connection.last_action.parts:
            self.url_before_last_action = url_before

    def poll(self) -> EventResult | None:
        """Each dj-poll timer of the page fires once, in document order: one step."""
        self.require_open()
        with self.step():
            return self.send_frames(poll_frames(self.page.document.root), True)

    # ----------------------------------------------------------- lifecycle

    def close(self) -> None:
        failures = self.connection.close()
        if failures:  # another client went wrong with what leaving sent it
            raise failures[0]


def _failure(
    view: Any, kind: str, name: str | None, action: Action, returned: Any
) -> BaseException | None:
    """How an event-like action failed, as the test should hear it; None if it did not."""
    failure: BaseException | None = returned if isinstance(returned, BaseException) else None
    failure = failure or action.exception
    event = kind if name is None else name
    if failure is None and action.undelivered:
        failure = DjustTestingError(action.undelivered[0])
    if failure is None and action.rejections:
        failure = explain.event_refusal(view, event, action)
    elif failure is None and action.close_code is not None:
        failure = explain.connection_closed(view, event, action.close_code)
    return failure


def _as_sent(event: str, params: Mapping[str, Any]) -> Any:
    """``params`` as they arrive after the browser's JSON encoding."""
    try:
        return jsvalues.through_json(dict(params))
    except TypeError:
        for key, value in params.items():
            try:
                jsvalues.through_json(value)
            except TypeError:
                raise DjustTestingError(
                    f"send_event({event!r}): parameter {key!r} is a {type(value).__name__}, "
                    "which a browser cannot send; event parameters travel as JSON"
                ) from None
        raise
