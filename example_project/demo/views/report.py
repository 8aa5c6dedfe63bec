"""The sales report: built in the background while the page shows a loading state."""

from __future__ import annotations

import logging
from typing import Any

from djust import LiveView, event_handler

from demo.reports import NothingToReport, SalesReport, sales_report

logger = logging.getLogger(__name__)

PERIODS = (7, 30, 365)


def period(value: object) -> int:
    """``value``, from the URL or the form, as one of ``PERIODS``; else the first."""
    return next((days for days in PERIODS if str(days) == str(value)), PERIODS[0])


class ReportView(LiveView):
    """Pick a period, build its report.

    ``build`` returns at once with ``loading`` set, so the browser shows
    "Building..." straight away; djust runs ``sales_report`` after that reply
    and hands its result or exception to ``handle_async_result``. The period
    goes in the URL (``?days=30``) so a report can be bookmarked.
    """

    login_required = False
    template_name = "demo/report.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.days = PERIODS[0]
        self.loading = False
        self.report: SalesReport | None = None
        self.error = ""

    def handle_params(self, params: dict[str, Any], uri: str) -> None:
        """Runs after mount and on back/forward: the URL says which period."""
        self.days = period(params.get("days"))

    @event_handler
    def build(self, days: int = PERIODS[0], **kwargs: Any) -> None:
        self.days = period(days)
        self.live_patch(params={"days": self.days})
        self.loading = True
        self.report = None
        self.error = ""
        self.start_async(sales_report, self.days, name="report")

    def handle_async_result(
        self, name: str, result: SalesReport | None = None, error: BaseException | None = None
    ) -> None:
        self.loading = False
        if error is None:
            self.report = result
            self.put_flash("success", "Report ready.")
        elif isinstance(error, NothingToReport):
            self.error = str(error)
        else:
            logger.error("building the sales report failed", exc_info=error)
            self.error = "The report could not be built. Please try again."
