"""One live connection: djust's runtime, the transport it writes to, the loop driving it.

Each call performs one action the way a browser's frame would start it
(mount, event, url_change, a db notification, background work, a mount
after a live redirect) and returns djust's answer as an ``Action``. The
connection knows nothing of the page; the client gives the frames to it.

Every connection is in a process-wide registry until it is closed, so a
test's cleanup can close the ones it opened however it made them
(``isolation``). One that is never closed is released when the garbage
collector frees it, even in a cycle through its own view, or at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import itertools
import json
import weakref
from collections.abc import Callable, Coroutine, Iterator
from functools import partial
from typing import Any

from django.http import HttpRequest
from djust.live_view import LiveView

from ..exceptions import ConnectionClosedError, MountDeniedError
from . import broadcasts, djust, explain, queries, render, state
from .action import Action, Frame
from .consumer import ConsumerPort
from .logs import captured
from .loop import get_bridge
from .routing import PageURL
from .transport import FrameNotJSON, RecordingTransport

#: Makes the coroutine an action runs.
Start = Callable[[], Coroutine[Any, Any, Any]]

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


def view_path(view_class: type[LiveView]) -> str:
    """The dotted path djust knows a view by (the mount frame's ``view``)."""
    return f"{view_class.__module__}.{view_class.__name__}"


def mount_frame(view: str, page: PageURL, **browser: Any) -> Frame:
    """The frame a browser sends to mount ``view`` on the page it is on.

    ``browser`` adds what a page load's mount carries (03-websocket.js
    ``mount``): ``has_prerendered`` and ``client_timezone``.
    """
    return {"type": "mount", "view": view, "params": dict(page.query), "url": page.path, **browser}


_OPEN: weakref.WeakSet[Connection] = weakref.WeakSet()
_SERIALS = itertools.count(1)
#: The serial number of the newest connection (0 before the first).
_newest = 0


def newest_serial() -> int:
    """The serial number of the newest connection opened in this process (0: none yet)."""
    return _newest


def open_connections() -> list[Connection]:
    """Every connection not closed yet, oldest first."""
    return sorted(_OPEN, key=lambda connection: connection.serial)


class Connection:
    """A browser's live connection to djust, for one view and those it redirects to."""

    def __init__(self, view_class: type[LiveView]) -> None:
        global _newest
        self._closed = True  # until it is built: nothing to release yet
        self.bridge = get_bridge()
        self.transport = RecordingTransport()
        self.runtime = djust.TestViewRuntime(self.transport, view_class, self.bridge)
        # The user the browser connected as (channels puts it in the scope).
        self.user: Any = None
        self._event_ref = 0
        # The view mounted last, kept when djust ends the connection (a 4403).
        self._last_view: Any = None
        #: Called with each broadcast action (what other clients' actions sent this
        #: page), weakly, by the client's proxy; and how the client is named.
        self.listener: weakref.WeakMethod[Callable[[Action], None]] | None = None
        self.owner = f"the client of {view_class.__qualname__}"
        self._broadcast: Action | None = None
        self._closed = False
        self.serial = _newest = next(_SERIALS)
        _OPEN.add(self)

    def __del__(self) -> None:
        # A finalizer, not weakref.finalize: one would hold the runtime, and
        # through it the view, so a view referring back to its client would
        # keep the whole connection alive for good. The collector calls this
        # with the cycle still intact (PEP 442).
        self.close(deliver=False)

    @property
    def view(self) -> Any:
        """The view mounted on the connection (None before a mount succeeds).

        When djust ended the connection (and let its view go), the view it had.
        """
        view = self.runtime.view_instance
        return view if view is not None or self._closed else self._last_view

    @property
    def version(self) -> int:
        """The VDOM version of djust's newest render on this connection."""
        return self.transport.version

    @property
    def last_action(self) -> Action:
        return self.transport.action

    def step(self) -> contextlib.AbstractContextManager[None]:
        """The actions run meanwhile make one user step, the last action once it ends."""
        return self.transport.step()

    def mark_main(self) -> None:
        """Name the step after the action that just ran."""
        self.transport.mark_main()

    # ------------------------------------------------------------ lifecycle

    @property
    def is_open(self) -> bool:
        return not self._closed and self.transport.closed_code is None

    def require_open(self, owner: str) -> None:
        """Refuse to act on a connection the test or djust closed."""
        if self._closed:
            raise ConnectionClosedError(f"{owner} was closed", code=1000)
        code = self.transport.closed_code
        if code is not None:
            raise ConnectionClosedError(
                f"djust closed the live connection of {owner} earlier "
                f"({explain.close_reason(code)}); a closed socket carries no more events",
                code=code,
            )

    def close(self, *, deliver: bool = True) -> list[BaseException]:
        """Disconnect, once, in djust's consumer's order (websocket.py ``disconnect``).

        The connection leaves its channel groups, then the views release what
        they hold (presence first: its leave then reaches the other clients
        only), then, with ``deliver``, the other clients receive what that
        sent them. Returns what went wrong there. From the garbage collector,
        or inside another action, nothing drives the event loop: the groups
        are left to the channel layer's reset.
        """
        if self._closed:
            return []
        self._closed = True
        _OPEN.discard(self)
        port = self.transport.port
        now = self.bridge.can_run_here()
        if port is not None and now:
            self.bridge.run(port.leave_view_groups())
        _release(self.runtime, self.transport)
        return deliver_waiting(None, f"When {self.owner} closed") if deliver and now else []

    # -------------------------------------------------------------- actions

    def perform(
        self,
        kind: str,
        name: str | None,
        start: Start,
        *,
        sent: Frame | None = None,
        navigation: Frame | None = None,
    ) -> tuple[Action, Any]:
        """Run one action to completion; record what was sent and what djust sent back.

        ``start`` makes the coroutine when the action runs, so nothing is left
        un-awaited when what comes before it fails.
        """
        # What the test itself sent meanwhile (a push_to_view) arrives first.
        earlier = deliver_waiting(None, "While the test's own messages were delivered")
        log = djust.stream_log(self.view)
        mark = len(log) if log is not None else 0
        action = self.transport.begin(kind, name)
        action.broadcast_failures += earlier
        action.sent = sent
        if navigation is not None:
            action.browser_navigations.append(navigation)
        too_large = oversized(sent) if sent is not None else None
        if too_large is not None:
            # djust's consumer refuses the frame before reading it (websocket.py receive).
            start = partial(self.transport.send_error, f"Message too large ({too_large} bytes)")
        try:
            with auth_changes(action.session_changes), queries.recording() as recorded:
                result = self.bridge.run(start())
        except FrameNotJSON as error:
            # Where djust's consumer would catch it and answer with an error.
            action.exception = action.exception or error
            result = None
        action.queries = recorded
        # Every other client gets what this action sent it before the call returns.
        during = f"While {self.owner} ran its {kind}" + (f" {name!r}" if name else "")
        action.broadcast_failures += deliver_waiting(self, during)
        if self.runtime.view_instance is not None:
            self._last_view = self.runtime.view_instance
        now = djust.stream_log(self.view)
        if now is not None:
            action.stream_operations = now.since(mark if now is log else 0)
        return action, result

    def record(self, kind: str, name: str, navigation: Frame) -> Action:
        """Record a navigation the browser starts by itself, with nothing sent to djust."""
        action = self.transport.begin(kind, name)
        action.browser_navigations.append(navigation)
        return action

    def mount(
        self,
        view_class: type[LiveView],
        request: HttpRequest,
        page: PageURL,
        *,
        view: str,
        prerendered: bool,
        timezone: str | None,
    ) -> Action:
        """Mount ``view_class`` as a page load's first frame does; raise when djust refuses.

        ``view`` is the path the frame names it by: the page's ``dj-view``.
        """
        self.transport.request = request
        self.user = request.user
        if self.transport.port is None:
            channel = self.bridge.run(broadcasts.new_channel())
            self.transport.port = ConsumerPort(self.runtime, channel)
        frame = mount_frame(view, page, has_prerendered=prerendered, client_timezone=timezone)
        action, _ = self.perform(
            "mount", None, lambda: self.runtime.dispatch_mount(frame), sent=frame
        )
        self._check_mounted(view_class, view, action, request, page)
        return action

    def redirect_mount(
        self, view_class: type[LiveView], request: HttpRequest, page: PageURL
    ) -> Action:
        """Mount the view a live redirect leads to on this connection, as djust's consumer does."""
        self.transport.request = request
        self.runtime.view_class = view_class
        path = view_path(view_class)
        frame = mount_frame(path, page)
        action, _ = self.perform(
            "redirect_mount", None, lambda: djust.redirect_mount(self.runtime, frame), sent=frame
        )
        self._check_mounted(view_class, path, action, request, page)
        return action

    def _check_mounted(
        self,
        view_class: type[LiveView],
        path: str,
        action: Action,
        request: HttpRequest,
        page: PageURL,
    ) -> None:
        if self.runtime.view_instance is not None:
            return
        failure = explain.mount_failure(view_class, action.exception, action.frames)
        if failure is not None:
            raise failure from action.exception
        refusal = explain.mount_refusal(view_class, path, str(page), action, request.user)
        if action.exception is not None and not isinstance(refusal, MountDeniedError):
            raise action.exception
        raise refusal from action.exception

    def hold_state(self, keys: list[str]) -> None:
        """Release these state-backend keys with the connection's views."""
        self.transport.state_keys.extend(keys)

    def next_ref(self) -> int:
        """The ``ref`` of the page's next event frame (counted from 1)."""
        self._event_ref += 1
        return self._event_ref

    # ----------------------------------------------------------- broadcasts

    def receive_waiting(
        self,
        acting: Connection | None,
        during: str,
        touched: list[Connection],
        failures: list[BaseException],
    ) -> bool:
        """Hand each message waiting on this connection's channel to djust's consumer code.

        Only the messages waiting now: what handling them sends waits for the
        next round. The acting connection's frames join its own action; any
        other's make one broadcast action per delivery. Returns whether a
        message came.
        """
        port = self.transport.port
        channel = None if port is None else port.channel_name
        count = broadcasts.waiting(channel)
        for _ in range(count):
            assert channel is not None
            message = self.bridge.run(broadcasts.receive(channel))
            if not self.is_open:
                continue  # the socket is gone: nothing reaches the page
            if self is not acting and self._broadcast is None:
                self._broadcast = self.transport.begin("broadcast")
                touched.append(self)
            action = self.transport.action
            action.received.append(message)
            name = broadcasts.name_of(message)
            if self._broadcast is action:
                action.name = name if action.name is None else f"{action.name}, {name}"
            log = djust.stream_log(self.view)
            mark = len(log) if log is not None else 0
            with captured(*broadcasts.CONSUMER_LOGGERS) as records, queries.recording() as ran:
                self.bridge.run(broadcasts.handle(port, message))
            action.queries += ran
            now = djust.stream_log(self.view)
            if now is not None and self._broadcast is action:
                action.stream_operations += now.since(mark if now is log else 0)
            failure = broadcasts.failure(message, records, self.owner, during)
            if failure is not None:
                action.exception = action.exception or failure.__cause__ or failure
                failures.append(failure)
        return count > 0

    def finish_broadcast(self, during: str) -> BaseException | None:
        """Give this delivery's broadcast action to the client, which follows it on its page."""
        action, self._broadcast = self._broadcast, None
        listener = None if self.listener is None else self.listener()
        if action is None or listener is None:
            return None
        try:
            listener(action)
        except Exception as error:
            return broadcasts.follow_failure(error, self.owner, during)
        return None

    # ---------------------------------------------------------------- reads

    def state(self) -> dict[str, Any]:
        return state.snapshot(self.view)

    def latest_render(self) -> str:
        """The dj-root HTML of djust's newest render."""
        return render.latest_render(self.view, self.transport)

    def latest_html(self) -> tuple[str | None, bool]:
        """djust's newest render as it handed it over, and whether it is dj-root content only."""
        return self.transport.latest_html, self.transport.latest_html_is_fragment


#: The lists of the actions running now, each noting every login() and logout().
_AUTH_WATCHES: list[list[str]] = []


def _note_auth_change(change: str) -> Callable[..., None]:
    def note(**kwargs: Any) -> None:
        for seen in _AUTH_WATCHES:
            seen.append(change)

    return note


_NOTE_LOGIN, _NOTE_LOGOUT = _note_auth_change("login"), _note_auth_change("logout")


@functools.cache
def _connect_auth_receivers() -> None:
    # Once per process: between actions the receivers note nothing.
    from django.contrib.auth.signals import user_logged_in, user_logged_out

    user_logged_in.connect(_NOTE_LOGIN, weak=False, dispatch_uid=__name__ + ".login")
    user_logged_out.connect(_NOTE_LOGOUT, weak=False, dispatch_uid=__name__ + ".logout")


@contextlib.contextmanager
def auth_changes(seen: list[str]) -> Iterator[None]:
    """Note in ``seen`` each ``login()`` and ``logout()`` that runs meanwhile."""
    _connect_auth_receivers()
    _AUTH_WATCHES.append(seen)
    try:
        yield
    finally:
        # By identity: two actions' lists can be equal.
        del _AUTH_WATCHES[next(i for i, watch in enumerate(_AUTH_WATCHES) if watch is seen)]


def oversized(frame: Frame) -> int | None:
    """The UTF-8 size of the browser's text of ``frame`` when over ``max_message_size``."""
    from djust.config import config

    limit = config.get("max_message_size", 65536)
    if not limit:
        return None
    size = len(json.dumps(frame, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    return size if size > limit else None


def deliver_waiting(acting: Connection | None, during: str) -> list[BaseException]:
    """Deliver every channel message waiting for an open connection, until none is left.

    Handling one may send more (a push handler pushing on), so rounds go on
    until a round moves nothing. Returns what went wrong, as ``BroadcastError``s.
    """
    failures: list[BaseException] = []
    if broadcasts.memory_layer() is None:
        return failures
    touched: list[Connection] = []
    for _ in range(broadcasts.MAX_ROUNDS):
        came = False
        for connection in open_connections():
            came = connection.receive_waiting(acting, during, touched, failures) or came
        if not came:
            break
    else:
        failures.append(broadcasts.endless(during))
    for connection in touched:
        failure = connection.finish_broadcast(during)
        if failure is not None:
            failures.append(failure)
    return failures


def _release(runtime: djust.TestViewRuntime, transport: RecordingTransport) -> None:
    # May run from the garbage collector, in the middle of another client's
    # action: it must not drive the event loop.
    runtime.cancel_waiting_async()
    for view in transport.views:
        djust.release_view(view)
    transport.views.clear()
    djust.forget_state(transport.state_keys)
    transport.state_keys.clear()
    runtime.view_instance = None


@atexit.register
def _close_at_exit() -> None:
    for connection in open_connections():
        connection.close(deliver=False)
