"""Seeded random sequences of events, for the pages the example serves.

``Sequence(seed, count, vocabulary)`` hands out one step at a time for the
view the page shows at that moment. Mostly an ``Event``: a handler picked
among the view's ``@event_handler`` methods (now and then a method that is
not one, or a misspelt name), with params built from a small generator keyed
by each parameter's annotation. Sometimes what a user does instead: a click,
a change or a submit on one of the page's bound elements (so the frame comes
from djust's JS on one side and djust_testing's element API on the other),
or a database NOTIFY. The same seed gives the same sequence, so a failure
can be run again; the steps a run took are printed with any difference.
"""

from __future__ import annotations

import inspect
import random
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, get_type_hints

from djust.decorators import is_event_handler

from .steps import Change, Click, Event, FillAndSubmit, Notify, Step, Submit

#: Values for a parameter, by annotation. JSON only: events travel as JSON.
#: Floats such as 3.0 and -0.0 are there on purpose: a browser's JSON sends
#: them as 3 and 0 (issue 9 item 8).
VALUES: dict[str, list[Any]] = {
    "int": [0, 1, 2, 3, 7, -1, "2", "x", None, 3.0, 2**53 + 1],
    "str": ["", "Buy milk", "buy MILK", "Water the plants", "x" * 81, "Ünïcødé ✓", "<b>b</b>", " "],
    "bool": [True, False, "true", 0],
    "Any": ["", "a", 1, None, ["a"], {"k": "v"}],
}

#: Made-up handler names: a misspelling of a real one is added at run time.
NOT_HANDLERS = ("mount", "get_context_data", "handle_params", "form_valid", "nope")


def handlers(view_class: type) -> dict[str, Any]:
    """The view's ``@event_handler`` methods, by name (djust.decorators.is_event_handler)."""
    return {
        name: getattr(view_class, name)
        for name in dir(view_class)
        if not name.startswith("_") and is_event_handler(getattr(view_class, name, None))
    }


class _Bindings(HTMLParser):
    """The page's elements with a dj-click, dj-change or dj-submit, each with a selector."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, dict[str, str]]] = []  # binding, tag, attributes
        #: The page's text fields and selects by name; a select's option values, else None.
        self.fields: dict[str, list[str] | None] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        name = values.get("name")
        if tag in ("input", "textarea") and name:
            if values.get("type", "text") not in ("checkbox", "radio", "hidden", "submit"):
                self.fields[name] = None
        elif tag == "select" and name:
            self.fields[name] = []
            self._select = name
        elif tag == "option" and self._select is not None:
            options = self.fields[self._select]
            assert options is not None
            options.append(values.get("value", ""))
        for binding in ("dj-click", "dj-change", "dj-submit"):
            if binding in values:
                self.found.append((binding, tag, values))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _selector(tag: str, attrs: dict[str, str], binding: str) -> str:
    if attrs.get("id"):
        return f"#{attrs['id']}"
    if attrs.get("aria-label"):
        return f'{tag}[aria-label="{attrs["aria-label"]}"]'
    return f'{tag}[{binding}="{attrs[binding]}"]'


def page_actions(
    html: str,
) -> tuple[list[tuple[str, str, dict[str, str]]], dict[str, list[str] | None]]:
    """(binding, selector, attributes) for each bound element a selector finds alone,
    and the names of the page's fields."""
    parser = _Bindings()
    parser.feed(html)
    chosen = [(b, _selector(tag, attrs, b), attrs) for b, tag, attrs in parser.found]
    counts: dict[str, int] = {}
    for _binding, selector, _attrs in chosen:
        counts[selector] = counts.get(selector, 0) + 1
    return [item for item in chosen if counts[item[1]] == 1], parser.fields


def _kind(annotation: Any) -> str:
    name = getattr(annotation, "__name__", str(annotation))
    return name if name in VALUES else "Any"


@dataclass
class Sequence:
    """Random events for whatever view is on the page; ``next()`` returns None when done."""

    seed: int
    count: int
    #: Extra parameter names and values handlers taking **kwargs may get (form fields).
    vocabulary: dict[str, list[Any]] = field(default_factory=dict)
    #: NOTIFY channels to send now and then (the page's own and others).
    channels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)
        self.taken = 0

    def next(self, view_class: type | None, page: str | None = None) -> Step | None:
        """The next step for a page showing ``view_class`` with dj-root HTML ``page``."""
        if self.taken >= self.count or view_class is None:
            return None
        self.taken += 1
        rnd = self.random
        label = f"seed {self.seed}, step {self.taken}"
        actions, fields = page_actions(page) if page else ([], {})
        if actions and rnd.random() < 0.3:
            return self._page_action(label, rnd.choice(actions), fields)
        if self.channels and rnd.random() < 0.08:
            channel = rnd.choice(self.channels)
            return Notify(
                label, channel=channel, payload={"pk": rnd.randint(1, 5), "event": "save"}
            )
        available = handlers(view_class)
        if not available or rnd.random() < 0.1:
            names = [*NOT_HANDLERS]
            if available:
                real = rnd.choice(sorted(available))
                names.append(real[:-1] if len(real) > 1 else real + "x")
            return Event(label, name=rnd.choice(names), params=self._extras())
        name = rnd.choice(sorted(available))
        return Event(label, name=name, params=self._params(available[name]))

    def _page_action(
        self,
        label: str,
        action: tuple[str, str, dict[str, str]],
        fields: dict[str, list[str] | None],
    ) -> Step:
        """The user clicks, changes or submits one of the page's bound elements."""
        binding, selector, attrs = action
        if binding == "dj-submit":
            # Type into some of the fields first (select values are among the options).
            data = {
                name: self.random.choice(options) if options else self._typed(name)
                for name, options in fields.items()
                if self.random.random() < 0.5 and options != []
            }
            if not data:
                return Submit(f"{label}: submit {selector}", form=selector)
            return FillAndSubmit(
                f"{label}: fill {data}, submit {selector}", form=selector, data=data
            )
        if binding == "dj-change":
            options = fields.get(attrs.get("name", ""))
            value = self.random.choice(options) if options else self._typed(attrs.get("name", ""))
            return Change(
                f"{label}: change {selector} to {value!r}", selector=selector, value=value
            )
        return Click(f"{label}: click {selector}", selector=selector)

    def _typed(self, name: str) -> str:
        """Text a user might type into the field ``name`` (what a form field holds: a string)."""
        known = [str(value) for value in self.vocabulary.get(name, [])]
        return str(self.random.choice(VALUES["str"] + 2 * known))

    def _params(self, handler: Any) -> dict[str, Any]:
        rnd = self.random
        signature = inspect.signature(handler)
        try:
            hints = get_type_hints(handler)
        except Exception:
            hints = {}
        params: dict[str, Any] = {}
        takes_kwargs = False
        for name, parameter in signature.parameters.items():
            if name == "self" or parameter.kind is inspect.Parameter.VAR_POSITIONAL:
                continue
            if parameter.kind is inspect.Parameter.VAR_KEYWORD:
                takes_kwargs = True
                continue
            required = parameter.default is inspect.Parameter.empty
            if rnd.random() < (0.1 if required else 0.4):
                continue  # left out: a default, or a refusal for a required one
            # A field the pages' forms have: its values are likelier (a right password).
            choices = VALUES[_kind(hints.get(name, Any))] + 2 * self.vocabulary.get(name, [])
            params[name] = rnd.choice(choices)
        if takes_kwargs:
            params.update(self._extras())
        return params

    def _extras(self) -> dict[str, Any]:
        rnd = self.random
        extras: dict[str, Any] = {}
        for _ in range(rnd.randint(0, 2)):
            if not self.vocabulary:
                break
            name = rnd.choice(sorted(self.vocabulary))
            extras[name] = rnd.choice(self.vocabulary[name])
        return extras
