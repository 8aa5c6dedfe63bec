"""The order count, kept live by database notifications."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from djust import LiveView, event_handler

from demo.models import Order


class OrdersView(LiveView):
    """Shows how many orders there are, updated whenever an order is saved anywhere.

    ``Order`` sends NOTIFY on the "orders" channel (``@notify_on_save``), and
    djust delivers each one to ``handle_info`` as
    ``{"type": "db_notify", "channel": "orders", "payload": {"pk": ..., "event": "save", ...}}``.
    """

    login_required = False
    template_name = "demo/orders.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        # LISTEN/NOTIFY is PostgreSQL's. On SQLite, listen() only logs a
        # warning and no notification arrives: the count then moves only when
        # this page places an order (and, in the tests, on trigger_info()).
        self.listen("orders")
        self._load_orders()

    def handle_info(self, message: dict[str, Any]) -> None:
        if message.get("type") == "db_notify" and message.get("channel") == "orders":
            self._show_new_count()

    @event_handler
    def place_test_order(self, **kwargs: Any) -> None:
        Order.objects.create(customer="Test customer", total=Decimal("19.90"))
        self._show_new_count()  # this page need not wait for the notification

    def _load_orders(self) -> None:
        self.count = Order.objects.count()
        self.latest = [
            {"id": order.pk, "customer": order.customer, "total": f"{order.total:.2f}"}
            for order in Order.objects.all()[:5]
        ]

    def _show_new_count(self) -> None:
        self._load_orders()
        # The <title> is outside the LiveView's root, so djust sets it separately.
        self.page_title = f"Orders ({self.count})"
