from __future__ import annotations

from typing import Any

from django.test import SimpleTestCase

from djust_testing._browser.controls import describe
from djust_testing._browser.document import Document
from djust_testing._browser.events import event_for, form_change_event, key_code
from djust_testing._browser.forms import form_values, submit_event
from djust_testing._browser.frames import EventFrame
from djust_testing._browser.jsvalues import parse_handler
from djust_testing._browser.navigation import Navigation, link_navigation
from djust_testing._browser.nodes import Element
from djust_testing._browser.query import Query, select
from djust_testing.exceptions import DjustTestingError, DomEventError

URL = "/list/?tab=api&page=1"


def node(html: str, selector: str = "#t") -> Element:
    return pick(Document(html).root, selector)


def pick(root: Element, selector: str) -> Element:
    found = select(root.top, Query(selector))
    assert found, selector
    return found[0]


def frames(html: str, kind: str, selector: str = "#t", **kwargs: Any) -> list[EventFrame]:
    return event_for(node(html, selector), kind, **kwargs)


def frame(html: str, kind: str = "click", selector: str = "#t", **kwargs: Any) -> EventFrame:
    found = frames(html, kind, selector, **kwargs)
    assert len(found) == 1, found
    return found[0]


def sent(html: str, kind: str = "click", selector: str = "#t", **kwargs: Any) -> tuple[str, Any]:
    found = frame(html, kind, selector, **kwargs)
    return found.name, found.params


class ErrorTests(SimpleTestCase):
    def test_dom_event_error_is_a_djust_testing_error(self) -> None:
        self.assertTrue(issubclass(DomEventError, DjustTestingError))

    def test_describe_quotes_the_element_without_bookkeeping_and_shortened(self) -> None:
        html = '<p id="t" dj-id="4" class="a">' + "x" * 80 + "</p>"
        self.assertEqual(describe(node(html)), '<p id="t" class="a">' + "x" * 39 + "…</p>")
        self.assertEqual(describe(node('<input id="t" disabled>')), '<input id="t" disabled>')
        nested = '<ul id="t" dj-id="1"><li dj-id="2">a</li></ul>'
        self.assertEqual(describe(node(nested)), '<ul id="t"><li>a</li></ul>')
        self.assertLessEqual(len(describe(node(f'<p id="t" title="{"y" * 300}">x</p>'))), 160)

    def test_unknown_kind_and_misplaced_keywords_are_refused(self) -> None:
        button = node('<button id="t" dj-click="go">Go</button>')
        with self.assertRaisesMessage(DomEventError, "unknown event kind 'hover'; expected one of"):
            event_for(button, "hover")
        with self.assertRaisesMessage(DomEventError, "(submit a form instead)"):
            event_for(button, "submit")
        with self.assertRaisesMessage(DomEventError, "key= is for keydown and keyup, not click"):
            event_for(button, "click", key="Enter")
        with self.assertRaisesMessage(DomEventError, "value= is for change, input"):
            event_for(button, "click", value="x")

    def test_frame_message_is_the_wire_frame(self) -> None:
        found = frame('<button id="t" dj-click="go(1)">Go</button>')
        self.assertEqual(
            found.message(3),
            {"type": "event", "event": "go", "params": {"_args": [1]}, "ref": 3},
        )
        self.assertEqual(found.binding, "dj-click")
        self.assertEqual(found.element.tag, "button")


class HandlerSyntaxTests(SimpleTestCase):
    def test_a_bare_name_has_no_args(self) -> None:
        self.assertEqual(parse_handler("  save "), ("save", []))
        self.assertEqual(parse_handler("save()"), ("save", []))

    def test_args_are_typed(self) -> None:
        self.assertEqual(
            parse_handler("set_period('month', 3, true, false, null, 1.5, abc, -2, .5, 5.)"),
            ("set_period", ["month", 3, True, False, None, 1.5, "abc", -2, 0.5, 5]),
        )

    def test_whole_floats_arrive_as_ints_and_exponents_stay_text(self) -> None:
        _name, args = parse_handler("f(1.0, 1e3, 12345678901234567890)")
        self.assertEqual(args, [1, "1e3", 12345678901234567000])
        self.assertIsInstance(args[0], int)

    def test_quoted_strings_keep_commas_and_unescape(self) -> None:
        self.assertEqual(
            parse_handler(r"""f('a, b', "say \"hi\"", 'it\'s', 'tab\there', '\q')"""),
            ("f", ["a, b", 'say "hi"', "it's", "tab\there", "q"]),
        )

    def test_empty_pieces_are_dropped(self) -> None:
        self.assertEqual(parse_handler("f(1,,2, )"), ("f", [1, 2]))

    def test_a_name_that_is_not_an_identifier_makes_the_whole_text_the_name(self) -> None:
        self.assertEqual(parse_handler("do-it(1)"), ("do-it(1)", []))
        self.assertEqual(parse_handler("f(1"), ("f(1", []))
        self.assertEqual(parse_handler("f)("), ("f)(", []))

    def test_args_run_to_the_last_paren(self) -> None:
        self.assertEqual(parse_handler("f('a)') tail"), ("f", ["a)"]))


class ClickTests(SimpleTestCase):
    def test_sends_typed_data_params_dj_params_dj_values_args_and_component(self) -> None:
        # The case djust's client was run on in jsdom (research t3.js).
        html = (
            '<button id="t" dj-click="set_period(\'month\', 3, true, null, 1.5, abc)" '
            'data-sender-id:int="42" data-tags:list="a, b,,c" data-flag:bool="Yes" '
            'data-dj-preset="x" data-key="7" data-component-id="zz" dj-value-item-type="soft" '
            'dj-value-n:int="5" dj-params=\'{"legacy": 1, "sender_id": 99}\'>'
            '<span id="inner">in</span></button>'
        )
        name, params = sent(html, selector="#inner")
        self.assertEqual(name, "set_period")
        self.assertEqual(
            params,
            {
                "sender_id": 42,
                "tags": ["a", "b", "c"],
                "flag": True,
                "preset": "x",
                "key": "7",
                "legacy": 1,
                "item_type": "soft",
                "n": 5,
                "_args": ["month", 3, True, None, 1.5, "abc"],
                "component_id": "zz",
            },
        )
        self.assertEqual(list(params), list(params))  # order as djust builds it
        self.assertEqual(list(params)[-2:], ["_args", "component_id"])

    def test_type_hints_follow_javascript(self) -> None:
        html = (
            '<button id="t" dj-click="go" data-a:float="2" data-b:int="12ab" data-c:float="1e3" '
            'data-d:float="Infinity" data-e:int="x" data-f:float="" data-g:json=\'{"x": 1.0}\' '
            'data-h:json="nope" data-i:weird="w" data-j:integer=" -7" data-k:number="-.5e1" '
            'data-l:boolean="off" data-m:list="" data-n:array="[1, 2.5]">Go</button>'
        )
        self.assertEqual(
            sent(html)[1],
            {
                "a": 2,
                "b": 12,
                "c": 1000,
                "d": None,
                "e": None,
                "f": 0,
                "g": {"x": 1},
                "h": "nope",
                "i": "w",
                "j": -7,
                "k": -5,
                "l": False,
                "m": [],
                "n": [1, 2.5],
            },
        )

    def test_key_names_drop_the_prefix_convert_dashes_and_lowercase(self) -> None:
        html = '<button id="t" dj-click="go" data-userId="1" data-dj-x-y="2" data-a:b:int="3">'
        self.assertEqual(sent(html + "Go</button>")[1], {"userid": "1", "x_y": "2", "a:b": 3})

    def test_djust_bookkeeping_data_attributes_are_not_params(self) -> None:
        html = (
            '<button id="t" dj-click="go" data-liveview-x="1" data-live-y="1" data-djust-z="1" '
            'data-djust-testing-node="4" data-loading="1" data-component-id="" dj-id="9" '
            'data-constructor="1" dj-value-prototype="1" data-ok="1">Go</button>'
        )
        self.assertEqual(sent(html)[1], {"ok": "1"})

    def test_dj_params_fills_only_missing_keys_and_dj_values_override(self) -> None:
        html = (
            '<button id="t" dj-click="go" data-x="1" dj-value-z="v" '
            'dj-params=\'{"x": 2, "y": 3.0, "z": 0, "__proto__": 1}\'>Go</button>'
        )
        self.assertEqual(sent(html)[1], {"x": "1", "z": "v", "y": 3})
        self.assertEqual(sent('<b id="t" dj-click="go" dj-params="[1]">b</b>')[1], {})
        self.assertEqual(sent('<b id="t" dj-click="go" dj-params="{bad">b</b>')[1], {})

    def test_dj_value_names_keep_their_prefix_and_take_hints(self) -> None:
        html = '<a id="t" dj-click="go" dj-value-dj-thing="1" dj-value-on:bool="checked">a</a>'
        self.assertEqual(sent(html)[1], {"dj_thing": "1", "on": True})

    def test_dj_target_is_not_sent(self) -> None:
        self.assertEqual(sent('<a id="t" dj-click="go" dj-target="#x">a</a>'), ("go", {}))

    def test_the_nearest_dj_click_fires(self) -> None:
        html = '<div dj-click="outer"><p dj-click="inner"><span id="t">x</span></p></div>'
        found = frame(html)
        self.assertEqual((found.name, found.element.tag, found.target.tag), ("inner", "p", "span"))

    def test_component_and_embedded_view_come_from_the_nearest_ancestors(self) -> None:
        html = (
            '<div data-component-id="outer" data-djust-embedded="child">'
            '<div data-component-id=""><button id="t" dj-click="go">b</button></div></div>'
        )
        # An empty data-component-id does not count.
        self.assertEqual(sent(html)[1], {"component_id": "outer", "view_id": "child"})

    def test_activity_is_stamped_and_a_hidden_one_drops_the_event(self) -> None:
        html = '<div data-djust-activity="tab1"><button id="t" dj-click="go">b</button></div>'
        self.assertEqual(sent(html)[1], {"_activity": "tab1"})
        eager = (
            '<div data-djust-activity="a" hidden data-djust-eager="true">'
            '<button id="t" dj-click="go">b</button></div>'
        )
        self.assertEqual(sent(eager)[1], {"_activity": "a"})
        hidden = (
            '<div data-djust-activity="outer" hidden><div data-djust-activity="inner">'
            '<button id="t" dj-click="go">b</button></div></div>'
        )
        with self.assertRaisesMessage(
            DomEventError, 'inside a hidden activity (<div data-djust-activity="outer" hidden>'
        ):
            frames(hidden, "click")

    def test_without_dj_click_it_is_refused(self) -> None:
        with self.assertRaisesMessage(
            DomEventError, '<button id="t" class="b">Go</button> has no dj-click'
        ):
            frames('<button id="t" class="b">Go</button>', "click")

    def test_disabled_controls_get_no_click(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            '<button id="t" dj-click="go" disabled>Go</button> is disabled: a browser sends it '
            "no click",
        ):
            frames('<button id="t" dj-click="go" disabled>Go</button>', "click")
        inside = '<fieldset disabled><button id="t" dj-click="go">Go</button></fieldset>'
        with self.assertRaisesMessage(DomEventError, "is inside a disabled fieldset (<fieldset"):
            frames(inside, "click")
        span = '<button dj-click="go" disabled><span id="t">x</span></button>'
        with self.assertRaisesMessage(
            DomEventError, '<span id="t">x</span> is inside <button dj-click="go" disabled>'
        ):
            frames(span, "click")

    def test_a_disabled_fieldset_does_not_stop_clicks_on_non_controls_or_its_legend(self) -> None:
        html = '<fieldset disabled><div id="t" dj-click="go">x</div></fieldset>'
        self.assertEqual(sent(html)[0], "go")
        legend = (
            '<fieldset disabled><legend><button id="t" dj-click="go">x</button></legend></fieldset>'
        )
        self.assertEqual(sent(legend)[0], "go")

    def test_a_locked_element_is_refused_and_confirm_is_carried(self) -> None:
        with self.assertRaisesMessage(DomEventError, "is locked by dj-lock"):
            frames('<button id="t" dj-click="go" dj-lock data-djust-locked>b</button>', "click")
        self.assertEqual(sent('<button id="t" dj-click="go" dj-lock>b</button>')[0], "go")
        found = frame('<button id="t" dj-click="go" dj-confirm="Sure?">b</button>')
        self.assertEqual(found.confirm, "Sure?")

    def test_dj_copy_takes_the_click(self) -> None:
        html = '<div dj-copy="hello"><button id="t" dj-click="go">b</button></div>'
        with self.assertRaisesMessage(DomEventError, "taken by dj-copy on <div"):
            frames(html, "click")
        html = (
            '<p id="src">copied text</p><div dj-copy="#src" dj-copy-event="copied">'
            '<button id="t" dj-click="go">b</button></div>'
        )
        found = frame(html)
        self.assertEqual(
            (found.name, found.params, found.binding),
            ("copied", {"text": "copied text"}, "dj-copy-event"),
        )
        literal = '<b id="t" dj-copy="[bad" dj-copy-event="c">b</b>'
        self.assertEqual(sent(literal), ("c", {"text": "[bad"}))

    def test_a_js_commands_chain_sends_its_pushes(self) -> None:
        html = (
            '<button id="t" dj-click=\'[["add_class", {"to": "#x", "names": "y"}], '
            '["push", {"event": "p1", "value": {"a": 1.0}, "target": "tg"}], '
            '["push", {"event": "p2"}], ["push", {}]]\'>b</button>'
        )
        found = frames(html, "click")
        self.assertEqual(
            [(f.name, f.params, f.binding) for f in found],
            [("p1", {"a": 1, "_target": "tg"}, "dj-click push"), ("p2", {}, "dj-click push")],
        )
        show = '<button id="t" dj-click=\'[["show", {"to": "#x"}]]\'>b</button>'
        with self.assertRaisesMessage(DomEventError, "pushes no event (ops: show)"):
            frames(show, "click")
        self.assertEqual(sent('<b id="t" dj-click="[1, 2]">b</b>')[0], "[1, 2]")

    def test_a_click_on_a_submit_button_submits_its_form(self) -> None:
        html = (
            '<form dj-submit="save"><input name="a" value="1">'
            '<button name="go"><span id="t">Go</span></button></form>'
        )
        found = frame(html)
        self.assertEqual(
            (found.name, found.params, found.binding),
            ("save", {"a": "1", "_target": "go"}, "dj-submit"),
        )

    def test_a_dj_click_on_a_submit_button_stops_the_submit(self) -> None:
        html = '<form dj-submit="save"><button id="t" dj-click="clicked">Go</button></form>'
        self.assertEqual(sent(html), ("clicked", {}))

    def test_buttons_that_do_not_submit_need_a_dj_click(self) -> None:
        for html in (
            '<form dj-submit="save"><button id="t" type="button">b</button></form>',
            '<button id="t">outside any form</button>',
        ):
            with (
                self.subTest(html=html),
                self.assertRaisesMessage(DomEventError, "has no dj-click"),
            ):
                frames(html, "click")


class ChangeTests(SimpleTestCase):
    def test_a_text_input_sends_its_value_field_args_and_target(self) -> None:
        # Verified in jsdom: changed('z') on <input name=title>.
        html = (
            '<input id="t" name="title" dj-change="changed(\'z\')" dj-value-extra="e" '
            'data-foo="bar" value="hello">'
        )
        self.assertEqual(
            sent(html, "change"),
            (
                "changed",
                {
                    "value": "hello",
                    "field": "title",
                    "extra": "e",
                    "_args": ["z"],
                    "_target": "title",
                },
            ),
        )

    def test_a_checkbox_sends_its_checkedness(self) -> None:
        checked = '<input id="t" type="checkbox" name="agree" value="yes" dj-change="chk" checked>'
        self.assertEqual(
            sent(checked, "change"), ("chk", {"value": True, "field": "agree", "_target": "agree"})
        )
        self.assertIs(sent(checked.replace(" checked", ""), "change")[1]["value"], False)

    def test_a_radio_sends_its_value(self) -> None:
        html = (
            '<div dj-change="pick"><input type="radio" name="r" value="one">'
            '<input type="radio" id="t" name="r" value="two" checked></div>'
        )
        self.assertEqual(sent(html, "change")[1], {"value": "two", "field": "r", "_target": "r"})

    def test_selects_send_the_first_selected_value(self) -> None:
        cases = [
            ('<select id="t" dj-change="c"><option>a</option><option>b</option></select>', "a"),
            (
                (
                    '<select id="t" dj-change="c"><option value="a" selected>A</option><option '
                    'value="b" selected>B</option></select>'
                ),
                "b",
            ),
            (
                (
                    '<select id="t" dj-change="c"><option disabled>a</option><option>  b  c '
                    "</option></select>"
                ),
                "b c",
            ),
            ('<select id="t" dj-change="c" size="3"><option>a</option></select>', ""),
            ('<select id="t" dj-change="c" multiple><option>a</option></select>', ""),
            (
                (
                    '<select id="t" dj-change="c" multiple><option>a</option><optgroup><option '
                    "selected>b</option></optgroup><option selected>c</option></select>"
                ),
                "b",
            ),
        ]
        for html, value in cases:
            with self.subTest(html=html):
                self.assertEqual(sent(html, "change")[1]["value"], value)

    def test_a_textarea_sends_its_text(self) -> None:
        html = '<textarea id="t" name="body" dj-change="c">\n\nline1\nline2</textarea>'
        self.assertEqual(sent(html, "change")[1]["value"], "\nline1\nline2")

    def test_values_are_sanitized_by_input_type(self) -> None:
        cases = [
            ('type="number" value="abc"', ""),
            ('type="number" value="-1.5e2"', "-1.5e2"),
            ('type="email" value="  a@b.c "', "a@b.c"),
            ('type="url" value=" http://x/ "', "http://x/"),
            ('type="color" value="RED"', "#000000"),
            ('type="color" value="#AABBCC"', "#aabbcc"),
            ('type="range"', "50"),
            ('type="range" min="0" max="10" step="3"', "6"),
            ('type="range" value="500"', "100"),
            ('type="date" value="2024-13-01"', ""),
            ('type="date" value="2024-02-03"', "2024-02-03"),
            ('type="datetime-local" value="2024-02-03 10:30"', "2024-02-03T10:30"),
            ('type="bogus" value="a&#10;b"', "ab"),
        ]
        for attrs, value in cases:
            with self.subTest(attrs=attrs):
                html = f'<input id="t" name="n" dj-change="c" {attrs}>'
                self.assertEqual(sent(html, "change")[1]["value"], value)

    def test_dj_value_and_context_come_from_the_target_not_the_binding(self) -> None:
        html = (
            '<form dj-change="validate" dj-value-x="form" data-component-id="c1">'
            '<input id="t" name="email" dj-value-y="input" value="a@b"><input name="o"></form>'
        )
        found = frame(html, "change")
        self.assertEqual(found.element.tag, "form")
        self.assertEqual(
            found.params,
            {
                "value": "a@b",
                "field": "email",
                "y": "input",
                "component_id": "c1",
                "_target": "email",
            },
        )

    def test_dj_value_can_override_value_and_field(self) -> None:
        html = '<input id="t" name="q" value="typed" dj-change="c" dj-value-value="fixed">'
        self.assertEqual(sent(html, "change")[1]["value"], "fixed")

    def test_field_and_target_fall_back_to_data_field_and_id(self) -> None:
        self.assertEqual(
            sent('<input id="id_title" dj-change="c" value="x">', "change", "#id_title")[1],
            {"value": "x", "field": "title", "_target": "id_title"},
        )
        self.assertEqual(
            sent('<input id="t" name="n" data-field="explicit" dj-change="c">', "change")[1],
            {"value": "", "field": "explicit", "_target": "n"},
        )
        self.assertEqual(
            sent('<select dj-change="c"><option>a</option></select>', "change", "select")[1],
            {"value": "a", "field": None, "_target": None},
        )

    def test_activity_is_read_from_the_changed_field(self) -> None:
        html = '<div data-djust-activity="a1"><input id="t" name="q" dj-change="c"></div>'
        self.assertEqual(sent(html, "change")[1]["_activity"], "a1")

    def test_value_gives_the_new_value(self) -> None:
        html = '<input id="t" name="q" value="old" dj-change="c">'
        self.assertEqual(sent(html, "change", value="new")[1]["value"], "new")
        number = '<input id="t" type="number" name="q" dj-change="c">'
        self.assertEqual(sent(number, "change", value="x1")[1]["value"], "")
        select = (
            '<select id="t" dj-change="c"><option>a</option><option value="b">B</option></select>'
        )
        self.assertEqual(sent(select, "change", value="b")[1]["value"], "b")

    def test_value_must_be_one_a_user_can_enter(self) -> None:
        select = (
            '<select id="t" dj-change="c"><option>a</option>'
            '<option value="z" disabled>Z</option></select>'
        )
        with self.assertRaisesMessage(
            DomEventError, "has no option 'z' a user can pick; its options are 'a', 'z' (disabled)"
        ):
            frames(select, "change", value="z")
        box = '<input id="t" type="checkbox" name="c" dj-change="c">'
        with self.assertRaisesMessage(DomEventError, "check or uncheck it instead"):
            frames(box, "change", value="on")
        with self.assertRaisesMessage(DomEventError, "value= takes the text the user entered"):
            frames('<input id="t" dj-change="c">', "change", value=3)

    def test_elements_a_user_cannot_change_are_refused(self) -> None:
        cases = [
            (
                '<div id="t" dj-change="c">x</div>',
                "cannot be changed by a user: change events fire on input, select and textarea",
            ),
            ('<input id="t" type="hidden" dj-change="c">', "cannot be changed by a user"),
            ('<input id="t" type="submit" dj-change="c">', "cannot be changed by a user"),
            ('<input id="t" type="file" dj-change="c">', "is a file input"),
            ('<input id="t" dj-change="c" readonly>', "is readonly: a user cannot change it"),
            (
                '<input id="t" dj-change="c" disabled>',
                "is disabled: a browser sends it no change event",
            ),
            (
                '<input id="t" name="q">',
                '<input id="t" name="q"> has no dj-change (nor has any ancestor)',
            ),
        ]
        for html, message in cases:
            with self.subTest(html=html), self.assertRaisesMessage(DomEventError, message):
                frames(html, "change")

    def test_readonly_does_not_apply_to_checkboxes(self) -> None:
        html = '<input id="t" type="checkbox" dj-change="c" readonly checked>'
        self.assertIs(sent(html, "change")[1]["value"], True)


class InputTests(SimpleTestCase):
    def test_sends_the_value_property_even_for_a_checkbox(self) -> None:
        html = '<input id="t" type="checkbox" name="agree" dj-input="typed(1)">'
        self.assertEqual(
            sent(html, "input"),
            ("typed", {"value": "on", "field": "agree", "_args": [1], "_target": "agree"}),
        )

    def test_has_no_activity_stamp(self) -> None:
        html = '<div data-djust-activity="a1"><input id="t" name="q" dj-input="i"></div>'
        self.assertNotIn("_activity", sent(html, "input")[1])
        hidden = '<div data-djust-activity="a1" hidden><input id="t" name="q" dj-input="i"></div>'
        self.assertEqual(sent(hidden, "input")[0], "i")

    def test_a_contenteditable_element_sends_no_value(self) -> None:
        html = '<div id="t" contenteditable="true" dj-input="typed" data-field="body">hi</div>'
        self.assertEqual(sent(html, "input")[1], {"field": "body", "_target": "t"})

    def test_typed_text_comes_from_value(self) -> None:
        html = '<textarea id="t" name="b" dj-input="i">old</textarea>'
        self.assertEqual(sent(html, "input", value="a\nb")[1]["value"], "a\nb")
        text = '<input id="t" name="b" dj-input="i">'
        self.assertEqual(sent(text, "input", value="a\nb")[1]["value"], "ab")


class FocusTests(SimpleTestCase):
    def test_focus_and_blur_send_value_field_and_args_but_no_target(self) -> None:
        html = (
            '<input id="t" name="q" value="typed" dj-blur="b(1)" dj-focus="f" dj-value-k:int="3">'
        )
        self.assertEqual(
            sent(html, "blur"), ("b", {"value": "typed", "field": "q", "k": 3, "_args": [1]})
        )
        self.assertEqual(sent(html, "focus"), ("f", {"value": "typed", "field": "q", "k": 3}))

    def test_a_focusable_element_without_a_value_sends_none(self) -> None:
        html = '<div id="t" name="n" tabindex="0" dj-focus="f"></div>'
        self.assertEqual(sent(html, "focus")[1], {"field": "t"})
        link = '<div dj-blur="left"><a id="t" href="/x">x</a></div>'
        self.assertEqual(sent(link, "blur")[1], {"field": "t"})

    def test_elements_that_cannot_take_focus_are_refused(self) -> None:
        with self.assertRaisesMessage(
            DomEventError, '<div id="t" dj-focus="f">x</div> cannot take focus, so it gets no focus'
        ):
            frames('<div id="t" dj-focus="f">x</div>', "focus")
        with self.assertRaisesMessage(DomEventError, "is disabled, so it cannot take focus"):
            frames('<input id="t" dj-blur="b" disabled>', "blur")
        with self.assertRaisesMessage(DomEventError, "has no dj-focus (nor has any ancestor)"):
            frames('<input id="t">', "focus")


class KeyboardTests(SimpleTestCase):
    def test_every_matching_binding_fires_nearest_first(self) -> None:
        # Verified in jsdom: Enter sends both, the handler text unparsed.
        html = (
            '<div dj-keydown="outer"><input id="t" name="msg" dj-keydown.enter="send" '
            'dj-keydown="any_key(\'x\')" dj-value-room="r1"></div>'
        )
        found = frames(html, "keydown", key="Enter")
        params = {"key": "Enter", "code": "Enter", "value": "", "field": "msg", "room": "r1"}
        self.assertEqual(
            [(f.name, f.params, f.binding) for f in found],
            [
                ("send", params, "dj-keydown.enter"),
                ("any_key('x')", params, "dj-keydown"),
                (
                    "outer",
                    {"key": "Enter", "code": "Enter", "value": "", "field": "msg"},
                    "dj-keydown",
                ),
            ],
        )
        self.assertEqual(
            [f.name for f in frames(html, "keydown", key="a")], ["any_key('x')", "outer"]
        )

    def test_key_filters(self) -> None:
        cases = [
            ("escape", "Escape", True),
            ("ESC", "Escape", False),
            ("right", "ArrowRight", True),
            ("space", " ", True),
            ("a", "a", True),
            ("a", "A", False),
            # HTML lower-cases attribute names, so a cased key name never matches.
            ("PageUp", "PageUp", False),
            ("A", "A", False),
            ("enter.shift", "Enter", True),
        ]
        for modifier, key, fires in cases:
            with self.subTest(modifier=modifier, key=key):
                html = f'<input id="t" dj-keyup.{modifier}="k" dj-keyup="any">'
                names = [f.name for f in frames(html, "keyup", key=key)]
                self.assertEqual(names, ["k", "any"] if fires else ["any"])

    def test_binding_values_come_from_the_binding_and_context_from_the_target(self) -> None:
        html = (
            '<div data-component-id="cmp" dj-keydown="k" dj-value-a="outer" tabindex="0">'
            '<div data-djust-activity="act"><input id="t" name="m" value="v" '
            'dj-value-b="inner"></div></div>'
        )
        self.assertEqual(
            sent(html, "keydown", key=" ")[1],
            {
                "key": " ",
                "code": "Space",
                "value": "v",
                "field": "m",
                "a": "outer",
                "component_id": "cmp",
                "_activity": "act",
            },
        )

    def test_a_non_control_target_sends_no_value(self) -> None:
        html = '<div id="t" tabindex="0" dj-keyup.escape="close"></div>'
        self.assertEqual(
            sent(html, "keyup", key="Escape")[1], {"key": "Escape", "code": "Escape", "field": "t"}
        )

    def test_empty_and_locked_bindings_send_nothing(self) -> None:
        html = '<div dj-keydown="outer"><input id="t" dj-keydown=""></div>'
        self.assertEqual([f.name for f in frames(html, "keydown", key="x")], ["outer"])
        locked = '<input id="t" dj-lock dj-keydown.enter="first" dj-keydown="second">'
        self.assertEqual([f.name for f in frames(locked, "keydown", key="Enter")], ["first"])

    def test_no_matching_binding_is_refused_with_the_bindings_found(self) -> None:
        html = '<input id="t" dj-keydown.escape="close">'
        with self.assertRaisesMessage(
            DomEventError,
            'pressing \'Enter\' in <input id="t" dj-keydown.escape="close"> fires no dj-keydown '
            'binding: found dj-keydown.escape on <input id="t" dj-keydown.escape="close">',
        ):
            frames(html, "keydown", key="Enter")
        with self.assertRaisesMessage(DomEventError, "there is no dj-keyup on it or its ancestors"):
            frames('<input id="t">', "keyup", key="a")

    def test_keys_are_checked(self) -> None:
        html = '<input id="t" dj-keydown="k">'
        with self.assertRaisesMessage(DomEventError, "keydown needs key="):
            frames(html, "keydown")
        with self.assertRaisesMessage(
            DomEventError,
            "key='enter' is not a KeyboardEvent.key a browser reports; did you mean 'Enter'?",
        ):
            frames(html, "keydown", key="enter")
        with self.assertRaisesMessage(DomEventError, "did you mean 'Escape'?"):
            frames(html, "keydown", key="esc")
        with self.assertRaisesMessage(DomEventError, "did you mean ' '?"):
            frames(html, "keydown", key="space")
        self.assertEqual(sent(html, "keydown", key="MediaPlayPause")[1]["code"], "")

    def test_the_target_must_be_focusable(self) -> None:
        with self.assertRaisesMessage(
            DomEventError, "cannot take focus, so it gets no keydown event"
        ):
            frames('<div dj-keydown="k"><span id="t">x</span></div>', "keydown", key="a")

    def test_key_codes_are_those_of_a_us_keyboard(self) -> None:
        self.assertEqual(
            [key_code(k) for k in ("a", "Z", "7", " ", "Enter", "F5", "Shift", "?", "!", "é")],
            ["KeyA", "KeyZ", "Digit7", "Space", "Enter", "F5", "ShiftLeft", "Slash", "Digit1", ""],
        )


FORM = """
<form id="t" dj-submit="save" dj-value-form-id:int="3" data-skip="1">
  <input name="a" value="1"><input name="a" value="2">
  <input type="checkbox" name="cb1" checked><input type="checkbox" name="cb2" value="yes" checked>
  <input type="checkbox" name="cb3">
  <input name="dis" value="d" disabled>
  <fieldset disabled><input name="fsdis" value="x"></fieldset>
  <select name="multi" multiple>
    <option value="m1" selected>1</option><option value="m2" selected>2</option>
  </select>
  <input type="radio" name="rad" value="r1"><input type="radio" name="rad" value="r2" checked>
  <textarea name="ta">line1
line2</textarea>
  <input type="file" name="up">
  <input name="elsewhere" value="z" form="other">
  <button type="submit" name="action" value="publish" id="sub1">Go</button>
  <button type="submit" id="sub2">Go2</button>
</form>
"""
# What djust's client sent for FORM in jsdom (research §8.4.2), less _target.
FORM_DATA = {
    "a": "2",
    "cb1": "on",
    "cb2": "yes",
    "multi": "m2",
    "rad": "r2",
    "ta": "line1\nline2",
    "up": {},
}


class FormValuesTests(SimpleTestCase):
    def test_follows_form_data(self) -> None:
        self.assertEqual(form_values(node(FORM)), FORM_DATA)

    def test_form_owners_names_options_and_special_inputs(self) -> None:
        html = (
            '<input name="outside" value="o" form="t"><form id="t">'
            '<input name="in" value="i"><input name="away" value="x" form="nowhere">'
            '<input value="nameless"><input name="" value="empty"><input type="hidden" '
            'name="_charset_">'
            '<input type="hidden" name="h" value="hv">'
            '<select name="s"><option value="a" selected disabled>A</option>'
            "<option>B</option></select>"
            '<select name="one"><option disabled>x</option><optgroup disabled>'
            "<option>y</option></optgroup><option>z</option></select>"
            '<input type="image" name="img"><input type="reset" name="r"><input '
            'type="button" name="b">'
            '<datalist><input name="dl" value="1"></datalist>'
            '<fieldset disabled><legend><input name="leg" value="L"></legend><input '
            'name="fs" value="F"></fieldset>'
            '<input type="radio" name="r2" value="x" checked><input type="radio" name="r2" '
            'value="y" checked>'
            '<input type="checkbox" name="c" value="">'
            "</form>"
        )
        self.assertEqual(
            form_values(node(html)),
            {
                "outside": "o",
                "in": "i",
                "_charset_": "UTF-8",
                "h": "hv",
                "one": "z",
                "leg": "L",
                "r2": "y",
            },
        )

    def test_dirname_sends_the_direction(self) -> None:
        html = (
            '<form id="t" dir="rtl"><input name="q" dirname="q.dir" value="x"><textarea '
            'name="b" dirname="b.dir" dir="ltr"></textarea></form>'
        )
        self.assertEqual(
            form_values(node(html)), {"q": "x", "q.dir": "rtl", "b": "", "b.dir": "ltr"}
        )

    def test_needs_a_form(self) -> None:
        with self.assertRaisesMessage(DomEventError, 'form() needs a <form>, got <div id="t">'):
            form_values(node('<div id="t"><input name="a"></div>'))


class SubmitTests(SimpleTestCase):
    def test_sends_form_data_dj_values_context_and_the_submitter(self) -> None:
        root = Document(FORM).root
        form, sub1, sub2 = (pick(root, s) for s in ("#t", "#sub1", "#sub2"))
        found = submit_event(form, submitter=sub1)
        self.assertEqual(found.name, "save")
        self.assertEqual(found.params, {**FORM_DATA, "form_id": 3, "_target": "action"})
        self.assertEqual(list(found.params)[-2:], ["form_id", "_target"])
        self.assertEqual(found.binding, "dj-submit")
        self.assertEqual(submit_event(form, submitter=sub2).params["_target"], "sub2")

    def test_pressing_enter_submits_through_the_default_button(self) -> None:
        self.assertEqual(submit_event(node(FORM)).params["_target"], "action")
        one_field = '<form id="t" dj-submit="s"><input name="q" value="v"></form>'
        self.assertEqual(submit_event(node(one_field)).params, {"q": "v", "_target": None})
        image = (
            '<form id="t" dj-submit="s"><input type="image" name="img"><button '
            'name="b">b</button></form>'
        )
        self.assertEqual(submit_event(node(image)).params["_target"], "img")

    def test_enter_that_would_not_submit_is_refused(self) -> None:
        two = '<form id="t" dj-submit="s"><input name="a"><input type="email" name="b"></form>'
        with self.assertRaisesMessage(DomEventError, "has no submit button and 2 text fields"):
            submit_event(node(two))
        disabled = (
            '<form id="t" dj-submit="s"><button disabled>Go</button><button>Other</button></form>'
        )
        with self.assertRaisesMessage(
            DomEventError,
            "does nothing: its default button <button disabled>Go</button> is disabled",
        ):
            submit_event(node(disabled))

    def test_the_handler_text_and_data_attributes_are_not_parsed(self) -> None:
        html = (
            '<form id="t" dj-submit="save(\'x\')" data-a="1" data-component-id="c"><input '
            'name="q"></form>'
        )
        found = submit_event(node(html))
        self.assertEqual(
            (found.name, found.params),
            ("save('x')", {"q": "", "component_id": "c", "_target": None}),
        )

    def test_activity_and_confirm(self) -> None:
        html = (
            '<div data-djust-activity="act"><form id="t" dj-submit="s" dj-confirm="Send?">'
            "</form></div>"
        )
        found = submit_event(node(html))
        self.assertEqual(
            (found.params, found.confirm), ({"_target": None, "_activity": "act"}, "Send?")
        )

    def test_refusals(self) -> None:
        cases: list[tuple[str, dict[str, Any], str]] = [
            (
                '<div id="t" dj-submit="s"></div>',
                {},
                'form() needs a <form>, got <div id="t" dj-submit="s"></div>',
            ),
            (
                '<form id="t"><input name="q"></form>',
                {},
                "has no dj-submit (nor has any ancestor): the browser would submit it natively",
            ),
            (
                '<div dj-submit="s"><form id="t"></form></div>',
                {},
                'dj-submit is on <div dj-submit="s"><form id="t"></form></div>, not on the form',
            ),
            (
                '<form id="t" dj-submit="s" dj-lock data-djust-locked></form>',
                {},
                "is locked by dj-lock",
            ),
        ]
        for html, kwargs, message in cases:
            with self.subTest(html=html), self.assertRaisesMessage(DomEventError, message):
                submit_event(node(html), **kwargs)

    def test_submitter_refusals(self) -> None:
        html = (
            '<form id="t" dj-submit="s"><button id="r" type="reset">r</button>'
            '<button id="d" disabled>d</button><button id="c" dj-click="clicked">c</button>'
            '<div dj-patch="?x=1"><button id="p">p</button></div></form>'
            '<form id="other"><button id="o">o</button></form><button id="far" form="t">f</button>'
        )
        root = Document(html).root
        form = pick(root, "#t")
        cases = [
            ("#r", 'submitter <button id="r" type="reset">r</button> is not a submit button'),
            ("#o", "does not belong to"),
            ("#d", "is disabled: a browser sends it no click"),
            ("#c", 'dj-click on <button id="c" dj-click="clicked">c</button> takes the click on'),
            ("#p", 'navigates on the click on <button id="p">p</button>'),
        ]
        for selector, message in cases:
            with self.subTest(selector=selector), self.assertRaisesMessage(DomEventError, message):
                submit_event(form, submitter=pick(root, selector))
        far = pick(root, "#far")
        self.assertEqual(submit_event(form, submitter=far).params["_target"], "far")

    def test_data_fills_fields_as_a_user_would(self) -> None:
        html = (
            '<form id="t" dj-submit="s"><input name="title" value="old"><textarea '
            'name="body"></textarea>'
            '<input type="number" name="n"><input type="checkbox" name="agree">'
            '<input type="checkbox" name="tags" value="a" checked><input type="checkbox" '
            'name="tags" value="b">'
            '<input type="radio" name="size" value="s" checked><input type="radio" '
            'name="size" value="m">'
            '<select name="color"><option>red</option><option value="g">green</option></select>'
            '<select name="many" multiple><option>x</option><option>y</option>'
            "<option>z</option></select>"
            '<input name="pair" value="1"><input name="pair" value="2"><button>Go</button></form>'
        )
        data = {
            "title": "new\nline",
            "body": "a\nb",
            "n": 7,
            "agree": True,
            "tags": ["b"],
            "size": "m",
            "color": "g",
            "many": ["x", "z"],
            "pair": ["p", "q"],
        }
        self.assertEqual(
            submit_event(node(html), data).params,
            {
                "title": "newline",
                "body": "a\nb",
                "n": "7",
                "agree": "on",
                "tags": "b",
                "size": "m",
                "color": "g",
                "many": "z",
                "pair": "q",
                "_target": None,
            },
        )
        self.assertNotIn("tags", submit_event(node(html), {"tags": []}).params)

    def test_data_a_user_could_not_enter_is_refused(self) -> None:
        html = (
            '<form id="t" dj-submit="s"><input name="title"><input type="hidden" '
            'name="token" value="x">'
            '<input name="locked" disabled><input name="ro" readonly><input type="file" name="up">'
            '<input type="checkbox" name="agree"><input type="checkbox" name="tags" value="a">'
            '<input type="checkbox" name="tags" value="b"><input type="radio" name="size" '
            'value="s">'
            '<select name="color"><option>red</option><option disabled>blue</option></select>'
            '<input name="pair"><input name="pair"><button name="go">Go</button></form>'
        )
        fields = (
            "title (text), token (hidden), locked (text, disabled), ro (text), up (file), "
            "agree (checkbox 'on'), tags (checkbox 'a'; checkbox 'b'), size (radio 's'), "
            "color (select: 'red', 'blue' (disabled)), pair (text; text)"
        )
        cases: list[tuple[dict[str, Any], str]] = [
            (
                {"nope": "x"},
                f"has no field named 'nope'; its fields: {fields}",
            ),
            (
                {"token": "y"},
                (
                    'cannot fill \'token\': <input type="hidden" name="token" value="x"> is a '
                    "hidden input: a user cannot change it"
                ),
            ),
            ({"locked": "y"}, "cannot fill 'locked': <input name=\"locked\" disabled> is disabled"),
            ({"ro": "y"}, "is readonly: a user cannot change it"),
            ({"up": "y"}, "is a file input: choose its files with element(...).upload(files)"),
            ({"go": "y"}, "is a button: pass it as submitter= instead"),
            ({"title": ["a"]}, "'title' is a text field: give a string, got ['a']"),
            ({"agree": "yes"}, "no checkbox named 'agree' has value 'yes'; values: ['on']"),
            (
                {"agree": 1},
                "'agree' is a checkbox: give True/False, or the value(s) to check, got 1",
            ),
            (
                {"tags": True},
                "2 checkboxes are named 'tags': give the values to check (of ['a', 'b']), not True",
            ),
            (
                {"size": "m"},
                (
                    "'size' is a radio group: give one of ['s'], got 'm' (a user cannot uncheck a "
                    "radio)"
                ),
            ),
            (
                {"color": "blue"},
                "has no option 'blue' a user can pick; its options are 'red', 'blue' (disabled)",
            ),
            ({"color": ["red"]}, "'color' is a select: give an option value, got ['red']"),
            ({"pair": "x"}, "2 fields are named 'pair': give a list of 2 values"),
        ]
        for data, message in cases:
            with self.subTest(data=data), self.assertRaisesMessage(DomEventError, message):
                submit_event(node(html), data)
        with self.assertRaisesMessage(DomEventError, "data= takes a mapping"):
            submit_event(node(html), ["title"])  # type: ignore[arg-type]


class FormChangeTests(SimpleTestCase):
    HTML = (
        '<form id="t" dj-change="validate(1)" dj-value-x="form"><input name="email" '
        'value="a@b" dj-value-y="1">'
        '<input type="radio" name="size" value="s" checked><input type="radio" '
        'name="size" value="m">'
        '<input type="checkbox" name="tags" value="a"><input type="checkbox" name="tags" value="b">'
        '<select name="color"><option>red</option><option>blue</option></select>'
        '<input name="own" dj-change="own_change"></form>'
    )

    def test_sends_only_the_changed_field(self) -> None:
        found = form_change_event(node(self.HTML), "email")
        self.assertEqual(
            (found.name, found.params, found.element.tag, found.target.attrs["name"]),
            (
                "validate",
                {"value": "a@b", "field": "email", "y": "1", "_args": [1], "_target": "email"},
                "form",
                "email",
            ),
        )

    def test_data_gives_the_new_value_and_names_the_field(self) -> None:
        form = node(self.HTML)
        self.assertEqual(form_change_event(form, data={"email": "c@d"}).params["value"], "c@d")
        self.assertEqual(form_change_event(form, data={"color": "blue"}).params["value"], "blue")
        self.assertEqual(form_change_event(form, data={"size": "m"}).params["value"], "m")
        # The change is the user's: the page holds it afterwards.
        self.assertEqual(form_change_event(form, "size").params["value"], "m")
        tags = form_change_event(form, data={"tags": ["b"]})
        self.assertEqual((tags.params["value"], tags.target.attrs["value"]), (True, "b"))

    def test_the_nearest_dj_change_fires(self) -> None:
        self.assertEqual(form_change_event(node(self.HTML), "own").name, "own_change")

    def test_refusals(self) -> None:
        form = node(self.HTML)
        cases: list[tuple[dict[str, Any], str]] = [
            ({}, "a form's change needs the field, or data naming exactly one field"),
            (
                {"data": {"email": "x", "color": "red"}},
                "needs the field, or data naming exactly one field",
            ),
            (
                {"field": "email", "data": {"color": "red"}},
                "sends one field's change ('email'); data also names color",
            ),
            (
                {"field": "nope"},
                "has no field named 'nope'; its fields: email (text), size (radio 's'; radio 'm')",
            ),
            (
                {"field": "tags"},
                "2 fields are named 'tags'; say which one changed: element(selector).change()",
            ),
            (
                {"field": "color", "data": {"color": "green"}},
                "has no option 'green' a user can pick",
            ),
        ]
        for kwargs, message in cases:
            with self.subTest(kwargs=kwargs), self.assertRaisesMessage(DomEventError, message):
                form_change_event(form, **kwargs)
        with self.assertRaisesMessage(DomEventError, "has no dj-change (nor has any ancestor)"):
            form_change_event(node('<form id="t"><input name="a"></form>'), "a")


class LinkNavigationTests(SimpleTestCase):
    def nav(
        self, html: str, url: str = URL, selector: str = "#t", **kwargs: Any
    ) -> Navigation | None:
        return link_navigation(node(html, selector), url, **kwargs)

    def patch(
        self, html: str, url: str = URL, **kwargs: Any
    ) -> tuple[str, str, dict[str, str], str]:
        found = self.nav(html, url, **kwargs)
        assert found is not None
        return found.kind, found.url, found.params, found.uri

    def test_dj_patch_merges_the_query(self) -> None:
        # Verified in jsdom from /list/?tab=api&page=1.
        found = self.nav('<a id="t" href="/list/?tab=docs" dj-patch>Docs</a>')
        self.assertEqual(
            found,
            Navigation(
                "patch",
                "/list/?tab=docs&page=1",
                "/list/",
                {"tab": "docs", "page": "1"},
                "/list/?tab=docs&page=1",
                "dj-patch",
            ),
        )
        assert found is not None
        self.assertEqual(
            found.message(),
            {
                "type": "url_change",
                "params": {"tab": "docs", "page": "1"},
                "uri": "/list/?tab=docs&page=1",
            },
        )

    def test_only_a_value_starting_with_a_slash_moves_the_path(self) -> None:
        cases = [
            ('<button id="t" dj-patch="other/?x=1">b</button>', "/list/?tab=api&page=1&x=1"),
            (
                '<button id="t" dj-patch="/x/../other/?q=1#f">b</button>',
                "/other/?tab=api&page=1&q=1",
            ),
            ('<span id="t" dj-patch="">b</span>', "/list/?tab=api&page=1"),
        ]
        for html, uri in cases:
            with self.subTest(html=html):
                self.assertEqual(self.patch(html)[3], uri)

    def test_a_patch_reserializes_the_query_and_set_replaces_repeats(self) -> None:
        self.assertEqual(
            self.patch(
                '<b id="t" dj-patch="?p=a b&amp;tab=t~*">b</b>', "/list/?q=a%20b&tab=x&tab=y"
            )[1:],
            (
                "/list/?q=a+b&tab=t%7E*&p=a+b",
                {"q": "a b", "tab": "t~*", "p": "a b"},
                "/list/?q=a+b&tab=t%7E*&p=a+b",
            ),
        )
        self.assertEqual(
            self.patch('<b id="t" dj-patch="?page=3&amp;page=4">b</b>')[2],
            {"tab": "api", "page": "4"},
        )
        # With nothing to set the query is left as written, and the current #hash stays.
        self.assertEqual(
            self.patch('<b id="t" dj-patch="/x/">b</b>', "/a/?q=a%20b#h")[1], "/x/?q=a%20b#h"
        )

    def test_a_select_patches_with_its_value(self) -> None:
        html = (
            '<select id="t" dj-patch="?cat={value}"><option value="c&amp;d é" '
            "selected>x</option><option>y</option></select>"
        )
        self.assertEqual(
            self.patch(html)[2:],
            ({"tab": "api", "page": "1", "cat": "c&d é"}, "/list/?tab=api&page=1&cat=c%26d+%C3%A9"),
        )
        self.assertEqual(self.patch(html, value="y")[2]["cat"], "y")
        with self.assertRaisesMessage(DomEventError, "has no option 'z' a user can pick"):
            self.nav(html, value="z")
        with self.assertRaisesMessage(
            DomEventError, "value= is for a select or input with dj-patch"
        ):
            self.nav('<a id="t" href="?x=1" dj-patch>x</a>', value="z")

    def test_dj_patch_reload_is_a_full_load(self) -> None:
        found = self.nav('<a id="t" dj-patch="?x=1" dj-patch-reload>x</a>')
        assert found is not None
        self.assertEqual((found.kind, found.url), ("load", "/list/?tab=api&page=1&x=1"))
        with self.assertRaisesMessage(DomEventError, "sends no url_change frame"):
            found.message()

    def test_dj_navigate_redirects_to_its_attribute_from_the_origin(self) -> None:
        found = self.nav(
            '<a id="t" href="/ignored/" dj-navigate="items/5/?q=1#top"><span id="s">x</span></a>',
            selector="#s",
        )
        self.assertEqual(
            found,
            Navigation(
                "redirect",
                "/items/5/?q=1#top",
                "/items/5/",
                {"q": "1"},
                "/items/5/?q=1",
                "dj-navigate",
            ),
        )
        away = self.nav('<b id="t" dj-navigate="https://other.example/x?y=1">b</b>')
        assert away is not None
        self.assertEqual((away.kind, away.url), ("load", "https://other.example/x?y=1"))
        self.assertIsNone(self.nav('<b id="t" dj-navigate="javascript:alert(1)">b</b>'))
        both = '<b id="t" dj-patch="?a=1" dj-navigate="/x/">b</b>'
        with self.assertRaisesMessage(DomEventError, "has both dj-patch and dj-navigate"):
            self.nav(both)
        nested = '<div dj-navigate="/far/"><b id="t" dj-patch="?a=1">b</b></div>'
        self.assertEqual(self.patch(nested)[0], "patch")

    def test_plain_links_auto_navigate(self) -> None:
        same = self.nav('<a id="t" href="?only=1">x</a>')
        self.assertEqual(
            same,
            Navigation("patch", "/list/?only=1", "/list/", {"only": "1"}, "/list/?only=1", "href"),
        )
        other = self.nav('<a id="t" href="/items/7/?z=2#top">x</a>')
        self.assertEqual(
            other,
            Navigation(
                "redirect", "/items/7/?z=2", "/items/7/", {"z": "2"}, "/items/7/?z=2", "href"
            ),
        )
        hash_link = self.nav('<a id="t" href="#sec">x</a>')
        self.assertEqual(
            hash_link,
            Navigation(
                "patch",
                "/list/?tab=api&page=1#sec",
                "/list/",
                {"tab": "api", "page": "1"},
                "/list/?tab=api&page=1",
                "href",
            ),
        )
        self.assertIsNone(self.nav('<a id="t" href="#sec">x</a>', URL + "#sec"))

    def test_links_the_browser_loads_itself(self) -> None:
        cases: list[tuple[str, dict[str, Any]]] = [
            ('<a id="t" href="/items/7/" rel="nofollow External">x</a>', {}),
            ('<div data-no-navigate><a id="t" href="/items/7/">x</a></div>', {}),
            ('<a id="t" href="/items/7/" target="_top">x</a>', {}),
            ('<a id="t" href="/items/7/">x</a>', {"auto_navigate": False}),
        ]
        for html, kwargs in cases:
            with self.subTest(html=html):
                found = self.nav(html, **kwargs)
                assert found is not None
                self.assertEqual(
                    (found.kind, found.url, found.binding), ("load", "/items/7/", "href")
                )
        away = self.nav('<a id="t" href="https://other.example/">x</a>')
        assert away is not None
        self.assertEqual((away.kind, away.url), ("load", "https://other.example/"))
        with_query = self.nav('<a id="t" href="/items/7/?z=2&z=3" rel="external">x</a>')
        assert with_query is not None
        self.assertEqual((with_query.kind, with_query.params), ("load", {"z": "3"}))

    def test_clicks_that_do_not_navigate_the_page(self) -> None:
        for html in (
            '<a id="t" href="/items/7/" dj-click="go">x</a>',
            '<div dj-copy="x"><a id="t" href="/items/7/">x</a></div>',
            '<a id="t" href="/items/7/" target="_blank">x</a>',
            '<a id="t" href="/items/7/" download>x</a>',
            '<a id="t" href="mailto:a@b.c">x</a>',
            '<a id="t">no href</a>',
            '<button id="t" dj-click="go">x</button>',
        ):
            with self.subTest(html=html):
                self.assertIsNone(self.nav(html))

    def test_absolute_current_urls_give_absolute_urls(self) -> None:
        found = self.nav('<a id="t" href="?x=1" dj-patch>x</a>', "https://example.com/list/?a=1")
        assert found is not None
        self.assertEqual(
            (found.url, found.uri), ("https://example.com/list/?a=1&x=1", "/list/?a=1&x=1")
        )

    def test_refusals(self) -> None:
        with self.assertRaisesMessage(
            DomEventError,
            "current_url must be a path such as '/items/?page=2' or an http(s) URL, got 'list/'",
        ):
            self.nav('<a id="t" href="?x=1" dj-patch>x</a>', "list/")
        with self.assertRaisesMessage(DomEventError, "is disabled: a browser sends it no click"):
            self.nav('<button id="t" dj-patch="?x=1" disabled>x</button>')
