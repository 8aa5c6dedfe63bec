"""Security gates, compared with djust's real consumer.

Each case sends the same event to ``djust.websocket.LiveViewConsumer`` (through
channels' ``WebsocketCommunicator``) and to the test client, under the same
settings (``DEBUG = True``, so djust gives its detailed reasons). What
production refuses, the client must refuse with an ``EventRejectedError``
whose ``reason`` is production's error text and whose message names
production's reason (not another one); what production runs, the client must
run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client, SimpleTestCase, override_settings
from djust.rate_limit import reset_handler_buckets

from djust_testing import (
    ConnectionClosedError,
    DjustTestingError,
    EventRejectedError,
    LiveViewTestMixin,
    ModelBindingRefusedError,
    MountError,
    MountRedirectedError,
)

from . import harness, production
from .harness import Case, Expect, passes, raises
from .views import GuardedHandlerView, ProbeCounterView, RateProbeView

tearDownModule = harness.module_report(__name__)

STRICT: dict[str, Any] = {}
OPEN = {"LIVEVIEW_CONFIG": {"event_security": "open"}}
WARN = {"LIVEVIEW_CONFIG": {"event_security": "warn"}}


@dataclass
class Gate:
    label: str
    event: Any
    params: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    view: type[Any] = ProbeCounterView
    url: str = "/probe/counter/"
    before: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: Replaces the expectation built from production's answer (production crashes on it).
    expect: Expect | None = None
    #: djust gives its detailed reasons only under DEBUG; otherwise "Event rejected".
    debug: bool = True


def _reason_is(error: str) -> Callable[[Any], str | None]:
    def check(exc: Any) -> str | None:
        reason = getattr(exc, "reason", None)
        if reason != error:
            return f"its reason is {reason!r}, production's is {error!r}"
        return None

    return check


def _code_is(code: int | None) -> Callable[[Any], str | None]:
    def check(exc: Any) -> str | None:
        got = getattr(exc, "code", None)
        return None if got == code else f"close code {got!r}, production's {code!r}"

    return check


#: djust's reasons, the words a message must use for each, and the claim a client makes for it.
REASONS: list[tuple[str, str, str]] = [
    ("blocked unsafe event name", "safe event name", "not a safe event name"),
    ("no handler found", "no handler", "has no handler"),
    ("is not decorated with @event_handler", "not decorated", "not decorated with @event_handler"),
    ("missing required parameters", "missing required parameters", "missing required parameters"),
    ("missing 'event' field", "Missing 'event' field", "Missing 'event' field"),
    ("received wrong parameter types", "wrong parameter types", "wrong parameter types"),
    ("message too large", "too large", "too large"),
    ("permission denied", "Permission denied", "Permission denied"),
    ("rate limit exceeded", "Rate limit", "Rate limit"),
]


def expectation(gate: Gate, reply: production.Reply) -> Expect:
    if gate.expect is not None:
        return gate.expect
    if reply.kind == "error" and not gate.debug:
        # Production's reason is generic; the client keeps it as the reason and explains.
        return raises(
            EventRejectedError, contains=[repr(gate.event)], check=_reason_is(reply.error)
        )
    if reply.kind == "error":
        error = reply.error.lower()
        phrases = [words for reason, words, _claim in REASONS if reason in error]
        assert phrases, f"probe bug: no known reason in production's {reply.error!r}"
        # The client must not give another family's reason instead of this one.
        wrong_claims = [claim for reason, _words, claim in REASONS if reason not in error]
        return raises(
            EventRejectedError,
            contains=phrases[:1],
            excludes=wrong_claims,
            check=_reason_is(reply.error),
        )
    if reply.kind == "closed":
        return raises(ConnectionClosedError, check=_code_is(reply.close_code))
    return passes()


def client_call(gate: Gate) -> Callable[[harness.Probe], Any]:
    def call(p: harness.Probe) -> Any:
        reset_handler_buckets()  # each case starts with a full budget, as production did
        with override_settings(DEBUG=gate.debug, **gate.settings):
            live = p.live(gate.view)
            for name, params in gate.before:
                live.send_event(name, raise_errors=False, **params)
            return live.send_event(gate.event, **gate.params)

    return call


def gate_cases(gates: list[Gate]) -> list[Case]:
    cases = []
    for gate in gates:
        with override_settings(DEBUG=gate.debug, **gate.settings):
            _mount, replies = production.answers(
                f"{gate.view.__module__}.{gate.view.__name__}",
                gate.url,
                [*gate.before, (gate.event, gate.params)],
            )
        reply = replies[-1]
        cases.append(
            Case(f"{gate.label} (production: {reply})", client_call(gate), expectation(gate, reply))
        )
    return cases


UNSAFE_NAMES = [
    "_private",
    "__init__",
    "__class__",
    "__dict__",
    "Increment",
    "INCREMENT",
    "incr-ement",
    "increment ",
    " increment",
    "increment\n",
    "increment.real",
    "0increment",
    "increment;drop",
    "incrément",
    "increment\x00",
    "../increment",
]


class EventNameGateTests(LiveViewTestMixin, SimpleTestCase):
    def test_event_names_production_refuses(self) -> None:
        missing = "Missing 'event' field"
        gates = [
            Gate("send_event('')", ""),
            Gate(
                "send_event(None)",
                None,
                expect=raises(
                    DjustTestingError,
                    contains=["None", (missing, "str")],
                    excludes=["not a safe event name"],
                ),
            ),
            Gate(
                "send_event(123)",
                123,
                expect=raises(DjustTestingError, contains=["123", ("str", "string")]),
            ),
            Gate("send_event('nosuch')", "nosuch"),
            Gate("send_event('increment')", "increment"),
        ]
        gates += [Gate(f"send_event({name!r})", name) for name in UNSAFE_NAMES]
        harness.run_table(self, gate_cases(gates))

    def test_undecorated_methods_by_event_security(self) -> None:
        methods = [
            "mount",
            "not_a_handler",
            "handle_params",
            "dispatch",
            "get_context_data",
            "render",
            "get",
            "post",
            "live_redirect",
            "push_event",
            "handle_info",
            "setup",
        ]
        gates = [
            Gate(f"{mode}: send_event({method!r})", method, settings=settings)
            for method in methods
            for mode, settings in (("strict", STRICT), ("open", OPEN), ("warn", WARN))
        ]
        harness.run_table(self, gate_cases(gates))

    def test_parameters_and_permissions(self) -> None:
        gates = [
            Gate("set_count(value='five')", "set_count", {"value": "five"}),
            Gate("set_count(value='5')", "set_count", {"value": "5"}),
            Gate("set_count(value=[5])", "set_count", {"value": [5]}),
            Gate("set_count(value=None)", "set_count", {"value": None}),
            Gate("set_count(bogus=1) an extra parameter", "set_count", {"bogus": 1}),
            Gate("set_count(_args=[5]) positional", "set_count", {"_args": [5]}),
            # Production answers noop and only logs its refusal: no dj-model binds count
            # (mixins/model_binding.py, the mass-assignment guard).
            Gate(
                "update_model(field='count', value='5')",
                "update_model",
                {"field": "count", "value": "5"},
                expect=raises(
                    ModelBindingRefusedError,
                    contains=["mass-assignment guard", "allowed_model_fields"],
                ),
            ),
            Gate("echo with a 70 kB parameter", "echo", {"blob": "x" * 70000}),
            Gate(
                "guarded handler, anonymous user",
                "guarded",
                view=GuardedHandlerView,
                url="/",
            ),
            Gate(
                "rate-limited handler, second click",
                "click",
                view=RateProbeView,
                url="/probe/rate/",
                before=[("click", {})],
            ),
            Gate(
                "rate-limited handler, first click",
                "click",
                view=RateProbeView,
                url="/probe/rate/",
            ),
        ]
        harness.run_table(self, gate_cases(gates))

    def test_reasons_without_debug(self) -> None:
        gates = [
            Gate(f"DEBUG=False: send_event({name!r})", name, debug=False, settings=settings)
            for name, settings in [
                ("", STRICT),
                ("_private", STRICT),
                ("not_a_handler", STRICT),
                ("nosuch", STRICT),
                ("mount", OPEN),
                ("increment", STRICT),
            ]
        ]
        harness.run_table(self, gate_cases(gates))


class MountGateTests(LiveViewTestMixin, SimpleTestCase):
    def test_mounts_production_refuses(self) -> None:
        from tests.views.access import LoginRequiredView, PermissionView

        def redirected_to(url: str) -> Callable[[Any], str | None]:
            return lambda exc: (
                None
                if getattr(exc, "url", None) == url
                else (f"redirected to {getattr(exc, 'url', None)!r}, production to {url!r}")
            )

        cases = []
        for view, url in [(LoginRequiredView, "/secret/"), (PermissionView, "/admin-only/")]:
            # A browser loads the page first; it opens the socket only on a 200.
            page = Client().get(url)
            mount, _ = production.answers(f"{view.__module__}.{view.__name__}", url, [])
            frame = mount.frame or {}
            if page.status_code in (301, 302):
                expect = raises(
                    MountRedirectedError, contains=[url], check=redirected_to(page["Location"])
                )
            elif frame.get("type") == "navigate":
                expect = raises(
                    MountRedirectedError, contains=[url], check=redirected_to(frame["to"])
                )
            else:
                expect = raises(MountError, contains=[view.__name__])
            cases.append(
                Case(
                    f"mount {view.__name__} anonymously (production: HTTP {page.status_code}, "
                    f"then {frame.get('type')})",
                    lambda p, v=view: p.live(v),  # type: ignore[misc]
                    expect,
                )
            )
        harness.run_table(self, cases)
