"""Views several clients open at once: pushes between them, presence, database notifications."""

from __future__ import annotations

from typing import Any

from djust import LiveView, apush_to_view, push_to_view
from djust.decorators import event_handler
from djust.presence import PresenceMixin

BOARD = "tests.views.broadcasts.BoardView"


class BoardView(LiveView):
    """A message board: saying something pushes it to every board open elsewhere."""

    login_required = False
    template = (
        '<div dj-root><p id="msg">{{ msg }}</p><p id="hits">{{ hits }}</p>'
        '<button id="say" dj-click="say">say</button>'
        '<button id="shout" dj-click="shout">shout</button>'
        '<button id="poke" dj-click="poke">poke</button>'
        '<button id="break" dj-click="break_others">break</button>'
        '<button id="stream" dj-click="stream_news">stream</button>'
        '<ul id="news">{% for item in streams.news %}'
        '<li id="news-{{ item.id }}">{{ item.text }}</li>{% endfor %}</ul></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.msg = ""
        self.hits = 0
        self.stream("news", [])

    @event_handler
    def say(self, text: str = "hello", **kwargs: Any) -> None:
        self.msg = f"I said {text}"
        push_to_view(BOARD, state={"msg": f"someone said {text}"})

    @event_handler
    async def shout(self, **kwargs: Any) -> None:
        self.msg = "I shouted"
        await apush_to_view(BOARD, handler="handle_ping", payload={"n": 10})

    @event_handler
    def poke(self, **kwargs: Any) -> None:
        push_to_view(BOARD, handler="count_hit")  # neither handle_* nor an @event_handler

    @event_handler
    def break_others(self, **kwargs: Any) -> None:
        push_to_view(BOARD, handler="handle_explode")

    @event_handler
    def stream_news(self, **kwargs: Any) -> None:
        push_to_view(BOARD, handler="add_news", payload={"news_id": 1, "text": "fresh"})

    def handle_ping(self, n: int = 1) -> None:
        self.hits += n

    @event_handler
    def add_news(self, news_id: int = 0, text: str = "", **kwargs: Any) -> None:
        self.stream_insert("news", {"id": news_id, "text": text})

    def count_hit(self, **kwargs: Any) -> None:
        self.hits += 1

    def handle_explode(self, **kwargs: Any) -> None:
        raise ValueError("the board exploded")

    def handle_echo(self, **kwargs: Any) -> None:
        self.hits += 1
        push_to_view(BOARD, handler="handle_echo")  # no sender here: it comes back


class RoomView(PresenceMixin, LiveView):
    """Who is on the page: each tab tracks its presence from mount()."""

    login_required = False
    presence_key = "tests-room"
    template = (
        '<div dj-root><p id="count">{{ online_count }}</p>'
        '<ul id="log">{% for line in log %}<li>{{ line }}</li>{% endfor %}</ul>'
        '<button id="wave" dj-click="wave">wave</button></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.log: list[str] = []
        self.online_count = 0
        self.track_presence(meta={"name": request.GET.get("name", "guest")})

    def handle_presence_join(self, presence: dict[str, Any]) -> None:
        self.log.append(f"joined as {presence['meta']['name']}")

    def handle_presence_leave(self, presence: dict[str, Any]) -> None:
        self.log.append("left")

    @event_handler
    def wave(self, **kwargs: Any) -> None:
        self.broadcast_to_presence("wave", {"from": self.get_presence_user_id()})

    @event_handler
    def who(self, **kwargs: Any) -> None:
        self.log.append(", ".join(sorted(p["meta"]["name"] for p in self.list_presences())))


class NewsView(LiveView):
    """Listens to the "news" channel: each notification is counted."""

    login_required = False
    template = '<div dj-root><p id="seen">{{ seen }}</p><p id="last">{{ last }}</p></div>'

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.listen("news")
        self.seen = 0
        self.last = ""

    def handle_info(self, message: dict[str, Any]) -> None:
        if message.get("type") == "db_notify":
            self.seen += 1
            self.last = str(message["payload"].get("title", ""))
            if message["payload"].get("boom"):
                raise RuntimeError("the news was too much")


class LaterNewsView(LiveView):
    """Starts listening only when asked: djust joins the channel's group at the end of the event."""

    login_required = False
    template = '<div dj-root><p id="seen">{{ seen }}</p></div>'

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.seen = 0

    @event_handler
    def follow(self, **kwargs: Any) -> None:
        self.listen("news")

    def handle_info(self, message: dict[str, Any]) -> None:
        self.seen += 1
