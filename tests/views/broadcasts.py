"""Views several clients open at once: pushes between them, presence, db notifications."""

from __future__ import annotations

from typing import Any

from djust import LiveView, apush_to_view, push_to_view
from djust.decorators import event_handler
from djust.presence import PresenceMixin

BOARD = "tests.views.broadcasts.BoardView"


class BoardView(LiveView):
    """A message board: saying something pushes it to every other open board."""

    login_required = False
    template = (
        '<div dj-root><p id="msg">{{ msg }}</p><p id="hits">{{ hits }}</p>'
        '<button id="say" dj-click="say">say</button>'
        '<button id="shout" dj-click="shout">shout</button></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.msg = ""
        self.hits = 0

    @event_handler
    def say(self, text: str = "hello", **kwargs: Any) -> None:
        self.msg = f"I said {text}"
        push_to_view(BOARD, state={"msg": f"someone said {text}"})

    @event_handler
    async def shout(self, **kwargs: Any) -> None:
        self.msg = "I shouted"
        await apush_to_view(BOARD, handler="handle_ping", payload={"n": 10})

    def handle_ping(self, n: int = 1) -> None:
        self.hits += n


class RoomView(PresenceMixin, LiveView):
    """Who is on the page: each tab tracks its presence from mount()."""

    login_required = False
    presence_key = "tests-room"
    template = (
        '<div dj-root><p id="count">{{ online_count }}</p>'
        '<ul id="log">{% for line in log %}<li>{{ line }}</li>{% endfor %}</ul></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.log: list[str] = []
        self.online_count = 0
        self.track_presence(meta={"name": "guest"})

    def handle_presence_join(self, presence: dict[str, Any]) -> None:
        self.log.append("joined")

    def handle_presence_leave(self, presence: dict[str, Any]) -> None:
        self.log.append("left")
