"""Views for mounting, events and state: the client's core."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, ClassVar

from asgiref.sync import async_to_sync
from djust import LiveView, event_handler
from djust.decorators import rate_limit
from djust.presence import PresenceMixin

from ..models import Widget


class CounterView(LiveView):
    login_required = False
    template = """<div dj-root><h1>Count: {{ count }}</h1>
    <button dj-click="increment">+</button>
    <button dj-click="decrement">-</button></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = 0

    @event_handler
    def increment(self, **kwargs: Any) -> None:
        self.count += 1

    @event_handler
    def decrement(self, **kwargs: Any) -> None:
        self.count -= 1

    @event_handler
    def set_count(self, value: int = 0, **kwargs: Any) -> None:
        self.count = value

    @event_handler
    def explode(self, **kwargs: Any) -> None:
        self.count = -1
        raise ValueError("the handler blew up")

    def not_a_handler(self) -> None:
        """A public method without @event_handler: djust must refuse it as an event."""
        self.count = 999


class ListView(LiveView):
    login_required = False
    template = """<div dj-root><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>
    <p>{{ meta.owner }}</p></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.items: list[str] = []
        self.meta: dict[str, Any] = {"owner": "ann", "tags": ["a", "b"], "count": 2}
        self.label = "shopping list"
        self.ids = (1, 2, 3)
        self.flags = {"x", "y"}

    @event_handler
    def add(self, item: str = "", **kwargs: Any) -> None:
        self.items.append(item)

    @event_handler
    def retag(self, **kwargs: Any) -> None:
        self.meta["tags"].append("c")


class AsyncHandlerView(LiveView):
    login_required = False
    template = "<div dj-root><p>{{ status }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.status = "idle"

    @event_handler
    async def load(self, **kwargs: Any) -> None:
        await asyncio.sleep(0)
        self.status = "loaded"

    @event_handler
    async def count_widgets_unsafely(self, **kwargs: Any) -> None:
        # The ORM from async code without sync_to_async: production raises.
        self.status = str(Widget.objects.count())


class WidgetView(LiveView):
    login_required = False
    template = (
        """<div dj-root><ul>{% for name in names %}<li>{{ name }}</li>{% endfor %}</ul></div>"""
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.names = self._names()

    def _names(self) -> list[str]:
        return list(Widget.objects.order_by("name").values_list("name", flat=True))

    @event_handler
    def create(self, name: str = "", **kwargs: Any) -> None:
        Widget.objects.create(name=name)
        self.names = self._names()


class ItemView(LiveView):
    """Routed at items/<int:pk>/: records what mount and handle_params received."""

    login_required = False
    template = "<div dj-root><p>item {{ pk }} tab {{ tab }}</p></div>"

    def mount(self, request: Any, pk: int = 0, **kwargs: Any) -> None:
        self.pk = pk
        self.mount_kwargs = dict(kwargs, pk=pk)
        self.path = request.path
        self.tab = ""

    def handle_params(self, params: dict[str, Any], uri: str) -> None:
        self.params = dict(params)
        self.uri = uri
        self.tab = params.get("tab", "")

    @event_handler
    def show_tab(self, tab: str = "", **kwargs: Any) -> None:
        self.live_patch(params={"tab": tab})


class WhoAmIView(LiveView):
    login_required = False
    template = "<div dj-root><p>{{ username }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.username = request.user.get_username() if request.user.is_authenticated else ""
        request.session["visited"] = True
        self.session_key = request.session.session_key or ""


class TupleView(LiveView):
    """djust's Rust engine renders a tuple as a list: Django and djust differ here."""

    login_required = False
    template = "<div dj-root><p>{{ pair }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.pair = (1, "a")


class ThreadView(LiveView):
    """Records which thread ran each piece of code."""

    login_required = False
    template = "<div dj-root><p>{{ where }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.mount_thread = threading.get_ident()
        self.where = ""

    @event_handler
    def record(self, **kwargs: Any) -> None:
        self.handler_thread = threading.get_ident()

    @event_handler
    def call_async_code(self, **kwargs: Any) -> None:
        # Sync code reaching async code, as channels' group_send calls do.
        self.where = async_to_sync(_answer)()


async def _answer() -> str:
    await asyncio.sleep(0)
    return "from async code"


class LockView(LiveView):
    login_required = False
    template = "<div dj-root></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.guard = threading.Lock()


class Tagged(str):
    """A string that carries a list: ``copy.deepcopy`` copies it, attributes and all."""

    tags: list[str]


class TaggedLabelView(LiveView):
    login_required = False
    template = "<div dj-root>{{ label }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.label = Tagged("milk")
        self.label.tags = ["a"]


class EchoView(LiveView):
    """Keeps the parameters its handler received, as djust passed them."""

    login_required = False
    template = "<div dj-root>{{ received }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.received: dict[str, Any] = {}

    @event_handler
    def echo(self, **kwargs: Any) -> None:
        self.received = kwargs


class RateLimitedView(LiveView):
    login_required = False
    template = "<div dj-root>{{ clicks }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.clicks = 0

    @rate_limit(rate=0.001, burst=2)
    @event_handler
    def click(self, **kwargs: Any) -> None:
        self.clicks += 1


class FeedView(LiveView):
    """temporary_assigns: djust empties ``entries`` after each render."""

    login_required = False
    temporary_assigns: ClassVar[dict[str, Any]] = {"entries": []}
    template = "<div dj-root><ul>{% for e in entries %}<li>{{ e }}</li>{% endfor %}</ul></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.entries = ["first"]

    @event_handler
    def publish(self, text: str = "", **kwargs: Any) -> None:
        self.entries = [text]


class BackgroundView(LiveView):
    """Starts background work in mount(), which waits for render_async()."""

    login_required = False
    template = "<div dj-root><p>{{ status }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.status = "loading"
        self.start_async(self._load)

    def _load(self) -> None:
        self.status = "loaded"


class PresenceView(PresenceMixin, LiveView):
    """Tracks the user's presence from mount; djust removes it on disconnect."""

    login_required = False
    presence_key = "tests-presence"
    # An element, so the mount's HTML carries dj-ids and the browser morphs the
    # page load's render ("0" online: the HTTP render tracks no presence) to it.
    template = "<div dj-root><p>{{ online }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.track_presence(meta={"name": "tests"})
        self.online = self.presence_count()
