"""The example's runner names each reason tests were skipped, on one line (example/runner.py)."""

from __future__ import annotations

import io
import unittest
from contextlib import redirect_stderr

from django.test import SimpleTestCase

from example.runner import ExampleTestRunner, skip_summary


class SkipSummaryTests(SimpleTestCase):
    def test_one_line_per_reason_with_its_count(self) -> None:
        skipped = [(self, "needs Chromium"), (self, "needs jsdom"), (self, "needs Chromium")]
        self.assertEqual(
            skip_summary(skipped),
            "Skipped 2 tests: needs Chromium\nSkipped 1 test: needs jsdom\n",
        )
        self.assertEqual(skip_summary([]), "")

    def test_the_runner_prints_it_after_the_run(self) -> None:
        class Skipped(unittest.TestCase):
            @unittest.skip("needs Chromium; then run: manage.py test demo.tests.test_browser")
            def test_a(self) -> None:
                pass

            @unittest.skip("needs Chromium; then run: manage.py test demo.tests.test_browser")
            def test_b(self) -> None:
                pass

        suite = unittest.TestLoader().loadTestsFromTestCase(Skipped)
        err = io.StringIO()
        with redirect_stderr(err):
            result = ExampleTestRunner(verbosity=1).run_suite(suite)
        self.assertEqual(len(result.skipped), 2)
        self.assertTrue(
            err.getvalue().endswith(
                "Skipped 2 tests: needs Chromium; then run: manage.py test "
                "demo.tests.test_browser\n"
            ),
            err.getvalue(),
        )
