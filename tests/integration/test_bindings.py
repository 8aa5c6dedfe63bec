"""What djust's client binds besides events: dj-model, dj-poll, hooks, debounce and throttle."""

from __future__ import annotations

from typing import Any

from djust_testing import (
    DjustTestingError,
    DomEventError,
    LiveViewTestCase,
    ModelBindingRefusedError,
    NoHandlerFoundError,
)
from tests.views.bindings import (
    AllowedModelView,
    HookView,
    ModelView,
    NoPollView,
    PollView,
    RateView,
)
from tests.views.components import ParentView


def sent(live: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every event the page sent, oldest first (the mount left out)."""
    return [(e["name"], e["params"]) for e in live.get_event_history() if e["type"] == "event"]


class ModelTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(ModelView)

    def test_typing_sends_update_model_and_djust_answers_noop(self) -> None:
        result = self.live_client.element("#q").input("hello")
        assert result is not None
        self.assertEqual(
            self.live_client.last_action.sent,
            {
                "type": "event",
                "event": "update_model",
                "params": {"field": "q", "value": "hello"},
                "ref": 1,
            },
        )
        self.assertEqual(
            self.live_client.last_action.frames,
            [{"type": "noop", "source": "event", "event_name": "update_model", "ref": 1}],
        )
        self.assertEqual(result["state_after"]["q"], "hello")
        # No render: the page keeps what was typed, the text shows it on the next render.
        self.assertEqual(self.live_client.element("#q").value, "hello")
        self.assertEqual(self.live_client.element("#echo").text, "|0|False|")
        # A handler that changes nothing answers noop: dj-model's change made no render.
        self.live_client.element("#nothing").click()
        self.assertEqual(self.live_client.last_action.frames[0]["type"], "noop")
        self.assertEqual(self.live_client.element("#echo").text, "|0|False|")
        self.live_client.element("#show").click()
        self.assertEqual(self.live_client.element("#echo").text, "hello|0|False|")

    def test_djust_converts_to_the_fields_type(self) -> None:
        self.live_client.element("#age").input("42")
        self.live_client.assert_state(age=42)

    def test_a_checkbox_sends_twice_a_lazy_one_once(self) -> None:
        self.live_client.element("#ok").change()
        self.assertEqual(
            sent(self.live_client),
            [("update_model", {"field": "ok", "value": True})] * 2,
        )
        self.live_client.assert_state(ok=True)
        allowed = self.live(AllowedModelView)
        allowed.element("#lazy-ok").change()
        self.assertEqual(sent(allowed), [("update_model", {"field": "lazy_ok", "value": True})])
        allowed.assert_state(lazy_ok=True)

    def test_a_select_a_multiple_select_and_radios(self) -> None:
        self.live_client.element("#cat").change("b")
        self.live_client.element("#tags").change("y")
        self.live_client.element('#sizes input[value="m"]').change()
        self.assertEqual(
            sent(self.live_client),
            [
                ("update_model", {"field": "cat", "value": "b"}),
                ("update_model", {"field": "tags", "value": ["y"]}),
                ("update_model", {"field": "size", "value": "m"}),
                ("update_model", {"field": "size", "value": "m"}),
            ],
        )
        self.live_client.assert_state(cat="b", tags=["y"], size="m")

    def test_dj_model_goes_before_the_fields_dj_input(self) -> None:
        self.live_client.element("#both").input("x")
        self.assertEqual(
            sent(self.live_client),
            [
                ("update_model", {"field": "both", "value": "x"}),
                ("echo", {"value": "x", "field": "both", "_target": "both"}),
            ],
        )
        self.live_client.assert_state(both="x", echoed="x")

    def test_filling_a_form_in_sends_dj_model(self) -> None:
        self.live_client.form("#sizes").fill({"size": "s"})
        self.live_client.assert_state(size="s")

    def test_allowed_model_fields_admits_a_lazy_binding(self) -> None:
        live = self.live(AllowedModelView)
        live.element("#ratio").change("2.5")
        live.assert_state(ratio=2.5)

    def test_update_model_sent_by_hand_is_checked_the_same_way(self) -> None:
        self.live_client.send_event("update_model", field="q", value="typed")
        self.live_client.assert_state(q="typed")


class ModelRefusalTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(ModelView)

    def refused(self, action: Any) -> str:
        with self.assertRaises(ModelBindingRefusedError) as raised:
            action()
        return str(raised.exception)

    def test_a_lazy_binding_is_refused_by_djusts_allowlist(self) -> None:
        message = self.refused(lambda: self.live_client.element("#ratio").change("2.5"))
        self.assertEqual(
            message,
            "djust refused to set ModelView.ratio from dj-model: Blocked attempt to set 'ratio' "
            "on ModelView: not bound via dj-model in the rendered template and not in "
            "allowed_model_fields (mass-assignment guard). djust only logs this and answers "
            "noop, so in production the page keeps what the user typed while ModelView.ratio "
            "keeps its value. djust reads the fields a page may set from the view's template "
            'source: only a literal dj-model="ratio" there (its includes and extends too) '
            "counts. A binding written dj-model.lazy or dj-model.debounce-N, made with {{ }}, "
            "or rendered by a component or an embedded view does not; list the field in the "
            "view's allowed_model_fields to allow it.",
        )
        self.live_client.assert_state(ratio=1.0)

    def test_a_debounced_binding_too(self) -> None:
        message = self.refused(lambda: self.live_client.element("#slow").input("zz"))
        self.assertIn("Blocked attempt to set 'slow'", message)

    def test_a_binding_made_with_a_template_expression(self) -> None:
        message = self.refused(lambda: self.live_client.element("#dynamic").input("x"))
        self.assertIn("refused to set ModelView.secret", message)
        self.live_client.assert_state(secret="s")

    def test_a_field_the_view_lacks(self) -> None:
        message = self.refused(lambda: self.live_client.element("#missing").input("x"))
        self.assertIn("Field 'nowhere' does not exist on ModelView. djust only logs this", message)
        self.assertIn("Give ModelView the attribute 'nowhere' in mount().", message)

    def test_a_value_djust_cannot_convert(self) -> None:
        message = self.refused(
            lambda: self.live_client.send_event("update_model", field="age", value="abc")
        )
        self.assertIn("Could not coerce 'abc' to int for field 'age'", message)
        self.assertIn(
            "keeps its value. djust converts the value to the type of the field's current value "
            "(bool, int, float), and a browser sends a field's text as a str.",
            message,
        )
        self.live_client.assert_state(age=0)

    def test_a_private_field(self) -> None:
        result = self.live_client.send_event(
            "update_model", raise_errors=False, field="_secret", value="x"
        )
        self.assertFalse(result["success"])
        self.assertEqual(
            result["error"],
            "ModelBindingRefusedError: djust refused to set ModelView._secret from dj-model: "
            "Blocked attempt to set private field: _secret. djust only logs this and answers "
            "noop, so in production the page keeps what the user typed while ModelView._secret "
            "keeps its value.",
        )

    def test_a_binding_in_a_components_template_reaches_the_view_and_is_refused(self) -> None:
        message = self.refused(lambda: self.live_client.element(".nick").input("bo"))
        self.assertIn("refused to set ModelView.nick", message)
        self.assertIn(
            "dj-model sends no component_id or view_id (20-model-binding.js): although "
            '<input class="nick" dj-model="nick" value="ann"> is inside data-component-id=',
            message,
        )

    def test_a_binding_in_an_embedded_view_reaches_the_page_view(self) -> None:
        live = self.live(ParentView)
        with self.assertRaises(ModelBindingRefusedError) as raised:
            live.element("#second .note").input("hi")
        self.assertIn("refused to set ParentView.note", str(raised.exception))
        self.assertIn("inside data-djust-embedded='pinned'", str(raised.exception))
        live.child("pinned").assert_state(note="")

    def test_change_on_a_field_that_syncs_on_input(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            'has no dj-change (nor has any ancestor); its dj-model="q" syncs on input events, '
            "so a user updates it by typing: use input()",
        ):
            self.live_client.element("#q").change("x")


class PollTests(LiveViewTestCase):
    def test_each_poll_fires_once_with_its_typed_params_and_no_args(self) -> None:
        live = self.live(PollView)
        live.poll()
        self.assertEqual(sent(live), [("tick", {"page": 3, "kind": "k"}), ("refresh", {})])
        live.assert_state(ticks=1, refreshed=1)
        self.assertEqual(live.element("#ticks").text, "1")
        self.assertIn("ref", live.last_action.sent or {})

    def test_its_binding_has_the_interval(self) -> None:
        live = self.live(PollView)
        self.assertEqual(live.element("#clock").binding("poll").interval, 700)
        self.assertEqual(live.element("#slow").binding("poll").interval, 5000)

    def test_the_poll_binding_of_an_element_without_one(self) -> None:
        live = self.live(PollView)
        with self.assertRaisesMessage(
            DomEventError, '<p id="ticks">0</p> has no dj-poll; it has no dj-* binding'
        ):
            live.element("#ticks").binding("poll")
        with self.assertRaisesMessage(
            DomEventError,
            '<div id="off" dj-poll></div> has an empty dj-poll, which djust binds to nothing; its '
            'bindings: dj-poll=""',
        ):
            live.element("#off").binding("poll")

    def test_a_page_without_a_poll(self) -> None:
        live = self.live(NoPollView)
        with self.assertRaisesMessage(
            DomEventError,
            'poll() found no dj-poll binding on the page (an element with dj-poll="handler"); '
            'these have an empty one, which djust binds to nothing: <div id="off" dj-poll></div>',
        ):
            live.poll()


class HookTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(HookView)

    def test_push_hook_event_sends_the_payload_without_a_ref(self) -> None:
        self.live_client.element("#chart").push_hook_event("hooked", {"a": 1})
        self.assertEqual(
            self.live_client.last_action.sent,
            {"type": "event", "event": "hooked", "params": {"a": 1}},
        )
        frames = self.live_client.last_action.frames
        self.assertEqual([f["type"] for f in frames], ["patch"])
        self.assertNotIn("ref", frames[0])
        self.live_client.assert_state(last={"a": 1})
        self.assertEqual(self.live_client.element("#last").text, "{'a': 1}")

    def test_no_payload_is_an_empty_object(self) -> None:
        self.live_client.element("#map").push_hook_event("hooked", hook="Map")
        self.assertEqual((self.live_client.last_action.sent or {})["params"], {})

    def test_an_element_without_a_hook_names_the_hooks_there_are(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            '<p id="plain">plain</p> has no dj-hook, so no hook of it can push an event. Hooks '
            'on the page: Chart on <canvas id="chart" dj-hook="Chart"></canvas>, Map on '
            '<div id="map" dj-hook="Map"></div>',
        ):
            self.live_client.element("#plain").push_hook_event("hooked")

    def test_another_hooks_name(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            '<canvas id="chart" dj-hook="Chart"></canvas> has dj-hook="Chart", not \'Map\'. Hooks '
            'on the page: Chart on <canvas id="chart" dj-hook="Chart"></canvas>, Map on '
            '<div id="map" dj-hook="Map"></div>',
        ):
            self.live_client.element("#chart").push_hook_event("hooked", hook="Map")

    def test_a_payload_that_is_not_an_object(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            "push_hook_event() takes the payload as a dict (the object pushEvent sends as the "
            "event's params), got list [1]: djust turns the params into a dict and answers "
            "anything else with an error",
        ):
            self.live_client.element("#chart").push_hook_event("hooked", [1])  # type: ignore[arg-type]

    def test_the_event_name_must_be_a_str(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "takes the event's name as a str"):
            self.live_client.element("#chart").push_hook_event(None)  # type: ignore[arg-type]

    def test_a_hook_in_an_embedded_view_reaches_the_page_view(self) -> None:
        live = self.live(ParentView)
        with self.assertRaises(NoHandlerFoundError) as raised:
            live.element("#second .hooked").push_hook_event("bump")
        self.assertIn("ParentView has no handler for event 'bump'.", str(raised.exception))
        self.assertIn(
            "A hook's pushEvent sends no component_id or view_id (19-hooks.js): although",
            str(raised.exception),
        )
        result = live.element("#second .hooked").push_hook_event("parent_bump")
        self.assertEqual(result["state_after"]["m"], 1)


class RateLimitTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(RateView)

    def limits(self, selector: str, kind: str = "input") -> tuple[Any, Any]:
        binding = self.live_client.element(selector).binding(kind)
        return binding.debounce, binding.throttle

    def test_djusts_defaults_for_dj_input(self) -> None:
        self.assertEqual(self.limits("#search"), (300, None))
        self.assertEqual(self.limits("#notes"), (300, None))
        self.assertEqual(self.limits("#date"), (300, None))
        self.assertEqual(self.limits("#qty"), (None, 100))
        self.assertEqual(self.limits("#vol"), (None, 150))
        self.assertEqual(self.limits("#box"), (None, None))

    def test_the_elements_own_limits(self) -> None:
        self.assertEqual(self.limits("#slow"), (500, None))
        self.assertEqual(self.limits("#zero"), (0, None))
        self.assertEqual(self.limits("#held"), ("blur", None))
        self.assertEqual(self.limits("#fast"), (None, 50))
        self.assertEqual(self.limits("#legacy"), (200, None))
        self.assertEqual(self.limits("#save", "click"), (None, 1000))
        self.assertEqual(self.limits("#nodebounce", "click"), (None, None))
        self.assertEqual(self.limits("#plain", "click"), (None, None))
        self.assertEqual(self.limits("#pick", "change"), ("blur", None))

    def test_the_binding_says_what_it_sends(self) -> None:
        binding = self.live_client.element("#search").binding("input")
        self.assertEqual(
            (binding.event, binding.params, binding.attribute),
            ("search", {"value": "", "field": "q", "_target": "q"}, "dj-input"),
        )
        self.assertEqual(self.live_client.element("#save").binding("click").params, {"id": 4})
        key = self.live_client.element("#keys").binding("keydown", key="Enter")
        self.assertEqual(
            (key.event, key.attribute, key.debounce), ("save", "dj-keydown.enter", 250)
        )

    def test_the_handlers_own_rate_limit_from_the_mount_frame(self) -> None:
        self.assertEqual(
            self.live_client.element("#search").binding("input").handler_rate_limit,
            {"debounce": {"wait": 0.5, "max_wait": 2.0}},
        )
        self.assertEqual(
            self.live_client.element("#wheel").binding("input").handler_rate_limit,
            {"throttle": {"interval": 1.0, "leading": True, "trailing": False}},
        )
        self.assertIsNone(self.live_client.element("#save").binding("click").handler_rate_limit)

    def test_input_on_a_debounced_field_sends_one_event(self) -> None:
        self.live_client.element("#search").input("lamp")
        self.assertEqual(
            sent(self.live_client), [("search", {"value": "lamp", "field": "q", "_target": "q"})]
        )
        self.live_client.assert_state(terms=["lamp"])

    def test_a_field_held_until_blur_sends_when_it_loses_focus(self) -> None:
        self.assertIsNone(self.live_client.element("#held").input("abc"))
        self.live_client.assert_state(terms=[])
        self.live_client.element("#held").blur()
        self.live_client.assert_state(terms=["abc"])

    def test_submitting_the_form_sends_a_held_field_first(self) -> None:
        self.live_client.element("#inner").input("xyz")
        self.live_client.assert_state(terms=[])
        self.live_client.form("#f").submit()
        self.assertEqual([name for name, _ in sent(self.live_client)], ["search", "save"])
        self.live_client.assert_state(terms=["xyz"], saved=1)

    def test_a_binding_the_element_lacks_names_the_ones_it_has(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            "cannot be typed into by a user: input events fire on input, select, textarea and "
            'contenteditable elements; its bindings: dj-click="save"',
        ):
            self.live_client.element("#save").binding("input")

    def test_an_unknown_event_type(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            "binding() takes an event type: one of click, input, change, submit, keydown, keyup, "
            "focus, blur, poll, got 'hover'",
        ):
            self.live_client.element("#save").binding("hover")

    def test_a_key_binding_needs_the_key(self) -> None:
        with self.assertRaisesMessage(DomEventError, "binding('keydown') needs key="):
            self.live_client.element("#keys").binding("keydown")
