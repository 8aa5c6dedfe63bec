"""Documents: a file uploaded with a title, then saved with the form."""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler
from djust.uploads import UploadMixin


class DocumentsView(UploadMixin, LiveView):
    """Choose a file, give it a title, save: the page lists the documents saved.

    Choosing the file uploads it at once, over the live connection, to the
    "document" slot; saving the form hands the uploaded files to ``save()``.
    """

    login_required = False
    template_name = "demo/documents.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.documents: list[dict[str, Any]] = []
        self.error = ""
        self.allow_upload(
            "document",
            accept=".txt,.md,.pdf",
            max_file_size=2_000_000,
            # djust's default 64 KiB chunks, with their 21-byte frame header, are
            # over its 64 KiB max_message_size: every full chunk would be dropped.
            chunk_size=63 * 1024,
        )

    @event_handler
    def save(self, title: str = "", **kwargs: Any) -> None:
        saved = 0
        for entry in self.consume_uploaded_entries("document"):
            name = entry.safe_client_name  # the raw client_name is the user's: never a path
            self.documents.append(
                {"title": title.strip() or name, "name": name, "size": len(entry.data)}
            )
            saved += 1
        self.error = "" if saved else "Choose a file first."
