"""The example's views: one module per page."""

from __future__ import annotations

from .accounts import DashboardView, LoginView, complete_login
from .counter import CounterView
from .documents import DocumentsView
from .lobby import LobbyView
from .orders import OrdersView
from .preferences import NotificationsView, PreferencesView
from .report import ReportView
from .todos import TodoView

__all__ = [
    "CounterView",
    "DashboardView",
    "DocumentsView",
    "LobbyView",
    "LoginView",
    "NotificationsView",
    "OrdersView",
    "PreferencesView",
    "ReportView",
    "TodoView",
    "complete_login",
]
