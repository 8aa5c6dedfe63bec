"""One live connection: djust's runtime, the transport it writes to, the loop driving it.

Each call performs one action the way a browser's frame would start it
(mount, event, url_change, a db notification, background work, a mount
after a live redirect) and returns djust's answer as an ``Action``. The
connection knows nothing of the page; the client gives the frames to it.
"""

from __future__ import annotations

import weakref
from collections.abc import Coroutine
from typing import Any

from django.http import HttpRequest
from djust.live_view import LiveView

from ..exceptions import ConnectionClosedError, MountDeniedError
from . import djust, explain, queries, render, state
from .action import Action, Frame
from .loop import get_bridge
from .routing import PageURL
from .transport import RecordingTransport

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


def view_path(view_class: type[LiveView]) -> str:
    """The dotted path djust knows a view by (the mount frame's ``view``)."""
    return f"{view_class.__module__}.{view_class.__name__}"


def mount_frame(view_class: type[LiveView], page: PageURL) -> Frame:
    """The frame a browser sends to mount the view of the page it is on."""
    return {
        "type": "mount",
        "view": view_path(view_class),
        "params": dict(page.query),
        "url": page.path,
    }


class Connection:
    """A browser's live connection to djust, for one view and those it redirects to."""

    def __init__(self, view_class: type[LiveView]) -> None:
        self.bridge = get_bridge()
        self.transport = RecordingTransport()
        self.runtime = djust.TestViewRuntime(self.transport, view_class, self.bridge)
        # The user the browser connected as (channels puts it in the scope).
        self.user: Any = None
        self._event_ref = 0
        self._release = weakref.finalize(self, _release, self.runtime, self.transport)

    @property
    def view(self) -> Any:
        """The view mounted on the connection now (None before a mount succeeds)."""
        return self.runtime.view_instance

    @property
    def last_action(self) -> Action:
        return self.transport.action

    # ------------------------------------------------------------ lifecycle

    @property
    def is_open(self) -> bool:
        return self._release.alive and self.transport.closed_code is None

    def require_open(self, owner: str) -> None:
        """Refuse to act on a connection the test or djust closed."""
        if not self._release.alive:
            raise ConnectionClosedError(f"{owner} was closed", code=1000)
        code = self.transport.closed_code
        if code is not None:
            raise ConnectionClosedError(
                f"djust closed the live connection of {owner} earlier "
                f"({explain.close_reason(code)}); a closed socket carries no more events",
                code=code,
            )

    def close(self) -> None:
        """Disconnect: release what the views hold, as djust's consumer does."""
        self._release()

    # -------------------------------------------------------------- actions

    def perform(
        self,
        kind: str,
        name: str | None,
        awaitable: Coroutine[Any, Any, Any],
        *,
        sent: Frame | None = None,
        navigation: Frame | None = None,
    ) -> tuple[Action, Any]:
        """Run one action to completion; record what was sent and what djust sent back."""
        log = djust.stream_log(self.view)
        mark = len(log) if log is not None else 0
        action = self.transport.begin(kind, name)
        action.sent = sent
        if navigation is not None:
            action.browser_navigations.append(navigation)
        with queries.recording() as recorded:
            result = self.bridge.run(awaitable)
        action.queries = recorded
        now = djust.stream_log(self.view)
        if now is not None:
            action.stream_operations = now.since(mark if now is log else 0)
        return action, result

    def record(self, kind: str, name: str, navigation: Frame) -> Action:
        """Record a navigation the browser starts by itself, with nothing sent to djust."""
        action = self.transport.begin(kind, name)
        action.browser_navigations.append(navigation)
        return action

    def mount(self, view_class: type[LiveView], request: HttpRequest, page: PageURL) -> Action:
        """Mount ``view_class`` as a browser's first frame does; raise when djust refuses."""
        self.transport.request = request
        self.user = request.user
        frame = mount_frame(view_class, page)
        action, _ = self.perform("mount", None, self.runtime.dispatch_mount(frame), sent=frame)
        self._check_mounted(view_class, action, request, page)
        return action

    def redirect_mount(
        self, view_class: type[LiveView], request: HttpRequest, page: PageURL
    ) -> Action:
        """Mount the view a live redirect leads to on this connection, as djust's consumer does."""
        self.transport.request = request
        self.runtime.view_class = view_class
        frame = mount_frame(view_class, page)
        action, _ = self.perform(
            "redirect_mount", None, djust.redirect_mount(self.runtime, frame), sent=frame
        )
        self._check_mounted(view_class, action, request, page)
        return action

    def _check_mounted(
        self, view_class: type[LiveView], action: Action, request: HttpRequest, page: PageURL
    ) -> None:
        if self.view is not None:
            return
        refusal = explain.mount_refusal(
            view_class, view_path(view_class), str(page), action, request.user
        )
        if action.exception is not None and not isinstance(refusal, MountDeniedError):
            raise action.exception
        raise refusal from action.exception

    def next_ref(self) -> int:
        """The ``ref`` of the page's next event frame (counted from 1)."""
        self._event_ref += 1
        return self._event_ref

    # ---------------------------------------------------------------- reads

    def state(self) -> dict[str, Any]:
        return state.snapshot(self.view, self.transport.framework_keys)

    def latest_render(self) -> str:
        """The dj-root HTML of djust's newest render."""
        return render.latest_render(self.view, self.transport)

    def latest_html(self) -> tuple[str | None, bool]:
        """djust's newest render as it handed it over, and whether it is dj-root content only."""
        return self.transport.latest_html, self.transport.latest_html_is_fragment


def _release(runtime: djust.TestViewRuntime, transport: RecordingTransport) -> None:
    # May run from the garbage collector, in the middle of another client's
    # action: it must not drive the event loop.
    runtime.cancel_waiting_async()
    for view in transport.views:
        djust.release_view(view)
    transport.views.clear()
    runtime.view_instance = None
