"""The counter: the smallest LiveView, state and two event handlers."""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler


class CounterView(LiveView):
    """A number and two buttons; every click is a round trip over the WebSocket."""

    login_required = False
    template_name = "demo/counter.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = 0

    @event_handler
    def increment(self, **kwargs: Any) -> None:
        self.count += 1

    @event_handler
    def decrement(self, **kwargs: Any) -> None:
        self.count -= 1
