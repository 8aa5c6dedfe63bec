"""The example's LiveComponent: a star rating with its own state and handler."""

from __future__ import annotations

from typing import Any

from djust import event_handler
from djust.components import LiveComponent


class StarRating(LiveComponent):
    """Five stars; a click sets the rating and tells the page (``send_parent``).

    djust routes a click inside the component to its own handler: the
    browser adds the component's ``data-component-id`` to the event. An
    inline ``template`` gets that wrapper from djust.
    """

    template = (
        '<div class="stars" role="group" aria-label="Rating">'
        "{% for star in stars %}"
        '<button type="button" class="star{% if star <= value %} on{% endif %}" '
        'dj-click="rate" data-stars:int="{{ star }}" aria-label="{{ star }} stars">'
        "{% if star <= value %}★{% else %}☆{% endif %}</button>"
        "{% endfor %}</div>"
    )

    def mount(self, value: int = 0, **kwargs: Any) -> None:
        self.value = value

    def get_context_data(self) -> dict[str, Any]:
        return {"value": self.value, "stars": range(1, 6)}

    @event_handler
    def rate(self, stars: int = 0, **kwargs: Any) -> None:
        self.value = max(0, min(5, stars))
        self.trigger_update()  # a legacy component must say it changed, or the page keeps it
        self.send_parent("rated", {"stars": self.value})
