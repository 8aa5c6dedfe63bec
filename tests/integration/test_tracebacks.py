"""A failed assertion's traceback ends at the test's line, not inside djust_testing.

Each test runs a failing test case and reads the traceback unittest formats
for it, as a test runner prints it.
"""

from __future__ import annotations

import unittest
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType

from django.test import SimpleTestCase

import djust_testing
from djust_testing import LiveViewTestMixin
from tests.views.basics import CounterView
from tests.views.failing import AssertingView

PACKAGE = str(Path(djust_testing.__file__).resolve().parent)


def failure_of(case: type[unittest.TestCase]) -> str:
    """The formatted traceback of the one failure of ``case``."""
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    assert not result.errors, result.errors
    assert len(result.failures) == 1, result.failures
    return result.failures[0][1]


def file_lines(formatted: str) -> list[str]:
    return [line.strip() for line in formatted.splitlines() if line.strip().startswith("File ")]


class UnittestTracebackTests(SimpleTestCase):
    def assert_ends_at_the_test(self, formatted: str, test: str, source: str) -> None:
        files = file_lines(formatted)
        self.assertEqual(len(files), 1, formatted)
        self.assertIn(f'{__file__}", line', files[0])
        self.assertTrue(files[0].endswith(f"in {test}"), files[0])
        self.assertIn(source, formatted)
        self.assertNotIn(PACKAGE, formatted)

    def test_a_state_assertion(self) -> None:
        class Inner(LiveViewTestMixin, SimpleTestCase):
            def test_state(self) -> None:
                self.live(CounterView).assert_state(count=5)

        formatted = failure_of(Inner)
        self.assert_ends_at_the_test(formatted, "test_state", "assert_state(count=5)")
        self.assertIn("AssertionError: CounterView state does not match (==):", formatted)

    def test_an_element_assertion(self) -> None:
        class Inner(LiveViewTestMixin, SimpleTestCase):
            def test_element(self) -> None:
                live = self.live(CounterView)
                live.assert_has_element("table")

        formatted = failure_of(Inner)
        self.assert_ends_at_the_test(formatted, "test_element", 'live.assert_has_element("table")')

    def test_an_effect_assertion(self) -> None:
        class Inner(LiveViewTestMixin, SimpleTestCase):
            def test_push(self) -> None:
                live = self.live(CounterView)
                live.send_event("increment")
                live.assert_push_event("saved")

        formatted = failure_of(Inner)
        self.assert_ends_at_the_test(formatted, "test_push", 'live.assert_push_event("saved")')

    def test_the_handlers_own_assertion_keeps_its_place_in_a_note(self) -> None:
        class Inner(LiveViewTestMixin, SimpleTestCase):
            def test_handler(self) -> None:
                self.live(AssertingView).send_event("check")

        formatted = failure_of(Inner)
        self.assertIn("AssertionError: count must be positive", formatted)
        note = formatted[formatted.index("Raised in the view's code:") :]
        self.assertIn("tests/views/failing.py", note)
        self.assertIn("in check", note)
        self.assertIn('assert self.count > 0, "count must be positive"', note)
        self.assertNotIn(PACKAGE, note)

    def test_an_assertion_in_mount_too(self) -> None:
        class Inner(LiveViewTestMixin, SimpleTestCase):
            def test_mount(self) -> None:
                self.live(AssertingView, fail="yes")

        formatted = failure_of(Inner)
        self.assertIn("AssertionError: mount was told to fail", formatted)
        self.assertIn("in mount", formatted[formatted.index("Raised in the view's code:") :])

    def test_an_error_keeps_every_frame(self) -> None:
        # Only failures are cut: an exception from the view keeps its traceback.
        class Inner(LiveViewTestMixin, SimpleTestCase):
            def test_error(self) -> None:
                self.live(CounterView).send_event("explode")

        result = unittest.TestResult()
        unittest.defaultTestLoader.loadTestsFromTestCase(Inner).run(result)
        formatted = result.errors[0][1]
        self.assertIn("tests/views/basics.py", formatted)
        self.assertIn("ValueError: the handler blew up", formatted)


class PytestHidingTests(LiveViewTestMixin, SimpleTestCase):
    """pytest hides the frames whose module says ``__tracebackhide__ = True``."""

    def test_every_djust_testing_frame_of_a_failure_is_hidden(self) -> None:
        live = self.live(CounterView)
        failing: dict[str, Callable[[], object]] = {
            "assert_state": lambda: live.assert_state(count=5),
            "assert_has_element": lambda: live.assert_has_element("table"),
            "assert_patch": lambda: live.assert_patch("/x/"),
            "element().text": lambda: live.element("table").text,
        }
        for name, fail in failing.items():
            with self.subTest(name):
                try:
                    fail()
                except AssertionError as error:
                    ours = [
                        frame
                        for frame in frames_of(error.__traceback__)
                        if frame.f_code.co_filename.startswith(PACKAGE)
                    ]
                else:
                    self.fail(f"{name} did not fail")
                self.assertTrue(ours)
                for frame in ours:
                    self.assertIs(frame.f_globals.get("__tracebackhide__"), True, frame)


def frames_of(tb: TracebackType | None) -> list[FrameType]:
    found = []
    while tb is not None:
        found.append(tb.tb_frame)
        tb = tb.tb_next
    return found
