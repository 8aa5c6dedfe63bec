"""The counter: mount a view, send events, check its state and its HTML."""

from __future__ import annotations

from djust_testing import LiveViewTestCase, NoHandlerFoundError

from demo.views import CounterView


class CounterTests(LiveViewTestCase):
    def test_starts_at_zero(self) -> None:
        live = self.live(CounterView)
        live.assert_state(count=0)
        self.assertEqual(live.page_title, "Counter")

    def test_buttons_change_the_count(self) -> None:
        live = self.live("/")  # the URL Django routes to CounterView
        live.send_event("increment")
        live.send_event("increment")
        live.send_event("decrement")
        live.assert_state(count=1)
        self.assertIn('<p class="count">1</p>', live.render())

    def test_send_event_reports_the_state_before_and_after(self) -> None:
        live = self.live(CounterView)
        result = live.send_event("decrement")
        self.assertTrue(result["success"])
        self.assertEqual(
            (result["state_before"], result["state_after"]), ({"count": 0}, {"count": -1})
        )

    def test_a_misspelt_event_names_the_handlers(self) -> None:
        live = self.live(CounterView)
        with self.assertRaisesMessage(NoHandlerFoundError, "Did you mean 'increment'?"):
            live.send_event("incremnt")

    def test_djusts_rust_renderer_agrees_with_django_templates(self) -> None:
        live = self.live(CounterView)
        live.send_event("increment")
        live.render(engine="compare")  # fails on any difference between the two
