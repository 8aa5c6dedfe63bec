"""What an event frame reaches: the page's view, one of its components, or an embedded view.

djust's runtime routes each event in this order
(``ViewRuntime._dispatch_event_render``): a ``view_id`` other than the
page view's goes to that ``{% live_render %}`` child
(``_dispatch_sticky_child_event``); then a ``component_id`` goes to that
component (``_dispatch_component_event``), or falls through to the view
when it names a class-level component nothing has read yet; anything else
reaches the view. The handler is then looked up on what the frame reached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from djust.components.base import BoundComponent, LiveComponent
from djust.decorators import is_event_handler

from . import djust

#: djust's answers when the frame names a component or embedded view it does not have.
COMPONENT_NOT_FOUND = "Component not found"
EMBEDDED_NOT_FOUND = "Embedded view not found"


@dataclass(frozen=True)
class Target:
    """What djust runs an event's handler on."""

    #: "view", "component" or "child".
    kind: str
    #: The object whose handler runs; None when djust has nothing by that id.
    owner: Any
    #: The component_id or view_id the frame named (None for the view).
    key: str | None
    #: How messages name it: ``ComponentHostView``, ``component Counter ('counter_1a2b')``.
    label: str


def target_of(view: Any, params: Mapping[str, Any] | None) -> Target:
    """What djust's runtime runs an event with ``params`` on, mounted ``view`` its page view."""
    params = params or {}
    view_id = params.get("view_id")
    # djust also lets a frame through to the view when view_id is the view's
    # own ``_view_id``, which only an embedded view has.
    if view_id:
        child = djust.child_views(view).get(str(view_id))
        label = f"embedded view {type(child).__name__ if child is not None else '?'} ({view_id!r})"
        return Target("child", child, str(view_id), label)
    component_id = params.get("component_id")
    if component_id:
        component = djust.components_of(view).get(str(component_id))
        if component is not None:
            label = component_label(view, component)
            return Target("component", component, str(component_id), label)
        if str(component_id) not in declared_components(type(view)):
            return Target("component", None, str(component_id), f"component {component_id!r}")
    return Target("view", view, None, type(view).__name__)


def declared_components(view_class: type) -> set[str]:
    """The names of the class-level (descriptor) components ``view_class`` declares."""
    return {
        name
        for klass in view_class.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, LiveComponent)
    }


def component_class(view: Any, component: Any) -> type:
    """The class a component was written as (a class-level one's own, not ``BoundComponent``)."""
    if isinstance(component, BoundComponent):
        for klass in type(view).__mro__:
            declared = vars(klass).get(component_id(component))
            if isinstance(declared, LiveComponent):
                return type(declared)
    return type(component)


def component_label(view: Any, component: Any) -> str:
    return f"component {component_class(view, component).__name__} ({component_id(component)!r})"


def handler_names(view: Any, owner: Any) -> list[str]:
    """The event handlers djust would dispatch on ``owner`` (the view, a component, a child)."""
    klass = component_class(view, owner) if owner is not view else type(owner)
    names = set(dir(klass))
    alias = getattr(getattr(klass, "Meta", None), "event", None)  # a component's Meta.event
    if isinstance(alias, str):
        names.add(alias)
    return sorted(
        name
        for name in names
        if not name.startswith("_") and is_event_handler(getattr(owner, name, None))
    )


def component_id(component: Any) -> str:
    return str(getattr(component, "component_id", ""))


def attribute_names(view: Any) -> dict[int, str]:
    """The public attribute of ``view`` each component is held in, by ``id()`` of the component."""
    names: dict[int, str] = {}
    for name, value in vars(view).items():
        if not name.startswith("_") and isinstance(value, LiveComponent):
            names.setdefault(id(value), name)
    return names


def known_components(view: Any) -> str:
    """The components djust knows on ``view``, for a message (id, class, attribute)."""
    held = attribute_names(view)
    entries = []
    for key, component in djust.components_of(view).items():
        attribute = held.get(id(component))
        where = f", self.{attribute}" if attribute else ""
        entries.append(f"{key!r} ({component_class(view, component).__name__}{where})")
    return ", ".join(entries) or "(none)"


def known_children(view: Any) -> str:
    """The embedded views djust has registered on ``view``, for a message, newest last."""
    children = djust.child_views(view)
    return ", ".join(f"{key!r} ({type(child).__name__})" for key, child in children.items()) or (
        "(none)"
    )


#: djust 1.2.6's ``rust_components.Button`` hands ``(id, label, **kwargs)`` to the compiled
#: ``RustButton(text, variant, size, disabled, outline)``.
RUST_BUTTON_QUIRK = (
    "djust's Button(id, label) passes its arguments to the compiled RustButton(text, "
    "variant, ...) in the wrong places: it renders the id as the button's text and the label "
    'as a class (Button("save", "Save") is <button type="button" class="btn btn-Save">save'
    "</button>), and variant=, on_click= and other keywords raise TypeError"
)


def not_a_live_component(name: str, value: Any) -> str | None:
    """Why the view attribute ``name`` holding ``value`` is no component djust routes events to."""
    from djust.components.base import Component

    module, kind = type(value).__module__, type(value).__name__
    if module == "djust.rust_components" or (module == "builtins" and kind.startswith("Rust")):
        message = (
            f"self.{name} is a {module}.{kind}, a component djust renders in "
            "Rust, with no state and no events of its own: test the HTML it puts on the page"
        )
        if kind == "Button":
            message += f". Note that {RUST_BUTTON_QUIRK}"
        return message + "."
    if isinstance(value, Component):
        return (
            f"self.{name} is a {type(value).__name__}, a stateless djust Component: djust "
            "routes no events to it (only a LiveComponent gets them); test the HTML it puts on "
            "the page."
        )
    return None


def unwrapped_components(view: Any, event: str) -> list[Any]:
    """Components of ``view`` with a handler ``event`` whose own template has no wrapper.

    ``LiveComponent.render`` wraps an inline ``template`` in
    ``<div data-component-id>``; a ``template_name`` component's HTML goes
    out as its template renders it (components/base.py), so without a
    wrapper of its own the browser sends its events to the page's view.
    """
    found = []
    for component in djust.components_of(view).values():
        if getattr(component, "template", None) or not getattr(component, "template_name", None):
            continue
        if not callable(getattr(component, event, None)):
            continue
        try:
            html = str(component.render())
        except Exception:  # a component that cannot render says nothing here
            continue
        if f'data-component-id="{component_id(component)}"' not in html:
            found.append(component)
    return found
