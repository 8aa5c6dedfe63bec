"""The live order count: handle_info fed with the messages djust delivers for NOTIFY."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from djust_testing import (
    DjustTestingError,
    LiveViewTestCase,
    LiveViewTestClient,
    send_db_notification,
)

from demo.models import Order
from demo.views import OrdersView


def order_saved(order: Order) -> dict[str, Any]:
    """What handle_info receives after ``@notify_on_save`` sent NOTIFY for ``order``."""
    payload = {"pk": order.pk, "event": "save", "model": "demo.Order"}
    return {"type": "db_notify", "channel": "orders", "payload": payload}


class OrdersTests(LiveViewTestCase):
    def setUp(self) -> None:
        Order.objects.create(customer="Ann", total=Decimal("30.00"))

    def place_order(self, customer: str) -> Order:
        """An order placed elsewhere: another process, another user."""
        return Order.objects.create(customer=customer, total=Decimal("5.00"))

    def test_shows_the_current_count(self) -> None:
        live = self.live(OrdersView)
        live.assert_state_contains(count=1, latest=[{"customer": "Ann", "total": "30.00"}])
        self.assertEqual(live.page_title, "Orders (1)")

    def test_a_notification_updates_the_count_and_the_tab_title(self) -> None:
        live = self.live("/orders/")
        order = self.place_order("Bob")
        result = live.trigger_info(order_saved(order))
        self.assertEqual((result["state_before"]["count"], result["state_after"]["count"]), (1, 2))
        self.assertEqual(live.page_title, "Orders (2)")
        self.assertIn('<strong class="order-count">2</strong>', live.render())
        self.assertIn(f"#{order.pk}: Bob, 5.00", live.render())

    def test_a_notification_for_another_channel_never_reaches_the_page(self) -> None:
        live = self.live(OrdersView)
        with self.assertRaisesMessage(
            DjustTestingError, "which never called listen('todos') (it listens on 'orders')"
        ):
            live.trigger_info({"type": "db_notify", "channel": "todos", "payload": {}})

    def test_a_notification_updates_every_open_orders_page(self) -> None:
        mine, theirs = (
            self.live(OrdersView),
            LiveViewTestClient(OrdersView, client=Client()).mount(),
        )
        order = self.place_order("Bob")
        # What PostgreSQL sends once the order's transaction commits (@notify_on_save).
        send_db_notification("orders", order_saved(order)["payload"])
        for live in (mine, theirs):
            self.assertEqual(live.page_title, "Orders (2)")
            self.assertEqual(live.last_action.name, "db_notify orders")

    def test_placing_an_order_updates_this_page_at_once(self) -> None:
        live = self.live(OrdersView)
        live.send_event("place_test_order")
        live.assert_state_contains(count=2, latest=[{"customer": "Test customer"}])
        self.assertEqual(Order.objects.count(), 2)
