"""The sales report: slow enough in real life to build in the background."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TypedDict

from django.db.models import Count, Sum
from django.utils import timezone

from .models import Order


class NothingToReport(Exception):
    """No orders in the period: there is no report to show."""


class SalesReport(TypedDict):
    days: int
    orders: int
    revenue: str
    best_customer: str


def sales_report(days: int) -> SalesReport:
    since = timezone.now() - timedelta(days=days)
    orders = Order.objects.filter(created_at__gte=since)
    totals = orders.aggregate(count=Count("id"), revenue=Sum("total"))
    if not totals["count"]:
        raise NothingToReport(f"No orders in the last {days} days.")
    best = (
        orders.values("customer")
        .annotate(spent=Sum("total"))
        .order_by("-spent", "customer")
        .first()
    )
    revenue: Decimal = totals["revenue"]
    return {
        "days": days,
        "orders": totals["count"],
        "revenue": f"{revenue:.2f}",
        "best_customer": best["customer"] if best else "",
    }
