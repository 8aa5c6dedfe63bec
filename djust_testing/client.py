"""``LiveViewTestClient``: a synchronous client on djust's own mount and event path.

Each call builds the frame a browser would send and hands it to djust's
``ViewRuntime``, the code the WebSocket and SSE transports run, through an
in-memory transport. What djust sends back is recorded per action; the
assertions read it.
"""

from __future__ import annotations

import copy
import json
import time
import weakref
from collections.abc import Mapping
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.http import HttpResponseBase
from django.test import Client
from django.urls import Resolver404, resolve
from djust.live_view import LiveView

from . import _djust, conf, effects, engines, explain, markup
from . import djust_config as _djust_config  # noqa: F401  (connects its receiver)
from ._loop import LoopBridge, get_bridge
from .dom import Document, parse, parse_root, same_content
from .dom_events import Navigation
from .elements import ElementRef, FormRef, TextFilter, find
from .exceptions import ConnectionClosedError, DjustTestingError, MountDeniedError, NotMountedError
from .matching import closest, containment_mismatch, describe, diff, mismatch, text_diff
from .request import build_request
from .routing import PageURL, page_for_view, query_value, split_url
from .transport import Action, RecordingTransport


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
        self.view_class = view_class
        self._user = user
        self._django_client = client
        self._page: PageURL | None = split_url(url) if url is not None else None
        self._connection = _Connection(view_class)
        self._bridge: LoopBridge = self._connection.bridge
        self._transport = self._connection.transport
        self._runtime = self._connection.runtime
        self._mounted = False
        self._event_ref = 0
        self._title: str | None = None
        self._page_before_last_action: str | None = None
        # The dj-root DOM as the browser holds it, from the mount frame on.
        self._dom = Document()
        # Set when follow_redirect() moved this client's connection to another page.
        self._navigated_to: LiveViewTestClient | None = None

    def __repr__(self) -> str:
        state = f"at {self.url!r}" if self._mounted else "not mounted"
        return f"<LiveViewTestClient {self.view_class.__qualname__} {state}>"

    # ------------------------------------------------------------------ mount

    @property
    def view_path(self) -> str:
        """The dotted path djust knows the view by (the mount frame's ``view``)."""
        return f"{self.view_class.__module__}.{self.view_class.__name__}"

    @property
    def url(self) -> str:
        """The page's URL as the browser's address bar shows it (live_patch changes it)."""
        return str(self._require_page())

    def mount(self, **params: Any) -> LiveViewTestClient:
        """Mount the view as djust mounts it for a browser.

        Auth, ``mount()``, ``handle_params()`` and the first render run as in
        production.

        Parameters travel as a browser sends them: those that fill the
        view's URL pattern go into the path (djust passes them to ``mount()``
        converted by the pattern), the rest as query-string strings.
        """
        if self._mounted:
            raise DjustTestingError(f"{self!r} is already mounted; create a new client")
        if self._page is None:
            path, leftover = page_for_view(self.view_class, params)
            self._page = PageURL(path, {})
        else:
            leftover = params
        query = dict(self._page.query)
        query.update({name: query_value(name, value) for name, value in leftover.items()})
        self._page = PageURL(self._page.path, query)
        request = build_request(str(self._page), client=self._django_client, user=self._user)
        self._transport.request = request
        self._connection.user = request.user
        frame = {"type": "mount", "view": self.view_path, "params": query, "url": self._page.path}
        action, _ = self._run("mount", None, self._runtime.dispatch_mount(frame), sent=frame)
        self._check_mounted(action, request)
        return self

    def _check_mounted(self, action: Action, request: Any) -> None:
        if self._runtime.view_instance is None:
            refusal = explain.mount_refusal(
                self.view_class, self.view_path, str(self._page), action, request.user
            )
            if action.exception is not None and not isinstance(refusal, MountDeniedError):
                raise action.exception
            raise refusal from action.exception
        self._mounted = True
        self._title = _djust.document_title(self._runtime.view_instance)
        self._follow_frames(action)

    @property
    def view_instance(self) -> Any:
        """The mounted view object itself."""
        self._require_mounted()
        return self._runtime.view_instance

    # ----------------------------------------------------------------- events

    def send_event(self, name: str, /, raise_errors: bool = True, **params: Any) -> dict[str, Any]:
        """Send the event a browser would send; return what happened.

        Returns ``{"state_before", "state_after", "duration_ms", "success",
        "error"}``. A handler that raises re-raises here with its traceback,
        and an event djust refuses raises ``EventRejectedError`` (or
        ``NoHandlerFoundError``); with ``raise_errors=False`` both come back
        as ``success=False`` and ``error="ExcType: message"`` instead.
        """
        return self._send_frame({"type": "event", "event": name, "params": params}, raise_errors)

    def trigger_info(self, message: Mapping[str, Any], raise_errors: bool = True) -> dict[str, Any]:
        """Deliver ``message`` to the view's ``handle_info``, as djust delivers a db_notify.

        Returns the same envelope as ``send_event()``. A ``handle_info`` that
        raises re-raises here (djust would log it and send nothing).
        """
        self._require_open()
        if not isinstance(message, Mapping):
            raise DjustTestingError(
                f"trigger_info() takes the message dict handle_info receives, got "
                f"{type(message).__name__}"
            )
        return self._turn(
            "info", None, _djust.deliver_info(self._runtime, dict(message)), raise_errors
        )

    def patch(self, url: str | None = None) -> dict[str, Any]:
        """Navigate within the view as a ``dj-patch`` link or the back button does.

        The browser changes its URL and sends djust a url_change: djust runs
        ``handle_params(params, uri)`` and re-renders. With no ``url``, the
        current URL is sent again, as when the browser returns to the URL a
        ``live_patch`` set. Returns the same envelope as ``send_event()``.
        """
        self._require_open()
        page = split_url(url) if url is not None else self._require_page()
        return self._url_change(page, dict(page.query), str(page))

    def _url_change(self, page: PageURL, params: dict[str, str], uri: str) -> dict[str, Any]:
        self._page = page
        frame = {"type": "url_change", "params": params, "uri": uri}
        navigation = {
            "type": "navigation",
            "action": "live_patch",
            "path": page.path,
            "params": dict(params),
        }
        return self._turn(
            "url_change",
            uri,
            self._runtime.dispatch_url_change(frame),
            True,
            navigation=navigation,
            sent=frame,
        )

    def _follow_link(self, navigation: Navigation) -> dict[str, Any] | None:
        """Do what the browser does for a link: a url_change, or a redirect to follow later."""
        if navigation.kind == "patch":
            return self._url_change(split_url(navigation.url), navigation.params, navigation.uri)
        # A link to another site keeps its origin, so follow_redirect() can refuse it.
        scheme, origin = urlsplit(navigation.url)[:2]
        self._navigate_away(
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

    def _send_frame(self, frame: dict[str, Any], raise_errors: bool = True) -> dict[str, Any]:
        """Send an event frame as the browser builds it (``send_event``, a DOM event)."""
        self._require_open()
        self._event_ref += 1
        name = str(frame["event"])
        sent = {
            **frame,
            "params": _as_sent(name, frame.get("params") or {}),
            "ref": self._event_ref,
        }
        return self._turn(
            "event", name, self._runtime.dispatch_event(sent), raise_errors, sent=sent
        )

    def _turn(
        self,
        kind: str,
        name: str | None,
        awaitable: Any,
        raise_errors: bool,
        *,
        navigation: dict[str, Any] | None = None,
        sent: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Run one event-like action and return the envelope ``send_event()`` documents."""
        view = self._runtime.view_instance
        state_before = self.get_state()
        started = time.perf_counter()
        action, returned = self._run(kind, name, awaitable, navigation=navigation, sent=sent)
        duration_ms = (time.perf_counter() - started) * 1000
        failure: BaseException | None = returned if isinstance(returned, BaseException) else None
        failure = failure or action.exception
        if failure is None and action.rejections:
            failure = explain.event_refusal(view, name or kind, action)
        elif failure is None and action.close_code is not None:
            failure = explain.connection_closed(view, name or kind, action.close_code)
        result = {
            "state_before": state_before,
            "state_after": self.get_state(),
            "duration_ms": duration_ms,
            "success": failure is None,
            "error": None if failure is None else f"{type(failure).__name__}: {failure}",
        }
        if failure is not None and raise_errors:
            raise failure
        return result

    def render_async(self, raise_errors: bool = True) -> str:
        """Run one batch of pending ``start_async`` / ``assign_async`` work; return the HTML.

        djust runs each task as in production: the callback, then
        ``handle_async_result``, then a re-render. A callback that raises is
        handed to ``handle_async_result(error=...)`` when the view defines it;
        otherwise djust only logs it, and it re-raises here. Work the callbacks
        queue runs in the next call.
        """
        view = self._require_open()
        with _djust.async_failures() as failures:
            self._run("render_async", None, _djust.run_async_batch(self._runtime))
        handles_errors = callable(getattr(type(view), "handle_async_result", None))
        for errors in failures.values():
            unhandled = errors[-1] if len(errors) > 1 or not handles_errors else None
            if unhandled is not None and raise_errors:
                raise unhandled
        return self.render()

    # ------------------------------------------------------------ side effects

    def assert_push_event(self, name: str, params: Mapping[str, Any] | None = None) -> None:
        """The last action pushed event ``name``; ``params`` is a subset of its payload."""
        effects.assert_push_event(self._last(), name, params)

    def refute_push_event(self, name: str, params: Mapping[str, Any] | None = None) -> None:
        """The last action pushed no event ``name`` (with a payload containing ``params``)."""
        effects.refute_push_event(self._last(), name, params)

    def assert_patch(self, path: str | None = None, params: Mapping[str, Any] | None = None) -> str:
        """The last action live-patched to ``path`` with ``params`` (a subset); return the URL."""
        current = str(self._require_page())
        before = self._page_before_last_action or current
        return effects.assert_navigation(
            self._last(),
            "live_patch",
            lambda frame: effects.patched_url(before, frame),
            path,
            params,
        )

    def refute_patch(self) -> None:
        """The last action sent no live_patch."""
        effects.refute_navigation(self._last(), "live_patch")

    def assert_redirect(
        self, path: str | None = None, params: Mapping[str, Any] | None = None
    ) -> str:
        """The last action live-redirected to ``path`` with ``params`` (a subset); return the URL.

        The URL is the one the browser goes to: ``params`` set over the path's query.
        """
        return effects.assert_navigation(
            self._last(), "live_redirect", effects.redirected_url, path, params
        )

    def refute_redirect(self) -> None:
        """The last action sent no live_redirect."""
        effects.refute_navigation(self._last(), "live_redirect")

    def assert_flash(self, kind: str, message_substring: str = "") -> None:
        """The last action left a ``kind`` flash containing ``message_substring`` on screen."""
        action = self._last()
        shown = effects.flashes(action)
        if not any(level == kind and message_substring in text for level, text in shown):
            wanted = f"a {kind!r} flash containing {message_substring!r}"
            raise effects.failure(f"Expected the last action to show {wanted}.", action)
        if not _djust.has_flash_container(self._runtime.view_instance):
            raise effects.failure(
                f"djust sent the {kind!r} flash, but {self.view_class.__name__}'s page has no "
                "flash container ({% dj_flash %}), so the browser drops it.",
                action,
            )

    def refute_flash(self, kind: str | None = None) -> None:
        """The last action left no flash (of ``kind``) on screen."""
        action = self._last()
        if any(kind in (None, level) for level, _text in effects.flashes(action)):
            which = f"{kind!r} flash" if kind else "flash"
            raise effects.failure(f"Expected the last action to show no {which}.", action)

    def assert_stream_insert(self, stream: str, item: Any = None) -> None:
        """The last action inserted into ``stream`` an item matching ``item``.

        A dict matches a dict item as a recursive subset (or an object's
        attributes); anything else by equality. ``None`` matches any item.
        """
        action = self._last()
        inserts = effects.stream_operations(action, "stream_insert", stream)
        if not any(item is None or effects.item_mismatch(item, op.item) is None for op in inserts):
            wanted = f"an insert into stream {stream!r}"
            if item is not None:
                wanted += f" of an item matching {item!r}"
            raise effects.failure(f"Expected the last action to send {wanted}.", action)

    def assert_stream_delete(self, stream: str, item_or_dom_id: Any) -> None:
        """The last action deleted from ``stream`` the item given (or its dom id)."""
        action = self._last()
        deleted = {op.dom_id for op in effects.stream_operations(action, "stream_delete", stream)}
        dom_id = _djust.stream_dom_id(self._runtime.view_instance, stream, item_or_dom_id)
        given = item_or_dom_id if isinstance(item_or_dom_id, str) else None
        if given not in deleted and dom_id not in deleted:
            raise effects.failure(
                f"Expected the last action to delete {item_or_dom_id!r} from stream {stream!r}.",
                action,
            )

    @property
    def page_title(self) -> str | None:
        """The browser's ``document.title``: the page's ``<title>``, then what djust sent."""
        self._require_mounted()
        return self._title

    # -------------------------------------------------------------- navigation

    def follow_redirect(self) -> LiveViewTestClient | HttpResponseBase:
        """Go where the last action's live_redirect sends the browser.

        A LiveView is mounted on this same connection, as djust does, with
        its session and user, and its client is returned; this client then
        refuses further use. Any other page is requested through the shared
        Django test client, and its ``HttpResponse`` is returned.
        """
        self._require_open()
        action = self._last()
        redirects = effects.navigations(action, "live_redirect")
        if len(redirects) != 1:
            count = "no live_redirect" if not redirects else f"{len(redirects)} live_redirects"
            raise effects.failure(
                f"follow_redirect() needs exactly one live_redirect in the last action, "
                f"which sent {count}.",
                action,
            )
        url = effects.redirected_url(redirects[0])
        if urlsplit(url).netloc:
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
            http = self._django_client or Client()
            if self._django_client is None and getattr(self._user, "is_authenticated", False):
                http.force_login(self._user)
            self.close()
            return http.get(str(page))
        return self._continue_on(view_class, page)

    def _continue_on(self, view_class: type[LiveView], page: PageURL) -> LiveViewTestClient:
        following = LiveViewTestClient.__new__(LiveViewTestClient)
        following.__dict__.update(self.__dict__)
        following.view_class = view_class
        following._page = page
        following._mounted = False
        self._navigated_to = following
        # The user the connection was opened with: djust takes it from the
        # WebSocket's scope, which a handler's login() or logout() leaves alone.
        request = build_request(str(page), client=self._django_client, user=self._connection.user)
        self._transport.request = request
        self._runtime.view_class = view_class
        frame = {
            "type": "mount",
            "view": following.view_path,
            "params": dict(page.query),
            "url": page.path,
        }
        action, _ = following._run(
            "redirect_mount", None, _djust.redirect_mount(self._runtime, frame)
        )
        following._check_mounted(action, request)
        return following

    # ------------------------------------------------------------------ state

    def get_state(self) -> dict[str, Any]:
        """A deep copy of the view's own public attributes (not djust's configuration)."""
        view = self.view_instance
        skip = _djust.FRAMEWORK_INTERNAL_ATTRS | self._transport.framework_keys
        state: dict[str, Any] = {}
        for key, value in vars(view).items():
            if key.startswith("_") or key in skip:
                continue
            try:
                state[key] = copy.deepcopy(value)
            except Exception as exc:
                raise DjustTestingError(
                    f"cannot snapshot {type(view).__name__}.{key}: copy.deepcopy() refused "
                    f"its {type(value).__name__} ({exc}). State a browser session depends "
                    "on should be plain data."
                ) from exc
        return state

    def assert_state(self, **expected: Any) -> None:
        """Each named attribute equals the expected value, types included (1 is not "1")."""
        self._assert_state(expected, mismatch, "==")

    def assert_state_contains(self, **expected: Any) -> None:
        """Each named attribute contains the expected value.

        Strings by substring, dicts by recursive subset, lists, tuples and
        sets by every expected element being present.
        """
        self._assert_state(expected, containment_mismatch, "contains")

    def _assert_state(self, expected: dict[str, Any], compare: Any, relation: str) -> None:
        if not expected:
            raise DjustTestingError("name at least one attribute, e.g. assert_state(count=1)")
        state = self.get_state()
        problems: list[str] = []
        for key, want in expected.items():
            if key not in state:
                hint = closest(key, list(state))
                problems.append(
                    f"{key}: {self.view_class.__name__} has no public state {key!r}"
                    + (f" (did you mean {hint!r}?)" if hint else "")
                    + f"; it has: {', '.join(sorted(state)) or '(nothing)'}"
                )
                continue
            found = compare(want, state[key], key)
            if found is None:
                continue
            section = (
                f"{found}\n    expected: {describe(want)}\n    actual:   {describe(state[key])}"
            )
            changes = diff(want, state[key])
            if changes:
                section += "\n    diff (- expected, + actual):\n" + _indent(changes, 6)
            problems.append(section)
        if problems:
            raise AssertionError(
                f"{self.view_class.__name__} state does not match ({relation}):\n"
                + "\n".join("  " + problem for problem in problems)
            )

    # ----------------------------------------------------------------- render

    def render(self, engine: str | None = None, *, raw: bool = False) -> str:
        """The dj-root HTML of the page, rendered by ``engine`` (default: the settings' choice).

        ``raw=True`` keeps djust's bookkeeping (dj-id attributes, dj-if markers).
        """
        return engines.render(self.view_instance, self._dom.html, engine, raw)

    # ---------------------------------------------------------------- the DOM

    def element(self, selector: str, text: TextFilter = None) -> ElementRef:
        """The one element matching ``selector`` (and ``text``), resolved when used.

        ``text`` filters by a substring, or a compiled regex, of the element's
        whitespace-normalized text.
        """
        self._require_mounted()
        return ElementRef(self, selector, text)

    def has_element(self, selector: str, text: TextFilter = None) -> bool:
        """Whether any element on the page matches ``selector`` (and ``text``)."""
        self._require_mounted()
        return bool(find(self._dom, selector, text))

    def form(self, selector: str, data: Mapping[str, Any] | None = None) -> FormRef:
        """The one form matching ``selector``, with ``data`` to fill in before sending it."""
        self._require_mounted()
        return FormRef(self, selector, data)

    # -------------------------------------------------------------- lifecycle

    @property
    def last_action(self) -> Action:
        """What the newest action (mount, event, ...) sent."""
        return self._transport.action

    def close(self) -> None:
        """Disconnect: release what the views on this connection hold, as djust's consumer does."""
        self._connection.close()

    def __enter__(self) -> LiveViewTestClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _require_mounted(self) -> None:
        if self._navigated_to is not None:
            raise DjustTestingError(
                f"this client's connection followed a redirect to {self._navigated_to.url!r}; "
                "use the client follow_redirect() returned"
            )
        if not self._mounted:
            raise NotMountedError(
                f"{self!r} is not mounted: call mount() first (self.live() mounts for you)"
            )

    def _require_page(self) -> PageURL:
        if self._page is None:
            raise NotMountedError(f"{self!r} has no URL until mount()")
        return self._page

    def _last(self) -> Action:
        self._require_mounted()
        return self._transport.action

    def _require_open(self) -> Any:
        self._require_mounted()
        if not self._connection.close.alive:
            raise ConnectionClosedError(f"{self!r} was closed", code=1000)
        code = self._transport.closed_code
        if code is not None:
            raise ConnectionClosedError(
                f"djust closed the live connection of {self!r} earlier "
                f"({explain.close_reason(code)}); a closed socket carries no more events",
                code=code,
            )
        return self._runtime.view_instance

    def _run(
        self,
        kind: str,
        name: str | None,
        awaitable: Any,
        *,
        navigation: dict[str, Any] | None = None,
        sent: dict[str, Any] | None = None,
    ) -> tuple[Action, Any]:
        """Perform one action; record what the browser sent and what djust sent back."""
        log = _djust.stream_log(self._runtime.view_instance)
        mark = len(log) if log is not None else 0
        action = self._transport.begin(kind, name)
        action.sent = sent
        if navigation is not None:
            action.browser_navigations.append(navigation)
        self._page_before_last_action = str(self._page) if self._page is not None else None
        result = self._bridge.run(awaitable)
        now = _djust.stream_log(self._runtime.view_instance)
        if now is not None:
            action.stream_operations = now.since(mark if now is log else 0)
        if self._mounted:
            self._follow_frames(action)
        return action, result

    def _navigate_away(self, kind: str, name: str, navigation: dict[str, Any]) -> None:
        """Record a navigation the browser starts by itself, for follow_redirect()."""
        self._require_open()
        action = self._transport.begin(kind, name)
        action.browser_navigations.append(navigation)

    def _follow_frames(self, action: Action) -> None:
        """Do what the browser does with the frames, then check the DOM against djust's render."""
        failures: list[str] = []
        for frame in action.frames:
            kind = frame.get("type")
            if kind == "mount" and "html" in frame:
                self._dom.load(str(frame["html"]))
            elif kind == "patch" and frame.get("patches"):
                failures += self._dom.apply_patches(
                    frame["patches"], broadcast=bool(frame.get("broadcast"))
                )
            elif kind == "html_update":
                self._dom.apply_html_update(str(frame.get("html", "")))
            elif kind == "navigation" and frame.get("action") == "live_patch":
                self._page = split_url(effects.patched_url(str(self._require_page()), frame))
            elif kind == "page_metadata" and frame.get("action") == "title":
                self._title = str(frame.get("value", ""))
            if frame.get("reset_form"):
                self._dom.reset_first_form()
        self._check_dom(action, failures)

    def _check_dom(self, action: Action, failures: list[str]) -> None:
        """Compare the patched DOM with djust's render of the same turn."""
        if not conf.check_patches():
            if failures:
                # The browser asks for the page's HTML and morphs to it.
                self._dom.recover(
                    engines.latest_render(self._runtime.view_instance, self._transport)
                )
            return
        if not failures and self._dom_matches_render():
            return
        expected = engines.latest_render(self._runtime.view_instance, self._transport)
        wanted, held = markup.normalize(expected), markup.normalize(self._dom.html)
        if not failures and wanted == held:
            return
        patches = [frame.get("patches") for frame in action.frames_of("patch")]
        message = (
            f"After the {action.kind}{f' {action.name!r}' if action.name else ''}, the DOM a "
            "browser holds differs from djust's own render of the page: the patches djust "
            "sent do not reproduce it (a VDOM diff problem in the view or in djust)."
        )
        if failures:
            message += "\nPatches the browser could not apply:\n" + "\n".join(
                "  " + failure for failure in failures
            )
        if wanted != held:
            message += "\nDiff (- djust's render, + the patched DOM):\n" + text_diff(
                wanted, held, "djust render", "patched DOM"
            )
        message += "\nPatches sent: " + _short_json(patches)
        message += '\n(Set DJUST_TESTING["CHECK_PATCHES"] = False to turn this check off.)'
        raise AssertionError(message)

    def _dom_matches_render(self) -> bool:
        html = self._transport.latest_html
        if html is None:
            return False
        rendered = parse(html) if self._transport.latest_html_is_fragment else parse_root(html)
        return same_content(self._dom.root.children, rendered)


class _Connection:
    """One live connection: djust's runtime, the transport it writes to, the loop driving it.

    Every client on it (one more after each followed redirect) holds it; it
    is released on ``close()`` or once no client holds it any more.
    """

    def __init__(self, view_class: type[LiveView]) -> None:
        self.bridge = get_bridge()
        self.transport = RecordingTransport()
        self.runtime = _djust.TestViewRuntime(self.transport, view_class, self.bridge)
        # The user the browser connected as (channels puts it in the scope).
        self.user: Any = None
        self.close = weakref.finalize(self, _release, self.runtime, self.transport)


def _release(runtime: _djust.TestViewRuntime, transport: RecordingTransport) -> None:
    # May run from the garbage collector, in the middle of another client's
    # action: it must not drive the event loop.
    runtime.cancel_waiting_async()
    for view in transport.views:
        _djust.release_view(view)
    transport.views.clear()
    runtime.view_instance = None


def _as_sent(event: str, params: dict[str, Any]) -> Any:
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


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())


def _short_json(value: Any, limit: int = 2000) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) <= limit else text[: limit - 3] + "..."
