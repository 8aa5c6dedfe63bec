"""What the page shows of a control is what the browser sends: one model of its state."""

from __future__ import annotations

from djust_testing import LiveViewTestCase
from tests.views.page import ControlsView


class ShownIsSentTests(LiveViewTestCase):
    def test_a_select_whose_first_option_is_disabled_shows_and_sends_the_first_enabled(
        self,
    ) -> None:
        live = self.live(ControlsView)
        self.assertEqual(live.element("select[name=size]").value, "m")
        live.form("#prefs").submit()
        live.assert_state_contains(received={"size": "m"})

    def test_a_number_input_shows_and_sends_its_sanitized_value(self) -> None:
        live = self.live(ControlsView)
        self.assertEqual(live.element("input[name=qty]").value, "")
        live.form("#prefs").submit()
        live.assert_state_contains(received={"qty": ""})

    def test_tuple_form_data_checks_the_boxes_it_names_on_the_page(self) -> None:
        live = self.live(ControlsView)
        live.form("#prefs", {"tags": ("a", "c")}).submit()
        checked = [box.attrs["value"] for box in live.elements("input[name=tags]") if box.checked]
        self.assertEqual(checked, ["a", "c"])
        # FormData keeps both; Object.fromEntries keeps the last (09-event-binding.js).
        live.assert_state_contains(received={"tags": "c"})

    def test_a_refused_entry_leaves_the_page_as_it_was(self) -> None:
        live = self.live(ControlsView)
        with self.assertRaisesMessage(Exception, "has no option 'xl'"):
            live.form("#prefs", {"tags": ["b"], "size": "xl"}).submit()
        self.assertEqual([box.checked for box in live.elements("input[name=tags]")], [False] * 3)
