"""Views for the page's DOM: patches of every kind, and elements to act on."""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler


class PatchLabView(LiveView):
    """Markup that exercises every kind of patch djust sends."""

    login_required = False
    template_name = "tests/patch_lab.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.rows: list[dict[str, Any]] = [{"id": n, "label": f"row {n}"} for n in range(1, 4)]
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


class ControlsView(LiveView):
    """Controls whose shown and sent values follow HTML's rules, not their attributes."""

    login_required = False

    template = """<div dj-root>
<form id="prefs" dj-submit="save">
  <select name="size"><option value="s" disabled>S</option><option value="m">M</option>
    <option value="l">L</option></select>
  <input type="number" name="qty" value="12abc">
  <input type="checkbox" name="tags" value="a"><input type="checkbox" name="tags" value="b">
  <input type="checkbox" name="tags" value="c">
  <button>Save</button>
</form>
<p>{{ received }}</p>
</div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.received: dict[str, Any] = {}

    @event_handler
    def save(self, **kwargs: Any) -> None:
        self.received = kwargs
