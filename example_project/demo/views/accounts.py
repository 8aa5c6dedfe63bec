"""Logging in: credentials checked live, the session cookie set over HTTP.

djust's WebSocket cannot set a cookie, so ``LoginView`` only checks the
password. On success it sends the browser, by a full page load, to
``complete_login`` with a one-time token (see ``demo/signin.py``): a plain
Django view that calls ``login()`` and redirects to the dashboard. (djust's
``trigger_submit()`` would instead POST the form over HTTP, sending the
password a second time.)
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET
from djust import LiveView, event_handler

from demo import signin
from demo.forms import LoginForm
from demo.models import Order, Todo


class LoginView(LiveView):
    """The login form, with its errors shown as soon as the user submits.

    A plain form, not ``FormMixin``: the mixin keeps each submitted value in
    the view's public ``form_data``, and a password has no place in view state.
    """

    login_required = False
    template_name = "demo/login.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.username = ""
        self.errors: dict[str, list[str]] = {}
        self.expired = False

    def handle_params(self, params: dict[str, Any], uri: str) -> None:
        self.expired = params.get("expired") == "1"

    @event_handler
    def log_in(self, username: str = "", password: str = "", **kwargs: Any) -> None:
        form = LoginForm({"username": username, "password": password}, request=self.request)
        self.username = username
        self.expired = False
        if not form.is_valid() or form.user is None:
            # Templates cannot read "__all__", so errors about the whole form go under "form".
            self.errors = {
                "form" if field == NON_FIELD_ERRORS else field: [str(m) for m in messages]
                for field, messages in form.errors.items()
            }
            return
        self.errors = {}
        self.live_redirect(reverse("complete-login"), params={"token": signin.token_for(form.user)})


@require_GET
def complete_login(request: HttpRequest) -> HttpResponse:
    """Where ``LoginView`` sends the browser: set the session cookie, go to the dashboard."""
    user = signin.user_for(request.GET.get("token", ""))
    if user is None:
        return redirect(reverse("login") + "?expired=1")
    login(request, user)
    return redirect("dashboard")


class DashboardView(LiveView):
    """The page behind the login: djust redirects anonymous visitors to ``LOGIN_URL``."""

    login_required = True
    template_name = "demo/dashboard.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.username: str = request.user.get_username()
        self.todos: int = Todo.objects.count()
        self.orders: int = Order.objects.count()
