"""The example's pages: LiveViews, plus the two plain views logging in and out needs."""

from __future__ import annotations

from django.contrib.auth.views import LogoutView
from django.urls import include, path

from demo import views

urlpatterns = [
    path("", views.CounterView.as_view(), name="counter"),
    path("todos/", views.TodoView.as_view(), name="todos"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/complete/", views.complete_login, name="complete-login"),
    path("logout/", LogoutView.as_view(next_page="login"), name="logout"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("orders/", views.OrdersView.as_view(), name="orders"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("catalog/", include("catalog.urls")),
    path("documents/", views.DocumentsView.as_view(), name="documents"),
    path("lobby/", views.LobbyView.as_view(), name="lobby"),
]
