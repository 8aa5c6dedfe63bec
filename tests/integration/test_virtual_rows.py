"""Inside a ``dj-virtual`` row, a ``VirtualUpdate`` carries child patches one by one.

12-vdom-patch.js applies each inner patch with ``applySinglePatch`` against
the row: an ``InsertChild``, ``RemoveChild`` or ``MoveChild`` counts the
row's children as they are at that moment, not as a frame's batch does.
"""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler

from djust_testing import LiveViewTestCase


class NotedRowsView(LiveView):
    login_required = False
    template = (
        '<div dj-root><div id="rows" dj-virtual="items" dj-virtual-item-height="20" '
        'style="height:100px">{% for item in items %}<div dj-key="{{ item.key }}">'
        '<span>{{ item.key }}</span> <b class="note">{{ item.note }}</b></div>{% endfor %}'
        "</div></div>"
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.items = [{"key": f"k{n}", "note": ""} for n in range(3)]

    @event_handler
    def note(self, key: str = "", text: str = "", **kwargs: Any) -> None:
        self.items = [dict(item, note=text) if item["key"] == key else item for item in self.items]


class VirtualRowChildTests(LiveViewTestCase):
    def inner_types(self) -> set[str]:
        return {
            inner["type"]
            for frame in self.live_client.last_action.frames_of("patch")
            for patch in frame["patches"]
            if patch["type"] == "VirtualUpdate"
            for inner in patch["patches"]
        }

    def setUp(self) -> None:
        self.live_client = self.live(NotedRowsView)

    def test_text_inserted_into_an_empty_element_of_a_row(self) -> None:
        self.live_client.send_event("note", key="k0", text="EDITED")
        self.assertIn("InsertChild", self.inner_types())
        self.assertEqual(self.live_client.element('[dj-key="k0"] b.note').text, "EDITED")
        self.assertEqual(self.live_client.element('[dj-key="k1"] b.note').text, "")

    def test_and_removed_again(self) -> None:
        self.live_client.send_event("note", key="k1", text="x")
        self.live_client.send_event("note", key="k1", text="")
        self.assertIn("RemoveChild", self.inner_types())
        self.assertEqual(self.live_client.element('[dj-key="k1"] b.note').text, "")
