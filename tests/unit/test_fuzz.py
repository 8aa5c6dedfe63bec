"""The smoke test's parameters, built from type hints, and its check for reflected markup."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any, Literal, Optional

from django.test import SimpleTestCase

from djust_testing._fuzz import MARKER, PAYLOAD, URL_PAYLOAD, cases, parameters, reflected_markup


class Size(enum.Enum):
    SMALL = "s"
    LARGE = "l"


def move(self: Any, steps: int, label: str = "", **kwargs: Any) -> None: ...


def typed(  # type: ignore[no-untyped-def]  # untyped: a parameter without a hint
    self: Any,
    price: Decimal,
    maybe: Optional[int] = None,  # noqa: UP045  (the typing spelling, on purpose)
    either: int | None = None,
    mode: Literal["a", "b"] = "a",
    size: Size = Size.SMALL,
    tags: list[str] | None = None,
    anything: Any = None,
    untyped="",
) -> None: ...


def bare(self: Any) -> None: ...


class ParameterTests(SimpleTestCase):
    def test_named_parameters_and_kwargs(self) -> None:
        found, takes_kwargs = parameters(move)
        self.assertEqual(
            [(p.name, p.hint, p.required) for p in found],
            [("steps", int, True), ("label", str, False)],
        )
        self.assertTrue(takes_kwargs)
        self.assertEqual(parameters(bare), ([], False))


class CaseTests(SimpleTestCase):
    def test_the_calls_made_of_a_handler(self) -> None:
        made = list(cases(move))
        self.assertEqual(made[0].label, "well-typed")
        self.assertEqual(made[0].params, {"steps": 1, "label": "x"})
        self.assertEqual(made[1].params, {})
        labels = [case.label for case in made]
        self.assertIn("edge value for steps", labels)
        self.assertIn("wrong type for label", labels)
        edges = [case.params["steps"] for case in made if case.label == "edge value for steps"]
        self.assertEqual(edges, [0, -1, 2**31, -(2**53)])
        wrong = [case.params["steps"] for case in made if case.label == "wrong type for steps"]
        self.assertEqual(wrong[:3], [None, "not a number", ""])
        # The payloads go in every string parameter, and in "value" for **kwargs.
        markup = [case for case in made if case.markup]
        self.assertEqual(
            [case.label for case in markup],
            ["markup in label, value", "a javascript: URL in label, value"],
        )
        self.assertEqual(markup[0].params, {"steps": 1, "label": PAYLOAD, "value": PAYLOAD})
        self.assertEqual(markup[1].params["label"], URL_PAYLOAD)

    def test_values_as_a_browser_sends_them(self) -> None:
        typical = next(cases(typed)).params
        self.assertEqual(
            typical,
            {
                "price": "1.50",  # JSON has no decimals: the browser sends a string
                "maybe": 1,
                "either": 1,
                "mode": "a",
                "size": "s",
                "tags": [],
                "anything": "x",
                "untyped": "x",
            },
        )
        made = list(cases(typed))

        def values(label: str, name: str) -> list[Any]:
            return [case.params[name] for case in made if case.label == label]

        self.assertEqual(values("edge value for maybe", "maybe")[0], None)  # optional: None too
        self.assertEqual(values("edge value for either", "either")[0], None)
        self.assertEqual(values("edge value for mode", "mode"), ["a", "b"])
        self.assertEqual(values("edge value for size", "size"), ["s", "l"])
        self.assertEqual(values("wrong type for mode", "mode"), [None, "not one of the choices"])
        self.assertEqual(values("wrong type for anything", "anything"), [])
        self.assertNotIn(None, values("wrong type for maybe", "maybe"))  # None is its own value
        markup = [case.label for case in made if case.markup]
        self.assertEqual(markup[0], "markup in anything, untyped")

    def test_a_handler_without_parameters(self) -> None:
        self.assertEqual([(c.label, c.params) for c in cases(bare)], [("well-typed", {})])


class ReflectedMarkupTests(SimpleTestCase):
    def test_escaped_text_is_safe(self) -> None:
        escaped = PAYLOAD.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.assertEqual(reflected_markup(f"<p>{escaped}</p>"), [])
        quoted = PAYLOAD.replace('"', "&quot;").replace("'", "&#x27;")
        self.assertEqual(reflected_markup(f'<input value="{quoted}">'), [])

    def test_markup_in_text_or_an_attribute(self) -> None:
        self.assertEqual(
            reflected_markup(f"<p>{PAYLOAD}</p>"),
            [
                f"a <script> element: <script>{MARKER}()</script>",
                f'an event handler attribute: <img onerror="{MARKER}()">',
                f'a javascript: URL: <a href="javascript:{MARKER}()">',
            ],
        )
        broken_out = reflected_markup(f'<input value="{PAYLOAD}">')
        self.assertIn(f"a <script> element: <script>{MARKER}()</script>", broken_out)

    def test_a_javascript_url(self) -> None:
        self.assertEqual(
            reflected_markup(f'<a href="{URL_PAYLOAD}">x</a>'),
            [f'a javascript: URL: <a href="javascript:{MARKER}()">'],
        )
        self.assertEqual(reflected_markup(f'<a href="/search/?q={URL_PAYLOAD}">x</a>'), [])
