"""The scenario machinery of the Chromium fidelity tests (``test_browser``).

A ``Scenario`` takes each step in a headless Chromium page and on a
``LiveViewTestClient``, compares the two after each, and keeps the result;
``another_tab()`` opens a second browser on the same server for scenarios
with several clients, and ``upload()`` also compares the upload frames each
side sent.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

from djust_testing import LiveViewTestClient
from djust_testing._browser import uploads
from djust_testing._proxy import ClientProxy

from demo.tests import browser
from demo.tests.fidelity_report import ScenarioResult, StepResult

if TYPE_CHECKING:
    from demo.tests.test_browser import BrowserFidelityTests

REPORT = os.environ.get("DJUST_TESTING_FIDELITY_REPORT", "").lower() not in ("", "0", "false", "no")

Event = tuple[str, dict[str, Any]]


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

    def push(
        self,
        label: str,
        browser_action: Callable[[Any], object],
        client_action: Callable[[LiveViewTestClient], object],
    ) -> None:
        """A step whose event goes without a ``ref``: a ``dj-hook``'s ``pushEvent``."""
        with client_events() as sent:
            client_action(self._live())
        frames = self._frames()
        mark = len(self.page.sent)
        state = self.page.act_without_ref(browser_action, len(frames))
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
