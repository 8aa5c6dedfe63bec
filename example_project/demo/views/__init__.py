"""The example's views: one module per page."""

from __future__ import annotations

from .accounts import DashboardView, LoginView, complete_login
from .counter import CounterView
from .orders import OrdersView
from .preferences import NotificationsView, PreferencesView
from .report import ReportView
from .todos import TodoView

__all__ = [
    "CounterView",
    "DashboardView",
    "LoginView",
    "NotificationsView",
    "OrdersView",
    "PreferencesView",
    "ReportView",
    "TodoView",
    "complete_login",
]
