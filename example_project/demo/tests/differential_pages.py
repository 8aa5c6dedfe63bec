"""A page for the differential check's self-test: its template names another view.

``CopiedCounterView`` works, but its template was copied from another page
and still names a view that does not exist in its ``dj-view``. A browser
mounts what the page names (static/djust/src/03-websocket.js: autoMount), so
in production the page never mounts and every click is lost, while a test
that mounts the class directly sees a working counter (issue 9 item 6).
Served only under ``urls`` here, with ``ROOT_URLCONF`` overridden.
"""

from __future__ import annotations

from typing import Any

from django.urls import include, path
from djust import LiveView, event_handler


class CopiedCounterView(LiveView):
    login_required = False
    template_name = "demo/differential_copied_counter.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = 0

    @event_handler
    def increment(self, **kwargs: Any) -> None:
        self.count += 1


urlpatterns = [
    path("copied-counter/", CopiedCounterView.as_view(), name="copied-counter"),
    path("", include("example.urls")),
]
