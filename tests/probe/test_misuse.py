"""Misuse of every public method and constructor argument: each must be a named error.

A named error is a ``DjustTestingError`` (or a subclass) whose message quotes
what was passed and says what was expected, never a ``TypeError`` from inside
djust, urllib or Python.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, SimpleTestCase

from djust_testing import (
    ConnectionClosedError,
    DjustTestingError,
    ElementNotFoundError,
    LiveViewTestClient,
    LiveViewTestMixin,
    NotMountedError,
)

from . import harness
from .harness import Case, fails, one_of, passes, raises
from .views import NAN, OtherView, ProbeCounterView, ProbeEffectsView, ProbeItemView

tearDownModule = harness.module_report(__name__)

Op = Callable[[LiveViewTestClient], Any]

# Every member of the client, used on a client in the wrong state.
STATE_READS: list[tuple[str, Op]] = [
    ("view_instance", lambda c: c.view_instance),
    ("get_state()", lambda c: c.get_state()),
    ("assert_state(count=0)", lambda c: c.assert_state(count=0)),
    ("assert_state_contains(count=0)", lambda c: c.assert_state_contains(count=0)),
    ("render()", lambda c: c.render()),
    ("render(raw=True)", lambda c: c.render(raw=True)),
    ("render('python')", lambda c: c.render("python")),
    ("has_element('#inc')", lambda c: c.has_element("#inc")),
    ("element('#count').text", lambda c: c.element("#count").text),
    ("element('#count').render()", lambda c: c.element("#count").render()),
    ("element('#typed').value", lambda c: c.element("#typed").value),
    ("element('#box').checked", lambda c: c.element("#box").checked),
]
ACTIONS: list[tuple[str, Op]] = [
    ("send_event('increment')", lambda c: c.send_event("increment")),
    (
        "send_event('increment', raise_errors=False)",
        lambda c: c.send_event("increment", raise_errors=False),
    ),
    ("trigger_info({})", lambda c: c.trigger_info({})),
    ("patch()", lambda c: c.patch()),
    ("patch('/probe/counter/?page=2')", lambda c: c.patch("/probe/counter/?page=2")),
    ("render_async()", lambda c: c.render_async()),
    ("element('#inc').click()", lambda c: c.element("#inc").click()),
    ("element('#typed').input('x')", lambda c: c.element("#typed").input("x")),
    ("element('#typed').change('x')", lambda c: c.element("#typed").change("x")),
    ("element('#box').change()", lambda c: c.element("#box").change()),
    ("element('#typed').keydown('Enter')", lambda c: c.element("#typed").keydown("Enter")),
    ("element('#typed').keyup('a')", lambda c: c.element("#typed").keyup("a")),
    ("element('#typed').focus()", lambda c: c.element("#typed").focus()),
    ("element('#typed').blur()", lambda c: c.element("#typed").blur()),
    ("element('#next').click()", lambda c: c.element("#next").click()),
    (
        "form('#f', {'email': 'a@b.c'}).submit()",
        lambda c: c.form("#f", {"email": "a@b.c"}).submit(),
    ),
    (
        "form('#f', {'email': 'a@b.c'}).change()",
        lambda c: c.form("#f", {"email": "a@b.c"}).change(),
    ),
    ("follow_redirect()", lambda c: c.follow_redirect()),
]
# Assertions about the last action that are wrong for the mount: each must fail.
WRONG_LAST_ACTION: list[tuple[str, Op]] = [
    ("assert_push_event('x')", lambda c: c.assert_push_event("x")),
    ("assert_patch()", lambda c: c.assert_patch()),
    ("assert_redirect()", lambda c: c.assert_redirect()),
    ("assert_flash('info')", lambda c: c.assert_flash("info")),
    ("assert_stream_insert('s')", lambda c: c.assert_stream_insert("s")),
    ("assert_stream_delete('s', 1)", lambda c: c.assert_stream_delete("s", 1)),
]
# Refutations that are true for the mount: each must pass.
TRUE_LAST_ACTION: list[tuple[str, Op]] = [
    ("refute_push_event('x')", lambda c: c.refute_push_event("x")),
    ("refute_patch()", lambda c: c.refute_patch()),
    ("refute_redirect()", lambda c: c.refute_redirect()),
    ("refute_flash()", lambda c: c.refute_flash()),
]
PAGE_FACTS: list[tuple[str, Op]] = [
    ("url", lambda c: c.url),
    ("page_title", lambda c: c.page_title),
    ("last_action", lambda c: c.last_action),
]
EVERY_MEMBER = STATE_READS + ACTIONS + WRONG_LAST_ACTION + TRUE_LAST_ACTION + PAGE_FACTS

NOT_MOUNTED = raises(NotMountedError, contains=["mount"])
CLOSED = raises(DjustTestingError, contains=["closed"])


def unmounted(p: harness.Probe) -> LiveViewTestClient:
    return p.client(ProbeCounterView)


def closed(p: harness.Probe) -> LiveViewTestClient:
    return p.closed(ProbeCounterView)


def close_twice(p: harness.Probe) -> None:
    live = unmounted(p)
    live.close()
    live.close()


def followed(p: harness.Probe) -> LiveViewTestClient:
    live = p.live(ProbeEffectsView)
    live.send_event("leave")
    p.opened.append(live.follow_redirect())
    return live


def not_none(value: Any) -> str | None:
    return None if value is not None else "returned None with no error"


def on(
    make: Callable[[harness.Probe], LiveViewTestClient], op: Op
) -> Callable[[harness.Probe], Any]:
    return lambda p: op(make(p))


def mounted(op: Op, view: Any = ProbeCounterView) -> Callable[[harness.Probe], Any]:
    return lambda p: op(p.live(view))


def after(event: str, op: Op, view: Any = ProbeEffectsView) -> Callable[[harness.Probe], Any]:
    def call(p: harness.Probe) -> Any:
        live = p.live(view)
        live.send_event(event)
        return op(live)

    return call


def received(expected: Any) -> Callable[[Any], str | None]:
    """Check for send_event() on ProbeCounterView.echo: what the handler received."""

    def check(result: Any) -> str | None:
        got = result["state_after"]["received"] if isinstance(result, dict) else result
        if repr(got) != repr(expected):
            return f"the handler received {got!r}, where a browser's JSON would give {expected!r}"
        return None

    return check


def value_is(expected: Any) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value != expected:
            return f"got {value!r}, expected {expected!r}"
        return None

    return check


class UnmountedClosedAndRedirectedTests(LiveViewTestMixin, SimpleTestCase):
    """Every member on a client not mounted, closed, or moved on by follow_redirect()."""

    def test_unmounted(self) -> None:
        cases = [
            Case(f"unmounted: {name}", on(unmounted, op), NOT_MOUNTED) for name, op in EVERY_MEMBER
        ]
        cases += [
            Case("unmounted: close()", lambda p: unmounted(p).close(), passes()),
            Case(
                "unmounted: close() twice",
                close_twice,
                passes(),
            ),
            Case("unmounted: view_path", lambda p: unmounted(p).view_path, passes()),
            Case("unmounted: repr()", lambda p: repr(unmounted(p)), passes()),
        ]
        harness.run_table(self, cases)

    def test_closed(self) -> None:
        state = STATE_READS[:4]
        page = STATE_READS[4:]
        cases = [
            Case(f"closed: {name}", on(closed, op), CLOSED) for name, op in state[1:] + ACTIONS
        ]
        cases.append(
            Case("closed: view_instance", on(closed, state[0][1]), one_of(passes(not_none), CLOSED))
        )
        # The page the browser last showed: reading it is harmless, or refused by name.
        cases += [
            Case(f"closed: {name}", on(closed, op), one_of(passes(), CLOSED)) for name, op in page
        ]
        cases += [
            Case(f"closed: {name}", on(closed, op), one_of(fails(), CLOSED))
            for name, op in WRONG_LAST_ACTION
        ]
        cases += [
            Case(f"closed: {name}", on(closed, op), one_of(passes(), CLOSED))
            for name, op in TRUE_LAST_ACTION
        ]
        cases += [
            Case(f"closed: {name}", on(closed, op), one_of(passes(), CLOSED))
            for name, op in PAGE_FACTS
        ]
        cases += [
            Case("closed: close() again", lambda p: closed(p).close(), passes()),
            Case(
                "closed: mount() again",
                lambda p: closed(p).mount(),
                raises(DjustTestingError, contains=["mount"]),
            ),
            Case(
                "closed: context manager exit then send_event",
                lambda p: _with_block(p).send_event("increment"),
                raises(ConnectionClosedError, contains=["closed"]),
            ),
        ]
        harness.run_table(self, cases)

    def test_after_follow_redirect(self) -> None:
        stale = raises(DjustTestingError, contains=["redirect"])
        cases = [
            Case(f"after follow_redirect(): {name}", on(followed, op), stale)
            for name, op in STATE_READS[:6] + ACTIONS[:4]
        ]
        harness.run_table(self, cases)


def _with_block(p: harness.Probe) -> LiveViewTestClient:
    with p.client(ProbeCounterView).mount() as live:
        pass
    return live


class SendEventArgumentTests(LiveViewTestMixin, SimpleTestCase):
    def test_event_names_of_the_wrong_type(self) -> None:
        cases = [
            Case(
                "send_event(b'increment')",
                mounted(lambda c: c.send_event(b"increment")),
                raises(contains=["bytes", ("str", "string")]),
            ),
            Case(
                "send_event(['increment'])",
                mounted(lambda c: c.send_event(["increment"])),
                raises(contains=["list", ("str", "string")]),
            ),
            Case(
                "send_event(1.5)",
                mounted(lambda c: c.send_event(1.5)),
                raises(contains=["1.5", ("str", "string")]),
            ),
            Case(
                "send_event(True)",
                mounted(lambda c: c.send_event(True)),
                raises(contains=["True", ("str", "string")]),
            ),
            Case(
                "send_event(object())",
                mounted(lambda c: c.send_event(object())),
                raises(contains=["object", ("str", "string")]),
            ),
            Case(
                "send_event(ProbeCounterView.increment)",
                mounted(lambda c: c.send_event(ProbeCounterView.increment)),
                raises(contains=["increment", ("str", "string")]),
            ),
        ]
        harness.run_table(self, cases)

    def test_parameters_a_browser_cannot_send(self) -> None:
        def echo(**params: Any) -> Callable[[harness.Probe], Any]:
            return mounted(lambda c: c.send_event("echo", **params))

        cannot = "browser cannot send"
        cases = [
            Case("param object()", echo(value=object()), raises(contains=["'value'", "object"])),
            Case("param set", echo(value={1, 2}), raises(contains=["'value'", "set"])),
            Case(
                "param frozenset",
                echo(value=frozenset({1})),
                raises(contains=["'value'", "frozenset"]),
            ),
            Case("param bytes", echo(value=b"x"), raises(contains=["'value'", "bytes"])),
            Case(
                "param datetime",
                echo(when=datetime.datetime(2024, 1, 1)),
                raises(contains=["'when'", "datetime"]),
            ),
            Case(
                "param date",
                echo(when=datetime.date(2024, 1, 1)),
                raises(contains=["'when'", "date"]),
            ),
            Case(
                "param Decimal", echo(price=Decimal("1.5")), raises(contains=["'price'", "Decimal"])
            ),
            Case("param a class", echo(value=ProbeCounterView), raises(contains=["'value'"])),
            Case("param a function", echo(value=len), raises(contains=["'value'"])),
            Case(
                "param nested object in a list",
                echo(value=[1, object()]),
                raises(contains=["'value'", cannot]),
            ),
            Case(
                "param nested set in a dict",
                echo(value={"a": {1}}),
                raises(contains=["'value'", cannot]),
            ),
            Case(
                "param dict with a tuple key",
                echo(value={(1, 2): "x"}),
                raises(contains=["'value'", cannot]),
            ),
            Case("param complex", echo(value=1j), raises(contains=["'value'", "complex"])),
            Case("param a lambda", echo(value=lambda: 1), raises(contains=["'value'", "function"])),
        ]
        harness.run_table(self, cases)

    def test_parameters_arrive_as_a_browser_sends_them(self) -> None:
        def echo(**params: Any) -> Callable[[harness.Probe], Any]:
            return mounted(lambda c: c.send_event("echo", **params))

        cases = [
            Case(
                "param NaN reaches the handler as None",
                echo(value=NAN),
                passes(received({"value": None})),
            ),
            Case(
                "param inf reaches the handler as None",
                echo(value=float("inf")),
                passes(received({"value": None})),
            ),
            Case(
                "param -inf reaches the handler as None",
                echo(value=float("-inf")),
                passes(received({"value": None})),
            ),
            Case(
                "param NaN inside a list",
                echo(value=[1, NAN]),
                passes(received({"value": [1, None]})),
            ),
            Case(
                "param inf inside a dict",
                echo(value={"x": float("inf")}),
                passes(received({"value": {"x": None}})),
            ),
            Case(
                "param NaN deep inside",
                echo(value={"a": [{"b": NAN}]}),
                passes(received({"value": {"a": [{"b": None}]}})),
            ),
            Case(
                "param tuple arrives as a list",
                echo(value=(1, 2)),
                passes(received({"value": [1, 2]})),
            ),
            Case(
                "param int dict keys arrive as strings",
                echo(value={1: "a"}),
                passes(received({"value": {"1": "a"}})),
            ),
            Case("param named 'name'", echo(name="Widget"), passes(received({"name": "Widget"}))),
            Case("param None stays None", echo(value=None), passes(received({"value": None}))),
            Case("param a float stays a float", echo(value=1.5), passes(received({"value": 1.5}))),
        ]
        harness.run_table(self, cases)


class OtherMethodArgumentTests(LiveViewTestMixin, SimpleTestCase):
    def test_trigger_info(self) -> None:
        cases = [
            Case(
                "trigger_info('notadict')",
                mounted(lambda c: c.trigger_info("notadict")),
                raises(contains=["str"]),
            ),
            Case(
                "trigger_info(None)",
                mounted(lambda c: c.trigger_info(None)),
                raises(contains=["None"]),
            ),
            Case(
                "trigger_info(123)",
                mounted(lambda c: c.trigger_info(123)),
                raises(contains=["int"]),
            ),
            Case(
                "trigger_info(['a'])",
                mounted(lambda c: c.trigger_info(["a"])),
                raises(contains=["list"]),
            ),
            Case(
                "trigger_info({}) on a view without handle_info",
                mounted(lambda c: c.trigger_info({})),
                passes(),
            ),
        ]
        harness.run_table(self, cases)

    def test_patch(self) -> None:
        def patched_to(url: str, expected: str) -> Case:
            def call(p: harness.Probe) -> Any:
                live = p.live(ProbeCounterView)
                live.patch(url)
                return live.url

            return Case(
                f"patch({url!r}) resolves against the page's URL",
                call,
                one_of(passes(value_is(expected)), raises(contains=[repr(url)])),
            )

        cases = [
            Case(
                "patch(123)",
                mounted(lambda c: c.patch(123)),
                raises(contains=["123", ("str", "string", "URL", "path")]),
            ),
            Case(
                "patch(b'/probe/counter/')",
                mounted(lambda c: c.patch(b"/probe/counter/")),
                raises(contains=["bytes"]),
            ),
            Case(
                "patch(['/probe/counter/'])",
                mounted(lambda c: c.patch(["/probe/counter/"])),
                raises(contains=["list"]),
            ),
            Case(
                "patch({'page': 2})",
                mounted(lambda c: c.patch({"page": 2})),
                raises(contains=["dict"]),
            ),
            Case(
                "patch('http://evil.example/x')",
                mounted(lambda c: c.patch("http://evil.example/x")),
                raises(contains=["http://evil.example/x"]),
            ),
            Case(
                "patch('//evil.example/x')",
                mounted(lambda c: c.patch("//evil.example/x")),
                raises(contains=["//evil.example/x"]),
            ),
            Case(
                "patch('javascript:alert(1)')",
                mounted(lambda c: c.patch("javascript:alert(1)")),
                raises(contains=["javascript:alert(1)"]),
            ),
            Case("patch(None) is the current URL", mounted(lambda c: c.patch(None)), passes()),
            patched_to("?page=2", "/probe/counter/?page=2"),
            patched_to("", "/probe/counter/"),
        ]
        harness.run_table(self, cases)

    def test_element_and_has_element(self) -> None:
        bad_selector: list[tuple[str, Any, str]] = [
            ("123", 123, "123"),
            ("None", None, "None"),
            ("''", "", "''"),
            ("'   '", "   ", "'   '"),
            ("'[[['", "[[[", "[[["),
            ("'#inc >'", "#inc >", "#inc >"),
            ("b'#inc'", b"#inc", "b'#inc'"),
            ("['#inc']", ["#inc"], "['#inc']"),
        ]
        cases = []
        for label, selector, named in bad_selector:
            cases.append(
                Case(
                    f"element({label})",
                    mounted(lambda c, s=selector: c.element(s).text),  # type: ignore[misc]
                    raises(contains=[named]),
                )
            )
            cases.append(
                Case(
                    f"has_element({label})",
                    mounted(lambda c, s=selector: c.has_element(s)),  # type: ignore[misc]
                    raises(contains=[named]),
                )
            )
        cases += [
            Case(
                "element('#inc', text=123)",
                mounted(lambda c: c.element("#inc", text=123).text),
                raises(contains=["123"]),
            ),
            Case(
                "element('#inc', text=['+'])",
                mounted(lambda c: c.element("#inc", text=["+"]).text),
                raises(contains=["['+']"]),
            ),
            Case(
                "has_element('#inc', text=1.5)",
                mounted(lambda c: c.has_element("#inc", text=1.5)),
                raises(contains=["1.5"]),
            ),
            Case(
                "element('#nope').click()",
                mounted(lambda c: c.element("#nope").click()),
                raises(ElementNotFoundError, contains=["#nope", "none"]),
            ),
            Case(
                "element('.btn').click() matches two",
                mounted(lambda c: c.element(".btn").click()),
                raises(ElementNotFoundError, contains=[".btn", "2"]),
            ),
            Case(
                "element('#inc', text='nope').click()",
                mounted(lambda c: c.element("#inc", text="nope").click()),
                raises(ElementNotFoundError, contains=["nope"]),
            ),
            Case(
                "element('#inc', text=re.compile('^x')).text",
                mounted(lambda c: c.element("#inc", text=re.compile("^x")).text),
                raises(ElementNotFoundError, contains=["^x"]),
            ),
            Case(
                "element('#plain').click() has no dj-click",
                mounted(lambda c: c.element("#plain").click()),
                raises(contains=[("dj-click", "click")]),
            ),
            Case(
                "element('#count').input('x') on a heading",
                mounted(lambda c: c.element("#count").input("x")),
                raises(contains=["h1"]),
            ),
            Case(
                "element('#count').change('x') on a heading",
                mounted(lambda c: c.element("#count").change("x")),
                raises(contains=["h1"]),
            ),
            Case(
                "element('#typed').input(None)",
                mounted(lambda c: c.element("#typed").input(None)),
                raises(contains=["None", "input("]),
            ),
            Case(
                "element('#typed').input(['a'])",
                mounted(lambda c: c.element("#typed").input(["a"])),
                raises(contains=["['a']"]),
            ),
            Case(
                "element('#typed').input(123)",
                mounted(lambda c: c.element("#typed").input(123)),
                one_of(raises(contains=["123"]), passes()),
            ),
            Case(
                "element('#typed').change(b'x')",
                mounted(lambda c: c.element("#typed").change(b"x")),
                raises(contains=["b'x'"]),
            ),
            Case(
                "element('#typed').change() without a value",
                mounted(lambda c: c.element("#typed").change()),
                raises(contains=["value"]),
            ),
            Case(
                "element('#typed').keydown(None)",
                mounted(lambda c: c.element("#typed").keydown(None)),
                raises(contains=["key"]),
            ),
            Case(
                "element('#typed').keydown('')",
                mounted(lambda c: c.element("#typed").keydown("")),
                raises(contains=["''"]),
            ),
            Case(
                "element('#typed').keydown(13)",
                mounted(lambda c: c.element("#typed").keydown(13)),
                raises(contains=["13"]),
            ),
            Case(
                "element('#typed').keyup(['a'])",
                mounted(lambda c: c.element("#typed").keyup(["a"])),
                raises(contains=["['a']"]),
            ),
            Case(
                "element('#plain').focus() has no dj-focus",
                mounted(lambda c: c.element("#plain").focus()),
                one_of(passes(), raises(contains=["focus"])),
            ),
            Case(
                "element('#inc').click(confirm='no')",
                mounted(lambda c: c.element("#inc").click(confirm="no")),
                one_of(passes(), raises(contains=["confirm"])),
            ),
            Case(
                "element('#count').checked on a heading",
                mounted(lambda c: c.element("#count").checked),
                one_of(passes(value_is(False)), raises(contains=["h1"])),
            ),
            Case(
                "element('#box').change('on') on a checkbox",
                mounted(lambda c: c.element("#box").change("on")),
                one_of(passes(), raises(contains=["checkbox"])),
            ),
        ]
        harness.run_table(self, cases)

    def test_form(self) -> None:
        def form(selector: Any, data: Any = None, **submit: Any) -> Callable[[harness.Probe], Any]:
            return mounted(lambda c: c.form(selector, data).submit(**submit))

        cases = [
            Case(
                "form('#f', 'notadict')",
                form("#f", "notadict"),
                raises(contains=["notadict", ("dict", "mapping")]),
            ),
            Case(
                "form('#f', ['email'])",
                form("#f", ["email"]),
                raises(contains=["list", ("dict", "mapping")]),
            ),
            Case("form('#f', 123)", form("#f", 123), raises(contains=["123", ("dict", "mapping")])),
            Case(
                "form('#f', {'email', 'x'}) (a set)",
                form("#f", {"email", "x"}),
                raises(contains=["set", ("dict", "mapping")]),
            ),
            Case(
                "form('#f', [('email', 'x')])",
                form("#f", [("email", "x")]),
                one_of(passes(), raises(contains=["list"])),
            ),
            Case(
                "form('#f', {'nosuchfield': 'x'})",
                form("#f", {"nosuchfield": "x"}),
                raises(contains=["nosuchfield"]),
            ),
            Case("form('#f', {1: 'x'})", form("#f", {1: "x"}), raises(contains=["1"])),
            Case(
                "form('#f', {'email': object()})",
                form("#f", {"email": object()}),
                raises(contains=["email", "object"]),
            ),
            Case(
                "form('#f', {'email': b'x'})",
                form("#f", {"email": b"x"}),
                raises(contains=["email", "b'x'"]),
            ),
            Case(
                "form('#f', {'email': ['a', 'b']}) into one text field",
                form("#f", {"email": ["a", "b"]}),
                raises(contains=["email"]),
            ),
            Case(
                "form('#f', {'size': 'xl'}) no such option",
                form("#f", {"size": "xl"}),
                raises(contains=["xl"]),
            ),
            Case(
                "form('#f', {'agree': 'maybe'}) no such checkbox value",
                form("#f", {"agree": "maybe"}),
                raises(contains=["maybe"]),
            ),
            Case(
                "form('#f', {'email': None})",
                form("#f", {"email": None}),
                one_of(raises(contains=["None"]), passes()),
            ),
            Case("form('#not-a-form').submit()", form("#not-a-form"), raises(contains=["form"])),
            Case(
                "form('#nope').submit()",
                form("#nope"),
                raises(ElementNotFoundError, contains=["#nope"]),
            ),
            Case("form(123)", form(123), raises(contains=["123"])),
            Case("form(None)", form(None), raises(contains=["None"])),
            Case("form('')", form(""), raises(contains=["''"])),
            Case(
                "submit(submitter='#nope')",
                form("#f", submitter="#nope"),
                raises(ElementNotFoundError, contains=["#nope"]),
            ),
            Case(
                "submit(submitter='#not-submit') a type=button",
                form("#f", submitter="#not-submit"),
                raises(contains=["not-submit"]),
            ),
            Case(
                "submit(submitter='#inc') outside the form",
                form("#f", submitter="#inc"),
                raises(contains=[("#inc", 'id="inc"')]),
            ),
            Case("submit(submitter=123)", form("#f", submitter=123), raises(contains=["123"])),
            Case(
                "form('#f').change() without data",
                mounted(lambda c: c.form("#f").change()),
                raises(contains=["data"]),
            ),
            Case(
                "form('#f', {'nosuchfield': 'x'}).change()",
                mounted(lambda c: c.form("#f", {"nosuchfield": "x"}).change()),
                raises(contains=["nosuchfield"]),
            ),
            Case(
                "form('#f', {'email': 'a@b.c'}).submit() passes",
                form("#f", {"email": "a@b.c"}),
                passes(),
            ),
        ]
        harness.run_table(self, cases)

    def test_assertion_arguments(self) -> None:
        wrong_type = raises(DjustTestingError)
        cases = [
            Case(
                "assert_push_event(123)",
                after("save", lambda c: c.assert_push_event(123)),
                raises(contains=["123"]),
            ),
            Case(
                "assert_push_event(None)",
                after("save", lambda c: c.assert_push_event(None)),
                raises(contains=["None"]),
            ),
            Case(
                "assert_push_event('flash', 'notadict')",
                after("save", lambda c: c.assert_push_event("flash", "notadict")),
                raises(contains=["notadict"]),
            ),
            Case(
                "assert_push_event('flash', ['type'])",
                after("save", lambda c: c.assert_push_event("flash", ["type"])),
                raises(contains=["['type']"]),
            ),
            Case(
                "assert_push_event('flash', 1)",
                after("save", lambda c: c.assert_push_event("flash", 1)),
                raises(contains=["1"]),
            ),
            Case(
                "refute_push_event('flash', 'notadict')",
                after("save", lambda c: c.refute_push_event("flash", "notadict")),
                raises(contains=["notadict"]),
            ),
            Case(
                "assert_patch(123)",
                after("go_page", lambda c: c.assert_patch(123)),
                raises(contains=["123"]),
            ),
            Case(
                "assert_patch('/probe/effects/', 'page=2')",
                after("go_page", lambda c: c.assert_patch("/probe/effects/", "page=2")),
                raises(contains=["page=2"]),
            ),
            Case(
                "assert_patch(params=['page'])",
                after("go_page", lambda c: c.assert_patch(params=["page"])),
                raises(contains=["['page']"]),
            ),
            Case(
                "assert_redirect(123)",
                after("leave", lambda c: c.assert_redirect(123)),
                raises(contains=["123"]),
            ),
            Case(
                "assert_redirect('/probe/counter/', 'from=effects')",
                after("leave", lambda c: c.assert_redirect("/probe/counter/", "from=effects")),
                raises(contains=["from=effects"]),
            ),
            Case(
                "assert_flash('success', None) after a flash",
                after("flash", lambda c: c.assert_flash("success", None)),
                one_of(raises(contains=["None"]), passes()),
            ),
            Case(
                "assert_flash('success', None) without a flash",
                after("nothing", lambda c: c.assert_flash("success", None)),
                one_of(raises(contains=["None"]), fails("success")),
            ),
            Case(
                "assert_flash('success', 123)",
                after("flash", lambda c: c.assert_flash("success", 123)),
                raises(contains=["123"]),
            ),
            Case(
                "assert_flash('success', ['Saved'])",
                after("flash", lambda c: c.assert_flash("success", ["Saved"])),
                raises(contains=["['Saved']"]),
            ),
            Case(
                "assert_flash(None)",
                after("flash", lambda c: c.assert_flash(None)),
                raises(contains=["None"]),
            ),
            Case(
                "assert_flash(123)",
                after("flash", lambda c: c.assert_flash(123)),
                raises(contains=["123"]),
            ),
            Case(
                "refute_flash(123)",
                after("flash", lambda c: c.refute_flash(123)),
                raises(contains=["123"]),
            ),
            Case(
                "assert_stream_insert(None)",
                after("post", lambda c: c.assert_stream_insert(None)),
                raises(contains=["None"]),
            ),
            Case(
                "assert_stream_insert(123)",
                after("post", lambda c: c.assert_stream_insert(123)),
                raises(contains=["123"]),
            ),
            Case(
                "assert_stream_delete('messages', None)",
                after("remove", lambda c: c.assert_stream_delete("messages", None)),
                one_of(raises(contains=["None"]), fails("None")),
            ),
            Case("assert_state()", mounted(lambda c: c.assert_state()), wrong_type),
            Case(
                "assert_state_contains()", mounted(lambda c: c.assert_state_contains()), wrong_type
            ),
            Case(
                "assert_state(**{'': 1})", mounted(lambda c: c.assert_state(**{"": 1})), fails("''")
            ),
            Case(
                "assert_state(_private=1)",
                mounted(lambda c: c.assert_state(_private=1)),
                fails("_private"),
            ),
            Case(
                "assert_state(template_name=None) (djust's configuration)",
                mounted(lambda c: c.assert_state(template_name=None)),
                fails("template_name"),
            ),
        ]
        harness.run_table(self, cases)


class ConstructorAndMountTests(LiveViewTestMixin, SimpleTestCase):
    def test_constructor(self) -> None:
        def build(*args: Any, **kwargs: Any) -> Callable[[harness.Probe], Any]:
            return lambda p: p.client(*args, **kwargs).mount()

        cases = [
            Case("LiveViewTestClient(None)", build(None), raises(contains=["None"])),
            Case(
                "LiveViewTestClient('ProbeCounterView')",
                build("ProbeCounterView"),
                raises(contains=["ProbeCounterView"]),
            ),
            Case(
                "LiveViewTestClient(ProbeCounterView())",
                build(ProbeCounterView()),
                raises(contains=["ProbeCounterView"]),
            ),
            Case("LiveViewTestClient(object)", build(object), raises(contains=["object"])),
            Case(
                "LiveViewTestClient(SimpleTestCase)",
                build(SimpleTestCase),
                raises(contains=["SimpleTestCase"]),
            ),
            Case(
                "LiveViewTestClient(View, user='bob')",
                build(ProbeCounterView, user="bob"),
                raises(contains=["'bob'", "user"]),
            ),
            Case(
                "LiveViewTestClient(View, user=123)",
                build(ProbeCounterView, user=123),
                raises(contains=["123", "user"]),
            ),
            Case(
                "LiveViewTestClient(View, user=object())",
                build(ProbeCounterView, user=object()),
                raises(contains=["object", "user"]),
            ),
            Case(
                "LiveViewTestClient(View, user={'username': 'bob'})",
                build(ProbeCounterView, user={"username": "bob"}),
                raises(contains=["dict", "user"]),
            ),
            Case(
                "LiveViewTestClient(View, user=AnonymousUser())",
                build(ProbeCounterView, user=AnonymousUser()),
                passes(),
            ),
            Case(
                "LiveViewTestClient(View, client='notaclient')",
                build(ProbeCounterView, client="notaclient"),
                raises(contains=["notaclient", "Client"]),
            ),
            Case(
                "LiveViewTestClient(View, client=RequestFactory())",
                build(ProbeCounterView, client=RequestFactory()),
                raises(contains=["RequestFactory"]),
            ),
            Case(
                "LiveViewTestClient(View, url=123)",
                build(ProbeCounterView, url=123),
                raises(contains=["123", "url"]),
            ),
            Case(
                "LiveViewTestClient(View, url=b'/probe/counter/')",
                build(ProbeCounterView, url=b"/probe/counter/"),
                raises(contains=["bytes", "url"]),
            ),
            Case(
                "LiveViewTestClient(View, url=['/'])",
                build(ProbeCounterView, url=["/"]),
                raises(contains=["list", "url"]),
            ),
            Case(
                "LiveViewTestClient(View, url='http://evil.example/')",
                build(ProbeCounterView, url="http://evil.example/"),
                raises(contains=["http://evil.example/"]),
            ),
            Case(
                "LiveViewTestClient(View, url='/probe/other/') another view's route",
                build(ProbeCounterView, url="/probe/other/"),
                raises(contains=["/probe/other/", "OtherView"]),
            ),
            Case(
                "LiveViewTestClient(View, url='/probe/items/3/') another view's route",
                build(ProbeCounterView, url="/probe/items/3/"),
                raises(contains=["/probe/items/3/", "ProbeItemView"]),
            ),
            Case(
                "LiveViewTestClient(View, url='/plain/') a plain view's route",
                build(ProbeCounterView, url="/plain/"),
                raises(contains=["/plain/"]),
            ),
            Case(
                "LiveViewTestClient(View, url='/probe/nowhere/') no route",
                build(ProbeCounterView, url="/probe/nowhere/"),
                raises(contains=["/probe/nowhere/"]),
            ),
            Case(
                "LiveViewTestClient(View, url='/probe/counter/?x=1') passes",
                build(ProbeCounterView, url="/probe/counter/?x=1"),
                passes(),
            ),
            Case(
                "LiveViewTestClient(View, url='/probe/items/x/') a route the path does not fit",
                build(ProbeItemView, url="/probe/items/x/"),
                raises(contains=["/probe/items/x/"]),
            ),
        ]
        harness.run_table(self, cases)

    def test_mount(self) -> None:
        cases = [
            Case(
                "mount() twice",
                lambda p: p.client(ProbeCounterView).mount().mount(),
                raises(contains=["already mounted"]),
            ),
            Case(
                "mount(tab=object())",
                lambda p: p.client(ProbeCounterView).mount(tab=object()),
                raises(contains=["'tab'", "object"]),
            ),
            Case(
                "mount(tab=None)",
                lambda p: p.client(ProbeCounterView).mount(tab=None),
                raises(contains=["'tab'", "None"]),
            ),
            Case(
                "mount(tab=['a', 'b'])",
                lambda p: p.client(ProbeCounterView).mount(tab=["a", "b"]),
                raises(contains=["'tab'", "list"]),
            ),
            Case(
                "mount(tab={'a': 1})",
                lambda p: p.client(ProbeCounterView).mount(tab={"a": 1}),
                raises(contains=["'tab'", "dict"]),
            ),
            Case(
                "mount(pk='abc') on an <int:pk> route",
                lambda p: p.client(ProbeItemView).mount(pk="abc"),
                raises(contains=["pk", "abc"]),
            ),
            Case(
                "mount() without the route's pk",
                lambda p: p.client(ProbeItemView).mount(),
                raises(contains=["pk"]),
            ),
            Case(
                "url='/probe/items/7/' then mount(pk=8) conflicts with the URL",
                lambda p: p.client(ProbeItemView, url="/probe/items/7/").mount(pk=8),
                raises(contains=["pk", "7", "8"]),
            ),
            Case(
                "url='/probe/items/7/?tab=a' then mount(tab='b') conflicts with the query",
                lambda p: p.client(ProbeItemView, url="/probe/items/7/?tab=a").mount(tab="b"),
                raises(contains=["tab", "'a'", "'b'"]),
            ),
            Case(
                "mount(pk=7, tab='x') passes",
                lambda p: p.client(ProbeItemView).mount(pk=7, tab="x"),
                passes(),
            ),
            Case(
                "mount(pk=NaN)",
                lambda p: p.client(ProbeItemView).mount(pk=NAN),
                raises(contains=["pk", "nan"]),
            ),
        ]
        harness.run_table(self, cases)

    def test_live(self) -> None:
        def item_state(expected: dict[str, Any]) -> Callable[[Any], str | None]:
            def check(live: Any) -> str | None:
                state = live.get_state()
                got = {key: state.get(key) for key in expected}
                return None if got == expected else f"mounted with {got}, expected {expected}"

            return check

        cases = [
            Case("self.live(None)", lambda p: p.live(None), raises(contains=["None"])),
            Case("self.live(123)", lambda p: p.live(123), raises(contains=["123"])),
            Case("self.live('')", lambda p: p.live(""), raises(contains=[("''", "'/'")])),
            Case(
                "self.live(b'/probe/counter/')",
                lambda p: p.live(b"/probe/counter/"),
                raises(contains=["b'/probe/counter/'"]),
            ),
            Case(
                "self.live(ProbeCounterView())",
                lambda p: p.live(ProbeCounterView()),
                raises(contains=["ProbeCounterView"]),
            ),
            Case(
                "self.live('/probe/nowhere/')",
                lambda p: p.live("/probe/nowhere/"),
                raises(contains=["/probe/nowhere/"]),
            ),
            Case(
                "self.live('/plain/')",
                lambda p: p.live("/plain/"),
                raises(contains=["/plain/", "LiveView"]),
            ),
            Case(
                "self.live('http://evil.example/probe/counter/')",
                lambda p: p.live("http://evil.example/probe/counter/"),
                raises(contains=["http://evil.example/probe/counter/"]),
            ),
            Case(
                "self.live('probe/counter/') without a leading slash",
                lambda p: p.live("probe/counter/"),
                one_of(raises(contains=["probe/counter/"]), passes()),
            ),
            Case(
                "self.live(ProbeItemView) without pk",
                lambda p: p.live(ProbeItemView),
                raises(contains=["pk"]),
            ),
            Case(
                "self.live(ProbeItemView, pk='abc')",
                lambda p: p.live(ProbeItemView, pk="abc"),
                raises(contains=["abc"]),
            ),
            Case(
                "self.live('/probe/items/7/', pk=8) conflicts with the URL",
                lambda p: p.live("/probe/items/7/", pk=8),
                raises(contains=["pk", "7", "8"]),
            ),
            Case(
                "self.live('/probe/items/7/', pk=7) repeats the URL",
                lambda p: p.live("/probe/items/7/", pk=7),
                one_of(passes(item_state({"pk": 7})), raises(contains=["pk"])),
            ),
            Case(
                "self.live('/probe/items/7/?tab=a', tab='b') conflicts with the query",
                lambda p: p.live("/probe/items/7/?tab=a", tab="b"),
                raises(contains=["tab", "'a'", "'b'"]),
            ),
            Case(
                "self.live('/probe/items/7/', tab='x') passes",
                lambda p: p.live("/probe/items/7/", tab="x"),
                passes(item_state({"pk": 7, "tab": "x"})),
            ),
            Case(
                "self.live(ProbeItemView, pk=7, tab='x') passes",
                lambda p: p.live(ProbeItemView, pk=7, tab="x"),
                passes(item_state({"pk": 7, "tab": "x"})),
            ),
            Case("self.live(OtherView) passes", lambda p: p.live(OtherView), passes()),
        ]
        harness.run_table(self, cases)
