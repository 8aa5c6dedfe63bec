"""Components, embedded views, dj-model, hooks and polls: the test client against djust's consumer.

Each test takes the same steps twice: through djust's real ``LiveViewConsumer``
(channels' ``WebsocketCommunicator``, ``tests/tracker/production.py``), sending
the frames djust's browser client sends for them, and through the test client's
public API. The frames djust answers each step with must be the same, once the
ids djust draws at random (a component's, an embedded view's counter) are
replaced by placeholders.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from typing import Any
from unittest import mock

from django.test import TestCase

from djust_testing import LiveViewTestCase, ModelBindingRefusedError, NoHandlerFoundError
from djust_testing._proxy import ClientProxy
from tests.tracker import production
from tests.tracker.production import Socket
from tests.views.bindings import HookView, ModelView, PollView
from tests.views.components import ComponentHostView, ParentView

VIEWS = "tests.views."
Frames = list[dict[str, Any]]

_RANDOM_IDS = [
    (re.compile(r"\b([a-z]+)_[0-9a-f]{8}\b"), r"\1_<id>"),  # LiveComponent._generate_id
    (re.compile(r"\bchild_\d+\b"), "child_<n>"),  # StickyChildRegistry._assign_view_id's counter
]


def normalized(steps: list[Frames]) -> str:
    text = json.dumps(steps, sort_keys=True, indent=1)
    for pattern, placeholder in _RANDOM_IDS:
        text = pattern.sub(placeholder, text)
    return text


@contextlib.contextmanager
def answers() -> Iterator[list[Frames]]:
    """The frames djust answers each action with meanwhile, one list per action."""
    recorded: list[Frames] = []
    perform = ClientProxy.perform

    def recording(self: ClientProxy, *args: Any, **kwargs: Any) -> Any:
        action, result = perform(self, *args, **kwargs)
        recorded.append(action.frames)
        return action, result

    with mock.patch.object(ClientProxy, "perform", recording):
        yield recorded


def ids(frames: Frames, pattern: str) -> list[str]:
    return re.findall(pattern, json.dumps(frames))


class ProductionParityTests(LiveViewTestCase, TestCase):
    def assertSameFrames(self, consumer: list[Frames], client: list[Frames]) -> None:
        self.assertEqual(normalized(client), normalized(consumer))

    def test_component_events(self) -> None:
        async def consumer(ws: Socket) -> list[Frames]:
            mount = await ws.mount(VIEWS + "components.ComponentHostView", "/")
            counter = ids(mount, r"counter_[0-9a-f]{8}")[0]
            return [
                await ws.event("step", component_id=counter, by=3),
                await ws.event("inc_silently", component_id=counter),
                await ws.event("flip", component_id="toggle"),
                await ws.event("toggled", component_id="toggle"),
                await ws.event("inc", component_id="ghost"),
                await ws.event("bump"),  # the unwrapped template_name component's button
            ]

        live = self.live(ComponentHostView)
        counter, toggle = live.component("counter"), live.component("toggle")
        with answers() as steps:
            counter.send_event("step", by=3)
            counter.send_event("inc_silently")
            toggle.send_event("flip")
            toggle.send_event("toggled")
            live.send_event("inc", raise_errors=False, component_id="ghost")
            with self.assertRaises(NoHandlerFoundError):
                live.element(".bare-bump").click()
        self.assertSameFrames(production.run(consumer), steps)
        self.assertEqual(
            [frames[0]["type"] for frames in steps],
            ["html_update", "html_update", "patch", "patch", "error", "error"],
        )

    def test_embedded_view_events_and_the_re_mount(self) -> None:
        async def consumer(ws: Socket) -> list[Frames]:
            mount = await ws.mount(VIEWS + "components.ParentView", "/")
            first = ids(mount, r"child_\d+")[0]
            steps = [
                await ws.event("bump", view_id=first),
                await ws.event("shout", view_id="pinned"),
                await ws.event("parent_bump"),
            ]
            renamed = ids(steps[-1], r"child_\d+")[0]  # the page's wrapper after the patch
            steps.append(await ws.event("bump", view_id=renamed))
            return steps

        live = self.live(ParentView)
        first = live.child("#first")
        steps = []
        first.send_event("bump")
        steps.append(live.last_action.frames)
        live.child("pinned").send_event("shout")
        steps.append(live.last_action.frames)
        with self.assertRaisesMessage(AssertionError, "mounts a {% live_render %} view afresh"):
            live.element("#parent-bump").click()
        steps.append(live.last_action.frames)
        first.send_event("bump")  # reaches the fresh instance, as the browser's next click does
        steps.append(live.last_action.frames)
        self.assertSameFrames(production.run(consumer), steps)
        self.assertEqual(
            [[f["type"] for f in frames] for frames in steps],
            [
                ["embedded_update"],
                ["embedded_update", "push_event"],
                ["patch"],
                ["embedded_update"],
            ],
        )
        self.assertIn('<span class=\\"n\\">6</span>', json.dumps(steps[-1]))

    def test_dj_model_answers_and_refusals(self) -> None:
        async def consumer(ws: Socket) -> list[Frames]:
            await ws.mount(VIEWS + "bindings.ModelView", "/")
            return [
                await ws.event("update_model", field="q", value="hello"),
                await ws.event("update_model", field="ok", value=True),
                await ws.event("update_model", field="ok", value=True),
                await ws.event("update_model", field="ratio", value="2.5"),
                await ws.event("nothing"),
                await ws.event("show"),
            ]

        with self.assertLogs("djust.mixins.model_binding", "WARNING") as logged:
            frames = production.run(consumer)
        self.assertEqual(
            [record.getMessage() for record in logged.records],
            [
                "[dj-model] Blocked attempt to set 'ratio' on ModelView: not bound via dj-model "
                "in the rendered template and not in allowed_model_fields (mass-assignment guard)"
            ],
        )
        live = self.live(ModelView)
        with answers() as steps:
            live.element("#q").input("hello")
            live.element("#ok").change()  # two frames, as Chromium sends them: input, change
            with self.assertRaises(ModelBindingRefusedError):
                live.element("#ratio").change("2.5")
            live.element("#nothing").click()
            live.element("#show").click()
        self.assertSameFrames(frames, steps)

    def test_a_hooks_frame_without_a_ref(self) -> None:
        frame = {"type": "event", "event": "hooked", "params": {"a": 1}}

        async def consumer(ws: Socket) -> list[Frames]:
            await ws.mount(VIEWS + "bindings.HookView", "/")
            return [await ws.send(frame, until=lambda f: f.get("type") in ("patch", "error"))]

        live = self.live(HookView)
        live.element("#chart").push_hook_event("hooked", {"a": 1})
        self.assertEqual(live.last_action.sent, frame)
        self.assertSameFrames(production.run(consumer), [live.last_action.frames])

    def test_the_frames_of_a_poll(self) -> None:
        live = self.live(PollView)
        with answers() as steps:
            live.poll()
        history = [e for e in live.get_event_history() if e["type"] == "event"]
        sent = [(str(e["name"]), e["params"]) for e in history]

        async def consumer(ws: Socket) -> list[Frames]:
            await ws.mount(VIEWS + "bindings.PollView", "/")
            return [await ws.event(name, **params) for name, params in sent]

        self.assertEqual([name for name, _ in sent], ["tick", "refresh"])
        self.assertSameFrames(production.run(consumer), steps)
