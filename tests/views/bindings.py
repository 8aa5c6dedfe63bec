"""Views for what djust's client binds besides events: dj-model, dj-poll, hooks, rate limits."""

from __future__ import annotations

from typing import Any, ClassVar

from djust import LiveView, event_handler
from djust.decorators import debounce, throttle

from .components import Counter, NameTag


class ModelView(LiveView):
    """Fields bound with dj-model, each kind djust's client and server treat apart."""

    login_required = False
    template = (
        '<div dj-root><input id="q" dj-model="q" value="{{ q }}">'
        '<input id="age" type="number" dj-model="age" value="{{ age }}">'
        '<input id="ok" type="checkbox" dj-model="ok">'
        '<input id="lazy-ok" type="checkbox" dj-model.lazy="lazy_ok">'
        '<input id="ratio" dj-model.lazy="ratio">'
        '<input id="slow" dj-model.debounce-500="slow">'
        '<select id="cat" dj-model="cat"><option value="a">A</option>'
        '<option value="b">B</option></select>'
        '<select id="tags" multiple dj-model="tags"><option>x</option><option>y</option></select>'
        '<form id="sizes"><input type="radio" name="size" value="s" dj-model="size">'
        '<input type="radio" name="size" value="m" dj-model="size"></form>'
        '<input id="both" dj-model="both" dj-input="echo" value="{{ both }}">'
        '<input id="missing" dj-model="nowhere">'
        '<input id="dynamic" dj-model="{{ secret_name }}">'
        '<p id="echo">{{ q }}|{{ age }}|{{ ok }}|{{ echoed }}</p>'
        '<button id="show" dj-click="show">show</button>'
        '<button id="nothing" dj-click="nothing">nothing</button>'
        '{{ counter }}<section id="tag">{{ tag }}</section></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.tag = NameTag(nick="ann")
        self.q = ""
        self.age = 0
        self.ok = False
        self.lazy_ok = False
        self.ratio = 1.0
        self.slow = ""
        self.cat = "a"
        self.tags: list[str] = []
        self.size = ""
        self.both = ""
        self.echoed = ""
        self.shown = 0
        self.secret = "s"
        self.secret_name = "secret"
        self.counter = Counter(count=0)

    @event_handler
    def echo(self, value: str = "", **kwargs: Any) -> None:
        self.echoed = value

    @event_handler
    def show(self, **kwargs: Any) -> None:
        """Changes something, so djust renders: the page then shows the fields' values."""
        self.shown += 1

    @event_handler
    def nothing(self, **kwargs: Any) -> None:
        """Changes nothing: djust answers noop, whatever dj-model set meanwhile."""


class AllowedModelView(ModelView):
    allowed_model_fields: ClassVar[list[str]] = ["ratio", "lazy_ok"]


class PollView(LiveView):
    login_required = False
    template = (
        '<div dj-root><p id="ticks">{{ ticks }}</p>'
        '<div id="clock" dj-poll="tick(1)" dj-poll-interval="700" data-page:int="3" '
        'dj-value-kind="k"></div>'
        '<div id="slow" dj-poll="refresh"></div>'
        '<div id="off" dj-poll=""></div>'
        "{{ counter }}</div>"
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.ticks = 0
        self.seen: list[dict[str, Any]] = []
        self.refreshed = 0
        self.counter = Counter(count=0)

    @event_handler
    def tick(self, **kwargs: Any) -> None:
        self.ticks += 1
        self.seen.append(kwargs)

    @event_handler
    def refresh(self, **kwargs: Any) -> None:
        self.refreshed += 1


class NoPollView(LiveView):
    login_required = False
    template = '<div dj-root><div id="off" dj-poll=""></div></div>'


class HookView(LiveView):
    login_required = False
    template = (
        '<div dj-root><canvas id="chart" dj-hook="Chart"></canvas>'
        '<div id="map" dj-hook="Map"></div><p id="plain">plain</p>'
        '<p id="last">{{ last }}</p>{{ counter }}</div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.last: dict[str, Any] = {}
        self.counter = Counter(count=0)

    @event_handler
    def hooked(self, **kwargs: Any) -> None:
        self.last = kwargs


class RateView(LiveView):
    """Bindings with djust's default rate limits, and with their own."""

    login_required = False
    template = (
        '<div dj-root><input id="search" name="q" dj-input="search">'
        '<textarea id="notes" dj-input="search"></textarea>'
        '<input id="qty" type="number" dj-input="search">'
        '<input id="vol" type="range" dj-input="search">'
        '<input id="box" type="checkbox" dj-input="search">'
        '<input id="slow" dj-input="search" dj-debounce="500">'
        '<input id="zero" dj-input="search" dj-debounce="0">'
        '<input id="held" dj-input="search" dj-debounce="blur">'
        '<input id="fast" dj-input="search" dj-throttle="50">'
        '<input id="legacy" dj-input="search" data-debounce="200">'
        '<input id="date" type="date" dj-input="search">'
        '<button id="save" dj-click="save" dj-throttle="1000" data-id:int="4">save</button>'
        '<button id="nodebounce" dj-click="save" dj-debounce="0">save</button>'
        '<button id="plain" dj-click="save">save</button>'
        '<input id="keys" dj-keydown.enter="save" dj-debounce="250">'
        '<select id="pick" dj-change="save" dj-debounce="blur"><option>a</option></select>'
        '<form id="f" dj-submit="save"><input id="inner" name="inner" dj-input="search" '
        'dj-debounce="blur"><button>go</button></form>'
        '<input id="wheel" dj-input="scroll">'
        '<p id="term">{{ term }}</p></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.term = ""
        self.saved = 0
        self.terms: list[str] = []

    @event_handler
    @debounce(wait=0.5, max_wait=2.0)
    def search(self, value: str = "", **kwargs: Any) -> None:
        self.term = value
        self.terms.append(value)

    @event_handler
    @throttle(interval=1.0, leading=True, trailing=False)
    def scroll(self, value: str = "", **kwargs: Any) -> None:
        self.term = value

    @event_handler
    def save(self, **kwargs: Any) -> None:
        self.saved += 1
