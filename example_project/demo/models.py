"""The example's data: todos for the todo list, orders for the live order count."""

from __future__ import annotations

from django.db import models
from djust.db import notify_on_save


class Todo(models.Model):
    title = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return self.title


# On PostgreSQL every save sends NOTIFY orders, which djust forwards to the
# handle_info() of each page that called self.listen("orders"). On SQLite
# it is a no-op, so the live count only moves for the page that placed the order.
@notify_on_save(channel="orders")
class Order(models.Model):
    customer = models.CharField(max_length=80)
    total = models.DecimalField(max_digits=8, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Order #{self.pk} for {self.customer}"
