"""The sales report: start_async work, its loading state, its result and its errors."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

from django.db import DatabaseError
from djust_testing import EventRejectedError, LiveViewTestCase

from demo.models import Order
from demo.views import ReportView


class ReportTests(LiveViewTestCase):
    def test_build_shows_a_loading_state_then_the_report(self) -> None:
        Order.objects.create(customer="Ann", total=Decimal("30.00"))
        Order.objects.create(customer="Bob", total=Decimal("12.50"))
        live = self.live(ReportView)
        live.send_event("build", days=30)
        # The event's reply: the loading state, and the period in the URL.
        live.assert_state(loading=True, days=30, report=None)
        live.assert_patch("/report/", {"days": 30})
        self.assertIn("Building the report", live.render())
        # djust runs the work after that reply; render_async() runs it now.
        html = live.render_async()
        live.assert_state(
            loading=False,
            error="",
            report={"days": 30, "orders": 2, "revenue": "42.50", "best_customer": "Ann"},
        )
        live.assert_flash("success", "Report ready.")
        self.assertIn("<dd>42.50</dd>", html)

    def test_a_period_without_orders_reports_the_problem(self) -> None:
        live = self.live(ReportView)
        live.send_event("build")
        live.render_async()  # handle_async_result handles the failure: nothing raises
        live.assert_state(loading=False, report=None, error="No orders in the last 7 days.")
        live.refute_flash()

    def test_an_unexpected_failure_is_logged_and_explained(self) -> None:
        live = self.live(ReportView)
        failure = DatabaseError("database is locked")
        with (
            mock.patch("demo.views.report.sales_report", side_effect=failure),
            self.assertLogs("demo.views.report", "ERROR"),
        ):
            live.send_event("build")
            live.render_async()
        live.assert_state_contains(loading=False, error="could not be built")

    def test_the_url_chooses_the_period(self) -> None:
        live = self.live("/report/?days=365")
        live.assert_state(days=365)
        live.patch("/report/?days=30")  # back/forward: djust runs handle_params again
        live.assert_state(days=30)
        self.live(ReportView, days=7).assert_state(days=7)  # query parameters by name

    def test_djust_refuses_a_period_that_is_not_a_number(self) -> None:
        live = self.live(ReportView)
        with self.assertRaises(EventRejectedError) as caught:
            live.send_event("build", days="a week")
        self.assertIn("days: expected int", str(caught.exception))
        live.assert_state(loading=False)
