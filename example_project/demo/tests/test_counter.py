from djust_testing import LiveViewTestCase

from demo.views import CounterView


class CounterTests(LiveViewTestCase):
    def test_starts_at_zero(self) -> None:
        self.live(CounterView).assert_state(count=0)

    def test_buttons_change_the_count(self) -> None:
        live = self.live("/")
        live.send_event("increment")
        live.send_event("increment")
        live.send_event("decrement")
        live.assert_state(count=1)
        self.assertIn('<p class="count">1</p>', live.render())
