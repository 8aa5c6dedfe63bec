"""A page of forms whose every binding records the event it got, in order."""

from __future__ import annotations

from typing import Any

from django import forms
from djust import LiveView, event_handler
from djust.forms import FormMixin


def recorder(name: str) -> Any:
    @event_handler
    def record(self: FillView, **params: Any) -> None:
        self.events.append((name, {k: v for k, v in params.items() if k != "_target"}))
        self.log = [f"{n} {p.get('value', '')}" for n, p in self.events]

    record.__name__ = name
    return record


class FillView(LiveView):
    """Forms filled in and submitted; ``events`` lists what djust received, in order."""

    login_required = False
    template_name = "tests/filling.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.log: list[str] = []

    for _name in (
        "save validate typed entered left typed_email picked ticked row_clicked rename key "
        "key_up refine search two save_boxed boxed ping panel"
    ).split():
        locals()[_name] = recorder(_name)
    del _name


class NoteForm(forms.Form):
    body = forms.CharField(max_length=200)


class NoteView(FormMixin, LiveView):
    """A form djust resets after each valid submit (``reset_form``)."""

    login_required = False
    form_class = NoteForm
    template = """<div dj-root><form id="note" dj-submit="submit_form">
<input id="body" name="body" dj-change="validate_field"><button>Post</button></form>
<button id="ping" dj-click="ping">ping</button><p>{{ posted }}</p></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        super().mount(request, **kwargs)
        self.posted = 0
        self.events: list[str] = []

    def form_valid(self, form: NoteForm) -> None:
        self.posted += 1
        self.events.append("posted")
        self.reset_form()

    @event_handler
    def validate_field(self, field_name: str = "", value: Any = "", **kwargs: Any) -> None:
        self.events.append(f"validate {value}")
        super().validate_field(field_name=field_name, value=value, **kwargs)

    @event_handler
    def ping(self, **kwargs: Any) -> None:
        self.events.append("ping")


class CodeView(LiveView):
    """A field whose handlers render the code back in capitals, and say so."""

    login_required = False
    template = """<div dj-root><input id="code" name="code" value="{{ code }}"
dj-change="normalize" dj-input="normalize" dj-blur="left"></div>"""

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.code = ""

    @event_handler
    def normalize(self, value: str = "", **kwargs: Any) -> None:
        self.code = value.upper()
        self.push_event("normalized", {"code": self.code})

    @event_handler
    def left(self, **kwargs: Any) -> None:
        pass
