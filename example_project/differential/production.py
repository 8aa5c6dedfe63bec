"""Production: the page a browser gets, djust's real client JS, djust's real consumer.

A step runs as it does for a user:

* A page is requested over HTTP through Django's test client (``test.client``,
  the browser's cookie jar), following redirects as a browser does.
* Its HTML is loaded into jsdom (``node.py``), which runs djust's
  ``client.js``. When the page opens its WebSocket, a channels
  ``WebsocketCommunicator`` connects to the example project's own ASGI
  application (``example.asgi.application``: ``AllowedHostsOriginValidator``,
  ``AuthMiddlewareStack`` with its cookie and session middleware,
  ``URLRouter`` to ``djust.websocket.LiveViewConsumer``), with the cookies
  the HTTP responses set and the page's Origin, as a browser connects.
* Every frame the page sends is forwarded to the consumer; every frame the
  consumer sends is delivered to the page. This repeats until neither side
  has anything more to say.

When the consumer has answered
------------------------------
After forwarding the page's frames the harness sends a ``ping`` of its own:
the consumer handles one message at a time, so its ``pong`` comes after
everything it sent for the frames before. ``start_async`` work runs in tasks
of its own after the reply (``LiveViewConsumer._dispatch_async_work``); the
harness waits for those tasks to finish, then pings again. Pings and pongs
are the harness's and are never compared. The page's own 30 s heartbeat
ping, if one fires, is answered by the harness and not forwarded.

Background work
---------------
The test client runs ``start_async`` work only on ``render_async()``; the
consumer runs it at once. The frames from the first ``source: "async"`` frame
on are therefore held back and delivered to the page in the next step (an
``Async`` step, which the client side takes as ``render_async()``). The view
state after the event is the state at the moment the consumer sent the
event's last frame.

The view the consumer holds
---------------------------
A transparent ASGI wrapper around the application records, for each frame
the consumer sends and at the moment it sends it, the public state of
``consumer.view_instance``. The consumer is found through djust's own
observability registry: ``LiveViewConsumer.connect`` sends the connection's
``session_id`` in its ``connect`` frame, and djust registers every view it
instantiates under that id (``runtime.py: WebSocket transport
on_view_instantiated`` calls ``djust.observability.register_view`` and sets
``view._ws_consumer``), so ``get_view_for_session(session_id)._ws_consumer``
is the consumer, whose ``view_instance`` is the view it holds now (after a
``live_redirect`` too, and ``None`` once a mount was refused).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.staticfiles import finders

from .node import NodeBrowser
from .observe import (
    Observation,
    control_line,
    normalize_frames,
    production_state,
    view_attrs,
)

HOST = "testserver"
ORIGIN = f"http://{HOST}"
#: Seconds the consumer may take to answer one step.
REPLY_TIMEOUT = 20.0
REDIRECT_CODES = (301, 302, 303, 307, 308)
#: DJUST_TESTING_DIFFERENTIAL_DEBUG=1 prints every command to the page and what it did.
DEBUG = bool(os.environ.get("DJUST_TESTING_DIFFERENTIAL_DEBUG"))
#: DJUST_TESTING_DIFFERENTIAL_TRANSCRIPT=PATH appends every command to PATH, one JSON
#: object a line: `node js/browser.mjs < PATH` (after numbering them "id") replays it.
TRANSCRIPT = os.environ.get("DJUST_TESTING_DIFFERENTIAL_TRANSCRIPT", "")


#: The coroutines djust runs ``start_async`` work in: the runtime's on the event
#: path (runtime.py: ViewRuntime._dispatch_async_work), the consumer's on its
#: own turns (websocket.py: LiveViewConsumer._dispatch_async_work).
ASYNC_WORK = frozenset({"ViewRuntime._execute_async_task", "LiveViewConsumer._run_async_work"})


def running_async_work() -> list[asyncio.Task[Any]]:
    """djust's ``start_async`` tasks still running on this loop."""
    return [
        task
        for task in asyncio.all_tasks()
        if not task.done() and getattr(task.get_coro(), "__qualname__", "") in ASYNC_WORK
    ]


@dataclass
class Record:
    """One frame the consumer sent, with the view's state when it sent it."""

    frame: dict[str, Any] | None
    message: dict[str, Any]
    state: dict[str, Any] | None
    attrs: dict[str, Any]


@dataclass
class Connection:
    socket: int
    url: str
    communicator: WebsocketCommunicator | None = None
    session_id: str | None = None
    closed_code: int | None = None
    records: deque[Record] = field(default_factory=deque)
    #: For the self-tests: a function that may change each frame the consumer sends.
    tamper: Any = None

    def view(self) -> Any:
        if self.session_id is None:
            return None
        from djust.observability import get_view_for_session

        registered = get_view_for_session(self.session_id)
        consumer = getattr(registered, "_ws_consumer", None)
        return getattr(consumer, "view_instance", None)

    def on_send(self, message: dict[str, Any]) -> dict[str, Any]:
        frame = None
        if message.get("type") == "websocket.send" and message.get("text"):
            frame = json.loads(message["text"])
            if frame.get("type") == "connect" and self.session_id is None:
                self.session_id = frame.get("session_id")
            if self.tamper is not None and frame.get("type") not in ("pong", "connect"):
                tampered = self.tamper(frame)
                if tampered is not frame:
                    frame = tampered
                    message = {**message, "text": json.dumps(frame)}
        view = self.view()
        state = production_state(view) if view is not None else None
        attrs = view_attrs(view) if view is not None else {}
        self.records.append(Record(frame, message, state, attrs))
        return message


class Production:
    """One browser session in production, step by step. All methods run on an event loop."""

    def __init__(self, test: Any, node: NodeBrowser, application: Any) -> None:
        self.test = test
        self.node = node
        self.application = application
        self.connections: dict[int, Connection] = {}
        self.obs = Observation("")
        self.page: dict[str, Any] | None = None
        self.pending_navigation: str | None = None
        self._new_sockets: list[dict[str, Any]] = []
        self._to_forward: list[tuple[int, dict[str, Any]]] = []
        self._held: list[Record] = []
        self._held_socket: int | None = None
        self._held_state: Record | None = None
        self._last_record: Record | None = None
        #: Set by the self-tests: changes frames on their way to the page.
        self.tamper: Any = None

    @property
    def view_class(self) -> Any:
        """The LiveView class the page's dj-view names, or None (no page, or not importable)."""
        from django.utils.module_loading import import_string

        path = ((self.page or {}).get("root_attributes") or {}).get("dj-view")
        if not path:
            return None
        try:
            return import_string(path)
        except ImportError:
            return None

    def view(self) -> Any:
        """The view djust's consumer holds now (None before a mount or after a refusal)."""
        conn = self._current_connection()
        return conn.view() if conn is not None else None

    @property
    def has_background_frames(self) -> bool:
        """Whether frames of finished ``start_async`` work wait for an ``Async`` step."""
        return bool(self._held)

    # ------------------------------------------------------------ steps

    async def open(self, label: str, path: str) -> Observation:
        """The user opens ``path``: an HTTP GET (redirects followed), then the page runs.

        When the page's own URL answers with a redirect, the step says where
        it sent the browser, as ``MountRedirectedError`` does on the client.
        """
        self._begin(label)
        redirect = await self._load(path)
        if redirect is not None:
            self.obs.outcome = f"left for {redirect}"
        return self._finish()

    async def follow(self, label: str) -> Observation:
        """The browser goes where the page sent it (``window.location`` set by djust's JS)."""
        self._begin(label)
        url = self.pending_navigation
        self.pending_navigation = None
        if url is None:
            self.obs.outcome = "no navigation to follow"
            return self._finish()
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != HOST:
            self.obs.outcome = f"left the site for {url}"
            return self._finish()
        await self._load(parts.path + (f"?{parts.query}" if parts.query else ""))
        return self._finish()

    async def act(self, label: str, command: str, **args: Any) -> Observation:
        """The user does something on the page (a jsdom command: click, change, submit...)."""
        self._begin(label)
        if self.page is None:
            self.obs.outcome = "no page"
            return self._finish()
        await self._node(command, **args)
        await self._pump()
        return self._finish()

    async def http_post(self, label: str, path: str) -> Observation:
        """A POST from another tab of the same browser (its cookie jar); this page stays."""
        self._begin(label)
        response = await sync_to_async(self.test.client.post)(path)
        self.obs.outcome = f"HTTP {response.status_code}"
        return self._finish()

    async def background_work_done(self, label: str) -> Observation:
        """The page receives what djust sent once the ``start_async`` work had finished."""
        self.obs = Observation(label)
        self._last_record = None
        held, self._held = self._held, []
        socket, self._held_socket = self._held_socket, None
        self._held_state = None
        if held and socket is not None:
            await self._deliver(self.connections[socket], held, hold=False)
            await self._pump()
        return self._finish()

    async def notify(self, label: str, channel: str, payload: dict[str, Any]) -> Observation:
        """A PostgreSQL NOTIFY arrives; djust's listener group_sends it (db/notifications.py)."""
        self._begin(label)
        layer = get_channel_layer()
        group = f"djust_db_notify_{channel}"
        # InMemoryChannelLayer.groups: which consumers joined (view.listen()).
        listening = bool(getattr(layer, "groups", {}).get(group))
        await layer.group_send(group, {"type": "db_notify", "channel": channel, "payload": payload})
        conn = self._current_connection()
        if listening and conn is not None:
            communicator = conn.communicator
            assert communicator is not None
            # The notification reaches the consumer through the channel layer,
            # not the socket: wait for its first frame, then ping for the rest.
            first = await asyncio.wait_for(communicator.output_queue.get(), REPLY_TIMEOUT)
            items = [self._record_for(conn, first)]
            items += await self._settle(conn)
            await self._deliver(conn, items)
            await self._pump()
        return self._finish()

    async def close(self) -> None:
        for conn in self.connections.values():
            await self._disconnect(conn)
        self.connections.clear()
        self.node.call("close")

    # --------------------------------------------------------- plumbing

    def _begin(self, label: str) -> None:
        self.obs = Observation(label)
        self._last_record = None
        if self._held:
            # The scenario went on without an Async step: the page gets the
            # background work's frames first, and the step says so.
            self.obs.errors.append(
                "harness: this step began while djust's start_async work was still unreported; "
                "add an Async step after the step that started it"
            )

    def _finish(self) -> Observation:
        obs = self.obs
        conn = self._current_connection()
        if self._held_state is not None:
            obs.state, obs.view_attrs = self._held_state.state, self._held_state.attrs
        elif conn is not None:
            view = conn.view()
            obs.state = production_state(view) if view is not None else None
            obs.view_attrs = view_attrs(view) if view is not None else {}
        if self.page is not None and obs.page is None:
            obs.page = self.page.get("html")
            obs.controls = [
                control_line(c["tag"], c["name"] or c["id"], c["value"])
                for c in self.page.get("controls", [])
            ]
            obs.url = self.page.get("url")
            obs.title = self.page.get("title")
        obs.received = normalize_frames(obs.received)
        obs.sent = normalize_frames(obs.sent)
        return obs

    def _current_connection(self) -> Connection | None:
        open_ones = [c for c in self.connections.values() if c.closed_code is None]
        if open_ones:
            return open_ones[-1]
        return list(self.connections.values())[-1] if self.connections else None

    async def _http_get(self, path: str) -> tuple[Any, str, str | None]:
        """GET ``path`` as a browser does: redirects followed, the cookie jar kept.

        Returns the last response, its path, and the first redirect's Location.
        """
        client = self.test.client
        current, first_redirect = path, None
        for _ in range(10):
            response = await sync_to_async(client.get)(current)
            if response.status_code not in REDIRECT_CODES:
                return response, current, first_redirect
            if first_redirect is None:
                first_redirect = response["Location"]
            location = urljoin(ORIGIN + current, response["Location"])
            parts = urlsplit(location)
            if parts.netloc != HOST:
                return response, location, first_redirect
            current = parts.path + (f"?{parts.query}" if parts.query else "")
        raise AssertionError(f"more than 10 redirects from {path}")

    async def _load(self, path: str) -> str | None:
        """Load the page at ``path``; return where its URL redirected, if it did."""
        for conn in list(self.connections.values()):
            await self._disconnect(conn)
        self.connections.clear()
        self._held, self._held_socket, self._held_state = [], None, None
        response, final, redirect = await self._http_get(path)
        body = response.content.decode(response.charset or "utf-8")
        self.obs.url = final
        if response.status_code != 200 or "dj-view" not in body:
            self.page = None
            self.node.call("close")
            self.obs.outcome = f"HTTP {response.status_code} at {final}"
            return redirect
        scripts = {}
        for src in re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", body):
            found = finders.find(urlsplit(src).path.removeprefix("/static/"))
            if found:
                with open(found, encoding="utf-8") as script:
                    scripts[urlsplit(src).path] = script.read()
        await self._node("open", url=ORIGIN + final, html=body, scripts=scripts)
        await self._pump()
        return redirect

    async def _node(self, command: str, **args: Any) -> None:
        if TRANSCRIPT:
            with open(TRANSCRIPT, "a", encoding="utf-8") as transcript:
                transcript.write(json.dumps({"cmd": command, **args}) + "\n")
        reply = self.node.call(command, **args)
        if DEBUG:
            shown = {k: v for k, v in args.items() if k not in ("html", "scripts")}
            print(f"[differential] node {command} {json.dumps(shown)[:300]}")
            for key in ("sent", "opened", "navigations", "errors", "warnings", "closed_by_page"):
                if reply.get(key):
                    print(f"    {key}: {json.dumps(reply[key])[:600]}")
        for sent in reply.get("sent", []):
            frame = sent["frame"]
            if frame.get("type") == "ping":
                continue  # the page's heartbeat (03-websocket.js startHeartbeat)
            self.obs.sent.append(frame)
            self._to_forward.append((sent["socket"], frame))
        self._new_sockets += reply.get("opened", [])
        for url in reply.get("navigations", []):
            self.pending_navigation = url
            self.obs.outcome = f"left for {_relative(url)}"
        self.obs.errors += reply.get("errors", [])
        for closed in reply.get("closed_by_page", []):
            conn = self.connections.get(closed["socket"])
            if conn is not None:
                await self._disconnect(conn, closed.get("code", 1000))
        if reply.get("page") is not None:
            self.page = reply["page"]

    async def _pump(self) -> None:
        """Relay frames between the page and the consumer until both are quiet."""
        while True:
            if self._new_sockets:
                await self._connect(self._new_sockets.pop(0))
                continue
            if self._to_forward:
                socket = self._to_forward[0][0]
                batch = [frame for s, frame in self._to_forward if s == socket]
                self._to_forward = [(s, f) for s, f in self._to_forward if s != socket]
                conn = self.connections.get(socket)
                if conn is None or conn.closed_code is not None:
                    self.obs.errors.append(
                        f"the page sent {len(batch)} frame(s) on a closed socket"
                    )
                    continue
                assert conn.communicator is not None
                for frame in batch:
                    await conn.communicator.send_json_to(frame)
                items = await self._settle(conn)
                await self._deliver(conn, items)
                continue
            return

    async def _connect(self, opened: dict[str, Any]) -> None:
        socket, url = opened["socket"], opened["url"]
        conn = Connection(socket, url, tamper=self.tamper)
        self.connections[socket] = conn
        cookies = "; ".join(
            f"{name}={morsel.value}" for name, morsel in self.test.client.cookies.items()
        )
        headers = [(b"host", HOST.encode()), (b"origin", ORIGIN.encode())]
        if cookies:
            headers.append((b"cookie", cookies.encode()))
        application = self.application

        async def recorded(scope: Any, receive: Any, send: Any) -> None:
            async def send_recorded(message: dict[str, Any]) -> None:
                await send(conn.on_send(message))

            await application(scope, receive, send_recorded)

        path = urlsplit(url).path
        conn.communicator = WebsocketCommunicator(recorded, path, headers=headers)
        accepted, code = await conn.communicator.connect(timeout=REPLY_TIMEOUT)
        conn.records.popleft()  # websocket.accept or websocket.close
        if not accepted:
            conn.closed_code = int(code or 1006)
            self.obs.outcome = f"socket refused {conn.closed_code}"
            await self._node("ws_closed", socket=socket, code=conn.closed_code)
            return
        await self._node("ws_open", socket=socket)
        items = await self._settle(conn)
        await self._deliver(conn, items)

    def _record_for(self, conn: Connection, message: dict[str, Any]) -> Record:
        record = conn.records.popleft()
        if record.message.get("text") != message.get("text"):
            raise AssertionError("the harness lost track of the consumer's frames")
        if message.get("type") == "websocket.close":
            conn.closed_code = int(message.get("code", 1000))
        return record

    async def _settle(self, conn: Connection) -> list[Record]:
        """Everything the consumer sends until it is done with what it was given."""
        items: list[Record] = []
        await self._until_pong(conn, items)
        while conn.closed_code is None:
            tasks = running_async_work()
            if not tasks:
                # djust's own count of running tasks (mixins/async_work.py:
                # track_running_async_task) must agree that none is left.
                view = conn.view()
                if view is not None and getattr(view, "_async_running", None):
                    raise AssertionError(
                        "djust reports start_async work running that the harness cannot see: "
                        f"{sorted(view._async_running)}"
                    )
                break
            _done, pending = await asyncio.wait(tasks, timeout=REPLY_TIMEOUT)
            if pending:
                raise AssertionError(
                    f"djust's start_async work did not finish within {REPLY_TIMEOUT} s"
                )
            await self._until_pong(conn, items)
        return items

    async def _until_pong(self, conn: Connection, items: list[Record]) -> None:
        communicator = conn.communicator
        if communicator is None or conn.closed_code is not None:
            return
        await communicator.send_json_to({"type": "ping"})
        while True:
            try:
                message = await communicator.receive_output(timeout=REPLY_TIMEOUT)
            except TimeoutError:
                raise AssertionError(
                    f"djust's consumer did not answer within {REPLY_TIMEOUT} s"
                ) from None
            record = self._record_for(conn, message)
            if message.get("type") == "websocket.close":
                items.append(record)
                return
            if record.frame is not None and record.frame.get("type") == "pong":
                return
            items.append(record)

    async def _deliver(self, conn: Connection, items: list[Record], hold: bool = True) -> None:
        """Hand the consumer's frames to the page (background-work frames held back)."""
        now: list[Record] = []
        for record in items:
            frame = record.frame
            if hold and frame is not None and (self._held or frame.get("source") == "async"):
                if not self._held:
                    if self._last_record is None:
                        self.obs.errors.append(
                            "harness: background work answered before the event did"
                        )
                    self._held_state = self._last_record
                self._held.append(record)
                self._held_socket = conn.socket
                continue
            now.append(record)
            if frame is not None:
                self._last_record = record
        frames = [r.frame for r in now if r.frame is not None]
        self.obs.received += frames
        if frames:
            await self._node("ws_deliver", socket=conn.socket, frames=frames)
        closes = [r for r in now if r.message.get("type") == "websocket.close"]
        if closes:
            code = int(closes[-1].message.get("code", 1000))
            conn.closed_code = code
            self.obs.outcome = f"socket closed {code}"
            await self._node("ws_closed", socket=conn.socket, code=code)

    async def _disconnect(self, conn: Connection, code: int = 1000) -> None:
        if conn.communicator is not None and conn.closed_code is None:
            conn.closed_code = code
            try:
                await conn.communicator.disconnect(code=code, timeout=REPLY_TIMEOUT)
            except Exception:  # the consumer's own failure shows in its frames and logs
                conn.communicator.stop(exceptions=False)


def _relative(url: str) -> str:
    parts = urlsplit(url)
    if parts.netloc in ("", HOST):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return url
