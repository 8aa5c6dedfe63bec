"""The client proxy: one page in a browser and its live connection, kept in step.

Every action goes the same way: the browser's frame goes to djust through
the ``Connection``; djust's frames come back as an ``Action``; the ``Page``
does with them what djust's browser client does; the page is then checked
against djust's own render. ``LiveViewTestClient`` is the public face of a
proxy; ``ElementRef`` and ``FormRef`` act through it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Coroutine, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.http import HttpResponseBase
from django.test import Client
from django.urls import Resolver404, resolve
from djust.live_view import LiveView

from . import conf
from ._assertions import effects
from ._assertions.page import quote
from ._browser import controls, events, filling, forms
from ._browser.controls import describe
from ._browser.focus import click_target
from ._browser.frames import EventFrame
from ._browser.markup import strip_bookkeeping
from ._browser.navigation import (
    Navigation,
    leaves_site,
    link_navigation,
    redirected_url,
    url_change_message,
)
from ._browser.nodes import Element
from ._browser.page import Page
from ._browser.query import Query, outer_html, select
from ._live import djust, explain
from ._live.action import Action, EventResult, Frame
from ._live.connection import Connection
from ._live.request import build_request
from ._live.routing import PageURL, page_for_view, query_value, split_url
from ._tracebacks import keep_user_frames
from .exceptions import DjustTestingError, DomEventError, ElementNotFoundError, NotMountedError

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
    ) -> None:
        self.view_class = view_class
        self.connection = connection
        self.user = user
        self.django_client = django_client
        #: Where the browser mounts the view (for a class, known once mounted); the page's
        #: URL is the address bar from then on.
        self._location = page
        self.page = Page()
        self.mounted = False
        #: The proxy of the page a followed redirect led to, on this connection.
        self.navigated_to: ClientProxy | None = None
        self.url_before_last_action: str | None = None

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
        if self._location is None:
            path, leftover = page_for_view(self.view_class, dict(params))
            location = PageURL(path, {})
        else:
            location, leftover = self._location, dict(params)
        query = dict(location.query)
        query.update({name: query_value(name, value) for name, value in leftover.items()})
        self._location = location = PageURL(location.path, query)
        request = build_request(str(location), client=self.django_client, user=self.user)
        self.url_before_last_action = str(location)
        action = self.connection.mount(self.view_class, request, location)
        self._mounted(action)

    def _mounted(self, action: Action) -> None:
        self.mounted = True
        self.page.url = str(self._location)
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

    def send(self, name: str, params: Mapping[str, Any], raise_errors: bool) -> EventResult:
        """Send an event frame as the browser builds it (``send_event``, a DOM event)."""
        self.require_open()
        frame = {
            "type": "event",
            "event": name,
            "params": _as_sent(name, params),
            "ref": self.connection.next_ref(),
        }
        runtime = self.connection.runtime
        return self.turn("event", name, runtime.dispatch_event(frame), raise_errors, sent=frame)

    def info(self, message: dict[str, Any], raise_errors: bool) -> EventResult:
        self.require_open()
        delivery = djust.deliver_info(self.connection.runtime, message)
        return self.turn("info", None, delivery, raise_errors)

    def url_change(self, page: PageURL, params: Mapping[str, str], uri: str) -> EventResult:
        """The browser's URL changes within the view: djust runs handle_params."""
        self.page.url = str(page)
        frame = url_change_message(params, uri)
        navigation = {
            "type": "navigation",
            "action": "live_patch",
            "path": page.path,
            "params": dict(params),
        }
        awaitable = self.connection.runtime.dispatch_url_change(frame)
        return self.turn("url_change", uri, awaitable, True, navigation=navigation, sent=frame)

    def turn(
        self,
        kind: str,
        name: str | None,
        awaitable: Coroutine[Any, Any, Any],
        raise_errors: bool,
        *,
        navigation: Frame | None = None,
        sent: Frame | None = None,
    ) -> EventResult:
        """Run one event-like action and return the envelope ``send_event()`` documents."""
        view = self.connection.view
        state_before = self.connection.state()
        started = time.perf_counter()
        action, returned = self.perform(kind, name, awaitable, navigation=navigation, sent=sent)
        duration_ms = (time.perf_counter() - started) * 1000
        failure: BaseException | None = returned if isinstance(returned, BaseException) else None
        failure = failure or action.exception
        if failure is None and action.rejections:
            failure = explain.event_refusal(view, name or kind, action)
        elif failure is None and action.close_code is not None:
            failure = explain.connection_closed(view, name or kind, action.close_code)
        result: EventResult = {
            "state_before": state_before,
            "state_after": self.connection.state(),
            "duration_ms": duration_ms,
            "success": failure is None,
            "error": None if failure is None else f"{type(failure).__name__}: {failure}",
        }
        if failure is not None and raise_errors:
            keep_user_frames(failure)
            raise failure
        return result

    def perform(
        self,
        kind: str,
        name: str | None,
        awaitable: Coroutine[Any, Any, Any],
        *,
        navigation: Frame | None = None,
        sent: Frame | None = None,
    ) -> tuple[Action, Any]:
        self.url_before_last_action = self.page.url
        action, result = self.connection.perform(
            kind, name, awaitable, navigation=navigation, sent=sent
        )
        self._follow(action)
        return action, result

    def _follow(self, action: Action) -> None:
        """Do what the browser does with the frames, then check the page against djust's render."""
        failures = self.page.apply(action.frames)
        if not conf.check_patches():
            if failures:
                self.page.recover(self.connection.latest_render())
            return
        html, fragment = self.connection.latest_html()
        if not failures and html is not None and self.page.matches(html, fragment=fragment):
            return
        label = action.kind + (f" {action.name!r}" if action.name else "")
        patches = [frame.get("patches") for frame in action.frames_of("patch")]
        self.page.check(
            self.connection.latest_render, failures=failures, label=label, patches=patches
        )

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
        with djust.async_failures() as failures:
            self.perform("render_async", None, djust.run_async_batch(self.connection.runtime))
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
        try:
            match = resolve(page.path)
        except Resolver404:
            raise effects.failure(
                f"The live_redirect goes to {page.path!r}, which no URL pattern matches.", action
            ) from None
        view_class = getattr(match.func, "view_class", None)
        if not (isinstance(view_class, type) and issubclass(view_class, LiveView)):
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
        )
        self.navigated_to = following
        # The user the connection was opened with: djust takes it from the
        # WebSocket's scope, which a handler's login() or logout() leaves alone.
        request = build_request(str(page), client=self.django_client, user=self.connection.user)
        following.url_before_last_action = str(page)
        action = self.connection.redirect_mount(view_class, request, page)
        following._mounted(action)
        return following

    def http_client(self) -> Client:
        """The Django test client a full page load goes through, with this page's user."""
        if self.django_client is not None:
            return self.django_client
        http = Client()
        if getattr(self.user, "is_authenticated", False):
            http.force_login(self.user)
        return http

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

    def click(self, query: Query, confirm: bool) -> EventResult | None:
        element = self.resolve(query)
        if self.move_focus(click_target(element)):  # mousedown comes first
            element = self.resolve(query)
        navigation = link_navigation(element, self.url, auto_navigate=_auto_navigate())
        frames = _optional(lambda: events.event_for(element, "click"), navigation is not None)
        result = self.follow_link(navigation) if navigation is not None else None
        return self.send_frames(frames, confirm) or result

    def edit(self, query: Query, kind: str, value: str | None) -> EventResult | None:
        """The user changes (``kind`` "change") or types into (``"input"``) the element."""
        element = self.resolve(query)
        if self.move_focus(element):
            element = self.resolve(query)
        navigation = None
        if value is None:
            controls.toggle(element)
            frames = events.event_for(element, kind)
        else:
            patches = "dj-patch" in element.attrs  # {value} in its URL takes the new value
            navigation = link_navigation(
                element,
                self.url,
                value=value if patches else None,
                auto_navigate=_auto_navigate(),
            )
            frames = _optional(
                lambda: events.event_for(element, kind, value=value), navigation is not None
            )
            if not frames:
                controls.enter_text(element, value)
        if kind == "change":
            self.page.focus_state.committed()
        else:
            self.page.focus_state.edited()
        result = self.follow_link(navigation) if navigation is not None else None
        return self.send_frames(frames, True) or result

    def key(self, query: Query, kind: str, key: str) -> EventResult | None:
        element = self.resolve(query)
        events.event_for(element, kind, key=key)  # refuse a key no binding takes, first
        if self.move_focus(element):
            element = self.resolve(query)
        return self.send_frames(events.event_for(element, kind, key=key), True)

    def focus(self, query: Query, kind: str) -> EventResult | None:
        element = self.resolve(query)
        state = self.page.focus_state
        if kind == "focus":
            if element is state.element:
                raise DomEventError(
                    f"{describe(element)} has focus already: a browser fires no focus event"
                )
            events.event_for(element, "focus")  # refuse it when no dj-focus takes it
            return self.move_focus(element)
        if element is not state.element:
            events.event_for(element, "blur")  # refuse it when nothing would fire
            if self.move_focus(element):  # to leave it, the user focuses it first
                element = self.resolve(query)
        frames = state.leave()
        if not frames:
            events.event_for(element, "blur")  # says why nothing fires
        return self.send_frames(frames, True)

    def move_focus(self, target: Element | None) -> EventResult | None:
        """Focus moves to ``target`` (None: the body), sending what leaving and entering fire."""
        return self.send_frames(self.page.focus_state.move(target), True)

    def fill(self, form_query: Query, data: Mapping[str, Any]) -> EventResult | None:
        """The user fills ``data`` in, field by field; return the envelope of the last event."""
        last, _ = self.run(filling.fill(self.page.focus_state, self.resolve(form_query), data))
        return last

    def submit(
        self,
        form_query: Query,
        data: Mapping[str, Any],
        submitter: Query | None,
        confirm: bool,
        enter: str | None = None,
    ) -> EventResult | None:
        """Fill ``data`` in, then submit: Enter in the field ``enter``, a click on ``submitter``,
        or (neither) ``form.requestSubmit()``."""
        form = self.resolve(form_query)
        button = self.resolve(submitter) if submitter is not None else None
        if enter is not None:
            filling.enter_field(form, enter)  # would Enter submit? (refused before any event)
        else:
            forms.submit_event(form, None, submitter=button)  # would it submit at all?
        self.run(filling.fill(self.page.focus_state, form, data))
        form = self.resolve(form_query)
        if enter is not None:
            field = filling.enter_field(form, enter)
            plan = filling.press_enter(self.page.focus_state, form, field)
            return self.run(plan, confirm)[1]
        if submitter is not None:
            if self.move_focus(click_target(self.resolve(submitter))):
                form = self.resolve(form_query)
            button = self.resolve(submitter)
        frame = forms.submit_event(form, None, submitter=button)
        return self.send_frames([frame], confirm)

    def run(
        self, plan: Iterator[filling.Batch], confirm: bool = True
    ) -> tuple[EventResult | None, EventResult | None]:
        """Send each batch of ``plan`` in turn; return the last envelope and the submit's."""
        last = submitted = None
        for batch in plan:
            result = self.send_frames(batch.frames, confirm or not batch.submit)
            if batch.submit:
                submitted = result
            last = result or last
        return last, submitted

    def change_form(self, form_query: Query, data: Mapping[str, Any]) -> EventResult | None:
        """Change each field in ``data`` in turn; return the envelope of the last change."""
        result = None
        for name, value in data.items():
            frame = events.form_change_event(self.resolve(form_query), name, {name: value})
            result = self.send_frames([frame], True)
        return result

    def send_frames(self, frames: list[EventFrame], confirm: bool) -> EventResult | None:
        result = None
        for frame in frames:
            if frame.confirm is not None and not confirm:
                continue
            result = self.send(frame.name, frame.params, True)
        return result

    # ----------------------------------------------------------- lifecycle

    def close(self) -> None:
        self.connection.close()


def _optional(build: Callable[[], list[EventFrame]], optional: bool) -> list[EventFrame]:
    """The frames of the event, or none when navigation alone is what the action does."""
    try:
        frames = build()
    except DomEventError:
        if optional:
            return []
        raise
    return frames


def _auto_navigate() -> bool:
    from djust.config import config

    return bool(config.get("auto_navigate", True))


def _as_sent(event: str, params: Mapping[str, Any]) -> Any:
    """``params`` as they arrive after the browser's JSON encoding."""
    try:
        return json.loads(json.dumps(params))
    except (TypeError, ValueError):
        for key, value in params.items():
            try:
                json.dumps(value)
            except (TypeError, ValueError):
                raise DjustTestingError(
                    f"send_event({event!r}): parameter {key!r} is a {type(value).__name__}, "
                    "which a browser cannot send; event parameters travel as JSON"
                ) from None
        raise
