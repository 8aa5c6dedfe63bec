"""Views rendered from template files rather than inline templates."""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler


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


class TitledView(LiveView):
    login_required = False
    template_name = "tests/titled.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.name = "Ada"
