"""What a user does to the page's elements: clicks, typing, keys, focus, forms.

Each action finds its element through the proxy, works out with the browser
model what the browser does (``_browser``: focus, events, forms, filling,
navigation) and sends the frames through the proxy, as djust's client would.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from ._browser import controls, events, filling, forms, model
from ._browser.controls import describe
from ._browser.focus import click_target
from ._browser.frames import EventFrame
from ._browser.navigation import Navigation, link_navigation
from ._browser.nodes import Element
from ._browser.page import Page
from ._browser.query import Query
from ._browser.ratelimit import held_until_blur
from ._live.action import EventResult
from .exceptions import DomEventError

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


class Tab(Protocol):
    """The browser tab a user acts in: the client proxy, as these actions need it."""

    page: Page

    @property
    def url(self) -> str: ...

    def resolve(self, query: Query) -> Element: ...

    def follow_link(self, navigation: Navigation) -> EventResult | None: ...

    def send_frames(
        self, frames: list[EventFrame], confirm: bool, *, main: bool = False
    ) -> EventResult | None: ...

    def step(self) -> contextlib.AbstractContextManager[None]: ...


P = ParamSpec("P")
R = TypeVar("R")


def one_step(
    method: Callable[Concatenate[Interactions, P], R],
) -> Callable[Concatenate[Interactions, P], R]:
    """What the user does in the method is one step: one ``last_action`` for the test."""

    def in_one_step(self: Interactions, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.proxy.step():
            return method(self, *args, **kwargs)

    return in_one_step


class Interactions:
    """The user at one tab's page."""

    def __init__(self, proxy: Tab) -> None:
        self.proxy = proxy

    @one_step
    def click(self, query: Query, confirm: bool) -> EventResult | None:
        element = self.proxy.resolve(query)
        if self.move_focus(click_target(element)):  # mousedown comes first
            element = self.proxy.resolve(query)
        navigation = link_navigation(element, self.proxy.url, auto_navigate=_auto_navigate())
        frames = _optional(lambda: events.event_for(element, "click"), navigation is not None)
        result = self.proxy.follow_link(navigation) if navigation is not None else None
        return self.proxy.send_frames(frames, confirm) or result

    @one_step
    def edit(self, query: Query, kind: str, value: str | None) -> EventResult | None:
        """The user changes (``kind`` "change") or types into (``"input"``) the element."""
        element = self.proxy.resolve(query)
        state = self.proxy.page.focus_state
        if kind == "change" and value is not None and not state.fires_change(element, value):
            raise DomEventError(
                f"{describe(element)} holds {value!r} already: a browser fires no change "
                "event when the value ends as it was"
            )
        if self.move_focus(element):
            element = self.proxy.resolve(query)
        navigation = None
        if value is None:
            controls.toggle(element)
            # A click on a box fires input, then change; dj-model listens to both.
            frames = model.model_frames(element, "input") + events.event_for(element, kind)
        elif kind == "input" and held_until_blur(element):
            # deferUntilBlur: the dj-input goes when the field loses focus (or its form submits).
            events.event_for(element, kind, value=value, with_model=False)  # enters the text
            frames = model.model_frames(element, "input")
            self.proxy.page.focus_state.deferred_input = True
        else:
            patches = "dj-patch" in element.attrs  # {value} in its URL takes the new value
            navigation = link_navigation(
                element,
                self.proxy.url,
                value=value if patches else None,
                auto_navigate=_auto_navigate(),
            )
            frames = _optional(
                lambda: events.event_for(element, kind, value=value), navigation is not None
            )
            if not frames:
                controls.enter_text(element, value)
        leaving: list[EventFrame] = []
        if kind == "change":
            state.committed()
            if value is not None and controls.is_typed(element):
                # A typed field's change fires as the user leaves it; its blur follows.
                leaving = state.leave()
        else:
            state.edited()
        result = self.proxy.follow_link(navigation) if navigation is not None else None
        changed = self.proxy.send_frames(frames, True, main=True)
        self.proxy.send_frames(leaving, True)
        return changed or result

    @one_step
    def key(self, query: Query, kind: str, key: str) -> EventResult | None:
        element = self.proxy.resolve(query)
        events.event_for(element, kind, key=key)  # refuse a key no binding takes, first
        if self.move_focus(element):
            element = self.proxy.resolve(query)
        return self.proxy.send_frames(events.event_for(element, kind, key=key), True)

    @one_step
    def focus(self, query: Query, kind: str) -> EventResult | None:
        element = self.proxy.resolve(query)
        state = self.proxy.page.focus_state
        if kind == "focus":
            if element is state.element:
                raise DomEventError(
                    f"{describe(element)} has focus already: a browser fires no focus event"
                )
            events.event_for(element, "focus")  # refuse it when no dj-focus takes it
            return self.move_focus(element)
        if element is not state.element:
            events.event_for(element, "blur")  # refuse it when nothing would fire
            if self.move_focus(element):  # to leave it, the user focuses it first
                element = self.proxy.resolve(query)
        frames = state.leave()
        if not frames:
            events.event_for(element, "blur")  # says why nothing fires
        return self.proxy.send_frames(frames, True)

    def move_focus(self, target: Element | None) -> EventResult | None:
        """Focus moves to ``target`` (None: the body), sending what leaving and entering fire."""
        return self.proxy.send_frames(self.proxy.page.focus_state.move(target), True)

    @one_step
    def fill(self, form_query: Query, data: Mapping[str, Any]) -> EventResult | None:
        """The user fills ``data`` in, field by field; return the envelope of the last event."""
        last, _ = self.run(
            filling.fill(self.proxy.page.focus_state, self.proxy.resolve(form_query), data)
        )
        return last

    @one_step
    def submit(
        self,
        form_query: Query,
        data: Mapping[str, Any],
        submitter: Query | None,
        confirm: bool,
        enter: str | None = None,
    ) -> EventResult | None:
        """Fill ``data`` in, then submit: Enter in the field ``enter``, a click on ``submitter``,
        or (neither) ``form.requestSubmit()``."""
        form = self.proxy.resolve(form_query)
        button = self.proxy.resolve(submitter) if submitter is not None else None
        if enter is not None:
            filling.enter_field(form, enter)  # would Enter submit? (refused before any event)
        else:
            forms.submit_event(form, None, submitter=button)  # would it submit at all?
        self.run(filling.fill(self.proxy.page.focus_state, form, data))
        form = self.proxy.resolve(form_query)
        if enter is not None:
            field = filling.enter_field(form, enter)
            plan = filling.press_enter(self.proxy.page.focus_state, form, field)
            return self.run(plan, confirm)[1]
        if submitter is not None:
            if self.move_focus(click_target(self.proxy.resolve(submitter))):
                form = self.proxy.resolve(form_query)
            button = self.proxy.resolve(submitter)
        frame = forms.submit_event(form, None, submitter=button)
        held = self.proxy.page.focus_state.flush_held(form) if button is None else []
        return self.proxy.send_frames([*held, frame], confirm)

    def run(
        self, plan: Iterator[filling.Batch], confirm: bool = True
    ) -> tuple[EventResult | None, EventResult | None]:
        """Send each batch of ``plan`` in turn; return the last envelope and the submit's."""
        last = submitted = None
        for batch in plan:
            result = self.proxy.send_frames(
                batch.frames, confirm or not batch.submit, main=batch.submit
            )
            if batch.submit:
                submitted = result
            last = result or last
        return last, submitted

    @one_step
    def change_form(self, form_query: Query, data: Mapping[str, Any]) -> EventResult | None:
        """Change each field in ``data`` in turn; return the envelope of the last change."""
        result = None
        for name, value in data.items():
            frame = events.form_change_event(self.proxy.resolve(form_query), name, {name: value})
            result = self.proxy.send_frames([frame], True)
        return result


def _optional(build: Callable[[], list[EventFrame]], optional: bool) -> list[EventFrame]:
    """The frames of the event, or none when navigation alone is what the action does."""
    try:
        frames = build()
    except DomEventError:
        if optional:
            return []
        raise
    return frames


def _auto_navigate() -> bool:
    from djust.config import config

    return bool(config.get("auto_navigate", True))
