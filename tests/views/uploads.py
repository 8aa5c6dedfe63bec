"""Views with djust upload slots, as a djust user writes them."""

from __future__ import annotations

from typing import Any

from djust import LiveView
from djust.decorators import event_handler
from djust.uploads import UploadMixin


class DocumentView(UploadMixin, LiveView):
    """A form with a document upload: the saved files are listed with their size."""

    login_required = False
    template = (
        '<div dj-root><form dj-submit="save">'
        '<input type="file" name="doc" dj-upload="doc">'
        '<input name="title"><button type="submit">Save</button></form>'
        '<ul id="saved">{% for line in saved %}<li>{{ line }}</li>{% endfor %}</ul></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.saved: list[str] = []
        self.contents: list[bytes] = []
        self.allow_upload("doc", accept=".txt,.png", max_entries=2, max_file_size=200_000)

    @event_handler
    def save(self, title: str = "", **kwargs: Any) -> None:
        for entry in self.consume_uploaded_entries("doc"):
            self.saved.append(f"{title}: {entry.client_name} ({entry.client_size} bytes)")
            self.contents.append(entry.data)
