"""An in-memory transport for djust's runtime: records what it would send the browser.

djust's ``ViewRuntime`` writes every outbound frame through a transport (the
WebSocket consumer and the SSE session are the production ones). This one
keeps the frames of each action the test performs, so assertions read what
the last action really sent.
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
import uuid
from collections.abc import AsyncIterator
from typing import Any

from .action import Action, Frame

#: The name of the background task running in the current asyncio task, if any.
ASYNC_TASK: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "djust_testing_async_task", default=None
)


class RecordingTransport:
    """djust's transport protocol, keeping frames instead of writing to a socket."""

    def __init__(self) -> None:
        self.session_id = uuid.uuid4().hex
        self.client_ip = "127.0.0.1"
        self.request: Any = None
        self.action = Action(kind="idle")
        # The HTML of the newest render, as the runtime handed it over for
        # recovery (see next_client_version).
        self.latest_html: str | None = None
        self.latest_html_is_fragment = False
        # Keys on the view before the user's mount() ran: the runtime's own.
        self.framework_keys: frozenset[str] = frozenset()
        self.closed_code: int | None = None
        # Set while mounting after a live_redirect: djust then records the
        # destination page's <title> (ViewRuntime.mount_document_title).
        self.capture_document_title = False
        # Every view djust instantiated here, mounted or not (each may hold a
        # cache entry); the newest last.
        self.views: list[Any] = []
        # While the test runs background work: every exception each task's
        # callback, result handler or render raised, by task name.
        self.async_failures: dict[str, list[BaseException]] | None = None
        self._version = 0

    @property
    def _client_ip(self) -> str:
        # djust's event security helpers read this name (the WS transport's).
        return self.client_ip

    def begin(self, kind: str, name: str | None = None) -> Action:
        self.action = Action(kind=kind, name=name)
        return self.action

    async def send(self, data: Frame) -> None:
        self.action.frames.append(data)
        if data.get("type") == "error" and self.action.exception is None:
            # djust reports a crash by sending an error frame from inside its
            # ``except`` block, so the exception it caught is still current.
            self.action.exception = sys.exc_info()[1]

    async def send_error(self, error: str, **kwargs: Any) -> None:
        frame = {"type": "error", "error": error, **kwargs}
        self.action.frames.append(frame)
        self.action.rejections.append(frame)

    async def close(self, code: int = 1000) -> None:
        self.action.close_code = code
        self.closed_code = code

    def next_client_version(self, html: str | None, rust_version: int) -> int:
        # Every render hands its full HTML here (the WS consumer keeps it to
        # answer a browser's request_html); the version must count like the
        # consumer's, across mount and events.
        self.latest_html = html
        self.latest_html_is_fragment = False
        self._version += 1
        return self._version

    def next_mount_version(self, html: str | None, rust_version: int = 1) -> int:
        self.latest_html = html
        self.latest_html_is_fragment = True
        self._version += 1
        return self._version

    def build_request(self) -> Any:
        return self.request

    def on_view_instantiated(self, view: Any) -> None:
        self.views.append(view)

    async def on_view_mounted(self, view: Any) -> None:
        # djust calls this just before the user's mount(); temporary assigns
        # it set up already are the user's state all the same.
        declared = getattr(view, "temporary_assigns", None) or {}
        self.framework_keys = frozenset(view.__dict__) - frozenset(declared)

    def record_async_failure(self, task_name: str, error: BaseException) -> None:
        if self.async_failures is not None:
            self.async_failures.setdefault(task_name, []).append(error)

    @contextlib.asynccontextmanager
    async def event_context(self, view: Any) -> AsyncIterator[None]:
        # A test runs one action at a time: nothing to serialize against.
        # djust runs a background task's handle_async_result and render in
        # this context and catches what they raise; it passes through here.
        try:
            yield
        except Exception as exc:
            task_name = ASYNC_TASK.get()
            if task_name is not None:
                self.record_async_failure(task_name, exc)
            raise
