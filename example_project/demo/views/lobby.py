"""The lobby: who is here, and what they said, live for everyone on the page."""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler, push_to_view
from djust.presence import PresenceMixin

LOBBY = "demo.views.lobby.LobbyView"


class LobbyView(PresenceMixin, LiveView):
    """Everyone on the page sees who else is here and what each says.

    Each tab tracks its presence from ``mount()``; djust then pushes the new
    count to every open lobby. Saying something pushes it to the other
    lobbies with ``push_to_view()``, whose ``handle_message()`` shows it; the
    sender's own page shows it from the handler (djust skips the sender).
    """

    login_required = False
    template_name = "demo/lobby.html"
    presence_key = "lobby"

    def mount(self, request: Any, **kwargs: Any) -> None:
        user = request.user
        self.name = user.get_username() if user.is_authenticated else "guest"
        self.messages: list[dict[str, str]] = []
        self.online_count = 0
        self.here: list[str] = []
        self.track_presence(meta={"name": self.name})
        self._show_who_is_here()

    @event_handler
    def _on_presence_change(self, **kwargs: Any) -> None:
        """Someone came or went: the count (djust's own handler) and the names."""
        super()._on_presence_change(**kwargs)
        self._show_who_is_here()

    @event_handler
    def say(self, text: str = "", **kwargs: Any) -> None:
        text = text.strip()
        if not text:
            return
        self.messages.append({"author": self.name, "text": text})
        push_to_view(LOBBY, handler="handle_message", payload={"author": self.name, "text": text})

    def handle_message(self, author: str = "", text: str = "") -> None:
        self.messages.append({"author": author, "text": text})

    def _show_who_is_here(self) -> None:
        self.here = sorted(str(p["meta"].get("name", "?")) for p in self.list_presences())
