"""LiveComponents the tracker's views hold as attributes, as djust apps do."""

from __future__ import annotations

from typing import Any

from djust import event_handler
from djust.components import LiveComponent


class TaskCounter(LiveComponent):
    """A counter with its own state and handler (djust routes events by component_id)."""

    template = '<span class="tally">{{ count }}</span><button dj-click="bump">+1</button>'

    def mount(self, count: int = 0, **kwargs: Any) -> None:
        self.count = count
        self.label = "open tasks"

    def get_context_data(self) -> dict[str, Any]:
        return {"count": self.count, "label": self.label}

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.count += 1
        self.trigger_update()
