"""Each memo of djust's metadata (djust_testing/_live/memo.py) answers as djust does, and
follows every change that changes djust's answer.

Each test computes djust's own answer (djust's own function, or the memo
``suspended()``) next to the memo's, before and after a change that moves
djust's answer: a memo that kept its first answer fails.
"""

from __future__ import annotations

import inspect
from typing import Any
from unittest import mock

from django.test import SimpleTestCase
from djust import LiveView
from djust.change_detection import STATE_MARKER, deep_fingerprint
from djust.decorators import cache, debounce, event_handler, throttle
from djust.runtime import ViewRuntime
from djust.validation import validate_handler_params

from djust_testing import LiveViewTestCase
from djust_testing._live import djust as _djust
from djust_testing._live import memo
from tests.views.basics import CounterView


class Base(LiveView):
    login_required = False
    template = "<div dj-root>{{ query }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.query = ""


class DecoratedView(Base):
    @event_handler
    @cache(ttl=30, key_params=["query"])
    def search(self, query: str = "", **kwargs: Any) -> None:
        self.query = query

    @event_handler
    @debounce(wait=0.5)
    def typed(self, value: str = "", **kwargs: Any) -> None:
        self.query = value

    @event_handler
    @throttle(interval=1.0)
    def scrolled(self, **kwargs: Any) -> None:
        pass


class MetadataMemoTests(LiveViewTestCase):
    """The mount frame's ``cache_config`` and ``handler_config``."""

    def frame(self, view_class: type[LiveView]) -> dict[str, Any]:
        return self.live(view_class).last_action.frames_of("mount")[0]

    def answers(self, view: Any) -> tuple[Any, Any]:
        runtime = _djust.TestViewRuntime.__new__(_djust.TestViewRuntime)
        remembered = (
            runtime._extract_cache_config(view),
            runtime._extract_handler_config(view),
        )
        djust = (
            ViewRuntime._extract_cache_config(runtime, view),
            ViewRuntime._extract_handler_config(runtime, view),
        )
        self.assertEqual(remembered, djust)
        with memo.suspended():
            self.assertIsNone(memo.public_members(view))
        return remembered

    def test_the_mount_frame_carries_djusts_metadata(self) -> None:
        frame = self.frame(DecoratedView)
        self.assertEqual(frame["cache_config"], {"search": {"ttl": 30, "key_params": ["query"]}})
        self.assertEqual(set(frame["handler_config"]), {"typed", "scrolled"})
        self.assertNotIn("cache_config", self.frame(CounterView))
        self.answers(self.live(DecoratedView).view_instance)

    def test_follows_a_handler_patched_on_the_class(self) -> None:
        self.answers(self.live(DecoratedView).view_instance)

        @cache(ttl=5)
        def search(self: Any, **kwargs: Any) -> None:
            pass

        with mock.patch.object(DecoratedView, "search", search):
            view = self.live(DecoratedView).view_instance
            cache_config, _ = self.answers(view)
            self.assertEqual(cache_config, {"search": {"ttl": 5, "key_params": []}})
        cache_config, _ = self.answers(self.live(DecoratedView).view_instance)
        self.assertEqual(cache_config["search"]["ttl"], 30)

    def test_follows_a_handler_added_to_a_base_class(self) -> None:
        class Child(DecoratedView):
            pass

        self.answers(self.live(Child).view_instance)

        @debounce(wait=2.0)
        def late(self: Any, **kwargs: Any) -> None:
            pass

        Base.late = late
        try:
            _, handler_config = self.answers(self.live(Child).view_instance)
            self.assertEqual(handler_config["late"], {"debounce": {"wait": 2.0, "max_wait": None}})
        finally:
            del Base.late
        _, handler_config = self.answers(self.live(Child).view_instance)
        self.assertNotIn("late", handler_config)

    def test_follows_a_class_attribute_renamed_to_the_same_value(self) -> None:
        class Renamed(DecoratedView):
            pass

        self.answers(self.live(Renamed).view_instance)
        Renamed.other = DecoratedView.__dict__["search"]
        cache_config, _ = self.answers(self.live(Renamed).view_instance)
        self.assertEqual(set(cache_config), {"search", "other"})

    def test_follows_an_instance_attribute_shadowing_a_handler(self) -> None:
        view = self.live(DecoratedView).view_instance
        self.answers(view)
        view.search = lambda **kwargs: None
        cache_config, _ = self.answers(view)
        self.assertIsNone(cache_config)

    def test_follows_decorator_metadata_changed_in_place(self) -> None:
        class Mutable(Base):
            @debounce(wait=0.1)
            def typed(self, **kwargs: Any) -> None:
                pass

        view = self.live(Mutable).view_instance
        self.answers(view)
        Mutable.typed._djust_decorators["cache"] = {"ttl": 1}
        cache_config, _ = self.answers(view)
        self.assertEqual(cache_config, {"typed": {"ttl": 1}})

    def test_runs_properties_as_djust_does_and_follows_one_that_raises(self) -> None:
        calls: list[str] = []

        class WithProperty(DecoratedView):
            broken = False

            @property
            def status(self) -> str:
                calls.append("status")
                if type(self).broken:
                    raise RuntimeError("status unavailable")
                return "ok"

        view = self.live(WithProperty).view_instance
        calls.clear()
        self.answers(view)
        # Once for each memo, once for each of djust's own walks.
        self.assertEqual(calls, ["status"] * 4)
        WithProperty.broken = True
        # djust gives up on the whole config when an attribute raises.
        self.assertEqual(self.answers(view), (None, None))

    def test_follows_a_class_whose_bases_change(self) -> None:
        class Plain:
            pass

        class Throttled:
            @throttle(interval=3.0)
            def pinged(self, **kwargs: Any) -> None:
                pass

        class Swapped(Plain, DecoratedView):
            pass

        self.answers(self.live(Swapped).view_instance)
        Swapped.__bases__ = (Throttled, DecoratedView)
        _, handler_config = self.answers(self.live(Swapped).view_instance)
        self.assertIn("pinged", handler_config)

    def test_asks_djust_for_a_class_with_its_own_attribute_lookup(self) -> None:
        class Custom(DecoratedView):
            def __getattribute__(self, name: str) -> Any:
                if name == "search":
                    return None
                return super().__getattribute__(name)

        cache_config, _ = self.answers(self.live(Custom).view_instance)
        self.assertIsNone(cache_config)


class Marked:
    """A value djust fingerprints by its ``state`` (a state-marked class)."""

    def __init__(self, state: list[int]) -> None:
        self.state = state

    def __hash__(self) -> int:
        return 1


setattr(Marked, STATE_MARKER, True)


class FingerprintMemoTests(LiveViewTestCase):
    """The change-detection fingerprints of frozensets."""

    def answers(self, value: Any) -> Any:
        remembered = memo.FINGERPRINTS(value)
        self.assertEqual(remembered, deep_fingerprint(value))
        return remembered

    def test_a_frozenset_of_strings_fingerprints_as_djust_fingerprints_it(self) -> None:
        view = self.live(CounterView).view_instance
        self.answers(view._framework_attrs)
        self.assertNotEqual(self.answers(frozenset({"a"})), self.answers(frozenset({"b"})))
        self.assertEqual(self.answers(frozenset()), self.answers(frozenset()))

    def test_follows_a_member_whose_state_changes(self) -> None:
        member = Marked([1])
        value = frozenset({member, "a"})
        before = self.answers(value)
        member.state.append(2)
        self.assertNotEqual(self.answers(value), before)

    def test_in_place_mutation_of_a_frozenset_in_state_is_still_seen(self) -> None:
        class Tags(Base):
            def mount(self, request: Any, **kwargs: Any) -> None:
                self.tags = frozenset({Marked([0])})

            @event_handler
            def bump(self, **kwargs: Any) -> None:
                next(iter(self.tags)).state.append(1)

        live = self.live(Tags)
        live.send_event("bump")
        # djust saw the change and rendered (a patch or a full html frame).
        self.assertFalse(live.last_action.frames_of("noop"))


class SignatureMemoTests(SimpleTestCase):
    """``inspect.signature`` of a handler, as djust.validation asks for it."""

    def setUp(self) -> None:
        class View:
            def handler(self, value: str = "x", *, flag: bool = False, **kwargs: Any) -> None:
                pass

        self.view = View()
        self.function = View.handler

    def answers(self) -> inspect.Signature:
        remembered = memo.signature(self.view.handler)
        self.assertEqual(remembered, inspect.signature(self.view.handler))
        return remembered

    def test_follows_new_defaults(self) -> None:
        self.assertEqual(self.answers().parameters["value"].default, "x")
        self.function.__defaults__ = ("y",)
        self.assertEqual(self.answers().parameters["value"].default, "y")

    def test_follows_new_keyword_defaults_set_in_place(self) -> None:
        self.answers()
        assert self.function.__kwdefaults__ is not None
        self.function.__kwdefaults__["flag"] = True
        self.assertIs(self.answers().parameters["flag"].default, True)

    def test_follows_annotations_changed_in_place(self) -> None:
        self.answers()
        self.function.__annotations__["value"] = "int"
        self.assertEqual(self.answers().parameters["value"].annotation, "int")

    def test_follows_new_code(self) -> None:
        def other(self: Any, count: int = 0) -> None:
            pass

        self.answers()
        self.function.__code__ = other.__code__
        self.function.__defaults__ = other.__defaults__
        self.function.__annotations__ = other.__annotations__
        self.assertEqual(list(self.answers().parameters), ["count"])

    def test_follows_a_wrapper_or_signature_set_later(self) -> None:
        def wrapped(self: Any, other: int) -> None:
            pass

        self.answers()
        self.function.__wrapped__ = wrapped  # type: ignore[attr-defined]
        self.assertEqual(list(self.answers().parameters), ["other"])
        only_self = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
        self.function.__signature__ = inspect.Signature([only_self])  # type: ignore[attr-defined]
        self.assertEqual(list(self.answers().parameters), [])

    def test_a_patched_inspect_signature_is_what_djust_calls(self) -> None:
        fake = inspect.Signature([inspect.Parameter("fake", inspect.Parameter.KEYWORD_ONLY)])
        with mock.patch("inspect.signature", return_value=fake):
            result = validate_handler_params(self.view.handler, {}, "handler")
        self.assertEqual(result["error"], "Handler 'handler' missing required parameters: ['fake']")

    def test_djust_validation_follows_new_defaults(self) -> None:
        def required(self: Any, value: str) -> None:
            pass

        self.assertTrue(validate_handler_params(self.view.handler, {}, "handler")["valid"])
        self.function.__code__ = required.__code__
        self.function.__defaults__ = None
        self.function.__kwdefaults__ = None
        result = validate_handler_params(self.view.handler, {}, "handler")
        self.assertFalse(result["valid"])
        self.assertIn("missing required parameters: ['value']", result["error"])


AMOUNT = int


class TypeHintsAreNotMemoizedTests(LiveViewTestCase):
    """Why the handler's type hints are not memoized: djust evaluates them per event."""

    def test_a_patched_global_named_by_a_string_annotation_reaches_djust(self) -> None:
        class Amounts(Base):
            def mount(self, request: Any, **kwargs: Any) -> None:
                self.amount: Any = None

            @event_handler
            def set_amount(self, amount: AMOUNT = 0, **kwargs: Any) -> None:
                self.amount = amount

        live = self.live(Amounts)
        live.send_event("set_amount", amount="3")
        live.assert_state(amount=3)
        with mock.patch(f"{__name__}.AMOUNT", float):
            live.send_event("set_amount", amount="3")
        live.assert_state(amount=3.0)
