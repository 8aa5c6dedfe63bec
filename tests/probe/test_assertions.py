"""Wrong assertions must fail with a message naming the difference; right ones must pass.

The rules these tables hold the assertions to:

* ``assert_state`` is exact: equal values of the same type at every depth,
  dict keys and set elements included (``True`` is not ``1``, in a set or as
  a key too), and a NaN matches a NaN.
* ``assert_state_contains``: an expected list element matches an actual
  element that is equal to it (type-exact), or, for a dict, contains it as a
  subset, or, for a list, contains its elements by the same rule. Substrings
  apply to a string compared with a string at the top of an expectation only.
* Payload, params and item matching in the side-effect assertions is by
  subset of keys with type-exact values (a subset is not a substring).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.test import SimpleTestCase

from djust_testing import ElementNotFoundError, LiveViewTestClient, LiveViewTestMixin

from . import harness
from .harness import Case, fails, passes, raises
from .views import ProbeCounterView, ProbeEffectsView, StateView

tearDownModule = harness.module_report(__name__)


def nan() -> float:
    """A NaN that is not the view's own NaN object (identity would make any comparison pass)."""
    return float("nan")


def state(method: str, **expected: Any) -> Callable[[harness.Probe], Any]:
    return lambda p: getattr(p.live(StateView), method)(**expected)


def label(expected: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in expected.items())


def exact_fails(**expected: Any) -> Case:
    key = next(iter(expected))
    return Case(
        f"assert_state({label(expected)}) fails", state("assert_state", **expected), fails(key)
    )


def exact_passes(**expected: Any) -> Case:
    return Case(
        f"assert_state({label(expected)}) passes", state("assert_state", **expected), passes()
    )


def contains_fails(**expected: Any) -> Case:
    key = next(iter(expected))
    return Case(
        f"assert_state_contains({label(expected)}) fails",
        state("assert_state_contains", **expected),
        fails(key),
    )


def contains_passes(**expected: Any) -> Case:
    return Case(
        f"assert_state_contains({label(expected)}) passes",
        state("assert_state_contains", **expected),
        passes(),
    )


class AssertStateTests(LiveViewTestMixin, SimpleTestCase):
    """StateView's state is listed in tests/probe/views.py."""

    def test_wrong_exact_expectations_fail(self) -> None:
        cases = [
            exact_fails(flag=1),
            exact_fails(one=True),
            exact_fails(one=1.0),
            exact_fails(one="1"),
            exact_fails(one_float=1),
            exact_fails(zero=False),
            exact_fails(zero=None),
            exact_fails(nothing=0),
            exact_fails(nothing=""),
            exact_fails(nothing=False),
            exact_fails(dec=1),
            exact_fails(dec=1.0),
            exact_fails(true_set={1}),
            exact_fails(one_set={True}),
            exact_fails(one_set={1.0}),
            exact_fails(frozen={1}),
            exact_fails(one_set=frozenset({1})),
            exact_fails(true_key={1: "a"}),
            exact_fails(one_key={True: "a"}),
            exact_fails(one_key={1.0: "a"}),
            exact_fails(nested_set={"a": {1}}),
            exact_fails(list_of_dicts=[{1: 1}]),
            exact_fails(list_of_dicts=[{True: True}]),
            exact_fails(tuple_set={(1, 1)}),
            exact_fails(pair=[1, 2]),
            exact_fails(numbers=(1, 2)),
            exact_fails(numbers=[2, 1]),
            exact_fails(numbers=[1, 2, 3]),
            exact_fails(empty_list=()),
            exact_fails(empty_list={}),
            exact_fails(empty_dict=[]),
            exact_fails(nan=1.0),
            exact_fails(nan=None),
            exact_fails(nan_list=[1.0, nan()]),
            exact_fails(nan_list=[nan(), True]),
            exact_fails(nan_dict={"x": 0.0}),
            exact_fails(inf=nan()),
            exact_fails(roles=["not-admin"]),
            exact_fails(meta={"owner": "ann", "tags": ["a", "b"], "count": 2, "flags": {1}}),
            exact_fails(meta={"owner": "ann", "tags": ["a", "b"], "count": True, "flags": {True}}),
            exact_fails(
                meta={"owner": "ann", "tags": ["a", "b"], "count": 2, "flags": {True}, "x": 1}
            ),
            exact_fails(label="shopping"),
            exact_fails(bools=[1, 0]),
            exact_fails(ints=[True, False]),
            exact_fails(people=[{"name": "admin", "age": 3.0}]),
            exact_fails(people=[{"name": "admin"}]),
            Case(
                "assert_state(flag=1, one=True) names both",
                state("assert_state", flag=1, one=True),
                fails("flag", "one"),
            ),
            Case(
                "assert_state(nosuch=1) names the closest",
                state("assert_state", labl="x"),
                fails("labl", "label"),
            ),
        ]
        harness.run_table(self, cases)

    def test_right_exact_expectations_pass(self) -> None:
        cases = [
            exact_passes(flag=True),
            exact_passes(one=1),
            exact_passes(one_float=1.0),
            exact_passes(one_str="1"),
            exact_passes(zero=0),
            exact_passes(nothing=None),
            exact_passes(dec=Decimal("1")),
            exact_passes(true_set={True}),
            exact_passes(one_set={1}),
            exact_passes(frozen=frozenset({1})),
            exact_passes(true_key={True: "a"}),
            exact_passes(one_key={1: "a"}),
            exact_passes(nested_set={"a": {True}}),
            exact_passes(list_of_dicts=[{True: 1}]),
            exact_passes(tuple_set={(1, True)}),
            exact_passes(pair=(1, 2)),
            exact_passes(numbers=[1, 2]),
            exact_passes(empty_list=[]),
            exact_passes(empty_dict={}),
            exact_passes(nan=nan()),
            exact_passes(nan_list=[nan(), 1.0]),
            exact_passes(nan_dict={"x": nan()}),
            exact_passes(inf=float("inf")),
            exact_passes(meta={"owner": "ann", "tags": ["a", "b"], "count": 2, "flags": {True}}),
            exact_passes(label="shopping list", items=["bread", "milk"], ids=(1, 2, 3)),
            exact_passes(tags={"y", "x"}),
        ]
        harness.run_table(self, cases)

    def test_wrong_containment_expectations_fail(self) -> None:
        cases = [
            contains_fails(roles=["admin"]),
            contains_fails(roles=["user", "admin"]),
            contains_fails(roles=["use"]),
            contains_fails(roles=["not-admin", "not-admin"]),
            contains_fails(perms={"roles": ["admin"]}),
            contains_fails(perms={"owner": "an"}),
            contains_fails(people=[{"name": "adm"}]),
            contains_fails(people=[{"age": 3.0}]),
            contains_fails(people=[{"age": True}]),
            contains_fails(deep=[["admin"]]),
            contains_fails(deep=[["not"]]),
            contains_fails(items=["bre"]),
            contains_fails(items="bread"),
            contains_fails(items=[["bread"]]),
            contains_fails(label=["shopping"]),
            contains_fails(label="Shopping"),
            contains_fails(label="list shopping"),
            contains_fails(ids=(1, 1)),
            contains_fails(ids=[4]),
            contains_fails(ids=(True,)),
            contains_fails(ids=(1.0,)),
            contains_fails(bools=[1]),
            contains_fails(ints=[True]),
            contains_fails(one_set={True}),
            contains_fails(true_set={1}),
            contains_fails(tags={"z"}),
            contains_fails(meta={"flags": {1}}),
            contains_fails(meta={"count": True}),
            contains_fails(meta={"count": 2.0}),
            contains_fails(meta={"tags": ["c"]}),
            contains_fails(meta={"tags": ["a", "a"]}),
            contains_fails(meta={"owner": "a"}),
            contains_fails(meta={"missing": 1}),
            contains_fails(meta="ann"),
            contains_fails(one=True),
            contains_fails(flag=1),
            contains_fails(one=1.0),
            contains_fails(nothing=0),
            contains_fails(true_key={1: "a"}),
            contains_fails(one_key={True: "a"}),
            contains_fails(nan=1.0),
            contains_fails(numbers=[1.0]),
            contains_fails(list_of_dicts=[{1: 1}]),
        ]
        harness.run_table(self, cases)

    def test_right_containment_expectations_pass(self) -> None:
        cases = [
            contains_passes(roles=["not-admin"]),
            contains_passes(roles=["user", "not-admin"]),
            contains_passes(roles=[]),
            contains_passes(perms={"roles": ["user"]}),
            contains_passes(perms={"owner": "ann"}),
            contains_passes(people=[{"name": "admin"}]),
            contains_passes(deep=[["user"]]),
            contains_passes(items=["bread"]),
            contains_passes(label="shopping"),
            contains_passes(label="list"),
            contains_passes(label=""),
            contains_passes(ids=(3, 1)),
            contains_passes(tags={"x"}),
            contains_passes(tags=["x"]),
            contains_passes(meta={"tags": ["a"]}),
            contains_passes(meta={"count": 2}),
            contains_passes(meta={"flags": {True}}),
            contains_passes(one=1),
            contains_passes(flag=True),
            contains_passes(nan=nan()),
            contains_passes(nan_list=[nan()]),
            contains_passes(nan_dict={"x": nan()}),
            contains_passes(true_key={True: "a"}),
            contains_passes(list_of_dicts=[{True: 1}]),
            contains_passes(bools=[False]),
        ]
        harness.run_table(self, cases)


def effects(
    event: str, check: Callable[[LiveViewTestClient], Any], /, **params: Any
) -> Callable[[harness.Probe], Any]:
    def call(p: harness.Probe) -> Any:
        live = p.live(ProbeEffectsView)
        live.send_event(event, **params)
        return check(live)

    return call


def fails_after(
    event: str,
    what: str,
    check: Callable[[LiveViewTestClient], Any],
    /,
    *named: harness.Text,
    **params: Any,
) -> Case:
    return Case(f"after {event}: {what} fails", effects(event, check, **params), fails(*named))


def passes_after(
    event: str, what: str, check: Callable[[LiveViewTestClient], Any], /, **params: Any
) -> Case:
    return Case(f"after {event}: {what} passes", effects(event, check, **params), passes())


class SideEffectAssertionTests(LiveViewTestMixin, SimpleTestCase):
    """ProbeEffectsView: save pushes 'flash' {"type": "success", "message": "saved", "count": 1,
    "meta": {"id": 7}}; go_page live-patches to /probe/effects/?page=2&category=books; leave
    live-redirects to /probe/counter/?from=effects; flash shows a success flash "Saved it!";
    post inserts {"id": 11, "text": <text>, "flag": True}; remove deletes an item."""

    def test_push_events(self) -> None:
        cases = [
            fails_after(
                "save",
                "assert_push_event('flash', {'type': 'error'})",
                lambda c: c.assert_push_event("flash", {"type": "error"}),
                "flash",
            ),
            fails_after(
                "save",
                "assert_push_event('flash', {'type': 'succ'})",
                lambda c: c.assert_push_event("flash", {"type": "succ"}),
                "succ",
            ),
            fails_after(
                "save",
                "assert_push_event('flash', {'count': True})",
                lambda c: c.assert_push_event("flash", {"count": True}),
                "count",
            ),
            fails_after(
                "save",
                "assert_push_event('flash', {'count': 1.0})",
                lambda c: c.assert_push_event("flash", {"count": 1.0}),
                "count",
            ),
            fails_after(
                "save",
                "assert_push_event('flash', {'meta': {'id': 8}})",
                lambda c: c.assert_push_event("flash", {"meta": {"id": 8}}),
                "8",
            ),
            fails_after(
                "save",
                "assert_push_event('flash', {'meta': {'id': '7'}})",
                lambda c: c.assert_push_event("flash", {"meta": {"id": "7"}}),
                ("'7'", '"7"'),
            ),
            fails_after(
                "save",
                "assert_push_event('flash', {'missing': None})",
                lambda c: c.assert_push_event("flash", {"missing": None}),
                "missing",
            ),
            fails_after(
                "save",
                "assert_push_event('track')",
                lambda c: c.assert_push_event("track"),
                "track",
            ),
            fails_after(
                "save",
                "assert_push_event('Flash')",
                lambda c: c.assert_push_event("Flash"),
                "Flash",
            ),
            fails_after(
                "save", "assert_push_event('fla')", lambda c: c.assert_push_event("fla"), "fla"
            ),
            fails_after(
                "nothing",
                "assert_push_event('flash')",
                lambda c: c.assert_push_event("flash"),
                "flash",
            ),
            fails_after(
                "save",
                "refute_push_event('flash')",
                lambda c: c.refute_push_event("flash"),
                "flash",
            ),
            fails_after(
                "save",
                "refute_push_event('flash', {'type': 'success'})",
                lambda c: c.refute_push_event("flash", {"type": "success"}),
                "flash",
            ),
            passes_after(
                "save", "assert_push_event('flash')", lambda c: c.assert_push_event("flash")
            ),
            passes_after(
                "save", "assert_push_event('flash', {})", lambda c: c.assert_push_event("flash", {})
            ),
            passes_after(
                "save",
                "assert_push_event('flash', {'type': 'success'})",
                lambda c: c.assert_push_event("flash", {"type": "success"}),
            ),
            passes_after(
                "save",
                "assert_push_event('flash', {'meta': {'id': 7}})",
                lambda c: c.assert_push_event("flash", {"meta": {"id": 7}}),
            ),
            passes_after(
                "save",
                "assert_push_event with the whole payload",
                lambda c: c.assert_push_event(
                    "flash", {"type": "success", "message": "saved", "count": 1, "meta": {"id": 7}}
                ),
            ),
            passes_after(
                "save",
                "refute_push_event('flash', {'type': 'error'})",
                lambda c: c.refute_push_event("flash", {"type": "error"}),
            ),
            passes_after(
                "save",
                "refute_push_event('flash', {'type': 'succ'})",
                lambda c: c.refute_push_event("flash", {"type": "succ"}),
            ),
            passes_after(
                "save", "refute_push_event('track')", lambda c: c.refute_push_event("track")
            ),
            passes_after(
                "nothing", "refute_push_event('flash')", lambda c: c.refute_push_event("flash")
            ),
        ]
        harness.run_table(self, cases)

    def test_navigation(self) -> None:
        cases = [
            fails_after(
                "go_page",
                "assert_patch('/probe/other/')",
                lambda c: c.assert_patch("/probe/other/"),
                "/probe/other/",
            ),
            fails_after(
                "go_page",
                "assert_patch('/probe/effects/', {'page': 3})",
                lambda c: c.assert_patch("/probe/effects/", {"page": 3}),
                "page",
            ),
            fails_after(
                "go_page",
                "assert_patch('/probe/effects/', {'category': 'book'})",
                lambda c: c.assert_patch("/probe/effects/", {"category": "book"}),
                "book",
            ),
            fails_after(
                "go_page",
                "assert_patch('/probe/effects')",
                lambda c: c.assert_patch("/probe/effects"),
                "/probe/effects",
            ),
            fails_after(
                "go_page",
                "assert_patch(params={'missing': 'x'})",
                lambda c: c.assert_patch(params={"missing": "x"}),
                "missing",
            ),
            fails_after("nothing", "assert_patch()", lambda c: c.assert_patch(), "live_patch"),
            fails_after("go_page", "refute_patch()", lambda c: c.refute_patch(), "live_patch"),
            fails_after(
                "go_page", "assert_redirect()", lambda c: c.assert_redirect(), "live_redirect"
            ),
            passes_after("go_page", "assert_patch()", lambda c: c.assert_patch()),
            passes_after(
                "go_page",
                "assert_patch('/probe/effects/')",
                lambda c: c.assert_patch("/probe/effects/"),
            ),
            passes_after(
                "go_page",
                "assert_patch('/probe/effects/', {'page': 2})",
                lambda c: c.assert_patch("/probe/effects/", {"page": 2}),
            ),
            passes_after(
                "go_page",
                "assert_patch(params={'category': 'books'})",
                lambda c: c.assert_patch(params={"category": "books"}),
            ),
            passes_after("nothing", "refute_patch()", lambda c: c.refute_patch()),
            passes_after("go_page", "refute_redirect()", lambda c: c.refute_redirect()),
            fails_after(
                "leave",
                "assert_redirect('/probe/other/')",
                lambda c: c.assert_redirect("/probe/other/"),
                "/probe/other/",
            ),
            fails_after(
                "leave",
                "assert_redirect('/probe/counter/', {'from': 'eff'})",
                lambda c: c.assert_redirect("/probe/counter/", {"from": "eff"}),
                "eff",
            ),
            fails_after(
                "leave",
                "assert_redirect('/probe/counter/', {'from': 'other'})",
                lambda c: c.assert_redirect("/probe/counter/", {"from": "other"}),
                "other",
            ),
            fails_after(
                "leave",
                "assert_redirect('/probe/counter')",
                lambda c: c.assert_redirect("/probe/counter"),
                "/probe/counter",
            ),
            fails_after(
                "nothing", "assert_redirect()", lambda c: c.assert_redirect(), "live_redirect"
            ),
            fails_after(
                "leave", "refute_redirect()", lambda c: c.refute_redirect(), "live_redirect"
            ),
            fails_after("leave", "assert_patch()", lambda c: c.assert_patch(), "live_patch"),
            passes_after("leave", "assert_redirect()", lambda c: c.assert_redirect()),
            passes_after(
                "leave",
                "assert_redirect('/probe/counter/')",
                lambda c: c.assert_redirect("/probe/counter/"),
            ),
            passes_after(
                "leave",
                "assert_redirect('/probe/counter/', {'from': 'effects'})",
                lambda c: c.assert_redirect("/probe/counter/", {"from": "effects"}),
            ),
            passes_after("nothing", "refute_redirect()", lambda c: c.refute_redirect()),
        ]
        harness.run_table(self, cases)

    def test_flash(self) -> None:
        cases = [
            fails_after(
                "flash", "assert_flash('error')", lambda c: c.assert_flash("error"), "error"
            ),
            fails_after(
                "flash",
                "assert_flash('success', 'Nope')",
                lambda c: c.assert_flash("success", "Nope"),
                "Nope",
            ),
            fails_after(
                "flash", "assert_flash('Success')", lambda c: c.assert_flash("Success"), "Success"
            ),
            fails_after("flash", "assert_flash('succ')", lambda c: c.assert_flash("succ"), "succ"),
            fails_after(
                "flash",
                "assert_flash('success', 'saved it!')",
                lambda c: c.assert_flash("success", "saved it!"),
                "saved it!",
            ),
            fails_after(
                "nothing", "assert_flash('success')", lambda c: c.assert_flash("success"), "success"
            ),
            fails_after("flash", "refute_flash()", lambda c: c.refute_flash(), "flash"),
            fails_after(
                "flash", "refute_flash('success')", lambda c: c.refute_flash("success"), "success"
            ),
            passes_after("flash", "assert_flash('success')", lambda c: c.assert_flash("success")),
            passes_after(
                "flash",
                "assert_flash('success', 'Saved')",
                lambda c: c.assert_flash("success", "Saved"),
            ),
            passes_after(
                "flash",
                "assert_flash('success', 'Saved it!')",
                lambda c: c.assert_flash("success", "Saved it!"),
            ),
            passes_after(
                "flash", "assert_flash('success', '')", lambda c: c.assert_flash("success", "")
            ),
            passes_after("flash", "refute_flash('error')", lambda c: c.refute_flash("error")),
            passes_after("nothing", "refute_flash()", lambda c: c.refute_flash()),
        ]
        harness.run_table(self, cases)

    def test_streams(self) -> None:
        def insert(*args: Any) -> Callable[[LiveViewTestClient], Any]:
            return lambda c: c.assert_stream_insert(*args)

        def delete(*args: Any) -> Callable[[LiveViewTestClient], Any]:
            return lambda c: c.assert_stream_delete(*args)

        cases = [
            fails_after(
                "post",
                "assert_stream_insert('messages', {'text': 'hel'})",
                insert("messages", {"text": "hel"}),
                "hel",
                text="hello",
            ),
            fails_after(
                "post",
                "assert_stream_insert('messages', {'text': 'bye'})",
                insert("messages", {"text": "bye"}),
                "bye",
                text="hello",
            ),
            fails_after(
                "post",
                "assert_stream_insert('messages', {'flag': 1})",
                insert("messages", {"flag": 1}),
                "flag",
                text="hello",
            ),
            fails_after(
                "post",
                "assert_stream_insert('messages', {'id': '11'})",
                insert("messages", {"id": "11"}),
                "'11'",
                text="hello",
            ),
            fails_after(
                "post",
                "assert_stream_insert('messages', {'id': 11.0})",
                insert("messages", {"id": 11.0}),
                "11.0",
                text="hello",
            ),
            fails_after(
                "post", "assert_stream_insert('other')", insert("other"), "other", text="hello"
            ),
            fails_after(
                "post",
                "assert_stream_insert('messages', {'missing': 1})",
                insert("messages", {"missing": 1}),
                "missing",
                text="hello",
            ),
            fails_after(
                "nothing", "assert_stream_insert('messages')", insert("messages"), "messages"
            ),
            passes_after(
                "post", "assert_stream_insert('messages')", insert("messages"), text="hello"
            ),
            passes_after(
                "post",
                "assert_stream_insert('messages', {'text': 'hello'})",
                insert("messages", {"text": "hello"}),
                text="hello",
            ),
            passes_after(
                "post",
                "assert_stream_insert('messages', {'id': 11, 'flag': True})",
                insert("messages", {"id": 11, "flag": True}),
                text="hello",
            ),
            passes_after(
                "post", "assert_stream_insert('messages', {})", insert("messages", {}), text="hello"
            ),
            fails_after(
                "remove",
                "assert_stream_delete('messages', {'id': 2})",
                delete("messages", {"id": 2}),
                "messages",
                message_id=1,
            ),
            fails_after(
                "remove",
                "assert_stream_delete('messages', 'messages-2')",
                delete("messages", "messages-2"),
                "messages-2",
                message_id=1,
            ),
            fails_after(
                "remove",
                "assert_stream_delete('other', {'id': 1})",
                delete("other", {"id": 1}),
                "other",
                message_id=1,
            ),
            fails_after(
                "nothing",
                "assert_stream_delete('messages', {'id': 1})",
                delete("messages", {"id": 1}),
                "messages",
            ),
            passes_after(
                "remove",
                "assert_stream_delete('messages', {'id': 1})",
                delete("messages", {"id": 1}),
                message_id=1,
            ),
            passes_after(
                "remove",
                "assert_stream_delete('messages', 'messages-1')",
                delete("messages", "messages-1"),
                message_id=1,
            ),
        ]
        harness.run_table(self, cases)

    def test_follow_redirect(self) -> None:
        def follow(event: str) -> Callable[[harness.Probe], Any]:
            def call(p: harness.Probe) -> Any:
                live = p.live(ProbeEffectsView)
                live.send_event(event)
                followed = live.follow_redirect()
                if isinstance(followed, LiveViewTestClient):
                    p.opened.append(followed)
                return followed

            return call

        def mounted_view(name: str) -> Callable[[Any], str | None]:
            return lambda got: (
                None
                if type(getattr(got, "view_instance", None)).__name__ == name
                else f"got {got!r}"
            )

        def status(code: int) -> Callable[[Any], str | None]:
            return lambda got: None if getattr(got, "status_code", None) == code else f"got {got!r}"

        cases = [
            Case(
                "follow_redirect() after no redirect fails",
                follow("nothing"),
                fails("live_redirect"),
            ),
            Case(
                "follow_redirect() after two redirects fails",
                follow("leave_twice"),
                fails("2 live_redirects"),
            ),
            Case(
                "follow_redirect() to a path no route matches fails",
                follow("leave_for_nowhere"),
                fails("/probe/nowhere/"),
            ),
            Case(
                "follow_redirect() off the site fails",
                follow("leave_site"),
                fails("https://evil.example/"),
            ),
            Case(
                "follow_redirect() mounts the next LiveView",
                follow("leave"),
                passes(mounted_view("ProbeCounterView")),
            ),
            Case(
                "follow_redirect() to a plain view returns its response",
                follow("leave_for_plain"),
                passes(status(200)),
            ),
        ]
        harness.run_table(self, cases)

    def test_elements(self) -> None:
        def page(check: Callable[[LiveViewTestClient], Any]) -> Callable[[harness.Probe], Any]:
            return lambda p: check(p.live(ProbeCounterView))

        def text_is(expected: str) -> Callable[[Any], str | None]:
            return lambda got: None if got == expected else f"got {got!r}, expected {expected!r}"

        cases = [
            Case(
                "element('#count', text='Count: 1') on Count: 0 fails",
                page(lambda c: c.element("#count", text="Count: 1").text),
                raises(ElementNotFoundError, contains=["Count: 1"]),
            ),
            Case(
                "element('#count', text='count') is case-sensitive",
                page(lambda c: c.element("#count", text="count: 0").text),
                raises(ElementNotFoundError, contains=["count: 0"]),
            ),
            Case(
                "element('#count', text='Count: 0').text passes",
                page(lambda c: c.element("#count", text="Count: 0").text),
                passes(text_is("Count: 0")),
            ),
            Case(
                "element('#count').text after a click",
                page(lambda c: (c.element("#inc").click(), c.element("#count").text)[1]),
                passes(text_is("Count: 1")),
            ),
            Case(
                "has_element('#count', text='Count: 9') is False",
                page(lambda c: c.has_element("#count", text="Count: 9")),
                passes(lambda v: None if v is False else f"got {v!r}"),
            ),
        ]
        harness.run_table(self, cases)
