"""What one event on the Counter view costs, per way of sending it.

Contenders (each a ``make()`` returning ``run(n)``, which performs ``n`` events):

* floor: the handler called directly, then ``render_with_diff()``: the work
  any client must at least cause.
* djust_testing: ``LiveViewTestClient.send_event()``, which also applies
  djust's patches to the page's DOM and checks it against djust's render.
* djust_testing, no patch check: the same with ``CHECK_PATCHES`` off.
* production path: ``ViewRuntime.dispatch_event`` on djust_testing's event
  loop bridge, without the client's own work (state snapshots, the DOM).
* production path, djust's metadata unmemoized: the same with djust_testing's
  memos of djust's per-class metadata suspended (when the package has them).
* djust.testing: djust's own client, ``send_event()`` then ``render()``.
* consumer: djust's WebSocket consumer through channels' WebsocketCommunicator.
* dispatch_event under async_to_sync: ``ViewRuntime.dispatch_event`` under a
  plain ``async_to_sync`` per event.

Parts, measured alone so the client's own cost can be split:

* get_state: one state snapshot (``send_event`` takes two).
* DOM patches: the browser's work with one event's frames, applying djust's
  patches to the page (the patch check is ``send_event`` minus ``CHECK_PATCHES``
  off, measured whole).
* the frame-size check: the browser's text of the event against djust's
  ``max_message_size``, as djust's consumer refuses an oversized frame.
* query recording: the execute wrapper on every database for the action.
* the login/logout watch: the auth signals' receivers for the action.
* broadcast delivery: the two rounds over the open connections (before and
  after the action) that deliver waiting channel messages.
* sync_to_async hop: one ``await sync_to_async(f)()`` on the bridge, the
  bookkeeping djust's path pays for every piece of sync code it runs.
"""

from __future__ import annotations

import contextlib
import importlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from asgiref.sync import async_to_sync

EVENT = {"type": "event", "event": "increment", "params": {}}
MOUNT = {
    "type": "mount",
    "view": "tests.views.basics.CounterView",
    "url": "/counter/",
    "params": {},
}

Run = Callable[[int], None]
# Seconds the consumer contender waits for a frame (generous: cachegrind is slow).
TIMEOUT = 120


def repeat(step: Callable[[], object]) -> Run:
    """A runner that takes ``step`` ``n`` times."""

    def run(n: int) -> None:
        for _ in range(n):
            step()

    return run


def floor_contender() -> Run:
    from djust_testing._live.request import build_request
    from tests.views.basics import CounterView

    # The same anonymous user and session every other contender's view gets,
    # so the context processors cost the same everywhere.
    request = build_request("/counter/", client=None, user=None)
    view = CounterView()
    view.request = request
    view.mount(request)
    view.render_with_diff()

    def step() -> None:
        view.increment()
        view.render_with_diff()

    return repeat(step)


def mounted_client() -> Any:
    """A djust_testing client with the Counter view mounted."""
    from djust_testing import LiveViewTestClient
    from tests.views.basics import CounterView

    return LiveViewTestClient(CounterView).mount()


def djust_testing_contender() -> Run:
    client = mounted_client()
    return repeat(lambda: client.send_event("increment"))


def unchecked_contender() -> Run:
    from django.test import override_settings

    run_checked = djust_testing_contender()

    def run(n: int) -> None:
        with override_settings(DJUST_TESTING={"CHECK_PATCHES": False}):
            run_checked(n)

    return run


def production_path_contender() -> Run:
    from tests.support.live import connection_of

    client = mounted_client()
    connection = connection_of(client)
    runtime, bridge = connection.runtime, connection.bridge
    run_events = repeat(lambda: bridge.run(runtime.dispatch_event(dict(EVENT))))

    def run(n: int) -> None:
        run_events(n)
        # Also keeps the client (and so its mounted view) alive.
        assert n == 0 or client.last_action.frames_of("patch"), client.last_action.frames

    return run


def memos_suspended() -> Callable[[], contextlib.AbstractContextManager[None]] | None:
    """The package's switch for its memos of djust's metadata, if it has one."""
    try:
        memo = importlib.import_module("djust_testing._live.memo")
    except ImportError:
        return None
    suspended: Callable[[], contextlib.AbstractContextManager[None]] | None
    suspended = getattr(memo, "suspended", None)
    return suspended


def unmemoized_contender() -> Run:
    suspended = memos_suspended()
    assert suspended is not None
    run_memoized = production_path_contender()

    def run(n: int) -> None:
        with suspended():
            run_memoized(n)

    return run


def djust_builtin_contender() -> Run:
    from djust.testing import LiveViewTestClient as BuiltinClient

    from tests.views.basics import CounterView

    client = BuiltinClient(CounterView).mount()

    def step() -> None:
        client.send_event("increment")
        client.render()

    return repeat(step)


def consumer_contender() -> Run:
    from channels.testing import WebsocketCommunicator
    from djust.websocket import LiveViewConsumer

    application = LiveViewConsumer.as_asgi()

    async def session(events: int) -> None:
        communicator = WebsocketCommunicator(application, "/ws/live/")
        connected, _ = await communicator.connect(timeout=TIMEOUT)
        assert connected
        await communicator.receive_json_from(TIMEOUT)  # the connect frame
        await communicator.send_json_to(MOUNT)
        mount = await communicator.receive_json_from(TIMEOUT)
        assert mount["type"] == "mount", mount
        for ref in range(events):
            await communicator.send_json_to({**EVENT, "ref": ref})
            while True:
                frame = await communicator.receive_json_from(TIMEOUT)
                if frame.get("ref") == ref:
                    break
        await communicator.disconnect(timeout=TIMEOUT)

    # The connection and mount are paid once per call: time many events per
    # call, and compare an n-event call with a 0-event one.
    return async_to_sync(session)


def runtime_async_to_sync_contender() -> Run:
    from djust.runtime import ViewRuntime

    from djust_testing._live.transport import RecordingTransport

    transport = RecordingTransport()
    runtime = ViewRuntime(transport)
    async_to_sync(runtime.dispatch_mount)(dict(MOUNT))
    assert runtime.view_instance is not None
    return repeat(lambda: async_to_sync(runtime.dispatch_event)(EVENT))


def get_state_contender() -> Run:
    client = mounted_client()
    return repeat(client.get_state)


def dom_patches_contender() -> Run:
    from tests.support.live import proxy_of

    client = mounted_client()
    client.send_event("increment")
    page, frames = proxy_of(client).page, client.last_action.frames
    assert client.last_action.frames_of("patch"), frames
    # The Counter's patch sets the count's text: applied again, it leaves the page as it was.
    return repeat(lambda: page.apply(frames))


def frame_size_contender() -> Run:
    from djust_testing._live.connection import oversized

    return repeat(lambda: oversized(EVENT))


def query_recording_contender() -> Run:
    from djust_testing._live.queries import recording

    def step() -> None:
        with recording():
            pass

    return repeat(step)


def auth_watch_contender() -> Run:
    from djust_testing._live.connection import auth_changes

    def step() -> None:
        with auth_changes([]):
            pass

    return repeat(step)


def broadcast_delivery_contender() -> Run:
    from djust_testing._live.connection import deliver_waiting

    client = mounted_client()  # one open connection, as while a test's client sends

    def step() -> None:
        deliver_waiting(None, "before")
        deliver_waiting(None, "after")

    run = repeat(step)

    def run_open(n: int) -> None:
        run(n)
        assert client.view_instance is not None

    return run_open


def sync_hop_contender() -> Run:
    from asgiref.sync import sync_to_async

    from djust_testing._live.loop import get_bridge

    bridge = get_bridge()

    def nothing() -> None:
        return None

    async def hops(n: int) -> None:
        for _ in range(n):
            await sync_to_async(nothing)()

    return lambda n: bridge.run(hops(n))


@contextlib.contextmanager
def counting_sync_hops() -> Iterator[list[int]]:
    """Count the ``sync_to_async`` calls awaited inside the block."""
    from asgiref.sync import SyncToAsync

    counter = [0]
    original = SyncToAsync.__call__

    async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        counter[0] += 1
        return await original(self, *args, **kwargs)

    SyncToAsync.__call__ = counted  # type: ignore[method-assign]
    try:
        yield counter
    finally:
        SyncToAsync.__call__ = original  # type: ignore[method-assign]


def hops_per_event() -> int:
    client = mounted_client()
    client.send_event("increment")
    with counting_sync_hops() as counter:
        client.send_event("increment")
    return counter[0]


# key -> (label, make)
CONTENDERS: dict[str, tuple[str, Callable[[], Run]]] = {
    "floor": ("floor: handler call + `render_with_diff()`", floor_contender),
    "djust_testing": ("djust_testing `send_event()`", djust_testing_contender),
    "unchecked": ("djust_testing `send_event()`, `CHECK_PATCHES` off", unchecked_contender),
    "production_path": (
        "production path: djust's `ViewRuntime.dispatch_event` on djust_testing's bridge",
        production_path_contender,
    ),
    "unmemoized": (
        "production path, djust's metadata unmemoized",
        unmemoized_contender,
    ),
    "djust.testing": ("djust.testing `send_event()` + `render()`", djust_builtin_contender),
    "consumer": (
        "djust's WebSocket consumer (channels `WebsocketCommunicator`)",
        consumer_contender,
    ),
    "async_to_sync": (
        "`ViewRuntime.dispatch_event` under a plain `async_to_sync` per event",
        runtime_async_to_sync_contender,
    ),
}

PARTS: dict[str, tuple[str, Callable[[], Run]]] = {
    "get_state": ("one state snapshot, `get_state()`", get_state_contender),
    "dom_patches": ("one event's frames applied to the page's DOM", dom_patches_contender),
    "frame_size": ("the frame-size check of the event sent", frame_size_contender),
    "query_recording": ("recording the action's database queries", query_recording_contender),
    "auth_watch": ("watching for login()/logout() during the action", auth_watch_contender),
    "broadcast_delivery": (
        "delivering waiting channel messages, before and after the action",
        broadcast_delivery_contender,
    ),
    "sync_hop": ("one `sync_to_async` hop on the bridge", sync_hop_contender),
}


def available() -> dict[str, tuple[str, Callable[[], Run]]]:
    """The contenders this checkout of the package can run."""
    contenders = dict(CONTENDERS)
    if memos_suspended() is None:
        del contenders["unmemoized"]
    return contenders


def timed(run: Run, n: int) -> float:
    started = time.perf_counter()
    run(n)
    return time.perf_counter() - started
