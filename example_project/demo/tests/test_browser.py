"""The example's scenarios in a real Chromium, compared step by step with the test client.

Each scenario runs twice, side by side: a headless Chromium drives the example
served by daphne (``browser.ExampleServer``), and a ``LiveViewTestClient``
performs the same steps on djust's runtime in this process, on the same
elements (one CSS selector serves both). After every step these must be
equal:

* the dj-root DOM, in the browser as djust's client left it once it had
  handled the step's frames, and in the test client (both through
  ``browser.canonical``);
* the form controls' current values (typed text, ticks, selections);
* the URL and the page title;
* the frames djust sent for the step (their types, in order), and the event
  frames the page sent djust (name and parameters).

Skipped when Playwright or /usr/bin/chromium is missing. With
``DJUST_TESTING_FIDELITY_REPORT=1`` a full run also rewrites the table in
docs/fidelity.md and the screenshots in docs/_static/fidelity/.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar
from unittest import skipUnless

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings
from djust_testing import LiveViewTestCase, LiveViewTestClient

from catalog.tests import seeds as catalog_seeds
from demo.models import Order, Todo
from demo.tests import browser
from demo.tests.fidelity_report import ScenarioResult, write_report
from demo.tests.scenario import REPORT, Scenario
from demo.views import LobbyView

MISSING = browser.missing()


# ------------------------------------------------------------------- seeds
# Each runs twice: in the browser's server process, and in the test database.


def seed_todos() -> None:
    Todo.objects.create(title="Buy milk")


def seed_accounts() -> None:
    User.objects.create_user("ann", password="correct horse")
    Todo.objects.create(title="Buy milk")
    Order.objects.create(customer="Ann", total=Decimal("30.00"))


def seed_orders() -> None:
    Order.objects.create(customer="Ann", total=Decimal("30.00"))


def seed_catalog() -> None:
    catalog_seeds.seed_catalog()


def seed_report() -> None:
    Order.objects.create(customer="Ann", total=Decimal("30.00"))
    Order.objects.create(customer="Bob", total=Decimal("12.50"))


# ---------------------------------------------------------------- scenarios


# ------------------------------------------------------------------- tests


@skipUnless(
    MISSING is None,
    "the real-browser fidelity tests in demo/tests/test_browser.py need Playwright and "
    f"Chromium, and {MISSING}. Then run: "
    "python example_project/manage.py test demo.tests.test_browser",
)
@override_settings(PASSWORD_HASHERS=browser.FAST_HASHERS)
class BrowserFidelityTests(LiveViewTestCase):
    chromium: ClassVar[browser.Chromium]
    results: ClassVar[dict[str, ScenarioResult]]
    started: ClassVar[float]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.started = time.perf_counter()
        cls.chromium = browser.Chromium()
        cls.addClassCleanup(cls.chromium.close)
        cls.results = {}

    @classmethod
    def tearDownClass(cls) -> None:
        if REPORT:
            scenarios = sum(name.startswith("test_") for name in dir(cls))
            seconds = time.perf_counter() - cls.started
            write_report(cls.results, scenarios, __name__, cls.chromium.version, seconds)
        super().tearDownClass()

    def scenario(self, name: str, seed: Callable[[], None] | None = None) -> Scenario:
        """Serve the example on a database ``seed`` filled, as it fills the test database."""
        started = time.perf_counter()
        server = browser.ExampleServer(
            f"{__name__}.{seed.__name__}" if seed else None, debug=settings.DEBUG
        )
        self.addCleanup(server.stop)
        server.start()
        if seed is not None:
            seed()
        page = self.chromium.open(server.url)
        self.addCleanup(page.close)
        scenario = Scenario(self, name, server, page)
        scenario.started = started
        return scenario

    def test_counter(self) -> None:
        s = self.scenario("counter")
        s.load("/")
        for label, button in [
            ("click +", 'button[dj-click="increment"]'),
            ("click + again", 'button[dj-click="increment"]'),
            ("click -", 'button[dj-click="decrement"]'),
        ]:
            s.step(
                label,
                lambda page, button=button: page.click(button),
                lambda live, button=button: live.element(button).click(),
            )
        s.finish()

    def test_todos(self) -> None:
        s = self.scenario("todos", seed_todos)
        s.load("/todos/")
        add = "form button[type=submit]"
        remove_milk = 'button[aria-label="Remove Buy milk"]'

        def type_and_leave(text: str) -> Callable[[Any], None]:
            def act(page: Any) -> None:
                page.fill("#title", text)
                page.press("#title", "Tab")  # dj-change fires as the field loses focus

            return act

        s.step(
            "type a duplicate, leave the field: the error shows",
            type_and_leave("buy MILK"),
            lambda live: live.element("#title").change("buy MILK"),
        )
        s.step(
            "type a new title, leave the field: the error goes",
            type_and_leave("Water the plants"),
            lambda live: live.element("#title").change("Water the plants"),
        )
        s.step(
            "click Add: the row is streamed in, the form reset",
            lambda page: page.click(add),
            lambda live: live.element(add).click(),
        )
        s.step(
            "click Add with the field empty: the error shows",
            lambda page: page.click(add),
            lambda live: live.element(add).click(),
        )
        # Enter commits the typed text first: the browser fires change (dj-change)
        # before it submits the form; submit(enter=...) does the same.
        s.step(
            "type a title, press Enter: the field's change, then the submit",
            lambda page: (page.fill("#title", "Call mom"), page.press("#title", "Enter")),
            lambda live: live.form("form", {"title": "Call mom"}).submit(enter="title"),
        )
        s.step(
            "remove Buy milk: the row is streamed out",
            lambda page: page.click(remove_milk),
            lambda live: live.element(remove_milk).click(),
        )
        s.finish()

    def test_login_then_dashboard(self) -> None:
        s = self.scenario("login-dashboard", seed_accounts)
        s.load("/login/?expired=1")  # where an expired sign-in link sends the browser
        log_in = "form button[type=submit]"

        def fill_and_submit(password: str) -> Callable[[Any], None]:
            def act(page: Any) -> None:
                page.fill("#username", "ann")
                page.fill("#password", password)
                page.click(log_in)

            return act

        # The fields have no dj-* binding: form(data) types into them. Its
        # submit(submitter=log_in) refuses the form's own button (FormRef
        # resolves the two in different snapshots), so the test client
        # submits as Enter does; with an unnamed button djust gets the same frame.
        s.step(
            "submit a wrong password: the notice goes, the error shows",
            fill_and_submit("not-my-password"),
            lambda live: live.form(
                "form", {"username": "ann", "password": "not-my-password"}
            ).submit(),
        )

        def client_logs_in(live: LiveViewTestClient) -> LiveViewTestClient:
            live.form("form", {"username": "ann", "password": "correct horse"}).submit()
            live.follow_redirect()  # /login/complete/ over HTTP: the session cookie
            return self.live("/dashboard/")

        s.navigate(
            "submit the right password: logged in over HTTP, on the dashboard",
            fill_and_submit("correct horse"),
            "/dashboard/",
            client_logs_in,
        )
        s.finish()

    def test_report(self) -> None:
        s = self.scenario("report", seed_report)
        s.load("/report/")
        build = "form button[type=submit]"

        def build_30_days(page: Any) -> None:
            page.select_option("#days", "30")
            page.click(build)

        s.step(
            "pick 30 days, build: the loading state, ?days=30",
            build_30_days,
            # As Enter submits it: see test_login_then_dashboard on submitter=.
            lambda live: live.form("form", {"days": "30"}).submit(),
        )
        s.async_update("the background work finishes: the report")
        s.history("go back: ?days=30 leaves the URL", lambda page: page.go_back(), "/report/")
        s.history("go forward", lambda page: page.go_forward(), "/report/?days=30")
        s.finish()

    def test_report_without_orders(self) -> None:
        s = self.scenario("report-empty")
        s.load("/report/?days=365")
        build = "form button[type=submit]"
        s.step(
            "build: the loading state",
            lambda page: page.click(build),
            lambda live: live.element(build).click(),
        )
        s.async_update("the background work fails: the error shows")
        s.finish()

    def test_catalog(self) -> None:
        s = self.scenario("catalog", seed_catalog)
        s.load("/catalog/")
        s.step(
            "pick a category: its dj-change at once, the category in the URL",
            lambda page: page.select_option("#category", "lamps"),
            lambda live: live.form("#filters").fill({"category": "lamps"}),
        )
        s.step(
            "tick in stock: its dj-change at once",
            lambda page: page.check("#in-stock"),
            lambda live: live.form("#filters").fill({"in_stock": True}),
        )
        s.step(
            "type in the search box: one dj-input with the text",
            lambda page: page.fill("#q", "desk"),
            lambda live: live.form("#filters").fill({"q": "desk"}),
        )
        s.step(
            "press Enter in the search box: the filter form's submit",
            lambda page: page.press("#q", "Enter"),
            lambda live: live.form("#filters").submit(enter="q"),
        )
        s.finish()

    def test_product(self) -> None:
        s = self.scenario("product", seed_catalog)
        s.load("/catalog/desk-lamp/")
        s.step(
            "type a quantity, press Enter: the cart form's submit",
            lambda page: (page.fill("#quantity", "2"), page.press("#quantity", "Enter")),
            lambda live: live.form("#cart", {"quantity": "2"}).submit(enter="quantity"),
        )
        s.step(
            "type a name, pick a rating: the name's dj-change as it is left, the rating's",
            # The user clicks the select, which takes focus, then picks an option.
            lambda page: (
                page.fill("#author", "Bo"),
                page.focus("#rating"),
                page.select_option("#rating", "4"),
            ),
            lambda live: live.form("#review").fill({"author": "Bo", "rating": "4"}),
        )
        post = "#review button[type=submit]"
        s.step(
            "write the review, click Post: the text's dj-change, then the submit",
            lambda page: (page.fill("#text", "Bright enough."), page.click(post)),
            lambda live: live.form("#review", {"text": "Bright enough."}).submit(submitter=post),
        )
        s.finish()

    def test_documents(self) -> None:
        s = self.scenario("documents")
        s.load("/documents/")
        save = "form button[type=submit]"
        s.upload(
            "choose a file: djust's client uploads it, the page stays",
            "#document",
            [("notes.txt", b"Buy milk.\n", "text/plain")],
        )
        s.step(
            "give it a title, click Save: it is listed",
            lambda page: (page.fill("#doc-title", "Shopping"), page.click(save)),
            lambda live: live.form("form", {"title": "Shopping"}).submit(submitter=save),
        )
        s.upload(
            "choose a 150 KB file: three chunks of 63 KiB",
            "#document",
            [("log.txt", b"0123456789" * 15_000, "text/plain")],
        )
        s.step(
            "click Save: it is listed, all of it",
            lambda page: page.click(save),
            lambda live: live.element(save).click(),
        )
        s.finish()

    def test_lobby(self) -> None:
        first = self.scenario("lobby")
        second = first.another_tab()
        first.join("/lobby/", self.live("/lobby/"))
        elsewhere = LiveViewTestClient(LobbyView, client=Client(), url="/lobby/")  # its own cookies
        second.join("/lobby/", elsewhere.mount())
        first.broadcast("the first page learns of the second: 2 here")
        send = "form button[type=submit]"
        first.step(
            "the first says hello",
            lambda page: (page.fill("#text", "hello"), page.click(send)),
            lambda live: live.form("form", {"text": "hello"}).submit(submitter=send),
        )
        second.broadcast("the second page shows it")
        second.step(
            "the second answers",
            lambda page: (page.fill("#text", "hi"), page.click(send)),
            lambda live: live.form("form", {"text": "hi"}).submit(submitter=send),
        )
        first.broadcast("the first page shows the answer")
        second.leave()
        first.broadcast("the second page closes: 1 here")
        first.finish()

    def test_preferences(self) -> None:
        s = self.scenario("preferences")
        s.load("/preferences/")
        s.step(
            "type a display name: dj-model's update_model, answered noop",
            lambda page: page.fill("#display-name", "Ann"),
            lambda live: live.element("#display-name").input("Ann"),
        )
        s.step(
            "tick the newsletter: update_model on input, then again on change",
            lambda page: page.check("#newsletter"),
            lambda live: live.element("#newsletter").change(),
        )
        s.step(
            "pick a theme: one update_model",
            lambda page: page.select_option("#theme", "dark"),
            lambda live: live.element("#theme").change("dark"),
        )
        s.step(
            "click Save: the page shows what dj-model set",
            lambda page: page.click("#save"),
            lambda live: live.element("#save").click(),
        )
        s.step(
            "type fast in the time-zone box: one debounced dj-input with the text",
            lambda page: page.type("#zone-search", "amster"),
            lambda live: live.element("#zone-search").input("amster"),
        )
        s.push(
            "click Use my time zone: the hook's pushEvent, without a ref",
            lambda page: page.click("#detect-zone"),
            lambda live: live.element("#detect-zone").push_hook_event("use_zone", {"zone": "UTC"}),
        )
        four = 'button[aria-label="4 stars"]'
        s.step(
            "click the fourth star: the component's own handler, the whole page back",
            lambda page: page.click(four),
            lambda live: live.element(four).click(),
        )
        s.step(
            "mark all read: the embedded view's handler, its embedded_update",
            lambda page: page.click("#mark-read"),
            lambda live: live.element("#mark-read").click(),
        )
        s.step(
            "click Save again: the page renders, the sticky embedded view is kept",
            lambda page: page.click("#save"),
            lambda live: live.element("#save").click(),
        )
        s.step(
            "the page becomes visible again: djust's client fires the dj-poll",
            lambda page: page.evaluate("document.dispatchEvent(new Event('visibilitychange'))"),
            lambda live: live.poll(),
        )
        s.finish()

    def test_orders(self) -> None:
        # The count moves live on PostgreSQL NOTIFY; on SQLite, which the
        # example uses, only through the page's own button.
        s = self.scenario("orders", seed_orders)
        s.load("/orders/")
        place = 'button[dj-click="place_test_order"]'
        for label in ("place an order: count, list and title update", "place another"):
            s.step(label, lambda page: page.click(place), lambda live: live.element(place).click())
        s.finish()
