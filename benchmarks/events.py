"""What one event on the Counter view costs, per way of sending it, measured in one run.

Contenders, each timed per event over interleaved rounds (medians):

* floor: the handler called directly, then ``render_with_diff()``: the work
  any client must at least cause.
* djust_testing: ``LiveViewTestClient.send_event()``, which also applies
  djust's patches to the page's DOM and checks it against djust's render.
* djust_testing, no patch check: the same with ``CHECK_PATCHES`` off.
* runtime+djust_testing bridge: ``ViewRuntime.dispatch_event`` on djust_testing's
  event loop bridge, without the client's own bookkeeping (state snapshots).
* djust.testing: djust's own client, ``send_event()`` then ``render()``.
* consumer: djust's WebSocket consumer through channels' WebsocketCommunicator.
* runtime+async_to_sync: ``ViewRuntime.dispatch_event`` under a plain
  ``async_to_sync`` per event.

Ratios, not absolute times, are what to compare: the machine is shared.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync

EVENT = {"type": "event", "event": "increment", "params": {}}
MOUNT = {
    "type": "mount",
    "view": "tests.views.basics.CounterView",
    "url": "/counter/",
    "params": {},
}


def _per_event(step: Callable[[], object]) -> Callable[[int], float]:
    """A runner that takes ``step`` once per event and returns the seconds it took."""

    def run(events: int) -> float:
        started = time.perf_counter()
        for _ in range(events):
            step()
        return time.perf_counter() - started

    return run


def floor_contender() -> Callable[[int], float]:
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

    return _per_event(step)


def djust_testing_contender() -> Callable[[int], float]:
    from djust_testing import LiveViewTestClient
    from tests.views.basics import CounterView

    client = LiveViewTestClient(CounterView).mount()
    return _per_event(lambda: client.send_event("increment"))


def unchecked_contender() -> Callable[[int], float]:
    from django.test import override_settings

    run_checked = djust_testing_contender()

    def run(events: int) -> float:
        with override_settings(DJUST_TESTING={"CHECK_PATCHES": False}):
            return run_checked(events)

    return run


def runtime_bridge_contender() -> Callable[[int], float]:
    from djust_testing import LiveViewTestClient
    from tests.support.live import connection_of
    from tests.views.basics import CounterView

    client = LiveViewTestClient(CounterView).mount()
    connection = connection_of(client)
    runtime, bridge = connection.runtime, connection.bridge
    timed = _per_event(lambda: bridge.run(runtime.dispatch_event(dict(EVENT))))

    def run(events: int) -> float:
        elapsed = timed(events)
        # Also keeps the client (and so its mounted view) alive.
        assert client.last_action.frames_of("patch"), client.last_action.frames
        return elapsed

    return run


def djust_builtin_contender() -> Callable[[int], float]:
    from djust.testing import LiveViewTestClient as BuiltinClient

    from tests.views.basics import CounterView

    client = BuiltinClient(CounterView).mount()

    def step() -> None:
        client.send_event("increment")
        client.render()

    return _per_event(step)


def consumer_contender() -> Callable[[int], float]:
    from channels.testing import WebsocketCommunicator
    from djust.websocket import LiveViewConsumer

    application = LiveViewConsumer.as_asgi()

    async def session(events: int) -> float:
        communicator = WebsocketCommunicator(application, "/ws/live/")
        connected, _ = await communicator.connect()
        assert connected
        await communicator.receive_json_from()  # the connect frame
        await communicator.send_json_to(MOUNT)
        mount = await communicator.receive_json_from()
        assert mount["type"] == "mount", mount
        started = time.perf_counter()
        for ref in range(events):
            await communicator.send_json_to({**EVENT, "ref": ref})
            while True:
                frame = await communicator.receive_json_from()
                if frame.get("ref") == ref:
                    break
        elapsed = time.perf_counter() - started
        await communicator.disconnect()
        return elapsed

    return async_to_sync(session)


def runtime_async_to_sync_contender() -> Callable[[int], float]:
    from djust.runtime import ViewRuntime

    from djust_testing._live.transport import RecordingTransport

    transport = RecordingTransport()
    runtime = ViewRuntime(transport)
    async_to_sync(runtime.dispatch_mount)(dict(MOUNT))
    assert runtime.view_instance is not None
    return _per_event(lambda: async_to_sync(runtime.dispatch_event)(EVENT))


CONTENDERS: dict[str, Callable[[], Callable[[int], float]]] = {
    "floor": floor_contender,
    "djust_testing": djust_testing_contender,
    "djust_testing, no patch check": unchecked_contender,
    "runtime+djust_testing bridge": runtime_bridge_contender,
    "djust.testing": djust_builtin_contender,
    "consumer": consumer_contender,
    "runtime+async_to_sync": runtime_async_to_sync_contender,
}


def measure(rounds: int, events: int) -> dict[str, float]:
    """Median microseconds per event for each contender, rounds interleaved."""
    runners = {name: make() for name, make in CONTENDERS.items()}
    for run in runners.values():  # warm up
        run(max(events // 5, 10))
    samples: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(rounds):
        for name, run in runners.items():
            samples[name].append(run(events) / events * 1e6)
    return {name: statistics.median(values) for name, values in samples.items()}


def report(medians: dict[str, float]) -> list[str]:
    floor = medians["floor"]
    lines = [
        "| way of sending the event | µs per event (median) | ratio to floor |",
        "|---|---:|---:|",
    ]
    for name, value in medians.items():
        lines.append(f"| {name} | {value:.1f} | {value / floor:.2f} |")
    return lines


def main(rounds: int = 7, events: int = 300) -> dict[str, Any]:
    medians = measure(rounds, events)
    print("\n".join(report(medians)))
    return {"medians_us": medians, "rounds": rounds, "events_per_round": events}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(main(), indent=2))
