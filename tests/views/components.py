"""Views holding LiveComponents, and views embedding others with ``{% live_render %}``."""

from __future__ import annotations

from typing import Any

from djust import LiveView, event_handler
from djust.components.base import Component, LiveComponent
from djust.components.mixins.base import TypedState
from djust.rust_components import Button


class Counter(LiveComponent):
    """A legacy component: instantiated in ``mount()``, its id random unless given."""

    template = (
        '<div class="counter"><span class="count">{{ count }}</span>'
        '<button class="inc" dj-click="inc">+</button>'
        '<button class="step" dj-click="step" data-by:int="5">+5</button></div>'
    )

    def mount(self, count: int = 0, **kwargs: Any) -> None:
        self.count = count

    def get_context_data(self) -> dict[str, Any]:
        return {"count": self.count}

    @event_handler
    def inc(self, **kwargs: Any) -> None:
        self.count += 1
        self.trigger_update()

    @event_handler
    def step(self, by: int = 1, **kwargs: Any) -> None:
        self.count += by
        self.trigger_update()

    @event_handler
    def inc_silently(self, **kwargs: Any) -> None:
        """Changes the count without ``trigger_update()``: djust leaves the page as it was."""
        self.count += 1

    @event_handler
    def tell_parent(self, **kwargs: Any) -> None:
        self.send_parent("counted", {"count": self.count})

    def undecorated(self, **kwargs: Any) -> None:
        self.count = 99


class NameTag(LiveComponent):
    """A component whose own template binds a field with dj-model."""

    template = '<input class="nick" dj-model="nick" value="{{ nick }}">'

    def mount(self, nick: str = "", **kwargs: Any) -> None:
        self.nick = nick

    def get_context_data(self) -> dict[str, Any]:
        return {"nick": self.nick}


class BareFileCounter(LiveComponent):
    """A ``template_name`` component whose template has no ``data-component-id`` wrapper."""

    template_name = "tests/components/bare_counter.html"

    def mount(self, count: int = 0, **kwargs: Any) -> None:
        self.count = count

    def get_context_data(self) -> dict[str, Any]:
        return {"count": self.count}

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.count += 1
        self.trigger_update()


class WrappedFileCounter(BareFileCounter):
    """A ``template_name`` component that carries its own wrapper, as it must."""

    template_name = "tests/components/wrapped_counter.html"


class Toggle(LiveComponent):
    """A class-level (descriptor) component: its id is the attribute's name."""

    template = (
        '<button class="flip" dj-click="flip">{{ on }}</button>'
        '<button class="alias" dj-click="toggled">t</button>'
    )

    class State(TypedState):
        on: bool = False

    class Meta:
        event = "toggled"

    def _handle_event(self, state: Any, **kwargs: Any) -> None:
        state.on = not state.on

    @event_handler
    def flip(self, **kwargs: Any) -> None:
        self.state.on = not self.state.on


class ComponentHostView(LiveView):
    login_required = False
    template = (
        '<div dj-root><p id="label">{{ label }}</p>'
        "{% if counter_shown %}{{ counter }}{% endif %}"
        '<section id="pinned">{{ pinned }}</section>'
        '<section id="bare">{{ bare }}</section><section id="wrapped">{{ wrapped }}</section>'
        '<section id="toggle">{{ toggle }}</section>'
        '<button id="relabel" dj-click="relabel">relabel</button></div>'
    )
    toggle = Toggle(on=True)

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.label = "host"
        self.counter_shown = True
        self.counter = Counter(count=5)
        self.pinned = Counter(component_id="pinned-counter", count=1)
        self.bare = BareFileCounter(count=1)
        self.wrapped = WrappedFileCounter(count=1)

    @event_handler
    def relabel(self, **kwargs: Any) -> None:
        self.label = "changed"

    @event_handler
    def replace_counter(self, **kwargs: Any) -> None:
        self.counter = Counter(count=50)

    @event_handler
    def hide_counter(self, **kwargs: Any) -> None:
        """Keeps the component but no longer renders it (djust keeps it registered)."""
        self.counter_shown = False

    def handle_component_event(self, component_id: str, event: str, data: dict[str, Any]) -> None:
        self.label = f"{event}: {data['count']}"


# ------------------------------------------------------------------ embedded views


class ChildView(LiveView):
    """A view embedded with ``{% live_render %}``."""

    login_required = False
    template = (
        '<div class="child"><span class="n">{{ n }}</span>'
        '<button class="bump" dj-click="bump">bump</button>'
        '<input class="note" dj-model="note" value="{{ note }}">'
        '<div class="hooked" dj-hook="Meter"></div></div>'
    )

    def mount(self, request: Any, start: int = 0, **kwargs: Any) -> None:
        self.n = int(start)
        self.note = ""

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.n += 1

    @event_handler
    def shout(self, **kwargs: Any) -> None:
        self.push_event("shouted", {"n": self.n})


class ParentView(LiveView):
    login_required = False
    template = (
        '{% load live_tags %}<div dj-root><p id="m">{{ m }}</p>'
        '<button id="parent-bump" dj-click="parent_bump">parent</button>'
        '<section id="first">{% live_render "tests.views.components.ChildView" start=5 %}</section>'
        '<section id="second">'
        '{% live_render "tests.views.components.ChildView" start=1 view_id="pinned" %}'
        "</section></div>"
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.m = 0

    @event_handler
    def parent_bump(self, **kwargs: Any) -> None:
        self.m += 1


class StickyChildView(ChildView):
    sticky = True
    sticky_id = "sticky-child"


class StickyParentView(ParentView):
    template = (
        '{% load live_tags %}<div dj-root><p id="m">{{ m }}</p>'
        '<button id="parent-bump" dj-click="parent_bump">parent</button>'
        '<section id="first">'
        '{% live_render "tests.views.components.StickyChildView" start=5 sticky=True %}'
        "</section></div>"
    )


class SpacedStickyChildView(LiveView):
    """Its template starts with a newline, which djust's embedded_update keeps as a space."""

    login_required = False
    sticky = True
    sticky_id = "spaced-child"
    template_name = "tests/components/spaced_child.html"

    def mount(self, request: Any, start: int = 0, **kwargs: Any) -> None:
        self.n = int(start)

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.n += 1


class SpacedStickyParentView(ParentView):
    template = (
        '{% load live_tags %}<div dj-root><p id="m">{{ m }}</p>'
        '<button id="parent-bump" dj-click="parent_bump">parent</button>'
        '<section id="first">'
        '{% live_render "tests.views.components.SpacedStickyChildView" start=5 sticky=True %}'
        "</section></div>"
    )


class MixedView(LiveView):
    """A component and an embedded view on one page."""

    login_required = False
    template = (
        '{% load live_tags %}<div dj-root>{{ counter }}<section id="embedded">'
        '{% live_render "tests.views.components.StickyChildView" start=1 sticky=True %}'
        "</section></div>"
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.counter = Counter(count=0)


class RustButtonView(LiveView):
    """djust's Rust Button, as its docstring shows it (a variant), which djust 1.2.6 refuses."""

    login_required = False
    template = "<div dj-root>{{ save.render|safe }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.save = Button("save", "Save", variant="danger")


class Badge(Component):
    """A stateless djust Component: HTML only, no events."""

    template = '<span class="badge">{{ text }}</span>'

    def __init__(self, text: str) -> None:
        super().__init__(text=text)
        self.text = text

    def get_context_data(self) -> dict[str, Any]:
        return {"text": self.text}


class BadgeView(LiveView):
    login_required = False
    template = "<div dj-root>{{ badge }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.badge = Badge("new")


class ButtonLastChildView(LiveView):
    """Its last element djust stamps with the view_id is a button."""

    login_required = False
    template = (
        '<div class="child"><span class="n">{{ n }}</span>'
        '<button class="bump" dj-click="bump">bump</button></div>'
    )

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.n = 0

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.n += 1


class ButtonLastParentView(ParentView):
    template = (
        '{% load live_tags %}<div dj-root><p id="m">{{ m }}</p>'
        '<button id="parent-bump" dj-click="parent_bump">parent</button>'
        '<section id="first">{% live_render "tests.views.components.ButtonLastChildView" %}'
        "</section></div>"
    )
