"""Events from the page's DOM, through the client: element(...) and form(...)."""

from __future__ import annotations

from djust_testing import DjustTestingError, DomEventError, LiveViewTestCase, LiveViewTestClient
from tests.views.basics import ItemView
from tests.views.page import DomEventsView


class ClickTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(DomEventsView)

    def test_click_sends_the_dj_click_event(self) -> None:
        result = self.live_client.element("#inc").click()
        assert result is not None
        self.assertEqual((result["state_before"]["count"], result["state_after"]["count"]), (0, 1))
        self.assertEqual(self.live_client.element("#count").text, "1")

    def test_handler_arguments_reach_the_handler(self) -> None:
        self.live_client.element("#add").click()
        self.live_client.assert_state(count=5)

    def test_dj_value_and_typed_data_params(self) -> None:
        self.live_client.element("button", text="tag").click()
        self.live_client.assert_state(received={"handler": "tag", "label": "hot", "weight": 3})

    def test_a_disabled_button_is_refused(self) -> None:
        with self.assertRaisesMessage(DomEventError, 'id="off"'):
            self.live_client.element("#off").click()
        self.live_client.assert_state(count=0)

    def test_an_element_without_the_binding_is_refused(self) -> None:
        with self.assertRaisesMessage(DomEventError, "no dj-click"):
            self.live_client.element("#plain").click()

    def test_a_declined_confirm_sends_nothing(self) -> None:
        self.live_client.element("#inc").click()
        self.assertIsNone(self.live_client.element("#reset").click(confirm=False))
        self.live_client.assert_state(count=1)
        self.live_client.element("#reset").click()
        self.live_client.assert_state(count=0)


class FieldTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(DomEventsView)

    def test_input_sends_what_was_typed(self) -> None:
        self.live_client.element("#search").input("wid")
        self.live_client.assert_state_contains(received={"handler": "search", "value": "wid"})

    def test_change_on_a_select_sends_the_option(self) -> None:
        self.live_client.element("#size").change("s")
        self.live_client.assert_state_contains(received={"handler": "resize", "value": "s"})

    def test_a_select_has_only_its_options(self) -> None:
        with self.assertRaisesMessage(DomEventError, "has no option 'xl' a user can pick"):
            self.live_client.element("#size").change("xl")

    def test_change_ticks_a_checkbox(self) -> None:
        # djust's client sends a checkbox's checkedness as its value.
        self.live_client.element("#agree").change()
        self.live_client.assert_state(
            received={"handler": "agree", "value": True, "field": "agree", "_target": "agree"}
        )
        self.live_client.element("#agree").change()
        self.live_client.assert_state_contains(received={"value": False})

    def test_change_without_a_value_is_for_checkboxes(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "change() needs the new value"):
            self.live_client.element("#title").change()

    def test_keys_fire_their_matching_binding(self) -> None:
        self.live_client.element("#title").keydown("Enter")
        self.live_client.assert_state_contains(received={"handler": "commit"})
        self.live_client.element("#title").keyup("a")
        self.live_client.assert_state_contains(received={"handler": "key_up", "key": "a"})
        with self.assertRaises(DomEventError):
            self.live_client.element("#title").keydown("a")  # only .enter is bound

    def test_focus_and_blur(self) -> None:
        self.live_client.element("#title").focus()
        self.live_client.assert_state_contains(received={"handler": "entered"})
        self.live_client.element("#title").blur()
        self.live_client.assert_state_contains(received={"handler": "left"})


class LinkTests(LiveViewTestCase):
    def test_a_dj_patch_link_patches_like_the_browser(self) -> None:
        live = self.live(DomEventsView)
        result = live.element("#next").click()
        assert result is not None
        self.assertEqual(live.url, "/?page=2")
        live.assert_state(page="2")
        live.assert_patch(params={"page": "2"})

    def test_a_dj_navigate_link_redirects_for_follow_redirect(self) -> None:
        live = self.live(DomEventsView)
        self.assertIsNone(live.element("#go").click())
        self.assertEqual(live.assert_redirect("/items/5/"), "/items/5/")
        item = live.follow_redirect()
        assert isinstance(item, LiveViewTestClient)
        self.assertIsInstance(item.view_instance, ItemView)

    def test_a_link_to_another_site_is_not_followed(self) -> None:
        live = self.live(DomEventsView)
        self.assertIsNone(live.element("#away").click())
        self.assertEqual(live.assert_redirect(params={"v": "2"}), "https://other.example/docs/?v=2")
        with self.assertRaisesMessage(
            AssertionError,
            "The live_redirect leaves this site for 'https://other.example/docs/?v=2'; "
            "follow_redirect() follows this site's pages only.",
        ):
            live.follow_redirect()


class FormTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(DomEventsView)

    def test_submit_sends_the_form_data_as_the_browser_does(self) -> None:
        self.live_client.form("#signin", {"email": "ann@example.com", "password": "pw"}).submit()
        self.live_client.assert_state(
            received={
                "handler": "sign_in",
                "email": "ann@example.com",
                "password": "pw",
                "next": "/dashboard/",
                "_target": "action",
            }
        )

    def test_the_button_clicked_is_the_submitter(self) -> None:
        self.live_client.form("#signin", {"email": "a@b.c"}).submit(submitter="#signin button")
        self.live_client.assert_state_contains(received={"_target": "action"})

    def test_checkboxes_travel_only_when_checked(self) -> None:
        self.live_client.form("#signin", {"email": "a@b.c", "remember": True}).submit()
        self.live_client.assert_state_contains(received={"remember": "on"})

    def test_entered_values_stay_in_the_fields(self) -> None:
        self.live_client.form("#signin", {"email": "kept@example.com", "remember": True}).submit()
        self.assertEqual(self.live_client.element("input[name=email]").value, "kept@example.com")
        self.assertTrue(self.live_client.element("input[name=remember]").checked)
        self.live_client.form("#signin").submit()
        self.live_client.assert_state_contains(received={"email": "kept@example.com"})

    def test_the_last_action_records_the_frame_the_browser_sent(self) -> None:
        self.live_client.form("#signin", {"email": "a@b.c"}).submit()
        sent = self.live_client.last_action.sent
        assert sent is not None
        self.assertEqual((sent["type"], sent["event"]), ("event", "sign_in"))
        self.assertEqual(sent["params"]["email"], "a@b.c")

    def test_a_field_the_form_lacks_is_refused_listing_its_fields(self) -> None:
        with self.assertRaisesMessage(DomEventError, "has no field named 'username'; its fields:"):
            self.live_client.form("#signin", {"username": "ann"}).submit()

    def test_a_hidden_field_cannot_be_filled(self) -> None:
        with self.assertRaisesMessage(DomEventError, "cannot fill 'next'"):
            self.live_client.form("#signin", {"next": "/elsewhere/"}).submit()

    def test_submit_on_something_that_is_not_a_form(self) -> None:
        with self.assertRaisesMessage(DomEventError, "needs a <form>"):
            self.live_client.form("#count").submit()

    def test_change_sends_each_field_to_the_forms_dj_change(self) -> None:
        self.live_client.form("#signin", {"email": "x@y.z"}).change()
        self.live_client.assert_state_contains(
            received={"handler": "validate", "value": "x@y.z", "field": "email"}
        )

    def test_change_needs_data(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, ".change() needs data="):
            self.live_client.form("#signin").change()
