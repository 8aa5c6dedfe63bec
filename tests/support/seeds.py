"""What the API contract's examples use without defining it.

The examples in testing-liveviews.txt call helpers they never define
(``authenticate``, ``build``), mount views without templates, and test views
the text leaves out (``CounterView``, ``InventoryView``, the dashboard a login
redirects to). These stand-ins make them runnable as written:
tests/test_seed_examples.py keeps each example verbatim apart from its
imports, which come from here.
"""

from __future__ import annotations

from typing import Any

from djust import LiveView as DjustLiveView
from djust import event_handler

__all__ = [
    "CounterView",
    "DashboardView",
    "InventoryView",
    "LiveView",
    "authenticate",
    "build",
    "event_handler",
]

# Who the stand-in authenticate() last signed in; the dashboard shows them.
_signed_in: dict[str, str] = {}


class LiveView(DjustLiveView):
    """djust's LiveView with a template, which every mounted view needs."""

    abstract = True
    login_required = False
    template = "<div dj-root></div>"


def authenticate(email: str, password: str) -> bool:
    """Stand-in for a credentials check; the password "x" is right."""
    if password != "x":
        return False
    _signed_in["email"] = email
    return True


def build(*args: Any) -> dict[str, Any]:
    """Stand-in for building a report."""
    return {"rows": []}


class CounterView(LiveView):
    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = 0

    @event_handler
    def increment(self, **kwargs: Any) -> None:
        self.count += 1


class DashboardView(LiveView):
    """Where the login example redirects (routed at /dashboard/)."""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.user_email = _signed_in.get("email", "")


class InventoryView(LiveView):
    def mount(self, request: Any, **kwargs: Any) -> None:
        self.stream("items", [])
        self.created = 0

    @event_handler
    def create(self, name: str = "", **kwargs: Any) -> None:
        self.created += 1
        self.stream_insert("items", {"id": self.created, "name": name})
        self.push_event("flash", {"type": "success", "message": f"{name} created"})
        self.live_patch(path="/items/", params={"highlight": name})
