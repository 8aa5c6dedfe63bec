"""Preferences: fields bound with dj-model, a component, a hook, a poll and an embedded view."""

from __future__ import annotations

import zoneinfo
from typing import Any

from djust import LiveView, event_handler

from ..components import StarRating

THEMES = [("light", "Light"), ("dark", "Dark")]
ZONES = sorted(zoneinfo.available_timezones())


class PreferencesView(LiveView):
    """The user's preferences, kept live as they are typed.

    * The profile fields are bound with ``dj-model``: each keystroke sets the
      view's attribute (djust answers ``noop``, no render) and Save reads them.
    * The time-zone box's ``dj-input`` is debounced by djust's client (300 ms
      for a text field): one event with what was typed once the user pauses.
      "Use my time zone" is a ``dj-hook`` that pushes the browser's zone.
    * The rating is a ``LiveComponent``; the notifications panel is a view of
      its own, embedded with ``{% live_render ... sticky=True %}`` so that a
      render of this page keeps it (a non-sticky one is mounted afresh).
    * ``dj-poll`` checks for new notifications every minute.
    """

    login_required = False
    template_name = "demo/preferences.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.display_name = ""
        self.newsletter = False
        self.theme = "light"
        self.themes = THEMES
        self.saved = ""
        self.zone_query = ""
        self.zones: list[str] = []
        self.zone = ""
        self.rating = StarRating(component_id="rating")
        self.thanks = ""
        self.checks = 0

    @event_handler
    def save(self, **kwargs: Any) -> None:
        name = self.display_name.strip() or "Anonymous"
        letters = "with" if self.newsletter else "without"
        self.saved = f"Saved: {name}, {self.theme} theme, {letters} the newsletter."

    @event_handler
    def find_zone(self, value: str = "", **kwargs: Any) -> None:
        self.zone_query = value.strip()
        query = self.zone_query.lower()
        self.zones = [zone for zone in ZONES if query and query in zone.lower()][:5]

    @event_handler
    def use_zone(self, zone: str = "", **kwargs: Any) -> None:
        """Pushed by the TimeZone hook with the browser's own zone."""
        if zone in zoneinfo.available_timezones():
            self.zone = zone

    @event_handler
    def check_notifications(self, **kwargs: Any) -> None:
        """dj-poll, every minute: in a real app, a query for what is new."""
        self.checks += 1

    def handle_component_event(self, component_id: str, event: str, data: dict[str, Any]) -> None:
        if event == "rated":
            self.thanks = f"Thanks! You gave {data['stars']} stars."


class NotificationsView(LiveView):
    """The notifications panel, a LiveView of its own embedded in the preferences page."""

    login_required = False
    template_name = "demo/notifications.html"
    sticky = True
    sticky_id = "notifications"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.unread = 3

    @event_handler
    def mark_all_read(self, **kwargs: Any) -> None:
        self.unread = 0
