"""Preferences: dj-model fields, a debounced search, a hook, a component, a poll, a child view."""

from __future__ import annotations

from djust_testing import LiveComponentTestClient, LiveViewTestCase, ModelBindingRefusedError

from demo.components import StarRating
from demo.views import PreferencesView


class ProfileTests(LiveViewTestCase):
    def test_typed_values_reach_the_view_and_save_reads_them(self) -> None:
        live = self.live(PreferencesView)
        live.element("#display-name").input("Ann")  # dj-model: update_model, answered noop
        live.element("#newsletter").change()
        live.element("#theme").change("dark")
        live.assert_state(display_name="Ann", newsletter=True, theme="dark")
        live.element("#save").click()
        self.assertEqual(
            live.element("#saved").text, "Saved: Ann, dark theme, with the newsletter."
        )

    def test_only_bound_fields_can_be_set(self) -> None:
        """djust's mass-assignment guard: a page may set only what its template binds."""
        live = self.live(PreferencesView)
        with self.assertRaisesMessage(ModelBindingRefusedError, "mass-assignment guard"):
            live.send_event("update_model", field="checks", value="99")
        live.assert_state(checks=0)


class TimeZoneTests(LiveViewTestCase):
    def test_the_search_box_is_debounced_and_sends_once(self) -> None:
        live = self.live(PreferencesView)
        search = live.element("#zone-search")
        binding = search.binding("input")
        self.assertEqual(
            (binding.event, binding.debounce, binding.throttle), ("find_zone", 300, None)
        )
        search.input("amster")  # the one event the browser sends once the user pauses
        self.assertEqual(live.element("#zones").text, "Europe/Amsterdam")

    def test_the_hook_pushes_the_browsers_zone(self) -> None:
        live = self.live(PreferencesView)
        live.element("#detect-zone").push_hook_event(
            "use_zone", {"zone": "Europe/Paris"}, hook="TimeZone"
        )
        self.assertEqual(live.element("#zone").text, "Europe/Paris")


class RatingTests(LiveViewTestCase):
    def test_a_click_on_a_star_reaches_the_component_and_the_page(self) -> None:
        live = self.live(PreferencesView)
        live.element('button[aria-label="4 stars"]').click()
        live.component("rating").assert_state(value=4)
        self.assertEqual(live.element("#thanks").text, "Thanks! You gave 4 stars.")
        self.assertEqual(len(live.elements(".star.on")), 4)

    def test_the_component_alone(self) -> None:
        # The host view goes in a module djust's LIVEVIEW_ALLOWED_MODULES allows.
        rating = LiveComponentTestClient(StarRating, host_module="demo.views").mount(value=2)
        rating.send_event("rate", stars=9)
        rating.assert_state(value=5)
        self.assertEqual(rating.render().count("★"), 5)


class NotificationsTests(LiveViewTestCase):
    def test_the_embedded_panel_keeps_its_state_when_the_page_renders(self) -> None:
        live = self.live(PreferencesView)
        panel = live.child("#notifications-panel")
        panel.assert_state(unread=3)
        live.element("#mark-read").click()  # routed to the panel by its view_id
        self.assertEqual(live.element("#unread").text, "0 unread")
        live.element("#save").click()  # the page renders; the sticky panel is kept
        panel.assert_state(unread=0)
        self.assertEqual(live.element("#unread").text, "0 unread")

    def test_the_poll_checks_once_a_minute(self) -> None:
        live = self.live(PreferencesView)
        self.assertEqual(live.element("#checks").binding("poll").interval, 60_000)
        live.poll()
        self.assertEqual(live.element("#checks").text, "Checked for new notifications 1 times.")
