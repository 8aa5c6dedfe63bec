"""Views whose handlers send the browser more than a render: push events, navigation, flash,
async work."""

from __future__ import annotations

import asyncio
from typing import Any

from djust import LiveView, event_handler


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


class ResultHandlerFailsView(LiveView):
    """Background work that succeeds, whose handle_async_result raises."""

    login_required = False
    template = "<div dj-root>{{ status }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.status = "idle"

    @event_handler
    def start(self, **kwargs: Any) -> None:
        self.start_async(self._work, name="job")

    def _work(self) -> str:
        return "done"

    def handle_async_result(self, name: str, result: Any = None, error: Any = None) -> None:
        raise ArithmeticError(f"handle_async_result failed for {name}")


class InfoView(LiveView):
    login_required = False
    template = "<div dj-root><p>{{ count }}</p></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.listen("orders")
        self.count = 0
        self.seen: list[Any] = []

    def handle_info(self, message: Any) -> None:
        self.seen.append(message)
        if message.get("boom"):
            raise RuntimeError("handle_info failed")
        if message.get("type") == "db_notify":
            self.count += 1
            self.push_event("refreshed", {"count": self.count})


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
