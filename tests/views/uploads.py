"""Views with djust upload slots, as a djust user writes them."""

from __future__ import annotations

from typing import Any

from djust import LiveView
from djust.decorators import event_handler
from djust.uploads import UploadMixin


class DocumentView(UploadMixin, LiveView):
    """A form with a document upload: the saved files are listed with what arrived of them."""

    login_required = False
    template = (
        '<div dj-root><form dj-submit="save">'
        '<input type="file" name="doc" dj-upload="doc">'
        '<input type="file" name="big" dj-upload="big">'
        '<input name="title"><button type="submit">Save</button></form>'
        '<ul id="saved">{% for line in saved %}<li>{{ line }}</li>{% endfor %}</ul></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.saved: list[str] = []
        self.contents: list[bytes] = []
        self.allow_upload("doc", accept=".txt,.png", max_entries=2, max_file_size=200_000)
        # Chunks of 63 KiB: each frame stays under djust's 64 KiB message limit.
        self.allow_upload("big", max_file_size=1_000_000, chunk_size=63 * 1024)

    @event_handler
    def save(self, title: str = "", **kwargs: Any) -> None:
        for slot in ("doc", "big"):
            for entry in self.consume_uploaded_entries(slot):
                self.saved.append(f"{title}: {entry.client_name}, {len(entry.data)} bytes")
                self.contents.append(entry.data)


class GalleryView(UploadMixin, LiveView):
    """Several pictures at once, in a multiple input; a slot the page's own JS uploads."""

    login_required = False
    template = (
        '<div dj-root><input type="file" id="photos" dj-upload="photos" multiple>'
        '<input type="file" id="single" dj-upload="photos">'
        '<input type="file" id="manual" dj-upload="manual">'
        '<input type="file" id="plain">'
        '<input type="file" id="off" dj-upload="photos" disabled>'
        '<input type="file" id="watched" dj-upload="photos" dj-change="picked">'
        '{% if more %}<input type="file" id="later" dj-upload="photos">{% endif %}'
        '<button id="more" dj-click="show_more">more</button>'
        '<p id="names">{{ names }}</p><button id="list" dj-click="list_uploads">list</button></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.more = False
        self.names = ""
        self.allow_upload("photos", accept="image/*", max_entries=3, max_file_size=1_000)
        self.allow_upload("manual", auto_upload=False)

    @event_handler
    def show_more(self, **kwargs: Any) -> None:
        self.more = True

    @event_handler
    def picked(self, **kwargs: Any) -> None:
        pass

    @event_handler
    def list_uploads(self, **kwargs: Any) -> None:
        self.names = ", ".join(
            f"{entry.client_name}:{'done' if entry.complete else entry.error or 'open'}"
            for entry in self.get_uploads("photos")
        )


class NoUploadsView(LiveView):
    """A dj-upload input on a view that never called allow_upload()."""

    login_required = False
    template = '<div dj-root><input type="file" id="doc" dj-upload="doc" multiple></div>'
