"""LiveViews the test suite drives."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, ClassVar

from asgiref.sync import async_to_sync
from djust import LiveView, event_handler
from djust.decorators import rate_limit

from .models import Widget


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
        self.meta = {"owner": "ann", "tags": ["a", "b"], "count": 2}
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


class LoginRequiredView(LiveView):
    login_required = True
    template = "<div dj-root><p>secret</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.secret = "s3cret"


class PermissionView(LiveView):
    permission_required = "tests.change_widget"
    template = "<div dj-root><p>admin</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.ok = True


class BrokenMountView(LiveView):
    login_required = False
    template = "<div dj-root></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        raise KeyError("missing-config")


class TemplateFileView(LiveView):
    """A template file with {% if %}, {% for %}, a form with csrf, and context processors."""

    login_required = False
    template_name = "tests/template_file.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.title = "Fish & <Chips>"
        self.show = True
        self.rows = ["a", "b"]
        self.query = 'say "hi"'

    @event_handler
    def toggle(self, **kwargs: Any) -> None:
        self.show = not self.show


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


class EffectsView(LiveView):
    """Each handler sends one kind of side effect."""

    login_required = False
    template_name = "tests/effects.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.saves = 0
        self.stream("messages", [{"id": 1, "text": "first"}])

    @event_handler
    def save(self, **kwargs: Any) -> None:
        self.saves += 1
        self.push_event("flash", {"type": "success", "message": "saved", "meta": {"id": 7}})
        self.push_event("track", {"what": "save"})

    @event_handler
    def nothing(self, **kwargs: Any) -> None:
        self.saves += 0

    @event_handler
    def filter(self, **kwargs: Any) -> None:
        self.live_patch(params={"page": 2, "category": "books", "empty": ""}, path="/items/3/")

    @event_handler
    def next_page(self, **kwargs: Any) -> None:
        self.live_patch(params={"page": 3})

    @event_handler
    def keep_query(self, **kwargs: Any) -> None:
        self.live_patch(path="/items/9/?tab=x")

    @event_handler
    def go_item(self, **kwargs: Any) -> None:
        self.live_redirect("/items/5/?tab=a", params={"from": "effects", "blank": ""})

    @event_handler
    def go_plain(self, **kwargs: Any) -> None:
        self.live_redirect("/plain/")

    @event_handler
    def go_nowhere(self, **kwargs: Any) -> None:
        self.live_redirect("/nowhere/")

    @event_handler
    def go_secret(self, **kwargs: Any) -> None:
        self.live_redirect("/secret/")

    @event_handler
    def go_twice(self, **kwargs: Any) -> None:
        self.live_redirect("/items/1/")
        self.live_redirect("/items/2/")

    @event_handler
    def notify(self, **kwargs: Any) -> None:
        self.put_flash("success", "Saved it!")
        self.put_flash("error", "Gone soon")
        self.clear_flash("error")

    @event_handler
    def retitle(self, title: str = "", **kwargs: Any) -> None:
        self.page_title = title

    @event_handler
    def post_message(self, text: str = "", **kwargs: Any) -> None:
        self.saves += 1
        self.stream_insert("messages", {"id": 10 + self.saves, "text": text})

    @event_handler
    def remove_message(self, message_id: int = 0, **kwargs: Any) -> None:
        self.saves += 1
        self.stream_delete("messages", {"id": message_id})


class NoFlashContainerView(LiveView):
    login_required = False
    template = "<div dj-root>{{ n }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.n = 0

    @event_handler
    def notify(self, **kwargs: Any) -> None:
        self.put_flash("info", "nobody sees this")


class WorkView(LiveView):
    """Background work, with and without handle_async_result."""

    login_required = False
    template = "<div dj-root><p>{{ status }} {{ result }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.status = "idle"
        self.result = ""
        self.log: list[str] = []

    @event_handler
    def start(self, **kwargs: Any) -> None:
        self.status = "working"
        self.start_async(self._sync_job, name="job")

    @event_handler
    def start_async_job(self, **kwargs: Any) -> None:
        self.status = "working"
        self.start_async(self._async_job, name="job")

    @event_handler
    def start_chain(self, **kwargs: Any) -> None:
        self.start_async(self._first, name="first")

    @event_handler
    def start_failing(self, **kwargs: Any) -> None:
        self.start_async(self._fail, name="failing")

    @event_handler
    def start_and_cancel(self, **kwargs: Any) -> None:
        self.start_async(self._sync_job, name="job")
        self.cancel_async("job")

    @event_handler
    def cancel(self, **kwargs: Any) -> None:
        self.cancel_async("job")

    @event_handler
    def load(self, **kwargs: Any) -> None:
        self.assign_async("data", self._load_data)

    def _sync_job(self) -> str:
        self.log.append("sync")
        self.status = "done"
        return "sync result"

    async def _async_job(self) -> str:
        await asyncio.sleep(0)
        self.log.append("async")
        self.status = "done"
        return "async result"

    def _first(self) -> None:
        self.log.append("first")
        self.start_async(self._second, name="second")

    def _second(self) -> None:
        self.log.append("second")

    def _fail(self) -> None:
        self.log.append("failing")
        raise LookupError("the job failed")

    def _load_data(self) -> dict[str, int]:
        return {"rows": 3}

    def handle_async_result(self, name: str, result: Any = None, error: Any = None) -> None:
        self.log.append(f"result:{name}")
        if error is not None:
            self.status = f"failed: {error}"
        elif result is not None:
            self.result = result


class UnhandledWorkView(LiveView):
    """Background work that fails, on a view without handle_async_result."""

    login_required = False
    template = "<div dj-root>{{ status }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.status = "idle"

    @event_handler
    def start(self, **kwargs: Any) -> None:
        self.status = "working"
        self.start_async(self._fail)

    def _fail(self) -> None:
        raise LookupError("nobody handles this")


class InfoView(LiveView):
    login_required = False
    template = "<div dj-root><p>{{ count }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = 0
        self.seen: list[Any] = []

    def handle_info(self, message: Any) -> None:
        self.seen.append(message)
        if message.get("boom"):
            raise RuntimeError("handle_info failed")
        if message.get("type") == "db_notify":
            self.count += 1
            self.push_event("refreshed", {"count": self.count})


class TitledView(LiveView):
    login_required = False
    template_name = "tests/titled.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.name = "Ada"


class PatchLabView(LiveView):
    """Markup that exercises every kind of patch djust sends."""

    login_required = False
    template_name = "tests/patch_lab.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.rows = [{"id": n, "label": f"row {n}"} for n in range(1, 4)]
        self.next_id = 4
        self.show = True
        self.mode = "a"
        self.nested = False
        self.note = "first note"
        self.choice = "one"
        self.done = False
        self.css = "plain"
        self.stream("events", [{"id": 0, "text": "opened"}])
        self.stream_count = 1

    @event_handler
    def add_row(self, at: int = -1, **kwargs: Any) -> None:
        row = {"id": self.next_id, "label": f"row {self.next_id}"}
        self.next_id += 1
        self.rows.insert(at if at >= 0 else len(self.rows), row)

    @event_handler
    def remove_row(self, position: int = 0, **kwargs: Any) -> None:
        if self.rows:
            self.rows.pop(position % len(self.rows))

    @event_handler
    def rotate(self, **kwargs: Any) -> None:
        self.rows = self.rows[1:] + self.rows[:1]

    @event_handler
    def reverse(self, **kwargs: Any) -> None:
        self.rows = list(reversed(self.rows))

    @event_handler
    def relabel(self, position: int = 0, **kwargs: Any) -> None:
        if self.rows:
            row = self.rows[position % len(self.rows)]
            row["label"] = row["label"] + "!"

    @event_handler
    def toggle(self, **kwargs: Any) -> None:
        self.show = not self.show

    @event_handler
    def cycle_mode(self, **kwargs: Any) -> None:
        self.mode = {"a": "b", "b": "c", "c": "a"}[self.mode]

    @event_handler
    def toggle_nested(self, **kwargs: Any) -> None:
        self.nested = not self.nested

    @event_handler
    def write_note(self, text: str = "", **kwargs: Any) -> None:
        self.note = text

    @event_handler
    def choose(self, value: str = "one", **kwargs: Any) -> None:
        self.choice = value

    @event_handler
    def check(self, **kwargs: Any) -> None:
        self.done = not self.done

    @event_handler
    def restyle(self, css: str = "", **kwargs: Any) -> None:
        self.css = css

    @event_handler
    def log_event(self, text: str = "", **kwargs: Any) -> None:
        self.stream_count += 1
        self.stream_insert("events", {"id": self.stream_count, "text": text})


class DomEventsView(LiveView):
    """One element per binding kind; each handler records what it received."""

    login_required = False
    template_name = "tests/dom_events.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = 0
        self.received: dict[str, Any] = {}
        self.page = ""

    def handle_params(self, params: dict[str, Any], uri: str) -> None:
        self.page = params.get("page", "")

    def _record(self, name: str, params: dict[str, Any]) -> None:
        self.received = {"handler": name, **params}

    @event_handler
    def increment(self, **kwargs: Any) -> None:
        self.count += 1

    @event_handler
    def add_amount(self, amount: int = 0, **kwargs: Any) -> None:
        self.count += amount

    @event_handler
    def tag(self, **kwargs: Any) -> None:
        self._record("tag", kwargs)

    @event_handler
    def search(self, **kwargs: Any) -> None:
        self._record("search", kwargs)

    @event_handler
    def retitle(self, **kwargs: Any) -> None:
        self._record("retitle", kwargs)

    @event_handler
    def commit(self, **kwargs: Any) -> None:
        self._record("commit", kwargs)

    @event_handler
    def key_up(self, **kwargs: Any) -> None:
        self._record("key_up", kwargs)

    @event_handler
    def entered(self, **kwargs: Any) -> None:
        self._record("entered", kwargs)

    @event_handler
    def left(self, **kwargs: Any) -> None:
        self._record("left", kwargs)

    @event_handler
    def resize(self, **kwargs: Any) -> None:
        self._record("resize", kwargs)

    @event_handler
    def agree(self, **kwargs: Any) -> None:
        self._record("agree", kwargs)

    @event_handler
    def sign_in(self, **kwargs: Any) -> None:
        self._record("sign_in", kwargs)

    @event_handler
    def validate(self, **kwargs: Any) -> None:
        self._record("validate", kwargs)

    @event_handler
    def delete(self, **kwargs: Any) -> None:
        self.count = 0


class SocketLoginView(LiveView):
    """Logs a user in from an event handler, over the WebSocket, then redirects."""

    login_required = False
    template = "<div dj-root><p>{{ status }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.status = "signed out"

    @event_handler
    def sign_in(self, username: str = "", **kwargs: Any) -> None:
        from django.contrib.auth import get_user_model, login

        user = get_user_model().objects.get(username=username)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        self.status = "signed in"
        self.live_redirect("/secret/")
