"""Views embedded in the page with ``{% live_render %}``, and components, as the page holds them.

djust wraps an embedded view in ``<div dj-view data-djust-embedded="<view_id>">``
(``templatetags/live_tags.py`` ``live_render``) and stamps the same attribute
on each element inside it that carries an event binding. An event in the
child answers with an ``embedded_update`` frame: the child's inner HTML,
which djust's client morphs into the first element of the document carrying
``data-djust-embedded="<view_id>"`` (``03-websocket.js``
``handleEmbeddedUpdate``), the wrapper. A component's HTML sits in the
element with its ``data-component-id``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .document import Document
from .morph import morph_children
from .nodes import Element, Node, parse, serialize

EMBEDDED = "data-djust-embedded"
COMPONENT = "data-component-id"


def first_with(root: Element, attribute: str, value: str) -> Element | None:
    """The first element under ``root`` (in document order) whose ``attribute`` is ``value``."""
    return next((e for e in root.elements() if e.attrs.get(attribute) == value), None)


def wrappers(root: Element) -> list[Element]:
    """The embedded views' wrappers on the page, in document order."""
    return [e for e in root.elements() if "dj-view" in e.attrs and e.attrs.get(EMBEDDED)]


def view_id_around(element: Element) -> str | None:
    """The ``view_id`` of the embedded view ``element`` is in (or is), else of the one it holds.

    An element holding exactly one embedded view (a slot around
    ``{% live_render %}``) names that one.
    """
    holder = element.closest(EMBEDDED)
    if holder is not None and holder.attrs[EMBEDDED]:
        return holder.attrs[EMBEDDED]
    inside = {e.attrs[EMBEDDED] for e in wrappers(element) if e is not element}
    return inside.pop() if len(inside) == 1 else None


def apply_embedded_update(document: Document, view_id: str, html: str) -> str | None:
    """Morph an ``embedded_update``'s HTML into its view's wrapper; say why not, if not.

    djust's client only warns when no element carries the ``view_id``, and
    the page keeps showing what it showed.
    """
    container = first_with(document.root, EMBEDDED, view_id)
    if container is None:
        return (
            f'embedded_update for view_id {view_id!r}: no element on the page has {EMBEDDED}="'
            f"{view_id}\", so djust's client drops the update"
        )
    desired = Element("div", {})
    for node in parse(html):
        desired.append(node)
    morph_children(document, container, desired)
    return None


def with_updates(nodes: Iterable[Node], updates: Mapping[str, str]) -> str:
    """``nodes`` (djust's render of the page) with each updated view's content replaced.

    ``updates`` maps a ``view_id`` to the HTML its newest ``embedded_update``
    sent: what the page shows inside that wrapper while the page's own view
    has not rendered again.
    """
    root = Element("div", {})
    for node in nodes:
        root.append(node)
    for view_id, html in updates.items():
        container = first_with(root, EMBEDDED, view_id)
        if container is None:
            continue
        container.children = []
        for node in parse(html):
            container.append(node)
    return serialize(root.children)


def unstamped(html: str) -> str:
    """``html`` without the ``data-djust-embedded`` stamps that say nothing the wrapper does not.

    An ``embedded_update`` carries the view's HTML without them, and the
    morph removes them from the page (djust's client keeps no attribute the
    new HTML lacks). An event finds its view through the nearest element
    carrying one (``getEmbeddedViewId``), so a stamp missing, or equal to its
    wrapper's, routes as the wrapper does; only a stamp naming another view
    (one the page's patches left behind) routes elsewhere, and is kept.
    """
    if EMBEDDED not in html:
        return html
    root = Element("div", {})
    for node in parse(html):
        root.append(node)
    for element in root.elements():
        if EMBEDDED not in element.attrs or "dj-view" in element.attrs:
            continue
        wrapper = next(
            (a for a in element.ancestors() if a is not element and "dj-view" in a.attrs), None
        )
        same = wrapper is not None and wrapper.attrs.get(EMBEDDED) == element.attrs[EMBEDDED]
        if same or not routes(element):
            del element.attrs[EMBEDDED]
    return serialize(root.children)


#: Bindings whose events carry no view_id whatever the element says (hooks, dj-model, dj-poll).
_UNROUTED = ("dj-hook", "dj-model", "dj-poll", "dj-id", "dj-view", "dj-root", "dj-update")


def routes(element: Element) -> bool:
    """Whether an event from ``element`` takes its view_id from the element's own stamp."""
    return any(name.startswith("dj-") and not name.startswith(_UNROUTED) for name in element.attrs)


def stamp_wrapper_dj_ids(root: Element, html: str) -> dict[str, str]:
    """What djust's client does to the wrappers after morphing a prerendered page to the mount.

    ``_stampEmbeddedWrapperDjIds`` (03-websocket.js) copies the mount
    HTML's ``dj-id`` onto each embedded view's wrapper, but it walks every
    element carrying ``data-djust-embedded``, the stamped ones inside the
    view too, and sets the wrapper's ``dj-id`` from each in turn: the wrapper
    ends with the ``dj-id`` of the last element stamped inside it, which that
    element keeps as well. A later patch addressed to that element by its
    ``dj-id`` then finds the wrapper first, in djust's client as here.
    Returns those ``dj-id``s, each with its view's ``view_id``.
    """
    server = Element("div", {})
    for node in parse(html):
        server.append(node)
    wrapper_of = {w.attrs[EMBEDDED]: w for w in reversed(wrappers(root))}  # the first wins
    given: dict[str, tuple[str, bool]] = {}
    for element in server.elements():
        view_id, dj_id = element.attrs.get(EMBEDDED), element.attrs.get("dj-id")
        live = wrapper_of.get(view_id or "")
        if not view_id or not dj_id or live is None:
            continue
        live.attrs["dj-id"] = dj_id
        given[view_id] = (dj_id, "dj-view" not in element.attrs)
    return {dj_id: view_id for view_id, (dj_id, inner) in given.items() if inner}
