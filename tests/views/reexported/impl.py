"""The view itself, defined one module below the path its page names it by."""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler


class ReexportedView(LiveView):
    login_required = False
    template = (
        '<div dj-root dj-view="tests.views.reexported.ReexportedView">'
        '<button dj-click="bump">{{ count }}</button></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = 0

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.count += 1
