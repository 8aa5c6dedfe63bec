"""form().fill(), submit(enter=...) and focus moving: the events a user's steps fire, in order.

The orders asserted here are Chromium's, checked with Playwright on a page
with the same controls (see docs/dom.md, "Filling a form in").
"""

from __future__ import annotations

from typing import Any

from djust_testing import DjustTestingError, DomEventError, LiveViewTestCase
from tests.views.filling import CodeView, FillView, NoteView

Events = list[tuple[str, dict[str, Any]]]


class FillingCase(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(FillView)

    def events(self) -> Events:
        received: Events = self.live_client.get_state()["events"]
        return received

    def names(self) -> list[str]:
        return [name for name, _params in self.events()]


class FillTests(FillingCase):
    def test_a_text_field_gets_one_input_and_its_change_when_the_user_leaves(self) -> None:
        self.live_client.form("#profile").fill({"name": "Ann", "nick": "a"})
        self.assertEqual(
            self.events(),
            [
                ("entered", {"value": "", "field": "name"}),  # focus
                ("typed", {"value": "Ann", "field": "name"}),  # dj-input: the whole value
                ("validate", {"value": "Ann", "field": "name"}),  # leaving it: change, then blur
                ("left", {"value": "Ann", "field": "name"}),
            ],
        )
        # The last field keeps focus: its change waits until the user leaves it.
        self.assertEqual(self.live_client.element("#nick").value, "a")
        self.live_client.element("#ping").click()
        self.assertEqual(self.names()[-2:], ["validate", "ping"])
        self.assertEqual(self.events()[-2][1], {"value": "a", "field": "nick"})

    def test_a_checkbox_select_and_radio_send_input_and_change_at_once(self) -> None:
        self.live_client.form("#profile").fill({"news": True, "plan": "pro", "size": "m"})
        self.assertEqual(
            self.events(),
            [
                ("ticked", {"value": "on", "field": "news"}),
                ("validate", {"value": True, "field": "news"}),
                ("picked", {"value": "pro", "field": "plan"}),
                ("validate", {"value": "pro", "field": "plan"}),
                ("validate", {"value": "m", "field": "size"}),
            ],
        )
        self.assertTrue(self.live_client.element("#news").checked)
        self.assertEqual(self.live_client.element("#plan").value, "pro")

    def test_what_is_already_entered_is_not_clicked_again(self) -> None:
        # The plan is "free", the size "s", the box unticked: nothing to click.
        self.assertIsNone(
            self.live_client.form("#profile").fill({"plan": "free", "size": "s", "news": False})
        )
        self.assertEqual(self.events(), [])

    def test_a_multiple_select_takes_a_click_per_option(self) -> None:
        # From A: a click on B (then only B), a Ctrl+click on C.
        self.live_client.form("#profile").fill({"tags": ["b", "c"]})
        self.assertEqual(
            self.events(),
            [
                ("validate", {"value": "b", "field": "tags"}),
                ("validate", {"value": "b", "field": "tags"}),
            ],
        )
        self.assertEqual(self.live_client.element("#tags").selected, ["b", "c"])
        # None: a Ctrl+click on each selected option.
        self.live_client.form("#profile").fill({"tags": []})
        self.assertEqual(
            self.events()[2:],
            [
                ("validate", {"value": "c", "field": "tags"}),
                ("validate", {"value": "", "field": "tags"}),
            ],
        )

    def test_a_range_sends_input_and_change(self) -> None:
        self.live_client.form("#profile").fill({"volume": 7})
        self.assertEqual(self.events(), [("validate", {"value": "7", "field": "volume"})])

    def test_a_blur_debounced_input_goes_after_the_change(self) -> None:
        # dj-debounce="blur" holds the dj-input until the field loses focus,
        # and blur comes after change.
        self.live_client.form("#profile").fill({"email": "a@b.c", "nick": "x"})
        self.assertEqual(
            self.events(),
            [
                ("validate", {"value": "a@b.c", "field": "email"}),
                ("typed_email", {"value": "a@b.c", "field": "email"}),
            ],
        )

    def test_the_click_into_a_field_and_its_keys_fire_their_bindings(self) -> None:
        self.live_client.form("#inline").fill({"title": "ab"})
        self.assertEqual(
            self.events(),
            [
                ("row_clicked", {}),  # the click into the field, inside the row's dj-click
                ("key", {"key": "a", "code": "KeyA", "value": "", "field": "title"}),
                ("key_up", {"key": "a", "code": "KeyA", "value": "a", "field": "title"}),
                ("key", {"key": "b", "code": "KeyB", "value": "a", "field": "title"}),
                ("key_up", {"key": "b", "code": "KeyB", "value": "ab", "field": "title"}),
            ],
        )

    def test_retyping_the_same_text_sends_no_change(self) -> None:
        self.live_client.form("#profile").fill({"nick": "same"})
        self.live_client.element("#ping").click()
        self.live_client.form("#profile").fill({"nick": "same"})
        self.live_client.element("#ping").click()
        self.assertEqual(self.names(), ["validate", "ping", "ping"])

    def test_the_envelope_of_the_last_event_is_returned(self) -> None:
        result = self.live_client.form("#profile").fill({"name": "Ann"})
        assert result is not None
        self.assertEqual(result["state_after"]["events"][-1][0], "typed")
        # Fields without bindings send nothing.
        self.assertIsNone(self.live(FillView).form("#two").fill({"first": "x"}))

    def test_fill_takes_the_forms_data_too(self) -> None:
        self.live_client.form("#profile", {"plan": "pro"}).fill()
        self.assertEqual(self.names(), ["picked", "validate"])


class FillRefusalTests(FillingCase):
    def test_every_entry_is_checked_before_any_event_is_sent(self) -> None:
        with self.assertRaisesMessage(
            DomEventError, "has no field named 'missing'; its fields: name (text), nick (text)"
        ):
            self.live_client.form("#profile").fill({"name": "x", "missing": 1})
        self.assertEqual(self.events(), [])
        self.assertEqual(self.live_client.element("#name").value, "")

    def test_a_checkbox_whose_click_a_dj_click_takes_cannot_be_ticked(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            'dj-click on <div dj-click="boxed"><input type="checkbox" name="locked"></div> takes '
            'the click on <input type="checkbox" name="locked">: the browser cancels the click, '
            "so a user cannot tick it",
        ):
            self.live_client.form("#boxed").fill({"locked": True})
        self.assertFalse(self.live_client.element("#boxed input").checked)

    def test_fill_needs_data(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, ".fill() needs the fields to fill"):
            self.live_client.form("#profile").fill()

    def test_fill_on_something_that_is_not_a_form(self) -> None:
        with self.assertRaisesMessage(DomEventError, 'form() needs a <form>, got <ol id="log">'):
            self.live_client.form("#log").fill({"x": "y"})


class EnterTests(FillingCase):
    def test_enter_sends_the_fields_change_then_the_submit(self) -> None:
        self.live_client.form("#profile").fill({"name": "Bo"})
        result = self.live_client.form("#profile").submit(enter="name")
        self.assertEqual(self.names(), ["entered", "typed", "validate", "save"])
        self.assertEqual(self.events()[2][1], {"value": "Bo", "field": "name"})
        self.assertEqual(self.events()[3][1]["name"], "Bo")
        assert result is not None
        self.assertEqual(result["state_after"]["events"][-1][0], "save")
        # The change fired with Enter: leaving the field now sends only its blur.
        self.live_client.element("#ping").click()
        self.assertEqual(self.names()[-2:], ["left", "ping"])

    def test_the_submit_goes_through_the_default_button(self) -> None:
        self.live_client.form("#profile", {"name": "Bo"}).submit(enter="name")
        self.assertEqual(self.live_client.last_action.sent["params"]["_target"], "go")  # type: ignore[index]

    def test_enter_in_another_field_first_leaves_the_one_typed_in(self) -> None:
        self.live_client.form("#profile", {"name": "Bo"}).submit(enter="nick")
        self.assertEqual(self.names(), ["entered", "typed", "validate", "left", "save"])

    def test_enter_without_typing_sends_no_change(self) -> None:
        self.live_client.form("#profile").submit(enter="nick")
        self.assertEqual(self.names(), ["save"])

    def test_the_keys_bindings_fire_around_the_submit(self) -> None:
        self.live_client.form("#inline", {"title": "x"}).submit(enter="title")
        self.assertEqual(self.names(), ["row_clicked", "key", "key_up", "key", "rename", "key_up"])
        self.assertEqual(self.events()[3][1]["key"], "Enter")

    def test_a_form_with_one_field_and_no_button_submits(self) -> None:
        self.live_client.form("#search", {"q": "lamp"}).submit(enter="q")
        self.assertEqual(
            self.events(), [("refine", {"value": "lamp", "field": "q"}), ("search", {"q": "lamp"})]
        )

    def test_declining_the_submits_confirm_still_sends_the_change(self) -> None:
        self.assertIsNone(
            self.live_client.form("#search", {"q": "lamp"}).submit(enter="q", confirm=False)
        )
        self.assertEqual(self.names(), ["refine"])

    def test_a_field_typed_in_before_counts(self) -> None:
        self.live_client.element("#name").input("Cy")
        self.live_client.form("#profile").submit(enter="name")
        self.assertEqual(self.names(), ["entered", "typed", "validate", "save"])


class EnterRefusalTests(FillingCase):
    def test_two_text_fields_and_no_button(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            "has no submit button and 2 text fields: pressing Enter does not submit it",
        ):
            self.live_client.form("#two", {"first": "x"}).submit(enter="first")
        self.assertEqual(self.live_client.element("#two input[name=first]").value, "")

    def test_a_textarea(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            'Enter in <textarea id="bio" name="bio"></textarea> starts a new line; it does not '
            "submit the form",
        ):
            self.live_client.form("#profile").submit(enter="bio")

    def test_a_select(self) -> None:
        with self.assertRaisesMessage(DomEventError, "does nothing in Chromium: no submit"):
            self.live_client.form("#profile").submit(enter="plan")

    def test_a_field_the_form_lacks(self) -> None:
        with self.assertRaisesMessage(
            DomEventError, "has no field named 'title' to press Enter in; its fields: name (text)"
        ):
            self.live_client.form("#profile").submit(enter="title")

    def test_enter_and_submitter_together(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError, "submit() takes submitter= (the button clicked) or enter="
        ):
            self.live_client.form("#profile").submit(enter="name", submitter="#save")

    def test_enter_takes_a_field_name(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError, "enter= takes the name of a field of the form, got 3"
        ):
            self.live_client.form("#profile").submit(enter=3)  # type: ignore[arg-type]


class FocusTests(FillingCase):
    def test_clicking_elsewhere_sends_the_typed_fields_change_and_blur_first(self) -> None:
        self.live_client.element("#name").input("zz")
        self.live_client.element("#ping").click()
        self.assertEqual(self.names(), ["entered", "typed", "validate", "left", "ping"])

    def test_a_click_on_an_element_that_takes_no_focus_leaves_the_field_too(self) -> None:
        self.live_client.element("#name").input("zz")
        self.live_client.element("#panel").click()
        self.assertEqual(self.names(), ["entered", "typed", "validate", "left", "panel"])
        # Focus went to the body: clicking the field again focuses it again.
        self.live_client.element("#name").input("zzz")
        self.assertEqual(self.names()[-2:], ["entered", "typed"])

    def test_a_submit_button_clicked_leaves_the_field_first(self) -> None:
        self.live_client.form("#profile", {"name": "Bo"}).submit(submitter="#save")
        self.assertEqual(self.names(), ["entered", "typed", "validate", "left", "save"])

    def test_change_commits_the_text(self) -> None:
        self.live_client.element("#q").change("desk")
        self.live_client.element("#ping").click()
        self.assertEqual(self.names(), ["refine", "ping"])

    def test_blur_sends_the_pending_change_first(self) -> None:
        self.live_client.element("#name").input("q")
        self.live_client.element("#name").blur()
        self.assertEqual(self.names(), ["entered", "typed", "validate", "left"])

    def test_blurring_an_element_without_focus_focuses_it_first(self) -> None:
        self.live_client.element("#name").blur()
        self.assertEqual(self.names(), ["entered", "left"])

    def test_a_field_the_page_reset_sends_no_change_when_left(self) -> None:
        live = self.live(NoteView)
        live.form("#note", {"body": "first"}).submit(enter="body")
        self.assertEqual(live.element("#body").value, "")  # reset_form
        live.element("#ping").click()
        self.assertEqual(live.get_state()["events"], ["validate first", "posted", "ping"])

    def test_focus_on_the_focused_element_fires_nothing(self) -> None:
        self.live_client.element("#name").focus()
        with self.assertRaisesMessage(
            DomEventError,
            '<input id="name" name="name" dj-input="typed" dj-focus="entered" dj-blur="left"> '
            "has focus already: a browser fires no focus event",
        ):
            self.live_client.element("#name").focus()
        self.assertEqual(self.names(), ["entered"])


class ChangeTests(FillingCase):
    def test_a_text_fields_change_leaves_the_field(self) -> None:
        self.live_client.element("#name").change("Ann")
        self.assertEqual(self.names(), ["entered", "validate", "left"])
        self.live_client.element("#name").input("Anne")  # a click into it focuses it again
        self.assertEqual(self.names()[-2:], ["entered", "typed"])

    def test_the_value_the_server_renders_shows_once_the_user_left(self) -> None:
        live = self.live(CodeView)
        live.element("#code").change("ab")
        self.assertEqual(live.element("#code").value, "AB")

    def test_while_the_user_types_the_field_keeps_their_text(self) -> None:
        live = self.live(CodeView)
        live.element("#code").input("ab")
        self.assertEqual(live.element("#code").value, "ab")
        self.assertIn('value="AB"', live.render())

    def test_the_text_the_field_holds_is_refused(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            '<input id="name" name="name" dj-input="typed" dj-focus="entered" dj-blur="left"> '
            "holds '' already: a browser fires no change event when the value ends as it was",
        ):
            self.live_client.element("#name").change("")
        self.assertEqual(self.events(), [])

    def test_text_typed_back_to_what_it_was_is_refused(self) -> None:
        self.live_client.element("#name").input("zz")
        with self.assertRaisesMessage(DomEventError, "holds '' already"):
            self.live_client.element("#name").change("")
        self.assertEqual(self.names(), ["entered", "typed"])

    def test_the_text_the_page_put_in_the_focused_field_is_refused(self) -> None:
        live = self.live(NoteView)
        live.form("#note", {"body": "first"}).submit(enter="body")  # reset_form empties it
        with self.assertRaisesMessage(DomEventError, "holds '' already"):
            live.element("#body").change("")
        live.element("#body").change("first")  # other text than the page's: a change
        self.assertEqual(live.get_state()["events"], ["validate first", "posted", "validate first"])

    def test_the_option_selected_already_is_refused(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            "holds 'free' already: a browser fires no change event when the value ends as it was",
        ):
            self.live_client.element("#plan").change("free")
        self.live_client.element("#plan").change("pro")
        self.assertEqual(self.names(), ["validate"])


class StepTests(FillingCase):
    """What one call does is one step: ``last_action`` holds all it sent, named after its aim."""

    def test_a_change_that_leaves_the_field_is_one_action_named_after_the_change(self) -> None:
        self.live_client.element("#name").change("Ann")
        action = self.live_client.last_action
        self.assertEqual((action.kind, action.name), ("event", "validate"))
        self.assertEqual(
            [frame["event"] for frame in action.sent_frames], ["entered", "validate", "left"]
        )
        self.assertEqual(action.sent, action.sent_frames[1])
        self.assertEqual(len(action.frames_of("patch")), 3)

    def test_enter_is_named_after_the_submit(self) -> None:
        self.live_client.form("#inline", {"title": "x"}).submit(enter="title")
        action = self.live_client.last_action
        self.assertEqual(action.name, "rename")
        self.assertEqual(
            [frame["event"] for frame in action.sent_frames],
            ["row_clicked", "key", "key_up", "key", "rename", "key_up"],
        )

    def test_an_exchange_alone_has_no_parts(self) -> None:
        self.live_client.element("#ping").click()
        action = self.live_client.last_action
        self.assertEqual(action.parts, [])
        self.assertEqual(action.sent_frames, [action.sent])

    def test_the_steps_assertions_see_every_part(self) -> None:
        live = self.live(CodeView)
        live.element("#code").input("ab")
        live.element("#code").change("abc")  # focused already: the change, then the blur
        live.assert_push_event("normalized", {"code": "ABC"})
        self.assertEqual(
            [frame["event"] for frame in live.last_action.sent_frames], ["normalize", "left"]
        )
        live.element("#code").blur()  # focuses it first: the blur alone is its step's main
        with self.assertRaisesMessage(AssertionError, "normalized"):
            live.assert_push_event("normalized")
