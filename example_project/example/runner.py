"""The example's test runner: djust-testing's, plus one line for each reason tests were skipped.

Django shows a skip's reason only at ``--verbosity 2``; at the default, a
machine without Chromium or jsdom would print ``ssssss`` and ``OK
(skipped=25)`` and nothing else. The skip reasons here say what was skipped
and how to run it, so one line each tells the whole story.
"""

from __future__ import annotations

import sys
import unittest
from collections import Counter
from typing import Any

from djust_testing.runner import LiveViewTestRunner


class ExampleTestRunner(LiveViewTestRunner):
    def run_suite(self, suite: unittest.TestSuite, **kwargs: Any) -> Any:
        result = super().run_suite(suite, **kwargs)
        if self.verbosity >= 1:
            sys.stderr.write(skip_summary(result.skipped))
        return result


def skip_summary(skipped: list[tuple[Any, str]]) -> str:
    """``Skipped N tests: <reason>``, one line per reason, in the order the skips came."""
    counts = Counter(reason for _test, reason in skipped)
    return "".join(
        f"Skipped {count} test{'' if count == 1 else 's'}: {reason}\n"
        for reason, count in counts.items()
    )
