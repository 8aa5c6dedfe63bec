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

import contextlib
import datetime
import difflib
import json
import os
import platform
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from importlib.metadata import version
from typing import Any, ClassVar
from unittest import mock, skipUnless
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings
from djust_testing import LiveViewTestCase, LiveViewTestClient
from djust_testing._browser import uploads
from djust_testing._proxy import ClientProxy

from catalog.tests import seeds as catalog_seeds
from demo.models import Order, Todo
from demo.tests import browser
from demo.views import LobbyView

MISSING = browser.missing()
REPORT = os.environ.get("DJUST_TESTING_FIDELITY_REPORT", "").lower() not in ("", "0", "false", "no")

Event = tuple[str, dict[str, Any]]


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


@dataclass
class StepResult:
    label: str
    dom_equal: bool
    values_equal: bool  # the form controls' current values
    page_equal: bool  # URL and title
    frames_equal: bool  # what djust sent (frame types) and what the page sent (events)
    removed: list[str] = field(default_factory=list)  # browser-only artifacts
    problems: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return self.dom_equal and self.values_equal and self.page_equal and self.frames_equal


@dataclass
class ScenarioResult:
    name: str
    steps: list[StepResult]
    seconds: float


@contextlib.contextmanager
def client_events() -> Iterator[list[Event]]:
    """The event frames test clients send meanwhile, as ``(event, params)``.

    ``send_event()`` and the DOM-level events (``element().click()``,
    ``form().submit()``...) all send through ``ClientProxy.send``.
    """
    events: list[Event] = []
    send = ClientProxy.send

    def record(self: ClientProxy, name: str, params: Any, *args: Any, **kwargs: Any) -> Any:
        # As djust receives them: after the browser's JSON encoding.
        events.append((name, json.loads(json.dumps(params or {}))))
        return send(self, name, params, *args, **kwargs)

    with mock.patch.object(ClientProxy, "send", record):
        yield events


class Scenario:
    """One scenario: the browser and the test client take the same steps, compared after each.

    The test client goes first in each step: the number of frames djust sent
    it tells the browser's side when its own step is complete.
    """

    def __init__(
        self,
        test: BrowserFidelityTests,
        name: str,
        server: browser.ExampleServer,
        page: browser.BrowserPage,
    ) -> None:
        self.test = test
        self.name = name
        self.server = server
        self.page = page
        self.live: LiveViewTestClient | None = None
        self.steps: list[StepResult] = []
        self.started = time.perf_counter()
        # Other browsers on the same page (another_tab()): their steps are this scenario's.
        self.tabs: list[Scenario] = []

    def load(self, path: str) -> None:
        """Open ``path`` in both: a page load and mount, ``self.live(path)``."""
        self.live = self.test.live(path)
        frames = self._frames()
        self._compare(f"open {path}", self.page.load(path, len(frames)), frames, [], [])

    def step(
        self,
        label: str,
        browser_action: Callable[[Any], object],
        client_action: Callable[[LiveViewTestClient], object],
    ) -> None:
        """The user does something on the page; both wait for djust's reply."""
        with client_events() as sent:
            client_action(self._live())
        frames = self._frames()
        mark = len(self.page.sent)
        state = self.page.act(browser_action, self._reply_sizes(), events=max(len(sent), 1))
        self._compare(label, state, frames, self.page.sent[mark:], sent)

    def navigate(
        self,
        label: str,
        browser_action: Callable[[Any], object],
        path: str,
        client_action: Callable[[LiveViewTestClient], LiveViewTestClient],
    ) -> None:
        """A step after which the browser loads the LiveView at ``path``.

        ``client_action`` does the same with the test client and returns the
        client of the new page.
        """
        with client_events() as sent:
            self.live = client_action(self._live())
        frames = self._frames()
        mark = len(self.page.sent)
        state = self.page.navigate(browser_action, path, len(frames))
        self._compare(label, state, frames, self.page.sent[mark:], sent)

    def history(self, label: str, browser_action: Callable[[Any], object], client_url: str) -> None:
        """Back or forward in the browser's history: djust runs ``handle_params()`` again."""
        self._live().patch(client_url)
        frames = self._frames()
        self._compare(label, self.page.history(browser_action, len(frames)), frames, [], [])

    def async_update(self, label: str) -> None:
        """djust finishes ``start_async`` work: the browser gets it, ``render_async()`` runs it."""
        self._live().render_async()
        frames = self._frames()
        self._compare(label, self.page.wait_for_update(len(frames)), frames, [], [])

    def another_tab(self) -> Scenario:
        """A second browser (cookies of its own) on the same server, its steps in this scenario."""
        page = self.test.chromium.open(self.server.url)
        self.test.addCleanup(page.close)
        tab = Scenario(self.test, self.name, self.server, page)
        tab.steps = self.steps
        self.tabs.append(tab)
        return tab

    def join(self, path: str, live: LiveViewTestClient) -> None:
        """Open ``path`` in both, where djust pushes to the page right after its mount.

        ``live`` is the test client's, mounted: a page that tracks its
        presence in ``mount()`` gets its own presence push back (mount is no
        event, so djust does not skip the sender); the client's mount action
        holds that patch, the browser handles it as an update of its own.
        """
        self.live = live
        frames = self._frames()
        self._compare(f"open {path}", self.page.load(path, 1), frames[:1], [], [])
        pushed = frames[1:]
        state = self.page.wait_for_update(len(pushed), source="broadcast")
        self._compare(f"open {path}: its own presence push", state, pushed, [], [])

    def broadcast(self, label: str) -> None:
        """djust pushed to this page for another page's step: both received the same."""
        frames = self._frames()
        state = self.page.wait_for_update(len(frames), source="broadcast")
        self._compare(label, state, frames, [], [])

    def leave(self) -> None:
        """The user closes the page: its socket closes, djust's consumer disconnects."""
        self._live().close()
        self.page.close()

    def upload(self, label: str, selector: str, files: list[tuple[str, bytes, str]]) -> None:
        """The user chooses ``files`` in a dj-upload input; djust's client uploads them.

        Besides the usual comparison, the frames the browser sent (the
        ``upload_register`` text frame, the binary chunk and complete frames)
        must be the ones the test client sends for the same files and ref.
        """
        live = self._live()
        live.element(selector).upload(files)
        frames = self._frames()
        texts, binaries = len(self.page.sent), len(self.page.sent_binary)
        state = self.page.upload(selector, files, len(frames))
        self._compare(label, state, frames, [], [])
        problem = _upload_frames_problem(
            live, selector, files, self.page.sent[texts:], self.page.sent_binary[binaries:]
        )
        if problem is not None:
            self.steps[-1].frames_equal = False
            self.steps[-1].problems.append(problem)

    def finish(self) -> None:
        """Keep the result (and a screenshot); fail on any disagreement."""
        if REPORT:
            self.page.screenshot(browser.SCREENSHOT_DIR / f"{self.name}.png")
        self.test.results[self.name] = ScenarioResult(
            self.name, self.steps, time.perf_counter() - self.started
        )
        problems = [
            f"step {number} ({step.label}):\n{problem}"
            for number, step in enumerate(self.steps, 1)
            for problem in step.problems
        ]
        for tab in [self, *self.tabs]:
            if tab.page.errors:
                problems.append("errors in the page:\n" + "\n".join(tab.page.errors))
        if problems and self.server.log().strip():
            problems.append("the example server's log:\n" + self.server.log()[-4000:])
        if problems:
            self.test.fail(
                f"{self.name}: the browser and the test client disagree\n\n" + "\n\n".join(problems)
            )

    # --

    def _live(self) -> LiveViewTestClient:
        assert self.live is not None, "load() the scenario's first page first"
        return self.live

    def _frames(self) -> tuple[str, ...]:
        return tuple(str(frame.get("type")) for frame in self._live().last_action.frames)

    def _reply_sizes(self) -> list[int]:
        """How many frames djust sent for each exchange of the last action, in order."""
        action = self._live().last_action
        return [len(part.frames) for part in action.parts] or [len(action.frames)]

    def _compare(
        self,
        label: str,
        state: browser.BrowserState,
        frames: tuple[str, ...],
        sent: list[dict[str, Any]],
        client_events: list[Event],
    ) -> None:
        live = self._live()
        problems: list[str] = []

        removed: list[str] = []
        want = browser.canonical(state.html, removed)
        got = browser.canonical(live.render(engine="rust", raw=True))
        if want != got:
            problems.append("  dj-root DOM (- browser, + test client):\n" + _diff(want, got))

        values = browser.client_controls(live)
        if state.controls != values:
            problems.append(
                "  form values (- browser, + test client):\n"
                + _diff("\n".join(state.controls), "\n".join(values))
            )

        page_equal = _url(state.url) == _url(live.url) and state.title == live.page_title
        if not page_equal:
            problems.append(
                f"  URL and title: browser {state.url!r} {state.title!r}, "
                f"test client {live.url!r} {live.page_title!r}"
            )

        browser_events = [
            (str(message["event"]), message.get("params") or {})
            for message in sent
            if message.get("type") == "event"
        ]
        frames_equal = state.frames == frames and browser_events == client_events
        if state.frames != frames:
            problems.append(f"  frames djust sent: browser {state.frames}, test client {frames}")
        if browser_events != client_events:
            problems.append(
                f"  events sent: browser {browser_events}\n"
                f"               test client {client_events}"
            )

        self.steps.append(
            StepResult(
                label,
                want == got,
                state.controls == values,
                page_equal,
                frames_equal,
                removed,
                problems,
            )
        )


def _upload_frames_problem(
    live: LiveViewTestClient,
    selector: str,
    files: list[tuple[str, bytes, str]],
    sent: list[dict[str, Any]],
    binaries: list[bytes],
) -> str | None:
    """How the browser's upload frames differ from the test client's for the same ref, or None."""
    slot = live.element(selector).attrs["dj-upload"]
    config = live._proxy.page.uploads.configs.get(slot)
    registers = [message for message in sent if message.get("type") == "upload_register"]
    if len(registers) != len(files):
        return f"  upload_register frames: the browser sent {len(registers)} for {len(files)} files"
    expected: list[bytes] = []
    for (name, content, content_type), register in zip(files, registers, strict=True):
        ref = uuid.UUID(register["ref"]).bytes
        client = uploads.frames(slot, uploads.ChosenFile(name, content, content_type), config, ref)
        if json.loads(client[0]) != register:
            return f"  upload_register: browser {register}, test client {client[0]}"
        expected += [frame for frame in client[1:] if isinstance(frame, bytes)]
    if binaries != expected:
        return (
            f"  binary frames (bytes): browser {[len(b) for b in binaries]}, "
            f"test client {[len(b) for b in expected]}"
        )
    return None


def _diff(want: str, got: str) -> str:
    lines = difflib.unified_diff(
        want.splitlines(), got.splitlines(), "browser", "test client", lineterm=""
    )
    return "\n".join("    " + line for line in lines)


def _url(url: str) -> tuple[str, list[tuple[str, str]]]:
    parts = urlsplit(url)
    return parts.path, sorted(parse_qsl(parts.query, keep_blank_values=True))


# ------------------------------------------------------------------- tests


@skipUnless(MISSING is None, f"real-browser fidelity tests: {MISSING}")
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
            write_report(cls.results, cls.chromium.version, time.perf_counter() - cls.started)
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

    def test_orders(self) -> None:
        # The count moves live on PostgreSQL NOTIFY; on SQLite, which the
        # example uses, only through the page's own button.
        s = self.scenario("orders", seed_orders)
        s.load("/orders/")
        place = 'button[dj-click="place_test_order"]'
        for label in ("place an order: count, list and title update", "place another"):
            s.step(label, lambda page: page.click(place), lambda live: live.element(place).click())
        s.finish()


# ------------------------------------------------------------------ report

REPORT_BEGIN = "<!-- fidelity-report:begin -->"
REPORT_END = "<!-- fidelity-report:end -->"


def write_report(results: dict[str, ScenarioResult], chromium: str, seconds: float) -> None:
    """Rewrite the generated part of docs/fidelity.md from this run's results."""
    expected = [name for name in dir(BrowserFidelityTests) if name.startswith("test_")]
    if len(results) != len(expected):
        print(f"\nfidelity report not written: {len(results)} of {len(expected)} scenarios ran")
        return
    lines = [
        f"Generated by `{__name__}` on {datetime.date.today().isoformat()} with Chromium "
        f"{chromium}, Playwright {version('playwright')}, djust {version('djust')}, "
        f"Django {version('django')} and Python {platform.python_version()}: "
        f"{len(results)} scenarios in {seconds:.1f} s.",
        "",
        "| scenario | steps | steps equal | dj-root DOM equal | form values equal "
        "| URL and title equal | frames equal | seconds |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in sorted(results.values(), key=lambda result: result.name):
        steps = result.steps
        counts = [
            sum(step.equal for step in steps),
            sum(step.dom_equal for step in steps),
            sum(step.values_equal for step in steps),
            sum(step.page_equal for step in steps),
            sum(step.frames_equal for step in steps),
        ]
        lines.append(
            f"| [{result.name}](#{result.name}) | {len(steps)} | "
            + " | ".join(str(count) for count in counts)
            + f" | {result.seconds:.1f} |"
        )
    for result in sorted(results.values(), key=lambda result: result.name):
        lines += ["", f"### {result.name}", ""]
        for number, step in enumerate(result.steps, 1):
            outcome = "equal" if step.equal else "**differs**"
            if step.removed:
                removed = ", ".join(f"`{item}`" for item in step.removed)
                outcome += f" (browser-only, removed: {removed})"
            lines.append(f"{number}. {step.label}: {outcome}")
        lines += ["", f"![{result.name}: the final state](_static/fidelity/{result.name}.png)"]
    text = browser.FIDELITY_DOC.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(REPORT_BEGIN) + ".*?" + re.escape(REPORT_END), re.DOTALL)
    if not pattern.search(text):
        raise AssertionError(f"{browser.FIDELITY_DOC} has no {REPORT_BEGIN} ... {REPORT_END}")
    block = "\n".join([REPORT_BEGIN, *lines, REPORT_END])
    browser.FIDELITY_DOC.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")
