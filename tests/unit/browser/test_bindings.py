"""dj-model, rate limits, polls, hooks and embedded views, on the browser's side alone."""

from __future__ import annotations

from django.test import SimpleTestCase

from djust_testing._browser import bindings, embedded, model, ratelimit
from djust_testing._browser.document import Document
from djust_testing._browser.events import event_for
from djust_testing._browser.nodes import Element
from djust_testing._browser.query import Query, select
from djust_testing.exceptions import DomEventError


def node(html: str, selector: str = "#t") -> Element:
    found = select(Document(html).root, Query(selector))
    assert found, selector
    return found[0]


class ModelBindingTests(SimpleTestCase):
    def binding(self, html: str) -> model.ModelBinding | None:
        return model.model_binding(node(html))

    def test_the_three_spellings(self) -> None:
        self.assertEqual(
            self.binding('<input id="t" dj-model="q">'),
            model.ModelBinding("dj-model", "q", False, 0),
        )
        self.assertEqual(
            self.binding('<input id="t" dj-model.lazy="q">'),
            model.ModelBinding("dj-model.lazy", "q", True, 0),
        )
        self.assertEqual(
            self.binding('<input id="t" dj-model.debounce-450="q">'),
            model.ModelBinding("dj-model.debounce-450", "q", False, 450),
        )

    def test_a_debounce_without_digits_is_300_and_the_last_attribute_wins(self) -> None:
        found = self.binding('<input id="t" dj-model="a" dj-model.debounce="b">')
        self.assertEqual((found.field, found.debounce) if found else None, ("b", 300))

    def test_an_empty_field_binds_nothing(self) -> None:
        self.assertIsNone(self.binding('<input id="t" dj-model="">'))
        self.assertIsNone(self.binding('<input id="t">'))

    def test_modifiers_bind_only_form_controls(self) -> None:
        self.assertIsNone(self.binding('<div id="t" dj-model.debounce-5="q"></div>'))
        self.assertIsNotNone(self.binding('<div id="t" dj-model="q"></div>'))

    def test_which_events_it_listens_to(self) -> None:
        box = node('<input id="t" type="checkbox" dj-model="ok">')
        text = node('<input id="t" dj-model.lazy="q">')
        box_binding, text_binding = model.model_binding(box), model.model_binding(text)
        assert box_binding is not None and text_binding is not None
        self.assertTrue(model.listens(box_binding, box, "input"))
        self.assertTrue(model.listens(box_binding, box, "change"))
        self.assertFalse(model.listens(text_binding, text, "input"))
        self.assertTrue(model.listens(text_binding, text, "change"))

    def test_values(self) -> None:
        radios = Document(
            '<form><input type="radio" name="s" value="a" id="t" dj-model="s">'
            '<input type="radio" name="s" value="b" checked></form>'
        ).root
        self.assertEqual(model.model_value(select(radios, Query("#t"))[0]), "b")
        unchecked = node('<input type="radio" name="s" value="a" id="t" dj-model="s">')
        self.assertIsNone(model.model_value(unchecked))
        multi = node(
            '<select id="t" multiple dj-model="m"><option selected>x</option><option>y</option>'
            "<option selected>z</option></select>"
        )
        self.assertEqual(model.model_value(multi), ["x", "z"])
        self.assertEqual(model.model_value(node('<input id="t" type="number" value="7">')), "7")

    def test_the_frame_carries_no_context(self) -> None:
        html = '<div data-component-id="c1"><input id="t" dj-model="q" value="v"></div>'
        [frame] = model.model_frames(node(html), "input")
        self.assertEqual((frame.name, frame.params), ("update_model", {"field": "q", "value": "v"}))

    def test_event_for_sends_dj_model_first(self) -> None:
        frames = event_for(
            node('<input id="t" dj-model="q" dj-input="search">'), "input", value="a"
        )
        self.assertEqual([f.name for f in frames], ["update_model", "search"])
        only = event_for(node('<input id="t" dj-model="q">'), "input", value="a")
        self.assertEqual([f.params for f in only], [{"field": "q", "value": "a"}])

    def test_a_longer_model_debounce_goes_after_the_dj_input(self) -> None:
        html = '<input id="t" dj-model.debounce-900="q" dj-input="search">'
        frames = event_for(node(html), "input", value="a")
        self.assertEqual([f.name for f in frames], ["search", "update_model"])

    def test_a_disabled_field_sends_no_model_frame(self) -> None:
        with self.assertRaisesMessage(DomEventError, "disabled"):
            event_for(node('<input id="t" dj-model="q" disabled>'), "input", value="a")


class RateLimitTests(SimpleTestCase):
    def test_parse_int_as_javascript(self) -> None:
        self.assertEqual(ratelimit.js_parse_int(" 42ms"), 42)
        self.assertEqual(ratelimit.js_parse_int("-5"), -5)
        self.assertIsNone(ratelimit.js_parse_int("abc"))
        self.assertEqual(ratelimit.timer_ms("-5"), 0)
        self.assertEqual(ratelimit.timer_ms(""), 0)

    def test_dj_input_defaults_by_type(self) -> None:
        cases = {
            '<input id="t" dj-input="s">': ratelimit.RateLimit(debounce=300),
            '<input id="t" type="search" dj-input="s">': ratelimit.RateLimit(debounce=300),
            '<input id="t" type="number" dj-input="s">': ratelimit.RateLimit(throttle=100),
            '<input id="t" type="color" dj-input="s">': ratelimit.RateLimit(throttle=150),
            '<select id="t" dj-input="s"></select>': ratelimit.RateLimit(),
            '<div id="t" dj-input="s"></div>': ratelimit.RateLimit(debounce=300),
            '<input id="t" dj-input="s" dj-debounce="nope">': ratelimit.RateLimit(debounce=0),
            '<input id="t" dj-input="s" data-throttle="70">': ratelimit.RateLimit(throttle=70),
        }
        for html, limit in cases.items():
            with self.subTest(html):
                self.assertEqual(ratelimit.input_rate_limit(node(html)), limit)

    def test_dj_debounce_wins_over_dj_throttle(self) -> None:
        html = '<input id="t" dj-input="s" dj-throttle="50" dj-debounce="20">'
        self.assertEqual(ratelimit.input_rate_limit(node(html)), ratelimit.RateLimit(debounce=20))

    def test_other_bindings_have_no_default(self) -> None:
        self.assertEqual(ratelimit.wrapped_rate_limit(node('<b id="t">')), ratelimit.RateLimit())
        held = node('<select id="t" dj-debounce="blur"></select>')
        self.assertTrue(ratelimit.wrapped_rate_limit(held).until_blur)

    def test_held_until_blur_only_on_the_field_itself(self) -> None:
        own = node('<input id="t" dj-input="s" dj-debounce="blur">')
        self.assertTrue(ratelimit.held_until_blur(own))
        inner = node('<form dj-input="s" dj-debounce="blur"><input id="t"></form>')
        self.assertFalse(ratelimit.held_until_blur(inner))


class PollAndHookTests(SimpleTestCase):
    def test_the_interval(self) -> None:
        for attribute, interval in (("", 5000), ("250", 250), ("0", 5000), ("x", 5000)):
            with self.subTest(attribute):
                html = f'<div id="t" dj-poll="p" dj-poll-interval="{attribute}"></div>'
                self.assertEqual(bindings.poll_interval(node(html)), interval)

    def test_poll_frames_have_no_args_and_no_context(self) -> None:
        root = Document(
            '<div data-djust-embedded="c"><p dj-poll="go(1, 2)" data-n:int="2"></p></div>'
            '<p dj-poll=""></p><p dj-poll="again"></p>'
        ).root
        frames = bindings.poll_frames(root)
        self.assertEqual([(f.name, f.params) for f in frames], [("go", {"n": 2}), ("again", {})])

    def test_the_hook_frame(self) -> None:
        frame = bindings.hook_frame(node('<p id="t" dj-hook="H"></p>'), "e", None, "H")
        self.assertEqual((frame.name, frame.params), ("e", {}))

    def test_routing_notes_only_for_what_carries_no_context(self) -> None:
        outside = node('<p id="t" dj-hook="H"></p>')
        self.assertIsNone(bindings.routing_note(bindings.hook_frame(outside, "e", {}, None)))
        inside = node('<div data-component-id="c1"><p id="t" dj-hook="H"></p></div>')
        note = bindings.routing_note(bindings.hook_frame(inside, "e", {}, None))
        self.assertIn("inside data-component-id='c1'", note or "")
        [click] = event_for(
            node('<div data-component-id="c1"><b id="t" dj-click="x"></b></div>'), "click"
        )
        self.assertIsNone(bindings.routing_note(click))


class EmbeddedTests(SimpleTestCase):
    PAGE = (
        '<section id="s"><div dj-view data-djust-embedded="c1"><p>1</p>'
        '<button data-djust-embedded="c1" dj-click="b">b</button></div></section>'
    )

    def test_an_update_morphs_into_the_wrapper(self) -> None:
        document = Document(self.PAGE)
        self.assertIsNone(
            embedded.apply_embedded_update(
                document, "c1", '<p>2</p><button dj-click="b">b</button>'
            )
        )
        self.assertEqual(
            document.html,
            '<section id="s"><div dj-view="" data-djust-embedded="c1"><p>2</p>'
            '<button dj-click="b">b</button></div></section>',
        )

    def test_an_update_for_a_view_the_page_lacks(self) -> None:
        failure = embedded.apply_embedded_update(Document(self.PAGE), "c9", "<p>2</p>")
        self.assertEqual(
            failure,
            "embedded_update for view_id 'c9': no element on the page has "
            'data-djust-embedded="c9", so djust\'s client drops the update',
        )

    def test_the_view_an_element_is_in_or_holds(self) -> None:
        root = Document(self.PAGE).root
        self.assertEqual(embedded.view_id_around(select(root, Query("button"))[0]), "c1")
        self.assertEqual(embedded.view_id_around(select(root, Query("#s"))[0]), "c1")

    def test_stamps_inside_wrappers_are_left_out(self) -> None:
        self.assertEqual(
            embedded.unstamped(self.PAGE),
            '<section id="s"><div dj-view="" data-djust-embedded="c1"><p>1</p>'
            '<button dj-click="b">b</button></div></section>',
        )

    def test_a_stale_stamp_on_an_element_with_a_binding_is_kept(self) -> None:
        page = (
            '<div dj-view data-djust-embedded="c2"><button data-djust-embedded="c1" '
            'dj-click="b">b</button><p data-djust-embedded="c1" dj-hook="H"></p></div>'
        )
        self.assertEqual(
            embedded.unstamped(page),
            '<div dj-view="" data-djust-embedded="c2"><button data-djust-embedded="c1" '
            'dj-click="b">b</button><p dj-hook="H"></p></div>',
        )

    def test_the_wrapper_gets_the_dj_id_of_the_last_element_stamped_in_it(self) -> None:
        document = Document(
            '<div dj-view data-djust-embedded="c1" dj-id="3"><p>1</p>'
            '<button data-djust-embedded="c1" dj-click="b" dj-id="5">b</button></div>'
        )
        mount = (
            '<div dj-view="" data-djust-embedded="c1" dj-id="3"><p dj-id="4">1</p>'
            '<button data-djust-embedded="c1" dj-click="b" dj-id="5">b</button></div>'
        )
        shared = embedded.stamp_wrapper_dj_ids(document.root, mount)
        self.assertEqual(shared, {"5": "c1"})
        self.assertEqual(embedded.wrappers(document.root)[0].attrs["dj-id"], "5")
        self.assertEqual(document.by_dj_id("5"), embedded.wrappers(document.root)[0])
