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
from types import TracebackType
from typing import Any

from django.test import Client
from djust.live_view import LiveView

from . import _djust, engines, explain
from ._loop import LoopBridge, get_bridge
from .exceptions import ConnectionClosedError, DjustTestingError, MountDeniedError, NotMountedError
from .matching import closest, containment_mismatch, describe, diff, mismatch
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
        self._bridge: LoopBridge = get_bridge()
        self._transport = RecordingTransport()
        self._runtime = _djust.TestViewRuntime(self._transport, view_class, self._bridge)
        self._mounted = False
        self._event_ref = 0
        self._finalizer = weakref.finalize(self, _release, self._runtime, self._transport)

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
        """The page URL the live connection was opened for."""
        if self._page is None:
            raise NotMountedError(f"{self!r} has no URL until mount()")
        return str(self._page)

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
        frame = {"type": "mount", "view": self.view_path, "params": query, "url": self._page.path}
        action = self._run("mount", None, self._runtime.dispatch_mount(frame))
        if self._runtime.view_instance is None:
            refusal = explain.mount_refusal(
                self.view_class, self.view_path, str(self._page), action, request.user
            )
            if action.exception is not None and not isinstance(refusal, MountDeniedError):
                raise action.exception
            raise refusal from action.exception
        self._mounted = True
        return self

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
        view = self._require_open()
        self._event_ref += 1
        frame = {
            "type": "event",
            "event": name,
            "params": _as_sent(name, params),
            "ref": self._event_ref,
        }
        state_before = self.get_state()
        started = time.perf_counter()
        action = self._run("event", name, self._runtime.dispatch_event(frame))
        duration_ms = (time.perf_counter() - started) * 1000
        failure: BaseException | None = action.exception
        if failure is None and action.rejections:
            failure = explain.event_refusal(view, name, action)
        elif failure is None and action.close_code is not None:
            failure = explain.connection_closed(view, name, action.close_code)
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
        return engines.render(self.view_instance, self._transport, engine, raw)

    # -------------------------------------------------------------- lifecycle

    @property
    def last_action(self) -> Action:
        """What the newest action (mount, event, ...) sent."""
        return self._transport.action

    def close(self) -> None:
        """Disconnect: release what the view holds, as djust's consumer does."""
        self._finalizer()

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
        if not self._mounted:
            raise NotMountedError(
                f"{self!r} is not mounted: call mount() first (self.live() mounts for you)"
            )

    def _require_open(self) -> Any:
        self._require_mounted()
        if not self._finalizer.alive:
            raise ConnectionClosedError(f"{self!r} was closed", code=1000)
        code = self._transport.closed_code
        if code is not None:
            raise ConnectionClosedError(
                f"djust closed the live connection of {self!r} earlier "
                f"({explain.close_reason(code)}); a closed socket carries no more events",
                code=code,
            )
        return self._runtime.view_instance

    def _run(self, kind: str, name: str | None, awaitable: Any) -> Action:
        action = self._transport.begin(kind, name)
        self._bridge.run(awaitable)
        return action


def _release(runtime: _djust.TestViewRuntime, transport: RecordingTransport) -> None:
    # May run from the garbage collector, in the middle of another client's
    # action: it must not drive the event loop.
    runtime.cancel_waiting_async()
    if transport.view is not None:
        _djust.release_view(transport.view)
    runtime.view_instance = None
    transport.view = None


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
