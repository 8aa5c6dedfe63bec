"""Nothing leaks into the next test, however the test made its client.

Each pair is two tests run in order (unittest runs a class's methods in name
order): the first leaves something behind the way a real test would (a
client built with ``LiveViewTestClient(...)`` rather than ``self.live()``,
kept on ``self`` as a ``setUp`` would keep it, or djust's configuration
changed with ``config.update()``); the second checks that none of it reached
it. The second test is the case; it is skipped when its first did not run
(a single test selected, ``--shuffle``).

Every piece of djust process state such a test can leave:

* the shared per-handler ``@rate_limit`` buckets (``djust.rate_limit``),
  keyed by the caller (the user's pk, the session key or the IP);
* presence entries (``djust.presence.PresenceManager``);
* state-backend entries (``djust.state_backend.get_backend()``);
* ``djust.config.config`` changes made with ``config.update()``;
* djust's id counters (``child_N`` ids of embedded views);
* djust's traceback buffer (``djust.observability.tracebacks``).
"""

from __future__ import annotations

import gc
from typing import Any

from django.contrib.auth.models import User
from django.test import SimpleTestCase
from djust.config import config
from djust.observability.tracebacks import get_buffer_size
from djust.presence import PresenceManager
from djust.rate_limit import reset_handler_buckets
from djust.state_backend import get_backend

from djust_testing import LiveViewTestCase, LiveViewTestClient, LiveViewTestMixin

from . import harness
from .harness import HANDLED, SILENT_PASS
from .views import (
    ParentView,
    PresenceProbeView,
    ProbeCounterView,
    RateProbeView,
    UserRateProbeView,
)

#: What each first test of a pair did, for its second test.
LEFT: dict[str, Any] = {}
PRESENCE_KEY = PresenceProbeView.presence_key
BASELINE_CONFIG = dict(config.as_dict())


def _sessions() -> int:
    return int(get_backend().get_stats()["total_sessions"])


def tearDownModule() -> None:
    harness.module_report(__name__)()
    # Whatever the pairs found leaking must not reach the rest of the suite.
    LEFT.clear()
    reset_presence()
    reset_handler_buckets()
    config.reset()
    gc.collect()


class LeakPairs(LiveViewTestMixin, SimpleTestCase):
    """Pairs on SimpleTestCase: each ``test_NNa`` leaves, ``test_NNb`` checks."""

    def second(self, pair: str, name: str, leaked: str | None) -> None:
        if pair not in LEFT:
            self.skipTest(f"{pair}: its first test did not run just before")
        LEFT.pop(pair)
        expected = "nothing from the previous test reaches this one"
        if leaked is None:
            harness.record_outcome(self, name, expected, HANDLED)
        else:
            harness.record_outcome(self, name, expected, SILENT_PASS, leaked)

    # ------------------------------------------------ per-handler rate limits

    def test_01a_direct_client_spends_the_rate_limit(self) -> None:
        live = LiveViewTestClient(RateProbeView).mount()
        live.send_event("click")
        live.close()
        LEFT["rate"] = True

    def test_01b_first_click_is_not_refused(self) -> None:
        pending = "rate" in LEFT
        result: dict[str, Any] = {}
        if pending:
            result = dict(self.live(RateProbeView).send_event("click", raise_errors=False))
        self.second(
            "rate",
            "a direct client's rate-limit budget does not reach the next test",
            None
            if result.get("success")
            else f"the next test's first click failed: {result.get('error')}",
        )

    def test_02a_self_live_spends_the_rate_limit(self) -> None:
        self.live(RateProbeView).send_event("click")
        LEFT["rate-live"] = True

    def test_02b_first_click_is_not_refused(self) -> None:
        pending = "rate-live" in LEFT
        result: dict[str, Any] = {}
        if pending:
            result = dict(self.live(RateProbeView).send_event("click", raise_errors=False))
        self.second(
            "rate-live",
            "self.live()'s rate-limit budget does not reach the next test",
            None
            if result.get("success")
            else f"the next test's first click failed: {result.get('error')}",
        )

    # ------------------------------------------------------------- presence

    def test_03a_client_kept_on_the_test_tracks_presence(self) -> None:
        # As a setUp that keeps its client on self would, and never closes it.
        self.page = LiveViewTestClient(PresenceProbeView).mount()
        LEFT["presence"] = PresenceManager.presence_count(PRESENCE_KEY)

    def test_03b_presence_is_empty(self) -> None:
        count = PresenceManager.presence_count(PRESENCE_KEY)
        self.second(
            "presence",
            "a client kept on the previous test leaves no presence entry",
            None if count == 0 else f"{count} user(s) still online from the previous test",
        )

    def test_04a_self_live_and_a_direct_client(self) -> None:
        self.live(ProbeCounterView)
        self.page = LiveViewTestClient(PresenceProbeView).mount()
        LEFT["presence-mixed"] = True

    def test_04b_presence_is_empty(self) -> None:
        count = PresenceManager.presence_count(PRESENCE_KEY)
        self.second(
            "presence-mixed",
            "a direct client next to self.live() leaves no presence entry",
            None if count == 0 else f"{count} user(s) still online from the previous test",
        )

    # -------------------------------------------------------- state backend

    def test_05a_client_kept_on_the_test_has_a_state_entry(self) -> None:
        gc.collect()
        LEFT["backend"] = _sessions()
        self.page = LiveViewTestClient(ProbeCounterView).mount()
        self.page.send_event("increment")

    def test_05b_state_backend_is_as_before(self) -> None:
        before, now = LEFT.get("backend"), _sessions()
        self.second(
            "backend",
            "a client kept on the previous test leaves no state-backend entry",
            None
            if now == before
            else f"the state backend holds {now} sessions, {before} before the previous test",
        )

    # ------------------------------------------------------ config.update()

    def test_06a_direct_client_and_config_update(self) -> None:
        live = LiveViewTestClient(ProbeCounterView).mount()
        config.update({"event_security": "open"})
        live.close()
        LEFT["config"] = True

    def test_06b_config_is_as_before(self) -> None:
        pending = "config" in LEFT
        self.addCleanup(config.reset)
        changed = {
            key: value
            for key, value in config.as_dict().items()
            if BASELINE_CONFIG.get(key) != value
        }
        self.second(
            "config",
            "djust's config.update() in a test with a client does not reach the next test",
            None if not changed or not pending else f"djust's configuration still has {changed}",
        )

    def test_07a_self_live_and_config_update(self) -> None:
        self.live(ProbeCounterView)
        config.update({"event_security": "open"})
        LEFT["config-live"] = True

    def test_07b_config_is_as_before(self) -> None:
        pending = "config-live" in LEFT
        self.addCleanup(config.reset)
        changed = {
            key: value
            for key, value in config.as_dict().items()
            if BASELINE_CONFIG.get(key) != value
        }
        self.second(
            "config-live",
            "djust's config.update() in a self.live() test does not reach the next test",
            None if not changed or not pending else f"djust's configuration still has {changed}",
        )

    # ---------------------------------------------------------- id counters

    def test_08a_direct_client_numbers_a_child(self) -> None:
        live = LiveViewTestClient(ParentView).mount()
        LEFT["ids"] = live.view_instance.child_ids()
        live.close()

    def test_08b_child_ids_start_afresh(self) -> None:
        pending = "ids" in LEFT
        ids = self.live(ParentView).view_instance.child_ids() if pending else []
        fresh = LEFT.get("ids")
        self.second(
            "ids",
            "a direct client's embedded-view ids do not shift the next test's",
            None if ids == fresh else f"the first child is {ids}, not {fresh} as in a fresh test",
        )

    # ------------------------------------------------------ traceback buffer

    def test_09a_direct_client_handler_raises(self) -> None:
        live = LiveViewTestClient(ProbeCounterView).mount()
        live.send_event("explode", raise_errors=False)
        live.close()
        LEFT["tracebacks"] = get_buffer_size()

    def test_09b_traceback_buffer_is_empty(self) -> None:
        size = get_buffer_size()
        self.second(
            "tracebacks",
            "a direct client's handler error leaves nothing in djust's traceback buffer",
            None if size == 0 else f"djust's traceback buffer holds {size} from the previous test",
        )

    # ------------------------- a client a handler's exception keeps alive

    def test_10a_direct_client_whose_handler_raises(self) -> None:
        # assertRaises keeps the exception; its traceback's frames hold the
        # client in a reference cycle, which only the garbage collector frees.
        live = LiveViewTestClient(PresenceProbeView).mount()
        with self.assertRaises(ValueError):
            live.send_event("explode")
        LEFT["presence-raised"] = True

    def test_10b_presence_is_empty(self) -> None:
        count = PresenceManager.presence_count(PRESENCE_KEY)
        self.second(
            "presence-raised",
            "a direct client kept alive by a caught exception leaves no presence entry",
            None if count == 0 else f"{count} user(s) still online from the previous test",
        )

    # --------------------------------------------- a client outside any test

    def test_11_an_unclosed_client_in_a_cycle_is_released_when_collected(self) -> None:
        def open_and_drop() -> None:
            live = LiveViewTestClient(PresenceProbeView).mount()
            live.me = live  # type: ignore[attr-defined]  # a cycle: only the collector frees it

        open_and_drop()
        gc.collect()
        count = PresenceManager.presence_count(PRESENCE_KEY)
        harness.record_outcome(
            self,
            "an unclosed client in a reference cycle is released when collected",
            "its presence entry is gone once the garbage collector frees it",
            HANDLED if count == 0 else SILENT_PASS,
            f"{count} user(s) still online",
        )

    def test_12_an_unclosed_client_its_view_refers_to_is_released_when_collected(self) -> None:
        def open_and_drop() -> None:
            live = LiveViewTestClient(PresenceProbeView).mount()
            live.view_instance.owner = live  # the view refers back to its client

        open_and_drop()
        gc.collect()
        count = PresenceManager.presence_count(PRESENCE_KEY)
        harness.record_outcome(
            self,
            "an unclosed client its own view refers to is released when collected",
            "its presence entry is gone once the garbage collector frees it",
            HANDLED if count == 0 else SILENT_PASS,
            f"{count} user(s) still online",
        )
        reset_presence()


def reset_presence() -> None:
    """Remove the probe's presence entries whatever holds them (djust's public manager)."""
    for entry in PresenceManager.list_presences(PRESENCE_KEY):
        PresenceManager.leave_presence(PRESENCE_KEY, str(entry["id"]))


class UserLeakPairs(LiveViewTestCase):
    """The per-handler budget keyed by user pk: rollback reuses pk 1 in the next test."""

    def test_01a_direct_client_as_a_user_spends_the_rate_limit(self) -> None:
        user = User.objects.create_user("probe-first")
        live = LiveViewTestClient(UserRateProbeView, user=user).mount()
        live.send_event("click")
        live.close()
        LEFT["user-rate"] = user.pk

    def test_01b_first_click_as_a_new_user_is_not_refused(self) -> None:
        if "user-rate" not in LEFT:
            self.skipTest("its first test did not run just before")
        first_pk = LEFT.pop("user-rate")
        user = User.objects.create_user("probe-second")
        self.client.force_login(user)
        result = self.live(UserRateProbeView).send_event("click", raise_errors=False)
        leaked = None
        if not result["success"]:
            leaked = (
                f"the next test's first click failed: {result['error']} "
                f"(pk {first_pk} then {user.pk})"
            )
        harness.record_outcome(
            self,
            "a direct client's per-user rate-limit budget does not reach the next test",
            "nothing from the previous test reaches this one",
            HANDLED if leaked is None else SILENT_PASS,
            leaked or "",
        )
