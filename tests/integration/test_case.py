from __future__ import annotations

import contextvars
import gc
import io
import unittest
from typing import Any, NoReturn
from unittest import mock

from django.contrib.auth.models import User
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import SimpleTestCase, TransactionTestCase, override_settings
from djust import LiveView
from djust.config import config
from djust.presence import PresenceManager
from djust.rate_limit import _handler_buckets
from djust.state_backend import get_backend

from djust_testing import (
    ConnectionClosedError,
    DjustTestingError,
    LiveViewTestCase,
    LiveViewTestClient,
    LiveViewTestMixin,
)
from djust_testing.runner import LiveViewTestRunner
from tests.views.basics import (
    CounterView,
    ItemView,
    PresenceView,
    RateLimitedView,
    WhoAmIView,
)
from tests.views.reexported import ReexportedView


def backend_keys() -> int:
    return int(get_backend().get_stats()["total_sessions"])


class LiveTests(LiveViewTestCase):
    def test_live_mounts_a_view_class(self) -> None:
        live = self.live(CounterView)
        self.assertIsInstance(live, LiveViewTestClient)
        live.assert_state(count=0)
        self.assertEqual(live.url, "/counter/")

    def test_live_mounts_the_view_a_url_routes_to(self) -> None:
        live = self.live("/items/7/?tab=specs&tab=reviews")
        self.assertIsInstance(live.view_instance, ItemView)
        # URL kwargs pass through the path converter; the query arrives as
        # the browser sends it (strings, the last repeated key winning).
        live.assert_state(
            pk=7,
            tab="reviews",
            params={"tab": "reviews"},
            uri="/items/7/?tab=reviews",
            path="/items/7/",
        )

    def test_live_fills_the_route_from_params_and_queries_the_rest(self) -> None:
        live = self.live(ItemView, pk=7, tab=3)
        self.assertEqual(live.url, "/items/7/?tab=3")
        live.assert_state(pk=7, tab="3", mount_kwargs={"pk": 7, "tab": "3"})

    def test_params_join_a_urls_query(self) -> None:
        live = self.live("/items/2/?tab=a", page=4)
        live.assert_state(params={"tab": "a", "page": "4"})

    def test_a_route_that_params_cannot_fill(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "ItemView is routed, but no route can be built from the parameters ['tab'] "
            "(its URL kwargs: pk).",
        ):
            self.live(ItemView, tab="x")

    def test_a_url_nothing_serves(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "no URL pattern matches '/nowhere/'"):
            self.live("/nowhere/")

    def test_a_url_of_a_plain_django_view(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError, "'/plain/' is served by plain_view, which is not a djust LiveView"
        ):
            self.live("/plain/")

    def test_an_absolute_url(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "expected a path such as '/items/7/'"):
            self.live("https://example.com/counter/")

    def test_a_mount_param_a_query_string_cannot_carry(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError, "mount parameter 'tags' is list; mount parameters reach the view"
        ):
            self.live(CounterView, tags=["a"])

    def test_shares_the_session_and_user_of_self_client(self) -> None:
        user = User.objects.create_user("ann")
        self.client.force_login(user)
        live = self.live(WhoAmIView)
        live.assert_state(username="ann", session_key=self.client.session.session_key)

    def test_an_anonymous_self_client_mounts_anonymously(self) -> None:
        self.live(WhoAmIView).assert_state(username="")


# Without a database, the browser's session lives in a cookie: djust's HTTP GET creates one.
NO_DATABASE_SESSIONS = override_settings(
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"
)


@NO_DATABASE_SESSIONS
class SimpleCaseTests(LiveViewTestMixin, SimpleTestCase):
    """The mixin on a SimpleTestCase: no database access is allowed, and with cookie
    sessions none is needed."""

    def test_live_works_without_a_database(self) -> None:
        live = self.live(CounterView)
        live.send_event("increment")
        live.assert_state(count=1)


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.db")
class DatabaseSessionsWithoutADatabaseTests(LiveViewTestMixin, SimpleTestCase):
    def test_the_page_load_says_it_needs_the_database(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "Loading the page of CounterView needs the database, which this test may not use",
        ):
            self.live(CounterView)


def _blocked_as_pytest_django_blocks(*args: Any, **kwargs: Any) -> NoReturn:
    raise RuntimeError(
        'Database access not allowed, use the "django_db" mark, or the "db" or '
        '"transactional_db" fixtures to enable it.'
    )


def _broken(*args: Any, **kwargs: Any) -> NoReturn:
    raise RuntimeError("the database server went away")


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.db")
class PytestDjangoBlockerTests(LiveViewTestCase):
    """pytest-django refuses the database with a RuntimeError of its own (plugin.py)."""

    def test_its_refusal_is_explained_too(self) -> None:
        with (
            mock.patch.object(
                BaseDatabaseWrapper, "ensure_connection", _blocked_as_pytest_django_blocks
            ),
            self.assertRaisesMessage(
                DjustTestingError,
                "needs the database, which this test may not use: djust's HTTP GET "
                "(mixins/request.py) creates a session for a browser that has none, and the "
                "default session engine stores it in the database. Use django.test.TestCase "
                "(with pytest, @pytest.mark.django_db)",
            ),
        ):
            self.live(CounterView)

    def test_another_runtime_error_is_not_taken_for_it(self) -> None:
        with (
            mock.patch.object(BaseDatabaseWrapper, "ensure_connection", _broken),
            self.assertRaisesMessage(RuntimeError, "the database server went away"),
        ):
            self.live(CounterView)


class TransactionCaseTests(LiveViewTestMixin, TransactionTestCase):
    def test_live_works_in_a_transaction_test_case(self) -> None:
        User.objects.create_user("tx", password="pw")
        self.assertTrue(self.client.login(username="tx", password="pw"))
        self.live(WhoAmIView).assert_state(username="tx")


def run_case(case: type[unittest.TestCase]) -> unittest.TestResult:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    return result


@NO_DATABASE_SESSIONS
class IsolationTests(SimpleTestCase):
    """What one test leaves behind, seen from outside it."""

    def test_clients_are_closed_and_their_cache_entries_removed_after_the_test(self) -> None:
        opened: list[LiveViewTestClient] = []

        @NO_DATABASE_SESSIONS
        class Inner(LiveViewTestMixin, SimpleTestCase):
            def test_opens(self) -> None:
                opened.append(self.live(CounterView))
                opened.append(self.live(CounterView))

        before = backend_keys()
        result = run_case(Inner)
        self.assertTrue(result.wasSuccessful(), result.errors + result.failures)
        self.assertEqual(len(opened), 2)
        self.assertEqual(backend_keys(), before)
        for live in opened:
            with self.assertRaisesMessage(Exception, "was closed"):
                live.send_event("increment")

    def test_cleanup_runs_when_the_test_fails(self) -> None:
        @NO_DATABASE_SESSIONS
        class Inner(LiveViewTestMixin, SimpleTestCase):
            def test_fails(self) -> None:
                self.live(CounterView)
                self.fail("on purpose")

        before = backend_keys()
        result = run_case(Inner)
        self.assertEqual(len(result.failures), 1)
        self.assertEqual(backend_keys(), before)

    def test_rate_limit_budgets_do_not_reach_the_next_test(self) -> None:
        @NO_DATABASE_SESSIONS
        class Inner(LiveViewTestMixin, SimpleTestCase):
            def test_spends(self) -> None:
                live = self.live(RateLimitedView)
                live.send_event("click")
                live.send_event("click")

        run_case(Inner)
        self.assertEqual(len(_handler_buckets), 0)
        # A second test starts with the full budget.
        result = run_case(Inner)
        self.assertTrue(result.wasSuccessful(), result.errors + result.failures)

    def test_the_test_thread_gains_no_context_variables_per_test(self) -> None:
        # asgiref walks every context variable at each sync/async hop: one
        # more per test made each test slower than the last.
        @NO_DATABASE_SESSIONS
        class Inner(LiveViewTestMixin, SimpleTestCase):
            pass

        for number in range(30):
            setattr(
                Inner, f"test_{number}", lambda self: self.live(CounterView).send_event("increment")
            )
        run_case(Inner)  # first use may add a few, once
        before = len(contextvars.copy_context())
        result = run_case(Inner)
        self.assertTrue(result.wasSuccessful(), result.errors + result.failures)
        self.assertEqual(len(contextvars.copy_context()), before)

    def test_a_dropped_client_releases_its_cache_entry(self) -> None:
        before = backend_keys()
        LiveViewTestClient(CounterView).mount()
        gc.collect()
        self.assertEqual(backend_keys(), before)

    def test_a_client_made_directly_is_closed_after_the_test(self) -> None:
        opened: list[LiveViewTestClient] = []

        class Inner(LiveViewTestMixin, SimpleTestCase):
            def setUp(self) -> None:
                # As a setUp that keeps its client on self would, never closing it.
                self.page = LiveViewTestClient(PresenceView).mount()
                opened.append(self.page)

            def test_spends_the_rate_limit(self) -> None:
                live = LiveViewTestClient(RateLimitedView).mount()
                live.send_event("click")
                live.close()

        result = run_case(Inner)
        self.assertTrue(result.wasSuccessful(), result.errors + result.failures)
        self.assertEqual(PresenceManager.presence_count(PresenceView.presence_key), 0)
        self.assertEqual(len(_handler_buckets), 0)
        with self.assertRaisesMessage(ConnectionClosedError, "was closed"):
            opened[0].send_event("refresh")

    def test_djusts_configuration_comes_back_after_the_test(self) -> None:
        before = config.as_dict()

        class Inner(LiveViewTestMixin, SimpleTestCase):
            def test_changes_it(self) -> None:
                config.update({"event_security": "open"})

        result = run_case(Inner)
        self.assertTrue(result.wasSuccessful(), result.errors + result.failures)
        self.assertEqual(config.as_dict(), before)

    def test_the_runners_result_isolates_a_test_without_the_mixin(self) -> None:
        opened: list[LiveViewTestClient] = []

        class Plain(unittest.TestCase):
            def test_opens(self) -> None:
                opened.append(LiveViewTestClient(PresenceView).mount())
                config.update({"event_security": "open"})

        before = config.as_dict()
        resultclass = LiveViewTestRunner(verbosity=0).get_resultclass()
        result = resultclass(stream=io.StringIO(), descriptions=False, verbosity=0)
        unittest.defaultTestLoader.loadTestsFromTestCase(Plain).run(result)
        self.assertTrue(result.wasSuccessful(), result.errors + result.failures)
        self.assertEqual(PresenceManager.presence_count(PresenceView.presence_key), 0)
        self.assertEqual(config.as_dict(), before)
        with self.assertRaisesMessage(ConnectionClosedError, "was closed"):
            opened[0].get_state()

    def test_so_does_a_parallel_workers_result(self) -> None:
        opened: list[LiveViewTestClient] = []

        class Plain(unittest.TestCase):
            def test_opens(self) -> None:
                opened.append(LiveViewTestClient(PresenceView).mount())

        worker = LiveViewTestRunner.parallel_test_suite.runner_class()
        result = worker.run(unittest.defaultTestLoader.loadTestsFromTestCase(Plain))
        self.assertTrue(result.wasSuccessful())
        self.assertEqual(PresenceManager.presence_count(PresenceView.presence_key), 0)
        with self.assertRaisesMessage(ConnectionClosedError, "was closed"):
            opened[0].get_state()

    def test_an_unclosed_client_its_view_refers_to_is_released_when_collected(self) -> None:
        def open_and_drop() -> None:
            live = LiveViewTestClient(PresenceView).mount()
            live.view_instance.owner = live  # the view refers back to its client

        open_and_drop()
        self.assertEqual(PresenceManager.presence_count(PresenceView.presence_key), 1)
        gc.collect()
        self.assertEqual(PresenceManager.presence_count(PresenceView.presence_key), 0)


class PageLoadTests(LiveViewTestCase):
    """A mount starts as a browser's does: the page over HTTP, then the socket."""

    @override_settings(TIME_ZONE="UTC")
    def test_the_mount_frame_is_the_browsers(self) -> None:
        live = self.live(CounterView)
        sent = live.last_action.sent
        assert sent is not None
        self.assertEqual(
            sent,
            {
                "type": "mount",
                "view": "tests.views.basics.CounterView",
                "params": {},
                "url": "/counter/",
                "has_prerendered": True,
                "client_timezone": "UTC",
            },
        )

    @override_settings(TIME_ZONE="Asia/Tokyo")
    def test_the_browsers_time_zone_is_the_settings(self) -> None:
        live = self.live(CounterView)
        self.assertEqual(live.view_instance.client_timezone, "Asia/Tokyo")

    def test_a_view_no_url_serves_loads_its_page_too(self) -> None:
        class Unrouted(LiveView):
            login_required = False
            template = '<div dj-root dj-view="somewhere.else.View"><p>x</p></div>'

        with self.assertRaisesMessage(
            DjustTestingError,
            'says dj-view="somewhere.else.View", which djust cannot mount (View '
            "somewhere.else.View is not allowed), so a browser gets an error instead of "
            "tests.integration.test_case.Unrouted. Fix the template's dj-view (or remove it: "
            "djust stamps the right one).",
        ):
            LiveViewTestClient(Unrouted).mount()

    def test_a_page_naming_another_view_says_which_gets_its_events(self) -> None:
        class Copied(LiveView):
            login_required = False
            template = '<div dj-root dj-view="tests.views.basics.CounterView"><p>x</p></div>'

        with self.assertRaisesMessage(
            DjustTestingError,
            'says dj-view="tests.views.basics.CounterView", so a browser mounts '
            "tests.views.basics.CounterView, not tests.integration.test_case.Copied: the "
            "page's events go to CounterView, not to Copied.",
        ):
            LiveViewTestClient(Copied).mount()

    def test_a_page_naming_its_view_through_a_package_that_re_exports_it(self) -> None:
        # djust resolves the page's dj-view (security/mount.py resolve_view_class)
        # and mounts what it finds; the mount frame carries the page's name.
        live = self.live(ReexportedView)
        assert live.last_action.sent is not None
        self.assertEqual(live.last_action.sent["view"], "tests.views.reexported.ReexportedView")
        live.element("button").click()
        live.assert_state(count=1)

    def test_a_page_with_an_empty_dj_view_mounts_nothing(self) -> None:
        # 03-websocket.js autoMount: "Container found but no view path specified".
        class Blank(LiveView):
            login_required = False
            template = '<div dj-root dj-view=""><p>x</p></div>'

        with self.assertRaisesMessage(
            DjustTestingError,
            "(Blank) has a dj-view with no view path, so a browser mounts nothing "
            "(03-websocket.js autoMount): remove the empty dj-view, djust stamps it.",
        ):
            LiveViewTestClient(Blank).mount()

    def test_a_page_without_a_live_view_container_mounts_nothing(self) -> None:
        class NoRoot(LiveView):
            login_required = False
            template = "<div><p>x</p></div>"

        with self.assertRaisesMessage(DjustTestingError, "has no [dj-view] container"):
            LiveViewTestClient(NoRoot).mount()

    def test_the_page_the_browser_got_shows_until_the_mount_morphs_it(self) -> None:
        live = self.live(CounterView)
        self.assertIn("Count: 0", live.render())
