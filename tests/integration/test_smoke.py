"""LiveViewSmokeTest and the allowlist audit, run as a project's test case would run them.

Each test builds a smoke test case over some of the views of
``tests/smoke_urls.py``, runs one of its tests and reads the result.
"""

from __future__ import annotations

import unittest
from typing import Any

from django.contrib.auth.models import User
from django.test import TestCase, override_settings
from djust.live_view import LiveView

from djust_testing import (
    DjustTestingError,
    LiveViewSmokeTest,
    LiveViewTestCase,
    assert_all_routed_liveviews_allowlisted,
)
from tests.models import Widget
from tests.views import smoke

ALL = [
    smoke.SturdyView,
    smoke.FragileView,
    smoke.ItemPageView,
    smoke.LeakyView,
    smoke.CrashingMountView,
    smoke.MembersView,
    smoke.EraserView,
    smoke.CountingView,
]
SMOKE_URLS = override_settings(ROOT_URLCONF="tests.smoke_urls")


def smoke_case(only: list[type[Any]], **attributes: Any) -> Any:
    """A smoke test case over the views ``only``."""
    attributes.setdefault("skip_views", [view for view in ALL if view not in only])
    case = type("SiteSmokeTests", (LiveViewSmokeTest, TestCase), attributes)
    return SMOKE_URLS(case)


def run(case: type[TestCase], test: str) -> unittest.TestResult:
    result = unittest.TestResult()
    unittest.TestSuite([case(test)]).run(result)
    return result


def failure(case: type[TestCase], test: str) -> str:
    """The message of the one failure of ``test``."""
    result = run(case, test)
    assert not result.errors, result.errors[0][1] if result.errors else None
    assert len(result.failures) == 1, f"{test} did not fail"
    formatted = result.failures[0][1]
    return formatted[formatted.index("AssertionError: ") + len("AssertionError: ") :]


class SmokeCase(TestCase):
    def assert_passes(self, case: type[TestCase], *tests: str) -> None:
        for test in tests:
            result = run(case, test)
            self.assertEqual(result.failures + result.errors, [], test)
            self.assertEqual(result.skipped, [], test)


class SturdyViewTests(SmokeCase):
    def test_every_test_passes_on_views_that_hold(self) -> None:
        Widget.objects.create(name="w")
        case = smoke_case([smoke.SturdyView, smoke.EraserView, smoke.ItemPageView])
        case.view_config = {smoke.ItemPageView: {"url": "/shop/items/7/"}}
        self.assert_passes(
            case,
            "test_smoke_render",
            "test_smoke_queries",
            "test_fuzz_handlers",
            "test_fuzz_xss",
            "test_allowlist",
        )

    def test_each_case_starts_from_the_same_data(self) -> None:
        # erase() raises when an earlier case's erase was kept.
        Widget.objects.create(name="a")
        Widget.objects.create(name="b")
        self.assert_passes(smoke_case([smoke.EraserView]), "test_fuzz_handlers")
        self.assertEqual(Widget.objects.count(), 2)


class RenderFindingTests(SmokeCase):
    def test_a_mount_that_raises(self) -> None:
        message = failure(smoke_case([smoke.CrashingMountView]), "test_smoke_render")
        # The page load (HTTP, before the socket) is where mount() first runs.
        self.assertTrue(
            message.startswith(
                "1 problem found: the routed LiveViews (1 view) must load and mount.\n\n"
                "1. tests.views.smoke.CrashingMountView at '/crash/':\n"
                "   the mount raised RuntimeError\n"
                "   Traceback (most recent call last):\n"
            ),
            message,
        )
        self.assertIn('tests/views/smoke.py", line', message)
        self.assertIn("in mount\n", message)
        self.assertIn("RuntimeError: the mount fell over", message)

    def test_a_view_behind_a_login(self) -> None:
        case = smoke_case([smoke.MembersView])
        message = failure(case, "test_smoke_render")
        self.assertIn(
            "1. tests.views.smoke.MembersView at '/members/':\n"
            "   the page redirects to '/login/?next=%2Fmembers%2F': log self.client in, or "
            "give view_config a user",
            message,
        )
        User.objects.create_user("ann")
        case.view_config = {smoke.MembersView: {"user": "ann"}}
        self.assert_passes(case, "test_smoke_render", "test_fuzz_handlers")

    def test_a_logged_in_test_client_is_the_users(self) -> None:
        ann = User.objects.create_user("ann")
        case = smoke_case([smoke.MembersView], setUp=lambda test: test.client.force_login(ann))
        self.assert_passes(case, "test_smoke_render")

    def test_a_route_with_url_kwargs_needs_a_url(self) -> None:
        message = failure(smoke_case([smoke.ItemPageView]), "test_smoke_render")
        self.assertEqual(
            message.strip(),
            "1 problem found: the routed LiveViews (1 view) must load and mount.\n\n"
            "1. tests.views.smoke.ItemPageView:\n"
            "   its route 'shop/items/<int:pk>/' needs URL kwargs (pk): give it a URL to open, "
            "view_config = {ItemPageView: {'url': '/...'}}",
        )

    def test_a_mount_over_its_query_budget(self) -> None:
        for name in "abc":
            Widget.objects.create(name=name)
        case = smoke_case([smoke.CountingView], max_queries=2)
        message = failure(case, "test_smoke_queries")
        self.assertIn(
            "1. tests.views.smoke.CountingView at '/counting/':\n"
            "   The mount ran 4 database queries, more than the 2 allowed.\n"
            "   Repeated with other parameters (an N+1: one query per row?):\n"
            '     3 times: SELECT "tests_widget"."id", "tests_widget"."name" FROM "tests_widget" '
            'WHERE "tests_widget"."id" = %s LIMIT 21',
            message,
        )
        case.max_queries = None
        result = run(case, "test_smoke_queries")
        self.assertEqual([reason for _test, reason in result.skipped], ["max_queries is None"])


class FuzzFindingTests(SmokeCase):
    def test_a_handler_that_crashes_on_an_edge_value(self) -> None:
        message = failure(smoke_case([smoke.FragileView]), "test_fuzz_handlers")
        self.assertTrue(
            message.startswith(
                "2 problems found: the routed LiveViews (1 view) must survive the fuzzing.\n\n"
                "1. tests.views.smoke.FragileView, handler 'share' [edge value for people]:\n"
                "   the handler raised ZeroDivisionError\n"
                "   Traceback (most recent call last):\n"
            ),
            message,
        )
        self.assertIn('tests/views/smoke.py", line', message)
        self.assertIn("in share\n       self.each = 100 // people\n", message)
        self.assertIn(
            "   ZeroDivisionError: integer division or modulo by zero\n"
            "   To reproduce: self.live('/shop/fragile/').send_event('share', people=0)\n",
            message,
        )
        # djust coerces an empty string to 0 for an int: the same crash, from a crafted client.
        self.assertIn("2. tests.views.smoke.FragileView, handler 'share' [wrong type", message)
        self.assertIn("send_event('share', people='')", message)
        self.assertNotIn("djust_testing/", message)

    def test_skip_handlers(self) -> None:
        for skipped in (["share"], ["FragileView.share"], ["tests.views.smoke.FragileView.share"]):
            case = smoke_case([smoke.FragileView], skip_handlers=skipped)
            self.assert_passes(case, "test_fuzz_handlers")
        case = smoke_case([smoke.FragileView], skip_handlers=["OtherView.share"])
        self.assertEqual(len(run(case, "test_fuzz_handlers").failures), 1)
        case = smoke_case(
            [smoke.FragileView], view_config={smoke.FragileView: {"skip_handlers": ["share"]}}
        )
        self.assert_passes(case, "test_fuzz_handlers")

    def test_markup_reflected_unescaped(self) -> None:
        message = failure(smoke_case([smoke.LeakyView]), "test_fuzz_xss")
        self.assertTrue(
            message.startswith(
                "2 problems found: the routed LiveViews (1 view) must escape markup.\n\n"
            ),
            message,
        )
        self.assertIn(
            "1. tests.views.smoke.LeakyView, handler 'relink' [a javascript: URL in link, value]:\n"
            "   the page shows the parameter as markup, unescaped:\n"
            '     a javascript: URL: <a href="javascript:djxss7319()">\n'
            "   To reproduce: self.live('/leaky/').send_event('relink', "
            "link='javascript:djxss7319()', value='javascript:djxss7319()')",
            message,
        )
        self.assertIn(
            "2. tests.views.smoke.LeakyView, handler 'rename' [markup in note, value]:\n"
            "   the page shows the parameter as markup, unescaped:\n"
            '     an event handler attribute: <img onerror="djxss7319()">\n',
            message,
        )
        self.assertIn("a <script> element: <script>djxss7319()</script>", message)

    def test_fuzz_can_be_turned_off(self) -> None:
        case = smoke_case([smoke.FragileView], fuzz=False)
        for test in ("test_fuzz_handlers", "test_fuzz_xss"):
            result = run(case, test)
            self.assertEqual([reason for _t, reason in result.skipped], ["fuzz is False"])

    def test_a_view_that_does_not_mount_is_not_fuzzed(self) -> None:
        message = failure(smoke_case([smoke.CrashingMountView]), "test_fuzz_handlers")
        self.assertIn(
            "1. tests.views.smoke.CrashingMountView at '/crash/':\n"
            "   the view does not mount (see test_smoke_render): not fuzzed",
            message,
        )


class ChoosingViewsTests(SmokeCase):
    def test_app_label_narrows_to_one_app(self) -> None:
        case = smoke_case([smoke.SturdyView], app_label="tests")
        self.assert_passes(case, "test_smoke_render")
        case = smoke_case([], skip_views=[], app_label="demo")
        self.assertEqual(
            failure(case, "test_smoke_render"),
            "LiveViewSmokeTest found no routed LiveView of app 'demo' to test: the root URLconf "
            "routes none there\n",
        )

    def test_skip_views_by_dotted_path(self) -> None:
        skipped = [
            f"tests.views.smoke.{view.__name__}" for view in ALL if view is not smoke.SturdyView
        ]
        self.assert_passes(smoke_case([], skip_views=skipped), "test_smoke_render")

    def test_a_mistyped_view_config(self) -> None:
        case = smoke_case([smoke.SturdyView], view_config={smoke.SturdyView: {"urls": "/x/"}})
        result = run(case, "test_smoke_render")
        self.assertIn(
            "DjustTestingError: view_config for SturdyView has urls; it takes skip_handlers, "
            "url, user",
            result.errors[0][1],
        )


@SMOKE_URLS
class AllowlistTests(LiveViewTestCase):
    def test_every_view_of_an_installed_app_is_allowed_by_default(self) -> None:
        assert_all_routed_liveviews_allowlisted()

    @override_settings(LIVEVIEW_ALLOWED_MODULES=["tests.views.basics", "tests.views.smoke"])
    def test_an_allowlist_that_admits_them(self) -> None:
        assert_all_routed_liveviews_allowlisted()

    @override_settings(LIVEVIEW_ALLOWED_MODULES=["tests.views.basics"])
    def test_an_allowlist_that_leaves_them_out(self) -> None:
        with self.assertRaises(AssertionError) as caught:
            assert_all_routed_liveviews_allowlisted([smoke.SturdyView, smoke.FragileView])
        self.assertEqual(
            str(caught.exception),
            "2 routed LiveViews cannot go live: djust refuses to mount them under "
            "LIVEVIEW_ALLOWED_MODULES = ['tests.views.basics'], so the page renders over HTTP "
            "but its live connection fails:\n"
            "  tests.views.smoke.SturdyView (route 'sturdy/')\n"
            "  tests.views.smoke.FragileView (route 'shop/fragile/')\n"
            "Add 'tests.views.smoke' (or a package above) to LIVEVIEW_ALLOWED_MODULES.",
        )

    @override_settings(LIVEVIEW_ALLOWED_MODULES=["tests.views.basics"])
    def test_the_smoke_tests_audit_and_its_mounts_fail_alike(self) -> None:
        case = smoke_case([smoke.SturdyView])
        self.assertIn(
            "1 routed LiveView cannot go live: djust refuses to mount it",
            failure(case, "test_allowlist"),
        )
        self.assertIn("   djust refuses the mount: ", failure(case, "test_smoke_render"))

    def test_without_the_setting_djust_allows_the_installed_apps(self) -> None:
        outsider = type("Outsider", (LiveView,), {"__module__": "elsewhere.views"})
        with self.assertRaisesMessage(
            AssertionError,
            "1 routed LiveView cannot go live: djust refuses to mount it under "
            "LIVEVIEW_ALLOWED_MODULES unset (djust then allows the packages of INSTALLED_APPS, "
            "and djust's own), so the page renders over HTTP but its live connection fails:\n"
            "  elsewhere.views.Outsider\n"
            "Add 'elsewhere.views' (or a package above) to LIVEVIEW_ALLOWED_MODULES.",
        ):
            assert_all_routed_liveviews_allowlisted([outsider])

    def test_misuse_of_view_classes(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "assert_all_routed_liveviews_allowlisted() takes LiveView classes, got 'not a view'",
        ):
            assert_all_routed_liveviews_allowlisted(["not a view"])  # type: ignore[list-item]
