"""Views for the smoke test: sturdy ones, and each kind of problem it must find."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from djust import LiveView, event_handler

from ..models import Widget


class SturdyView(LiveView):
    """Handlers over many parameter types, each checking what it gets."""

    login_required = False
    template = """<div dj-root><p>{{ note }}</p><p>{{ total }}</p>
    <a href="/search/?q={{ note|urlencode }}">again</a></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.note = ""
        self.total = "0"

    @event_handler
    def rename(self, note: str = "", **kwargs: Any) -> None:
        self.note = note[:100]

    @event_handler
    def add(
        self,
        amount: int = 1,
        price: Decimal = Decimal("0"),
        when: datetime.date | None = None,  # djust passes it on as the string sent
        tags: list[str] | None = None,
        mode: Literal["add", "set"] = "add",
        gift: bool = False,
        **kwargs: Any,
    ) -> None:
        if not 0 < amount < 1000 or not price.is_finite() or price < 0:
            return
        self.total = f"{amount * price:.2f} {mode} {len(tags or [])} {when} {gift}"

    @event_handler
    def clear(self, **kwargs: Any) -> None:
        self.note = ""


class FragileView(LiveView):
    login_required = False
    template = """<div dj-root><p>{{ each }}</p></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.each = 100

    @event_handler
    def share(self, people: int = 1, **kwargs: Any) -> None:
        self.each = 100 // people


class LeakyView(LiveView):
    login_required = False
    template = """<div dj-root><p>{{ note|safe }}</p><a href="{{ link }}">link</a></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.note = ""
        self.link = "/"

    @event_handler
    def rename(self, note: str = "", **kwargs: Any) -> None:
        self.note = note

    @event_handler
    def relink(self, link: str = "/", **kwargs: Any) -> None:
        self.link = link


class CrashingMountView(LiveView):
    login_required = False
    template = """<div dj-root></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        raise RuntimeError("the mount fell over")


class MembersView(LiveView):
    login_required = True
    template = """<div dj-root><p>{{ name }}</p></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.name = request.user.get_username()


class ItemPageView(LiveView):
    login_required = False
    template = """<div dj-root><p>Item {{ pk }}</p></div>"""

    def mount(self, request: Any, pk: int = 0, **kwargs: Any) -> None:
        self.pk = pk


class EraserView(LiveView):
    """Each erase needs widgets to erase: every case must start from the same data."""

    login_required = False
    template = """<div dj-root><p>{{ erased }}</p></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.erased = 0

    @event_handler
    def erase(self, keep: int = 0, **kwargs: Any) -> None:
        widgets = Widget.objects.order_by("id")
        if not widgets.exists():
            raise LookupError("nothing left to erase: an earlier case's erase was kept")
        self.erased, _ = widgets.exclude(pk__in=widgets.values("pk")[: max(keep, 0)]).delete()


class CountingView(LiveView):
    """Its mount runs a query per widget."""

    login_required = False
    template = """<div dj-root><p>{{ names }}</p></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.names = [
            Widget.objects.get(pk=pk).name for pk in Widget.objects.values_list("pk", flat=True)
        ]
