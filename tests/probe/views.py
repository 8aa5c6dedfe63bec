"""LiveViews the probe drives; routed in tests/probe/urls.py under ``/probe/``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from djust import LiveView, event_handler
from djust.decorators import permission_required, rate_limit
from djust.presence import PresenceMixin

NAN = float("nan")

FORM_PAGE = """<div dj-root>
<h1 id="count">Count: {{ count }}</h1>
<button id="inc" class="btn" dj-click="increment">+</button>
<button id="inc-again" class="btn" dj-click="increment">+ again</button>
<span id="plain">no binding</span>
<form id="f" dj-submit="echo" dj-change="echo">
  <input name="email" type="text" value="">
  <input name="agree" type="checkbox" value="yes">
  <select name="size"><option value="s">S</option><option value="m">M</option></select>
  <button id="go" type="submit">Go</button>
  <button id="not-submit" type="button">Not a submit button</button>
</form>
<div id="not-a-form">a div</div>
<input id="typed" name="q" value="" dj-input="echo" dj-change="echo" dj-keydown="echo"
       dj-keyup="echo" dj-focus="echo" dj-blur="echo">
<input id="box" type="checkbox" name="box" dj-change="echo">
<input id="unbound" name="unbound" value="">
<a id="next" dj-patch="?page=2">next</a>
</div>"""


class ProbeCounterView(LiveView):
    """A counter with a form and bindings of every kind; ``echo`` keeps what it received."""

    login_required = False
    template = FORM_PAGE

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = 0
        self.received: dict[str, Any] = {}

    @event_handler
    def increment(self, **kwargs: Any) -> None:
        self.count += 1

    @event_handler
    def set_count(self, value: int = 0, **kwargs: Any) -> None:
        self.count = value

    @event_handler
    def echo(self, **kwargs: Any) -> None:
        self.received = kwargs

    @event_handler
    def explode(self, **kwargs: Any) -> None:
        raise ValueError("the probe handler blew up")

    @event_handler
    async def async_explode(self, **kwargs: Any) -> None:
        raise LookupError("the async probe handler blew up")

    def not_a_handler(self, **kwargs: Any) -> None:
        """Public but undecorated: djust refuses it in strict mode."""
        self.count = 999


class StateView(LiveView):
    """State of every type whose exactness the assertions must respect."""

    login_required = False
    template = "<div dj-root><p>{{ label }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.flag = True
        self.one = 1
        self.one_float = 1.0
        self.one_str = "1"
        self.zero = 0
        self.nothing = None
        self.dec = Decimal("1")
        self.true_set = {True}
        self.one_set = {1}
        self.frozen = frozenset({1})
        self.true_key = {True: "a"}
        self.one_key = {1: "a"}
        self.nested_set = {"a": {True}}
        self.list_of_dicts = [{True: 1}]
        self.tuple_set = {(1, True)}
        self.pair = (1, 2)
        self.numbers = [1, 2]
        self.empty_list: list[Any] = []
        self.empty_dict: dict[str, Any] = {}
        self.nan = NAN
        self.nan_list = [NAN, 1.0]
        self.nan_dict = {"x": NAN}
        self.inf = float("inf")
        self.roles = ["not-admin", "user"]
        self.perms = {"roles": ["not-admin", "user"], "owner": "ann"}
        self.people = [{"name": "admin", "age": 3}]
        self.deep = [["not-admin"], ["user"]]
        self.label = "shopping list"
        self.items = ["bread", "milk"]
        self.ids = (1, 2, 3)
        self.tags = {"x", "y"}
        self.meta = {"owner": "ann", "tags": ["a", "b"], "count": 2, "flags": {True}}
        self.bools = [True, False]
        self.ints = [1, 0]


class ProbeEffectsView(LiveView):
    """Each handler sends one kind of side effect."""

    login_required = False
    template_name = "probe/effects.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.saves = 0
        self.stream("messages", [{"id": 1, "text": "first"}])

    @event_handler
    def save(self, **kwargs: Any) -> None:
        self.saves += 1
        self.push_event(
            "flash", {"type": "success", "message": "saved", "count": 1, "meta": {"id": 7}}
        )

    @event_handler
    def nothing(self, **kwargs: Any) -> None:
        self.saves += 0

    @event_handler
    def go_page(self, **kwargs: Any) -> None:
        self.live_patch(params={"page": 2, "category": "books"}, path="/probe/effects/")

    @event_handler
    def leave(self, **kwargs: Any) -> None:
        self.live_redirect("/probe/counter/", params={"from": "effects"})

    @event_handler
    def leave_twice(self, **kwargs: Any) -> None:
        self.live_redirect("/probe/counter/")
        self.live_redirect("/probe/other/")

    @event_handler
    def leave_for_plain(self, **kwargs: Any) -> None:
        self.live_redirect("/plain/")

    @event_handler
    def leave_for_nowhere(self, **kwargs: Any) -> None:
        self.live_redirect("/probe/nowhere/")

    @event_handler
    def leave_site(self, **kwargs: Any) -> None:
        self.live_redirect("https://evil.example/")

    @event_handler
    def flash(self, **kwargs: Any) -> None:
        self.put_flash("success", "Saved it!")

    @event_handler
    def post(self, text: str = "", **kwargs: Any) -> None:
        self.saves += 1
        self.stream_insert("messages", {"id": 10 + self.saves, "text": text, "flag": True})

    @event_handler
    def remove(self, message_id: int = 0, **kwargs: Any) -> None:
        self.stream_delete("messages", {"id": message_id})


class ProbeItemView(LiveView):
    """Routed at /probe/items/<int:pk>/."""

    login_required = False
    template = "<div dj-root><p>item {{ pk }} tab {{ tab }}</p></div>"

    def mount(self, request: Any, pk: int = 0, **kwargs: Any) -> None:
        self.pk = pk
        self.tab = ""
        self.user_seen = request.user

    def handle_params(self, params: dict[str, Any], uri: str) -> None:
        self.tab = params.get("tab", "")


class OtherView(LiveView):
    """Routed at /probe/other/: a route that is not ProbeCounterView's."""

    login_required = False
    template = "<div dj-root><p>other</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.other = True


class AsyncMountErrorView(LiveView):
    login_required = False
    template = "<div dj-root></div>"

    async def mount(self, request: Any, **kwargs: Any) -> None:
        raise ValueError("the async mount failed")


class SyncMountErrorView(LiveView):
    login_required = False
    template = "<div dj-root></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        raise ValueError("the sync mount failed")


class HandleParamsErrorView(LiveView):
    login_required = False
    template = "<div dj-root></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.ok = True

    def handle_params(self, params: dict[str, Any], uri: str) -> None:
        raise KeyError("handle_params failed")


class ContextErrorView(LiveView):
    login_required = False
    template = "<div dj-root>{{ x }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.x = 1

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        raise RuntimeError("get_context_data failed")


class InlineTemplateSyntaxErrorView(LiveView):
    login_required = False
    template = "<div dj-root>{% if %}broken{% endif %}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.x = 1


class UnclosedTagView(LiveView):
    login_required = False
    template = "<div dj-root>{% for x in items %}never closed</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.items = [1]


class MissingTemplateView(LiveView):
    login_required = False
    template_name = "probe/no_such_template.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.x = 1


class BrokenTemplateFileView(LiveView):
    login_required = False
    template_name = "probe/broken.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.x = 1


class UnknownTagView(LiveView):
    login_required = False
    template = "<div dj-root>{% no_such_tag %}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.x = 1


class FailingWorkView(LiveView):
    """Background work that fails, without handle_async_result."""

    login_required = False
    template = "<div dj-root>{{ status }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.status = "idle"

    @event_handler
    def start(self, **kwargs: Any) -> None:
        self.status = "working"
        self.start_async(self._fail)

    @event_handler
    def load(self, **kwargs: Any) -> None:
        self.assign_async("data", self._fail_load)

    def _fail(self) -> None:
        raise LookupError("the background job failed")

    def _fail_load(self) -> dict[str, Any]:
        raise LookupError("the assign_async loader failed")


class InfoErrorView(LiveView):
    login_required = False
    template = "<div dj-root>{{ n }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.n = 0

    def handle_info(self, message: dict[str, Any]) -> None:
        raise RuntimeError("handle_info failed")


class PresenceProbeView(PresenceMixin, LiveView):
    """Tracks the user's presence from mount, as djust's docs show."""

    login_required = False
    presence_key = "probe-presence"
    # An element: djust's client morphs the page load's render (no presence yet)
    # into the mount's only when the mount's HTML carries dj-ids (03-websocket.js).
    template = "<div dj-root><p>{{ online }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.track_presence(meta={"name": "probe"})
        self.online = self.presence_count()

    @event_handler
    def refresh(self, **kwargs: Any) -> None:
        self.online = self.presence_count()

    @event_handler
    def explode(self, **kwargs: Any) -> None:
        raise ValueError("the presence view's handler blew up")


class RateProbeView(LiveView):
    """One click per (practically) forever per caller."""

    login_required = False
    template = "<div dj-root>{{ clicks }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.clicks = 0

    @rate_limit(rate=0.001, burst=1)
    @event_handler
    def click(self, **kwargs: Any) -> None:
        self.clicks += 1


class UserRateProbeView(RateProbeView):
    """The same limit, keyed by the logged-in user's pk."""

    login_required = True


class GuardedHandlerView(LiveView):
    login_required = False
    template = "<div dj-root>{{ n }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.n = 0

    @permission_required("tests.change_widget")
    @event_handler
    def guarded(self, **kwargs: Any) -> None:
        self.n += 1


class ParentView(LiveView):
    """Embeds a child LiveView, whose id djust numbers from a process-wide counter."""

    login_required = False
    template = '<div dj-root>{% live_render "tests.probe.views.ChildView" %}</div>'

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.parent = True

    def child_ids(self) -> list[str]:
        return sorted(getattr(self, "_child_views", {}))


class ChildView(LiveView):
    login_required = False
    template = "<div dj-root><span>child</span></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.child = True
