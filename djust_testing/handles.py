"""Handles on what a page's view holds: a LiveComponent, an embedded ``{% live_render %}`` view.

A handle is lazy, like ``ElementRef``: it finds its component or view each
time it is used, so it follows the page as djust changes it. Events go
through the page's live connection with the ``component_id`` or
``view_id`` djust's browser client adds to them (``09-event-binding.js``
``addEventContext``), so djust routes them as in production.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._assertions import state as state_assertions
from ._browser import embedded
from ._browser.frames import add_context
from ._browser.nodes import Element
from ._browser.query import Query, outer_html
from ._live import djust, state, targets
from ._live.action import EventResult
from .exceptions import DjustTestingError, ElementNotFoundError

if TYPE_CHECKING:
    from ._proxy import ClientProxy

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


class ComponentHandle:
    """A LiveComponent the page's view holds, found by its ``component_id`` or attribute."""

    def __init__(self, proxy: ClientProxy, key: str) -> None:
        if not isinstance(key, str) or not key:
            raise DjustTestingError(
                "component() takes the component's component_id or the name of the view "
                f"attribute holding it, as a str, got {key!r}"
            )
        self._proxy = proxy
        self._key = key
        self.component_id  # noqa: B018  (refuse an unknown component now)

    def __repr__(self) -> str:
        return f"<ComponentHandle {self._key!r}>"

    @property
    def component_id(self) -> str:
        """The ``component_id`` djust routes the component's events by (found again now)."""
        return targets.component_id(self.instance)

    @property
    def instance(self) -> Any:
        """The component object djust holds (a ``BoundComponent`` for a class-level one)."""
        view = self._proxy.view
        registry = djust.components_of(view)
        found = registry.get(self._key)
        held = vars(view).get(self._key) if view is not None else None
        if found is None and held is not None and targets.component_id(held) in registry:
            found = held
        if found is None:
            other = held is not None and targets.not_a_live_component(self._key, held)
            raise DjustTestingError(
                other
                or f"{type(view).__name__} has no component {self._key!r} (a component_id or a "
                f"view attribute holding one). Its components: {targets.known_components(view)}."
            )
        return found

    @property
    def _label(self) -> str:
        return targets.component_label(self._proxy.view, self.instance)

    def get_state(self) -> dict[str, Any]:
        """A copy of the component's public state (a class-level one's ``State``)."""
        return state.component_snapshot(self.instance)

    def assert_state(self, **expected: Any) -> None:
        """Each named attribute of the component equals the expected value, types included."""
        state_assertions.assert_state(self._label, self.get_state(), expected)

    def assert_state_contains(self, **expected: Any) -> None:
        """Each named attribute of the component contains the expected value."""
        state_assertions.assert_state_contains(self._label, self.get_state(), expected)

    def render(self) -> str:
        """The component as the page shows it: the element carrying its ``data-component-id``."""
        return outer_html(self._wrapper())

    def send_event(self, name: str, /, raise_errors: bool = True, **params: Any) -> EventResult:
        """Send the event a browser sends from inside the component: with its ``component_id``.

        (and the ``view_id`` of an embedded view it is in). Returns the same
        envelope as ``LiveViewTestClient.send_event()``.
        """
        _check_name("send_event", name)
        sent = dict(params)
        add_context(sent, self._wrapper())  # the browser's own values win over the test's
        return self._proxy.send(name, sent, raise_errors)

    def _wrapper(self) -> Element:
        self._proxy.require_mounted()
        component = self.instance
        cid = targets.component_id(component)
        found = embedded.first_with(self._proxy.page.document.root, embedded.COMPONENT, cid)
        if found is not None:
            return found
        message = f'The page shows no element with data-component-id="{cid}" ({self._label})'
        if getattr(component, "template_name", None) and not getattr(component, "template", None):
            message += (
                f": its template ({component.template_name!r}) renders no data-component-id "
                "wrapper, and djust wraps only a component's inline template. A browser finds "
                "no component around the elements it renders and sends their events to the "
                "page's view. Wrap the template's content in "
                '<div data-component-id="{{ component_id }}">.'
            )
        else:
            message += (
                ": the page's template does not render it now (or a handler replaced it: "
                "djust keeps a replaced component registered, but the page no longer holds it), "
                "so a browser cannot send it events."
            )
        raise ElementNotFoundError(message)


class ChildView:
    """A view embedded in the page with ``{% live_render %}``, found by view_id or selector."""

    def __init__(self, proxy: ClientProxy, key: str) -> None:
        if not isinstance(key, str) or not key:
            raise DjustTestingError(
                "child() takes the embedded view's view_id or a selector for an element in (or "
                f"around) it, as a str, got {key!r}"
            )
        self._proxy = proxy
        self._key = key
        self.view_id  # noqa: B018  (refuse an unknown view now)

    def __repr__(self) -> str:
        return f"<ChildView {self._key!r}>"

    @property
    def view_id(self) -> str:
        """The ``view_id`` the page shows the embedded view under now."""
        return self._resolve()[0]

    @property
    def view_instance(self) -> Any:
        """The embedded view object djust routes this view_id's events to."""
        return djust.child_views(self._proxy.view)[self.view_id]

    def get_state(self) -> dict[str, Any]:
        """A copy of the embedded view's public state."""
        return state.snapshot(self.view_instance)

    def assert_state(self, **expected: Any) -> None:
        """Each named attribute of the embedded view equals the expected value, types included."""
        state_assertions.assert_state(self._label(), self.get_state(), expected)

    def assert_state_contains(self, **expected: Any) -> None:
        """Each named attribute of the embedded view contains the expected value."""
        state_assertions.assert_state_contains(self._label(), self.get_state(), expected)

    def render(self) -> str:
        """The embedded view as the page shows it: its ``dj-view`` wrapper and what is inside."""
        return outer_html(self._resolve()[1])

    def send_event(self, name: str, /, raise_errors: bool = True, **params: Any) -> EventResult:
        """Send the event a browser sends from inside the embedded view: with its ``view_id``.

        djust runs the handler on the embedded view and answers with an
        ``embedded_update``, which the page applies. Returns the same
        envelope as ``LiveViewTestClient.send_event()``.
        """
        _check_name("send_event", name)
        sent = dict(params)
        add_context(sent, self._resolve()[1])
        return self._proxy.send(name, sent, raise_errors)

    def _label(self) -> str:
        return f"{type(self.view_instance).__name__} ({self.view_id!r})"

    def _resolve(self) -> tuple[str, Element]:
        """The view_id the handle means now and its wrapper on the page."""
        self._proxy.require_mounted()
        view = self._proxy.view
        root = self._proxy.page.document.root
        shown = {w.attrs[embedded.EMBEDDED]: w for w in embedded.wrappers(root)}
        children = djust.child_views(view)
        if self._key in children:
            if self._key in shown:
                return self._key, shown[self._key]
            raise ElementNotFoundError(
                f"The embedded view {self._key!r} ({type(children[self._key]).__name__}) is no "
                "longer on the page: djust mounts each {% live_render %} view afresh, under a new "
                "view_id, whenever the page's view renders, and keeps the old instance "
                f"registered. The page now shows: {_listing(shown, children)}. Find the view by "
                "a selector instead, e.g. child('#player'), which follows it."
            )
        view_id = self._by_selector(root)
        if view_id is not None and view_id in shown and view_id in children:
            return view_id, shown[view_id]
        raise ElementNotFoundError(
            f"child({self._key!r}) finds no embedded view: it is not a view_id djust knows, and "
            "no element it selects is in (or holds exactly one) {% live_render %} view. The "
            f"page shows: {_listing(shown, children)}."
        )

    def _by_selector(self, root: Element) -> str | None:
        try:
            found = self._proxy.find(Query(self._key))
        except DjustTestingError:
            return None
        ids = {embedded.view_id_around(element) for element in found}
        return ids.pop() if len(ids) == 1 else None


def _listing(shown: Mapping[str, Element], children: Mapping[str, Any]) -> str:
    entries = [
        f"{view_id!r} ({type(children[view_id]).__name__ if view_id in children else '?'})"
        for view_id in shown
    ]
    return ", ".join(entries) or "no embedded view"


def _check_name(method: str, name: Any) -> None:
    if not isinstance(name, str):
        raise DjustTestingError(
            f"{method}() takes the event's name as a str, got {type(name).__name__} {name!r}"
        )
