"""A view whose own code fails an ``assert``, in a handler and in mount()."""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler


class AssertingView(LiveView):
    login_required = False
    template = """<div dj-root><p>{{ count }}</p></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = 0
        assert kwargs.get("fail") != "yes", "mount was told to fail"

    @event_handler
    def check(self, **kwargs: Any) -> None:
        assert self.count > 0, "count must be positive"
