"""Comparing the two sides after a step, and the deliberate differences allowed.

``compare()`` takes production's and the client's ``Observation`` of one step
and returns every ``Difference``: which aspect, what each side had, a diff.
Before comparing, each entry of ``DELIBERATE`` may remove one precisely
described difference from both copies, and counts that it did. Every entry
gives its reason and the djust source that shows it. Nothing else is ever
excused: a difference no entry removes is a test failure.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .observe import (
    Observation,
    canonical_html,
    describe_frames,
    describe_state,
    normalize_outcome,
    same,
)


@dataclass
class Difference:
    step: int
    label: str
    aspect: str
    production: str
    client: str
    diff: str = ""

    def render(self) -> str:
        text = (
            f"step {self.step} ({self.label}): {self.aspect} differ\n"
            f"  production:\n{_indent(self.production, 4)}\n"
            f"  djust_testing:\n{_indent(self.client, 4)}"
        )
        if self.diff:
            text += f"\n  diff (- production, + djust_testing):\n{_indent(self.diff, 4)}"
        return text


@dataclass(frozen=True)
class Deliberate:
    """A difference between production and djust_testing that is meant to be there."""

    name: str
    reason: str
    evidence: str
    apply: Callable[[Observation, Observation], bool]


@dataclass(frozen=True)
class DeliberateAcrossRun:
    """A deliberate difference that needs the whole run to be described (see ``apply_to_run``)."""

    name: str
    reason: str
    evidence: str
    apply: Callable[[list[Observation]], bool]


#: How often each deliberate difference was met in this process (for the report).
USED: Counter[str] = Counter()


# ------------------------------------------------------- deliberate differences


def _drop_connect_frame(prod: Observation, client: Observation) -> bool:
    before = len(prod.received)
    prod.received = [f for f in prod.received if f.get("type") != "connect"]
    return len(prod.received) != before


def _client_timezone_is_not_state(prod: Observation, client: Observation) -> bool:
    if prod.state is None or "client_timezone" not in prod.state:
        return False
    if client.state is not None and "client_timezone" in client.state:
        return False
    del prod.state["client_timezone"]
    return True


_EMPTY_CLASS = re.compile(r'\sclass=""')
_LOADING_CLASS = re.compile(r'(\sclass="[^"]*)\bdjust-loading\b')


def _loading_state_leftovers(prod: Observation, client: Observation) -> bool:
    if prod.page is None:
        return False
    page = _LOADING_CLASS.sub(r"\1", prod.page)
    if client.page is None or not _EMPTY_CLASS.search(client.page):
        page = _EMPTY_CLASS.sub("", page)
    changed = page != prod.page
    prod.page = page
    return changed


def _error_frame_echoed_by_the_page(prod: Observation, client: Observation) -> bool:
    echoes = {
        f"[LiveView] Server error: {frame.get('error')}"
        for frame in prod.received
        if frame.get("type") == "error"
    }
    kept = [error for error in prod.errors if error not in echoes]
    changed = len(kept) != len(prod.errors)
    prod.errors = kept
    return changed


_NO_CHANGE_EVENT = "a browser fires no change event when the value ends as it was"


def _refused_change_the_browser_never_fires(prod: Observation, client: Observation) -> bool:
    refusals = [
        error
        for error in client.errors
        if error.startswith("the client raised DomEventError:") and _NO_CHANGE_EVENT in error
    ]
    if not refusals or prod.sent or client.sent:
        return False
    client.errors = [error for error in client.errors if error not in refusals]
    return True


DELIBERATE: list[Deliberate] = [
    Deliberate(
        "the connection handshake frame",
        "On accepting a WebSocket, djust's consumer sends {type: connect, session_id} before "
        "anything else; djust's JS answers it by mounting. djust_testing has no socket "
        "to accept, so it has no such frame; the mount that follows is compared.",
        "djust/websocket.py: LiveViewConsumer.connect (send_json type connect); "
        "static/djust/src/03-websocket.js: _handleMessageImpl case 'connect' -> autoMount()",
        _drop_connect_frame,
    ),
    Deliberate(
        "client_timezone is not in get_state()",
        "djust sets view.client_timezone from the mount frame before mount() runs; "
        "djust_testing's get_state() documents that it leaves out what djust sets on the view "
        "before mount(). The attribute's value is still compared, as a view attribute of its own.",
        "djust/runtime.py: ViewRuntime.dispatch_mount (view_instance.client_timezone = ...); "
        "djust_testing/client.py: LiveViewTestClient.get_state docstring",
        _client_timezone_is_not_state,
    ),
    Deliberate(
        "a change to the value the field holds is refused",
        "A browser fires no change event when the user leaves a field with the text it had "
        "(or picks the option already selected), so djust's JS sends nothing. "
        "djust_testing's change() raises DomEventError saying so, rather than return as if "
        "the user's step had done something: production sent no frame, and the client none.",
        "HTML's change event fires only when the value was committed changed (Chromium and "
        "jsdom alike, js/browser.mjs typeInto/commit); djust_testing/_interactions.py: "
        "Interactions.edit",
        _refused_change_the_browser_never_fires,
    ),
    Deliberate(
        "loading-state classes on the element that sent an event",
        "While an event is pending, djust's JS adds the class djust-loading to the element that "
        "triggered it and removes it when the reply has been applied; an element that had no "
        "class is left with an empty class attribute. djust_testing does not model loading "
        "states (a test has no pending time), so the production page is compared without them.",
        "static/djust/src/10-loading-states.js: startLoading (classList.add('djust-loading')) "
        "and stopLoading (classList.remove)",
        _loading_state_leftovers,
    ),
    Deliberate(
        "the page logs the error frames djust sent",
        "djust's JS writes every error frame it receives to the console. The frame itself is "
        "compared with djust_testing's (and djust_testing raises or returns the refusal); "
        "the console line that repeats it is not a second difference.",
        "static/djust/src/03-websocket.js: _handleMessageImpl case 'error' "
        "(console.error('[LiveView] Server error:', data.error))",
        _error_frame_echoed_by_the_page,
    ),
]

#: Configuration that differs on purpose; no frame or state difference follows from it.
DELIBERATE_SETTINGS = [
    (
        "djust's per-connection message rate limiter is raised for production",
        "The harness sends events at machine speed; djust's token bucket (100 messages/s, "
        "burst 20) would drop some and warn, at random. djust_testing does not model the "
        "wall-clock limiter (issue 9 item 11: it stays off); @rate_limit on handlers still "
        "applies on both sides.",
        "djust/websocket.py: LiveViewConsumer.connect (ConnectionRateLimiter from "
        "LIVEVIEW_CONFIG['rate_limit']) and receive (rate_limit_exceeded)",
    ),
]


_DJ_ID_ATTR = re.compile(r'(\bdj-id=\\?")([^"\\]*)(\\?")')
_ID_KEYS = ("d", "child_d", "djust_id")


class _Renamer:
    """Gives each dj-id value a name in order of first appearance: #1, #2, ..."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.changed = False

    def name(self, value: str) -> str:
        if value not in self.names:
            self.names[value] = f"#{len(self.names) + 1}"
        renamed = self.names[value]
        self.changed |= renamed != value
        return renamed

    def text(self, text: str) -> str:
        return _DJ_ID_ATTR.sub(lambda m: m.group(1) + self.name(m.group(2)) + m.group(3), text)

    def value(self, value: Any) -> Any:
        if isinstance(value, dict):
            out = {}
            for key in sorted(value):
                item = value[key]
                if key in (*_ID_KEYS, "dj-id") and isinstance(item, str):
                    out[key] = self.name(item)
                else:
                    out[key] = self.value(item)
            return out
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value


def _rename_dj_ids(observations: list[Observation]) -> bool:
    renamer = _Renamer()
    for obs in observations:
        obs.received = renamer.value(obs.received)
        if obs.page is not None:
            obs.page = renamer.text(obs.page)
    return renamer.changed


ACROSS_RUN: list[DeliberateAcrossRun] = [
    DeliberateAcrossRun(
        "dj-id values are compared up to a consistent renaming",
        "dj-id values are opaque keys the Rust VDOM allocates from a counter, and they differ "
        "between the sides: in production the WebSocket mount reuses the RustLiveView the HTTP "
        "GET rendered and cached under the session (its counter already advanced), while "
        "djust_testing's mount creates a fresh one. Each side's ids are renamed in order of "
        "first appearance (frames first, then the page, step by step), so ids that play the "
        "same part compare equal and any difference in which node gets which id still shows.",
        "djust/mixins/rust_bridge.py: RustBridgeMixin._initialize_rust_view (cache lookup by "
        "session key and 'liveview_<path>', 'Cache HIT! Using cached RustLiveView')",
        _rename_dj_ids,
    ),
]


def apply_to_run(production: list[Observation], client: list[Observation]) -> None:
    """Apply the run-wide deliberate differences to both sides' observations, in place."""
    for entry in ACROSS_RUN:
        if entry.apply(production) | entry.apply(client):
            USED[entry.name] += 1


# ---------------------------------------------------------------- comparison


def compare(step: int, production: Observation, client: Observation) -> list[Difference]:
    prod, cli = production.copy(), client.copy()
    for obs in (prod, cli):
        obs.outcome = normalize_outcome(obs.outcome)
        obs.url = normalize_outcome(obs.url)
    for entry in DELIBERATE:
        if entry.apply(prod, cli):
            USED[entry.name] += 1
    label = production.label
    found: list[Difference] = []

    def differ(aspect: str, want: str, got: str, diff: bool = True) -> None:
        text = _diff(want, got) if diff else ""
        found.append(Difference(step, label, aspect, want, got, text))

    if prod.outcome != cli.outcome:
        differ("how the step ended", str(prod.outcome), str(cli.outcome), diff=False)
    if prod.errors or cli.errors:
        differ(
            "errors",
            "\n".join(prod.errors) or "(none)",
            "\n".join(cli.errors) or "(none)",
            diff=False,
        )
    if not same(prod.state, cli.state):
        differ("the view's public state", describe_state(prod.state), describe_state(cli.state))
    if not same(prod.view_attrs, cli.view_attrs) and (
        prod.state is not None or cli.state is not None
    ):
        differ(
            "djust's attributes on the view",
            json.dumps(prod.view_attrs, sort_keys=True, default=repr),
            json.dumps(cli.view_attrs, sort_keys=True, default=repr),
            diff=False,
        )
    want_page, got_page = canonical_html(prod.page), canonical_html(cli.page)
    if want_page != got_page:
        differ("the page (dj-root DOM)", want_page or "(no page)", got_page or "(no page)")
    if prod.page is not None and cli.page is not None and prod.controls != cli.controls:
        differ("form control values", "\n".join(prod.controls), "\n".join(cli.controls))
    if _url(prod.url) != _url(cli.url):
        differ("URL", str(prod.url), str(cli.url), diff=False)
    if prod.page is not None and cli.page is not None and prod.title != cli.title:
        differ("page title", repr(prod.title), repr(cli.title), diff=False)
    if not same(prod.received, cli.received):
        differ(
            "frames djust sent the browser",
            describe_frames(prod.received),
            describe_frames(cli.received),
        )
    if not same(prod.sent, cli.sent):
        differ(
            "frames the browser sent djust", describe_frames(prod.sent), describe_frames(cli.sent)
        )
    return found


def _url(url: str | None) -> tuple[str, list[tuple[str, str]]] | None:
    if url is None:
        return None
    parts = urlsplit(url)
    return parts.path, sorted(parse_qsl(parts.query, keep_blank_values=True))


def _diff(want: str, got: str) -> str:
    lines = difflib.unified_diff(
        want.splitlines(), got.splitlines(), "production", "djust_testing", lineterm="", n=2
    )
    return "\n".join(lines)


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines()) or " " * spaces + "(empty)"
