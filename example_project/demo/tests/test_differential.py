"""Differential check: djust_testing against djust's real consumer and browser client.

Each test takes the same steps twice, as the same user on the same data:
in production (an HTTP GET of the page through Django's test client, the page
run by djust's own client JS in jsdom, its WebSocket served by djust's
``LiveViewConsumer`` through the example's ASGI stack) and on djust_testing's
client. After every step the view's public state, the page, the form
controls, the URL and title, and the frames each way must agree, except for
the deliberate differences listed in ``differential/compare.py``.

How it works and how to run it: ``example_project/differential/README.md``.
Needs Node and jsdom (``npm ci --prefix example_project/differential/js``);
skipped without them unless ``DJUST_TESTING_DIFFERENTIAL=required``.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any
from unittest import SkipTest

from django.conf import settings
from django.contrib.auth.models import User
from django.test import override_settings
from djust_testing import LiveViewTestCase

from demo.models import Order, Todo
from differential import node
from differential.compare import USED, Difference, apply_to_run, compare
from differential.fuzz import Sequence
from differential.observe import Observation
from differential.production import Production
from differential.run import Run, run
from differential.steps import (
    Async,
    Change,
    Click,
    Event,
    FillAndSubmit,
    Follow,
    History,
    HookPush,
    HttpPost,
    Input,
    Notify,
    Open,
    Poll,
    Step,
    Submit,
    Tick,
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def require_browser() -> None:
    problem = node.missing()
    if problem is None:
        return
    if os.environ.get("DJUST_TESTING_DIFFERENTIAL") == "required":
        raise AssertionError(f"the differential check cannot run: {problem}")
    raise SkipTest(f"differential check: {problem}")


class DifferentialTestCase(LiveViewTestCase):
    def setUp(self) -> None:
        super().setUp()
        require_browser()

    def check(self, name: str, steps: list[Step], **kwargs: object) -> Run:
        result = run(self, name, steps, **kwargs)  # type: ignore[arg-type]
        if result.differences:
            self.fail(result.report())
        return result


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
class ScenarioTests(DifferentialTestCase):
    """The example's scenarios (demo/tests/test_*.py), in production and on the client."""

    def test_counter(self) -> None:
        plus, minus = 'button[dj-click="increment"]', 'button[dj-click="decrement"]'
        self.check(
            "counter",
            [
                Open("open /", path="/"),
                Click("click +", selector=plus),
                Click("click + again", selector=plus),
                Click("click -", selector=minus),
                Event("send decrement", name="decrement"),
                Event("a misspelt event", name="incremnt"),
            ],
        )

    def test_todos(self) -> None:
        milk = Todo.objects.create(title="Buy milk")
        add = "form button[type=submit]"
        self.check(
            "todos",
            [
                Open("open /todos/", path="/todos/"),
                Change("type a duplicate, leave the field", selector="#title", value="buy MILK"),
                Change(
                    "type a new title, leave the field", selector="#title", value="Water the plants"
                ),
                Click("click Add", selector=add),
                Click("click Add with the field empty", selector=add),
                Change("type another title", selector="#title", value="Call mom"),
                Submit("submit the form as Enter does", form="form"),
                Click("remove Buy milk", selector='button[aria-label="Remove Buy milk"]'),
                Event(
                    "remove with a todo_id that is not a number",
                    name="remove",
                    params={"todo_id": "all"},
                ),
                Event("a form hook is not an event", name="form_valid"),
                Event("remove a row that is gone", name="remove", params={"todo_id": milk.pk}),
                Change("type a title and leave the field", selector="#title", value="Buy bread"),
                Event(
                    "the server puts another value in the field",
                    name="validate_field",
                    params={"field": "title", "value": "Buy bread, brown"},
                ),
            ],
        )

    def test_login_then_dashboard(self) -> None:
        User.objects.create_user("ann", password="correct horse")
        Todo.objects.create(title="Buy milk")
        Order.objects.create(customer="Ann", total=Decimal("30.00"))
        self.check(
            "login, then the dashboard",
            [
                Open("open /login/?expired=1", path="/login/?expired=1"),
                Submit("submit the empty form", form="form"),
                FillAndSubmit(
                    "submit a wrong password",
                    form="form",
                    data={"username": "ann", "password": "not-my-password"},
                ),
                # The username stays typed; only the password is typed again.
                FillAndSubmit(
                    "submit the right password", form="form", data={"password": "correct horse"}
                ),
                Follow("the browser follows the redirect: logged in over HTTP, on the dashboard"),
            ],
        )

    def test_dashboard_as_a_logged_in_user(self) -> None:
        Todo.objects.create(title="Buy milk")
        self.client.force_login(User.objects.create_user("ann"))
        self.check("dashboard", [Open("open /dashboard/", path="/dashboard/")])

    def test_logging_out_over_http_ends_the_live_session_too(self) -> None:
        self.client.force_login(User.objects.create_user("ann"))
        self.check(
            "dashboard, then logged out over HTTP",
            [
                Open("open /dashboard/", path="/dashboard/"),
                HttpPost("log out in another tab", path="/logout/"),
                Open("open /dashboard/ again", path="/dashboard/"),
            ],
        )

    def test_dashboard_anonymously(self) -> None:
        self.check("dashboard, anonymous", [Open("open /dashboard/", path="/dashboard/")])

    def test_report(self) -> None:
        Order.objects.create(customer="Ann", total=Decimal("30.00"))
        Order.objects.create(customer="Bob", total=Decimal("12.50"))
        self.check(
            "report",
            [
                Open("open /report/", path="/report/"),
                FillAndSubmit("pick 30 days, build", form="form", data={"days": "30"}),
                Async("the background work finishes: the report"),
                History("go back", delta=-1, url="/report/"),
                History("go forward", delta=1, url="/report/?days=30"),
                Event(
                    "build with a period that is not a number",
                    name="build",
                    params={"days": "a week"},
                ),
            ],
        )

    def test_report_without_orders(self) -> None:
        self.check(
            "report without orders",
            [
                Open("open /report/?days=365", path="/report/?days=365"),
                Click("click Build", selector="form button[type=submit]"),
                Async("the background work fails: the error shows"),
            ],
        )

    def test_orders(self) -> None:
        Order.objects.create(customer="Ann", total=Decimal("30.00"))
        place = 'button[dj-click="place_test_order"]'
        self.check(
            "orders",
            [
                Open("open /orders/", path="/orders/"),
                Click("place an order", selector=place),
                Click("place another", selector=place),
                Notify(
                    "an order saved elsewhere: NOTIFY orders",
                    channel="orders",
                    payload={"pk": 99, "event": "save", "model": "demo.Order"},
                ),
                Notify("a NOTIFY on a channel the page does not listen to", channel="todos"),
            ],
        )

    def test_preferences(self) -> None:
        star = 'button[aria-label="4 stars"]'
        self.check(
            "preferences",
            [
                Open("open /preferences/", path="/preferences/"),
                Input("type a display name: dj-model", selector="#display-name", value="Ann"),
                Tick(
                    "tick the newsletter: dj-model on input and on change", selector="#newsletter"
                ),
                Change("pick a theme: dj-model", selector="#theme", value="dark"),
                Click("save", selector="#save"),
                HookPush(
                    "use my time zone: the hook's pushEvent, with the browser's zone",
                    selector="#detect-zone",
                    event="use_zone",
                    payload={"zone": settings.TIME_ZONE},  # the jsdom browser's zone
                ),
                Click("the fourth star: the component's handler", selector=star),
                Click("mark all read: the embedded view's handler", selector="#mark-read"),
                Click("save again: the sticky embedded view is kept", selector="#save"),
                Poll("the page shows again: the dj-poll fires"),
                Event(
                    "update_model for a field no dj-model binds",
                    name="update_model",
                    params={"field": "checks", "value": "9"},
                ),
            ],
        )


#: Field names the pages' forms send, with values, for handlers taking **kwargs.
VOCABULARY = {
    "title": ["Buy milk", "Call mom", "", "x" * 81],
    "username": ["ann", "", "bob"],
    "password": ["correct horse", "wrong", ""],
    "days": ["7", "30", 365, "a week"],
    "field": ["title", "username", "nope"],
    "value": ["Buy bread", "", 3],
}
SEEDS = (1, 2, 3)
STEPS_PER_SEED = 30


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
class RandomSequenceTests(DifferentialTestCase):
    """Seeded random events on each page, compared after every one."""

    def sequences(self, path: str, channels: tuple[str, ...] = ()) -> None:
        failures = []
        for seed in SEEDS:
            sequence = Sequence(seed, STEPS_PER_SEED, VOCABULARY, channels)
            result = run(
                self,
                f"{path} seed {seed}",
                [Open(f"open {path}", path=path)],
                sequence=sequence,
                auto_steps=True,
            )
            if result.differences:
                failures.append(result.report())
        if failures:
            self.fail("\n\n".join(failures))

    def test_counter(self) -> None:
        self.sequences("/")

    def test_todos(self) -> None:
        Todo.objects.create(title="Buy milk")
        Todo.objects.create(title="Call mom")
        self.sequences("/todos/")

    def test_login(self) -> None:
        User.objects.create_user("ann", password="correct horse")
        self.sequences("/login/")

    def test_dashboard(self) -> None:
        self.client.force_login(User.objects.create_user("ann"))
        self.sequences("/dashboard/")

    def test_report(self) -> None:
        Order.objects.create(customer="Ann", total=Decimal("30.00"))
        self.sequences("/report/")

    def test_orders(self) -> None:
        Order.objects.create(customer="Ann", total=Decimal("30.00"))
        self.sequences("/orders/", channels=("orders", "todos"))

    def test_preferences(self) -> None:
        self.sequences("/preferences/")


# ------------------------------------------------------------- the harness itself


PLUS = 'button[dj-click="increment"]'


class HarnessSelfTests(DifferentialTestCase):
    """The comparison reports what it must, and the deliberate differences hide nothing else."""

    def differences(self, result: Run, step: int) -> dict[str, Difference]:
        return {d.aspect: d for d in result.differences if d.step == step}

    def test_a_frame_tampered_on_its_way_to_the_page_is_reported(self) -> None:
        def tamper(frame: dict[str, Any]) -> dict[str, Any]:
            if frame.get("type") != "patch":
                return frame
            patches = [
                {**patch, "text": "41"} if patch.get("text") == "1" else patch
                for patch in frame.get("patches", [])
            ]
            return {**frame, "patches": patches}

        result = run(
            self,
            "counter, tampered",
            [Open("open /", path="/"), Click("click +", selector=PLUS)],
            tamper=tamper,
        )
        found = self.differences(result, 2)
        self.assertIn("frames djust sent the browser", found)
        self.assertIn("the page (dj-root DOM)", found)
        page = found["the page (dj-root DOM)"].render()
        self.assertIn("step 2 (click +): the page (dj-root DOM) differ", page)
        self.assertIn('-  "41"', page)
        self.assertIn('+  "1"', page)
        self.assertIn('"text": "41"', found["frames djust sent the browser"].render())
        # The state is the view's, which the tampering did not touch.
        self.assertNotIn("the view's public state", found)

    def test_a_state_changed_behind_djusts_back_is_reported(self) -> None:
        def poke(step: int, production: Production) -> None:
            if step == 2:
                production.view().count = 99

        result = run(
            self,
            "counter, state changed in production",
            [
                Open("open /", path="/"),
                Click("click +", selector=PLUS),
                Click("click + again", selector=PLUS),
            ],
            production_hook=poke,
        )
        found = self.differences(result, 3)
        state = found["the view's public state"].render()
        self.assertIn("step 3 (click + again): the view's public state differ", state)
        self.assertIn("-{'count': 100}", state)
        self.assertIn("+{'count': 2}", state)
        self.assertIn("the page (dj-root DOM)", found)
        self.assertEqual(result.diverged_at, 3)

    @override_settings(ROOT_URLCONF="demo.tests.differential_pages")
    def test_a_page_whose_dj_view_names_another_view_is_caught(self) -> None:
        result = run(
            self,
            "copied counter",
            [Open("open the page", path="/copied-counter/"), Click("click +", selector=PLUS)],
        )
        opened = self.differences(result, 1)
        mount = opened["frames the browser sent djust"].render()
        self.assertIn('"view": "demo.views.counter.CountView"', mount)
        # The client refuses the page at once: djust finds no such view to mount.
        self.assertIn(
            'says dj-view="demo.views.counter.CountView", which djust cannot mount (Class '
            "CountView not found in module demo.views.counter), so a browser gets an error "
            "instead of demo.tests.differential_pages.CopiedCounterView",
            opened["errors"].render(),
        )
        self.assertEqual(result.diverged_at, 1)

    def test_types_count(self) -> None:
        one, one_float, true = (
            Observation("x", state={"n": 1}),
            Observation("x", state={"n": 1.0}),
            Observation("x", state={"n": True}),
        )
        self.assertEqual(
            [d.aspect for d in compare(1, one, one_float)], ["the view's public state"]
        )
        self.assertEqual([d.aspect for d in compare(1, one, true)], ["the view's public state"])
        self.assertEqual(compare(1, one, Observation("x", state={"n": 1})), [])
        sent = Observation("x", sent=[{"type": "event", "params": {"days": 3}}])
        sent_float = Observation("x", sent=[{"type": "event", "params": {"days": 3.0}}])
        self.assertEqual(
            [d.aspect for d in compare(1, sent, sent_float)], ["frames the browser sent djust"]
        )

    def test_the_connect_frame_is_the_only_frame_left_out(self) -> None:
        mount = {"type": "mount", "view": "demo.views.counter.CounterView"}
        prod = Observation("x", received=[{"type": "connect", "session_id": "s"}, mount])
        self.assertEqual(compare(1, prod, Observation("x", received=[mount])), [])
        extra = Observation("x", received=[{"type": "connect"}, mount, {"type": "noop"}])
        self.assertEqual(
            [d.aspect for d in compare(1, extra, Observation("x", received=[mount]))],
            ["frames djust sent the browser"],
        )

    def test_client_timezone_is_left_out_of_the_state_but_its_value_is_compared(self) -> None:
        prod = Observation(
            "x", state={"count": 0, "client_timezone": "UTC"}, view_attrs={"client_timezone": "UTC"}
        )
        client = Observation("x", state={"count": 0}, view_attrs={"client_timezone": None})
        self.assertEqual(
            [d.aspect for d in compare(1, prod, client)], ["djust's attributes on the view"]
        )
        client_with_it = Observation(
            "x", state={"count": 0, "client_timezone": None}, view_attrs={"client_timezone": "UTC"}
        )
        self.assertIn(
            "the view's public state", [d.aspect for d in compare(1, prod, client_with_it)]
        )

    def test_loading_classes_are_the_only_page_difference_left_out(self) -> None:
        prod = Observation(
            "x", page='<button class="" dj-id="1">+</button><p class="a djust-loading">x</p>'
        )
        client = Observation("x", page='<button dj-id="1">+</button><p class="a">x</p>')
        self.assertEqual(compare(1, prod, client), [])
        other = Observation(
            "x", page='<button class="" dj-id="1" disabled>+</button><p class="a">x</p>'
        )
        found = compare(1, other, client)
        self.assertEqual([d.aspect for d in found], ["the page (dj-root DOM)"])
        self.assertIn('-<button disabled="" dj-id="1">', found[0].render())

    def test_only_the_console_echo_of_an_error_frame_is_left_out(self) -> None:
        error = {"type": "error", "error": "Event rejected"}
        echo = Observation(
            "x", received=[error], errors=["[LiveView] Server error: Event rejected"]
        )
        self.assertEqual(compare(1, echo, Observation("x", received=[error])), [])
        other = Observation(
            "x", received=[error], errors=["[LiveView] handleMessage threw: TypeError"]
        )
        found = compare(1, other, Observation("x", received=[error]))
        self.assertEqual([d.aspect for d in found], ["errors"])
        self.assertIn("handleMessage threw", found[0].render())

    def test_a_change_refused_is_left_out_only_when_neither_side_sent_a_frame(self) -> None:
        refusal = (
            "the client raised DomEventError: <input id=\"title\"> holds '' already: a browser "
            "fires no change event when the value ends as it was"
        )
        self.assertEqual(compare(1, Observation("x"), Observation("x", errors=[refusal])), [])
        # Production did send something: the refusal is a difference.
        event = {"type": "event", "event": "validate_field", "params": {}}
        found = compare(1, Observation("x", sent=[event]), Observation("x", errors=[refusal]))
        self.assertEqual([d.aspect for d in found], ["errors", "frames the browser sent djust"])
        # Another refusal is never left out.
        other = 'the client raised DomEventError: <input id="title"> is readonly'
        found = compare(1, Observation("x"), Observation("x", errors=[other]))
        self.assertEqual([d.aspect for d in found], ["errors"])

    def test_dj_ids_compare_up_to_a_consistent_renaming_only(self) -> None:
        def page(*ids: str) -> Observation:
            return Observation(
                "x", page="".join(f'<li dj-id="{i}">{n}</li>' for n, i in enumerate(ids))
            )

        prod, client = [page("1", "2", "o")], [page("1", "2", "g")]
        apply_to_run(prod, client)
        self.assertEqual(compare(1, prod[0], client[0]), [])
        # The same ids on different nodes is a difference, renamed or not.
        prod, client = [page("1", "2"), page("2", "1")], [page("1", "2"), page("1", "2")]
        apply_to_run(prod, client)
        self.assertEqual(compare(1, prod[0], client[0]), [])
        self.assertEqual(
            [d.aspect for d in compare(2, prod[1], client[1])], ["the page (dj-root DOM)"]
        )


def tearDownModule() -> None:
    if os.environ.get("DJUST_TESTING_DIFFERENTIAL_DEBUG"):
        print("\ndeliberate differences met (step comparisons):")
        for name, count in sorted(USED.items()):
            print(f"  {count:4d}  {name}")
