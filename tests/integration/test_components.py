"""LiveComponents: live.component(...) and LiveComponentTestClient, on djust's routing."""

from __future__ import annotations

from django.test import override_settings

from djust_testing import (
    ConnectionClosedError,
    DjustTestingError,
    ElementNotFoundError,
    EventRejectedError,
    LiveComponentTestClient,
    LiveViewTestCase,
    MountError,
    NoHandlerFoundError,
    NotMountedError,
)
from tests.views.components import (
    BadgeView,
    ComponentHostView,
    Counter,
    MixedView,
    RustButtonView,
    Toggle,
)

COUNTER = "#label + div"


class ComponentHandleTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(ComponentHostView)

    def test_found_by_the_attribute_holding_it_or_by_its_id(self) -> None:
        counter = self.live_client.component("counter")
        self.assertRegex(counter.component_id, r"^counter_[0-9a-f]{8}$")
        self.assertEqual(repr(counter), "<ComponentHandle 'counter'>")
        by_id = self.live_client.component(counter.component_id)
        self.assertIs(by_id.instance, self.live_client.view_instance.counter)
        self.assertEqual(
            self.live_client.component("pinned-counter").component_id, "pinned-counter"
        )

    def test_its_state_and_render(self) -> None:
        counter = self.live_client.component("counter")
        self.assertEqual(counter.get_state(), {"count": 5})
        counter.assert_state(count=5)
        self.assertEqual(
            counter.render(),
            f'<div data-component-id="{counter.component_id}"><div class="counter">'
            '<span class="count">5</span><button class="inc" dj-click="inc">+</button>'
            '<button class="step" dj-click="step" data-by:int="5">+5</button></div></div>',
        )

    def test_send_event_goes_with_the_component_id_as_the_browser_sends_it(self) -> None:
        counter = self.live_client.component("counter")
        result = counter.send_event("step", by=3)
        self.assertEqual(
            self.live_client.last_action.sent,
            {
                "type": "event",
                "event": "step",
                "params": {"by": 3, "component_id": counter.component_id},
                "ref": 1,
            },
        )
        self.assertEqual(result["state_after"]["counter"], {"count": 8})
        # A legacy component's event answers with the page's full HTML (runtime.py).
        self.assertEqual([f["type"] for f in self.live_client.last_action.frames], ["html_update"])
        self.assertEqual(self.live_client.element(f"{COUNTER} .count").text, "8")
        counter.assert_state(count=8)

    def test_a_component_id_the_test_passes_is_the_browsers(self) -> None:
        counter = self.live_client.component("pinned-counter")
        counter.send_event("inc", component_id="something-else")
        self.assertEqual(
            (self.live_client.last_action.sent or {})["params"], {"component_id": "pinned-counter"}
        )
        counter.assert_state(count=2)

    def test_a_click_inside_the_component_routes_the_same_way(self) -> None:
        counter = self.live_client.component("counter")
        self.live_client.element(f"{COUNTER} .step").click()
        self.assertEqual(
            (self.live_client.last_action.sent or {})["params"],
            {"by": 5, "component_id": counter.component_id},
        )
        counter.assert_state(count=10)

    def test_a_change_without_trigger_update_leaves_the_page_as_it_was(self) -> None:
        """djust compares a legacy component by identity: without trigger_update() its
        ``{{ counter }}`` is not re-rendered, although an html_update is sent."""
        counter = self.live_client.component("counter")
        counter.send_event("inc_silently")
        counter.assert_state(count=6)
        self.assertEqual(self.live_client.element(f"{COUNTER} .count").text, "5")

    def test_send_parent_reaches_the_views_handle_component_event(self) -> None:
        self.live_client.component("counter").send_event("tell_parent")
        self.live_client.assert_state(label="counted: 5")
        self.assertEqual(self.live_client.element("#label").text, "counted: 5")

    def test_a_class_level_component(self) -> None:
        toggle = self.live_client.component("toggle")
        self.assertEqual(toggle.component_id, "toggle")
        toggle.assert_state(on=True)
        toggle.send_event("flip")
        toggle.assert_state(on=False)
        # Only its own slot changed: djust patches its subtree (runtime.py, ADR-032).
        self.assertEqual([f["type"] for f in self.live_client.last_action.frames], ["patch"])
        self.assertEqual(self.live_client.element("#toggle .flip").text, "False")

    def test_meta_event_with_and_without_the_component_id(self) -> None:
        toggle = self.live_client.component("toggle")
        toggle.send_event("toggled")
        toggle.assert_state(on=False)
        self.live_client.send_event("toggled", component_id="toggle")
        toggle.assert_state(on=True)

    def test_the_handle_follows_the_attribute_when_a_handler_replaces_the_component(self) -> None:
        counter = self.live_client.component("counter")
        old_id = counter.component_id
        self.live_client.send_event("replace_counter")
        self.assertNotEqual(counter.component_id, old_id)
        counter.assert_state(count=50)
        counter.send_event("inc")
        counter.assert_state(count=51)

    def test_a_template_name_component_with_its_own_wrapper(self) -> None:
        wrapped = self.live_client.component("wrapped")
        self.live_client.element(".wrapped-bump").click()
        wrapped.assert_state(count=2)
        self.assertEqual(self.live_client.element(".wrapped-count").text, "2")


class ComponentBesideAnEmbeddedViewTests(LiveViewTestCase):
    def test_the_page_after_a_component_event_is_the_one_djust_sent(self) -> None:
        """djust's component route arms its recovery HTML with the extracted dj-root content;
        extracted again, it would be the embedded view's. The page is what the frame carried."""
        live = self.live(MixedView)
        live.element(".counter .inc").click()
        self.assertEqual(live.element(".counter .count").text, "1")
        live.element("#embedded .bump").click()
        self.assertEqual(live.element("#embedded .n").text, "2")
        live.element(".counter .inc").click()
        self.assertEqual(live.element(".counter .count").text, "2")


class ComponentRefusalTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(ComponentHostView)

    def test_an_unknown_component_lists_the_known_ones(self) -> None:
        with self.assertRaises(DjustTestingError) as raised:
            self.live_client.component("nope")
        message = str(raised.exception)
        self.assertIn("ComponentHostView has no component 'nope'", message)
        self.assertIn("'toggle' (Toggle), 'counter_", message)
        self.assertIn("(Counter, self.counter)", message)

    def test_a_component_id_djust_does_not_know(self) -> None:
        with self.assertRaises(EventRejectedError) as raised:
            self.live_client.send_event("inc", component_id="ghost")
        self.assertEqual(raised.exception.reason, "Component not found: ghost")
        self.assertIn(
            "djust refused 'inc': ComponentHostView has no component 'ghost' (djust: "
            "'Component not found: ghost'). Its components: 'toggle' (Toggle)",
            str(raised.exception),
        )

    def test_a_handler_the_component_lacks_lists_the_components_handlers(self) -> None:
        counter = self.live_client.component("counter")
        with self.assertRaises(NoHandlerFoundError) as raised:
            counter.send_event("relabel")
        self.assertEqual(
            str(raised.exception),
            f"Component Counter ({counter.component_id!r}) has no handler for event 'relabel'. "
            "Its event handlers: inc, inc_silently, step, tell_parent.",
        )

    def test_an_undecorated_method_of_the_component(self) -> None:
        counter = self.live_client.component("counter")
        with self.assertRaisesMessage(
            EventRejectedError,
            f"djust refused 'undecorated' on component Counter ({counter.component_id!r}): the "
            "method is not decorated with @event_handler",
        ):
            counter.send_event("undecorated")
        counter.assert_state(count=5)

    def test_a_class_level_components_handlers_are_its_classs(self) -> None:
        with self.assertRaisesMessage(
            NoHandlerFoundError,
            "Component Toggle ('toggle') has no handler for event 'flop'. Did you mean 'flip'? "
            "Its event handlers: flip, toggled.",
        ):
            self.live_client.component("toggle").send_event("flop")

    def test_raise_errors_false_returns_the_refusal(self) -> None:
        result = self.live_client.component("counter").send_event("nope", raise_errors=False)
        self.assertFalse(result["success"])
        self.assertIn("NoHandlerFoundError: Component Counter", str(result["error"]))

    def test_a_template_name_component_without_a_wrapper_cannot_get_events(self) -> None:
        bare = self.live_client.component("bare")
        with self.assertRaises(ElementNotFoundError) as raised:
            bare.send_event("bump")
        self.assertIn(
            f'The page shows no element with data-component-id="{bare.component_id}" (component '
            f"BareFileCounter ({bare.component_id!r})): its template "
            "('tests/components/bare_counter.html') renders no data-component-id wrapper",
            str(raised.exception),
        )
        bare.assert_state(count=1)

    def test_a_click_in_an_unwrapped_component_reaches_the_view_and_says_why(self) -> None:
        with self.assertRaises(NoHandlerFoundError) as raised:
            self.live_client.element(".bare-bump").click()
        message = str(raised.exception)
        self.assertIn("ComponentHostView has no handler for event 'bump'.", message)
        self.assertIn("BareFileCounter ('barefilecounter_", message)
        self.assertIn(
            "renders no data-component-id wrapper: djust wraps only a component's inline "
            "template, so the browser finds no component around the element and sends the "
            "event to the page's view. Wrap the template's content in "
            '<div data-component-id="{{ component_id }}">.',
            message,
        )

    def test_a_component_the_page_no_longer_shows(self) -> None:
        counter = self.live_client.component("counter")
        self.live_client.send_event("hide_counter")
        with self.assertRaisesMessage(
            ElementNotFoundError, "the page's template does not render it now"
        ):
            counter.render()
        with self.assertRaisesMessage(ElementNotFoundError, "cannot send it events"):
            counter.send_event("inc")

    def test_a_rust_component_is_no_live_component(self) -> None:
        live = self.live("/tracker/team/")
        with self.assertRaisesMessage(
            DjustTestingError,
            "self.save_button is a djust.rust_components.Button, a component djust renders in "
            "Rust, with no state and no events of its own: test the HTML it puts on the page. "
            "Note that djust's Button(id, label) passes its arguments to the compiled "
            "RustButton(text, variant, ...) in the wrong places: it renders the id as the "
            'button\'s text and the label as a class (Button("save", "Save") is <button '
            'type="button" class="btn btn-Save">save</button>)',
        ):
            live.component("save_button")
        self.assertEqual(live.element("button.btn").text, "save")  # what the page shows

    def test_a_stateless_component_is_no_live_component(self) -> None:
        live = self.live(BadgeView)
        self.assertEqual(live.element(".badge").text, "new")
        with self.assertRaisesMessage(
            DjustTestingError,
            "self.badge is a Badge, a stateless djust Component: djust routes no events to it "
            "(only a LiveComponent gets them); test the HTML it puts on the page.",
        ):
            live.component("badge")

    def test_djusts_rust_button_refuses_a_variant(self) -> None:
        with self.assertRaisesMessage(
            MountError,
            "RustButtonView could not be mounted: djust.rust_components.Button raised "
            "RustButton.__new__() got multiple values for argument 'variant'",
        ):
            self.live(RustButtonView)

    def test_the_key_must_be_a_str(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "component() takes the component's"):
            self.live_client.component(None)  # type: ignore[arg-type]

    def test_the_event_name_must_be_a_str(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "send_event() takes the event's name"):
            self.live_client.component("counter").send_event(3)  # type: ignore[arg-type]


class LiveComponentTestClientTests(LiveViewTestCase):
    def test_a_legacy_component_mounted_with_props(self) -> None:
        client = LiveComponentTestClient(Counter).mount(count=3)
        client.assert_state(count=3)
        self.assertIn('<span class="count">3</span>', client.render())
        self.assertTrue(client.render().startswith('<div data-component-id="counter_'))
        result = client.send_event("inc")
        self.assertEqual(result["state_after"]["component"], {"count": 4})
        client.assert_state(count=4)
        self.assertEqual(client.live.element(".count").text, "4")
        self.assertEqual(
            [(entry["type"], entry["name"]) for entry in client.get_event_history()],
            [("mount", None), ("event", "inc")],
        )

    def test_props_never_travel_in_the_url(self) -> None:
        client = LiveComponentTestClient(Counter).mount(count=3)
        self.assertEqual(client.live.url, "/")

    def test_the_component_id_the_props_give(self) -> None:
        client = LiveComponentTestClient(Counter).mount(component_id="mine", count=1)
        self.assertEqual(client.component_id, "mine")

    def test_a_class_level_component(self) -> None:
        client = LiveComponentTestClient(Toggle).mount(on=False)
        self.assertEqual(client.component_id, "component")
        client.send_event("flip")
        client.assert_state(on=True)
        self.assertEqual([f["type"] for f in client.live.last_action.frames], ["patch"])
        self.assertIn(">True</button>", client.render())

    def test_its_events_are_refused_as_djust_refuses_them(self) -> None:
        client = LiveComponentTestClient(Counter).mount()
        with self.assertRaisesMessage(
            EventRejectedError, "the method is not decorated with @event_handler"
        ):
            client.send_event("undecorated")
        client.assert_state(count=0)

    def test_assert_state_contains_and_failures_name_the_component(self) -> None:
        client = LiveComponentTestClient(Counter).mount(count=2)
        client.assert_state_contains(count=2)
        with self.assertRaises(AssertionError) as raised:
            client.assert_state(count=3)
        self.assertIn("component Counter", str(raised.exception))

    def test_a_host_module_djust_does_not_mount_from(self) -> None:
        with override_settings(LIVEVIEW_ALLOWED_MODULES=["tests.tracker"]):
            with self.assertRaisesMessage(
                DjustTestingError,
                "LiveComponentTestClient mounts the component inside a LiveView defined in the "
                "module 'tests.views.components', and djust mounts no view from there "
                "(LIVEVIEW_ALLOWED_MODULES = ['tests.tracker']). Pass host_module= a module "
                "djust allows, such as your views' module.",
            ):
                LiveComponentTestClient(Counter).mount()
            client = LiveComponentTestClient(Counter, host_module="tests.tracker.views")
            client.mount(count=1).assert_state(count=1)

    def test_not_a_component(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "LiveComponentTestClient needs a djust LiveComponent subclass, got "
            "<class 'tests.views.components.ComponentHostView'>",
        ):
            LiveComponentTestClient(ComponentHostView)

    def test_host_module_is_a_dotted_path(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "host_module= takes a module's dotted path, such as 'myapp.views', got "
            "<class 'tests.views.components.ComponentHostView'>",
        ):
            LiveComponentTestClient(Counter, host_module=ComponentHostView)  # type: ignore[arg-type]

    def test_before_mount(self) -> None:
        with self.assertRaisesMessage(
            NotMountedError,
            "<LiveComponentTestClient Counter not mounted> is not mounted: call mount(**props) "
            "first",
        ):
            LiveComponentTestClient(Counter).get_state()

    def test_mounting_twice(self) -> None:
        client = LiveComponentTestClient(Counter).mount()
        with self.assertRaisesMessage(
            DjustTestingError,
            "<LiveComponentTestClient Counter mounted> is already mounted; create a new client",
        ):
            client.mount()

    def test_as_a_context_manager_it_closes_the_page(self) -> None:
        with LiveComponentTestClient(Counter).mount(count=1) as client:
            client.send_event("inc")
            client.assert_state(count=2)
        with self.assertRaisesMessage(ConnectionClosedError, "was closed"):
            client.send_event("inc")
