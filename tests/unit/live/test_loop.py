from __future__ import annotations

import asyncio

from asgiref.sync import async_to_sync
from django.test import SimpleTestCase, override_settings

from djust_testing import DjustTestingError, LiveViewTestClient
from djust_testing._live.loop import get_bridge
from tests.views.basics import CounterView, ThreadView


async def _value() -> str:
    return "async value"


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies")
class LoopBridgeTests(SimpleTestCase):
    def test_sync_code_can_call_async_code_inside_a_handler(self) -> None:
        with LiveViewTestClient(ThreadView).mount() as live:
            live.send_event("call_async_code")
            live.assert_state(where="from async code")

    def test_the_test_thread_can_still_use_async_to_sync_afterwards(self) -> None:
        with LiveViewTestClient(CounterView).mount() as live:
            live.send_event("increment")
        self.assertEqual(async_to_sync(_value)(), "async value")

    def test_refuses_to_run_inside_a_running_event_loop(self) -> None:
        async def inside_async_code() -> None:
            LiveViewTestClient(CounterView).mount()

        with self.assertRaisesMessage(DjustTestingError, "the live test client is synchronous"):
            asyncio.run(inside_async_code())

    def test_one_loop_serves_the_thread(self) -> None:
        self.assertIs(get_bridge(), get_bridge())
        self.assertFalse(get_bridge().loop.is_running())
