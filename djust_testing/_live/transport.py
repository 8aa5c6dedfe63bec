"""An in-memory transport for djust's runtime: records what it would send the browser.

djust's ``ViewRuntime`` writes every outbound frame through a transport (the
WebSocket consumer and the SSE session are the production ones). This one
keeps the frames of each action the test performs, so assertions read what
the last action really sent.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

from asgiref.sync import sync_to_async
from djust.serialization import DjangoJSONEncoder

from ..exceptions import DjustTestingError
from .action import Action, Frame, merged

#: The name of the background task running in the current asyncio task, if any.
ASYNC_TASK: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "djust_testing_async_task", default=None
)


class FrameNotJSON(DjustTestingError):
    """djust sent a frame its JSON encoder cannot write (the browser would get none)."""


def _fresh_user(request: Any) -> Any:
    """The request's user as the database has it now."""
    if hasattr(request, "session"):
        from django.contrib.auth import get_user

        return get_user(request)
    user = request.user
    if getattr(user, "pk", None) is None:
        return user
    return type(user)._default_manager.get(pk=user.pk)


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
        self.closed_code: int | None = None
        # Set while mounting after a live_redirect: djust then records the
        # destination page's <title> (ViewRuntime.mount_document_title).
        self.capture_document_title = False
        # Every view djust instantiated here, mounted or not (each may hold a
        # cache entry); the newest last.
        self.views: list[Any] = []
        # State-backend keys written for this connection's pages outside its
        # views (the page load's HTTP render), released with them.
        self.state_keys: list[str] = []
        # While the test runs background work: every exception each task's
        # callback, result handler or render raised, by task name.
        self.async_failures: dict[str, list[BaseException]] | None = None
        # djust's consumer for this connection (``djust.ConsumerPort``): it joins
        # the channel groups and runs djust's upload and broadcast code. None
        # until the connection mounts.
        self.port: Any = None
        self._version = 0
        # While a user step runs: the actions it began, and the one it is named after.
        self._step: list[Action] | None = None
        self._main: Action | None = None

    @property
    def version(self) -> int:
        """The VDOM version of the newest render sent."""
        return self._version

    @property
    def _client_ip(self) -> str:
        # djust's event security helpers read this name (the WS transport's).
        return self.client_ip

    def begin(self, kind: str, name: str | None = None) -> Action:
        self.action = Action(kind=kind, name=name)
        if self._step is not None:
            self._step.append(self.action)
        return self.action

    @contextlib.contextmanager
    def step(self) -> Iterator[None]:
        """The actions begun meanwhile are one user step: ``action`` is then their merge.

        A step inside a step is part of the outer one.
        """
        if self._step is not None:
            yield
            return
        self._step, self._main = [], None
        try:
            yield
        finally:
            parts, main = self._step, self._main
            self._step = self._main = None
            if len(parts) > 1:
                self.action = merged(parts, main or parts[-1])

    def mark_main(self) -> None:
        """The action that ran last is the one the step is named after (else the step's last)."""
        if self._step:
            self._main = self._step[-1]

    async def send(self, data: Frame) -> None:
        try:
            # What the browser receives: the frame as djust's consumer writes it
            # (websocket.py send_json), read back as the browser's JSON.parse does.
            frame = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
        except (TypeError, ValueError) as exc:
            self.undeliverable(data, exc)
            return
        self.action.frames.append(frame)
        if frame.get("type") == "html_update" and isinstance(frame.get("html"), str):
            # The page's render as sent. djust's component route hands
            # next_client_version the dj-root content already extracted
            # (runtime.py _dispatch_component_event), not the full render.
            self.latest_html, self.latest_html_is_fragment = frame["html"], True
        if frame.get("type") == "error" and self.action.exception is None:
            # djust reports a crash by sending an error frame from inside its
            # ``except`` block, so the exception it caught is still current.
            self.action.exception = sys.exc_info()[1]

    def undeliverable(self, frame: Frame, error: Exception) -> None:
        """A frame djust cannot write as JSON: it never reaches the browser."""
        kind = frame.get("type")
        if kind == "push_event":
            # djust sends push events fire-and-forget (runtime.py _flush_push_events):
            # the write fails in a task nobody awaits, and the push is lost.
            self.action.undelivered.append(
                f"push_event {frame.get('event')!r} never reaches the browser: its payload is "
                f"not JSON (djust.serialization.DjangoJSONEncoder: {error}). djust sends push "
                "events fire-and-forget, so production drops it without an error."
            )
            return
        raise FrameNotJSON(
            f"djust's {kind} frame cannot reach the browser: it is not JSON "
            f"(djust.serialization.DjangoJSONEncoder: {error}). Production fails the "
            "action and answers with an error frame instead."
        ) from error

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

    async def finalize_mount_auth(self, view: Any, verdict: Any) -> None:
        # A mount djust refused (login, permission, object permission, an
        # on_mount redirect): the WebSocket transport leaves the view's channel
        # groups and closes the socket.
        if self.port is not None:
            await self.port.leave_view_groups()
        await self.close(4403)

    # The WebSocket transport's channel-group wiring (runtime.py WSConsumerTransport).

    async def on_view_mounted(self, view: Any) -> None:
        if self.port is not None:  # before mount(): the view, presence and db_notify groups
            await self.port.join_view_groups(view)

    async def on_mount_render_ready(self, view: Any, html: str | None) -> str | None:
        if self.port is not None:  # the channels mount() listen()ed to
            await self.port.join_listen_channels(view)
        return html

    async def on_mount_failed(self, view: Any) -> None:
        if self.port is not None:  # leave the groups, untrack the presence mount() tracked
            await self.port.mount_failed(view)

    async def recheck_event_auth(self, view: Any) -> bool:
        """djust's per-event re-check (``reauth_on_event``), as its WebSocket transport runs it.

        The user is read again from the browser's session (channels'
        ``get_user`` of the scope, here Django's ``get_user`` of the request),
        or again from the database for a connection without a session.
        """
        from django.conf import settings
        from djust.auth.core import check_view_auth_lightweight
        from djust.config import config

        requires_auth = getattr(view, "login_required", None) or getattr(
            view, "permission_required", None
        )
        request = getattr(view, "request", None)
        if not (config.get("reauth_on_event") and requires_auth) or request is None:
            return True
        try:
            request.user = await sync_to_async(_fresh_user)(request)
            authorized = await sync_to_async(check_view_auth_lightweight)(view, request)
        except Exception:  # an unverifiable check denies, as in production
            authorized = False
        if authorized:
            return True
        login_url = getattr(view, "login_url", None) or settings.LOGIN_URL
        await self.send({"type": "navigate", "to": login_url})
        await self.close(4403)
        return False

    def build_request(self) -> Any:
        return self.request

    def on_view_instantiated(self, view: Any) -> None:
        self.views.append(view)

    def record_async_failure(self, task_name: str, error: BaseException) -> None:
        if self.async_failures is not None:
            self.async_failures.setdefault(task_name, []).append(error)

    @contextlib.asynccontextmanager
    async def event_context(self, view: Any) -> AsyncIterator[None]:
        # A test runs one action at a time: nothing to serialize against.
        # djust runs a background task's handle_async_result and render in
        # this context and catches what they raise; it passes through here.
        # As on the WebSocket, a push_to_view sent meanwhile names this
        # connection as its sender, so djust skips it here (websocket.py
        # server_push), and a listen() joins its channel's group at the end.
        from djust import push

        token = push.origin_channel.set(None if self.port is None else self.port.channel_name)
        try:
            yield
            if self.port is not None:
                await self.port.join_listen_channels(view)
        except Exception as exc:
            task_name = ASYNC_TASK.get()
            if task_name is not None:
                self.record_async_failure(task_name, exc)
            raise
        finally:
            push.origin_channel.reset(token)
