"""``LiveViewTestRunner``: Django's test runner, plus snapshot updates and a snapshot summary.

Which tests ran, and which passed, the runner learns from its result
object, which ``--parallel`` feeds with the workers' events; the outcomes of
the snapshot assertions, from the report each process logs.

Its results also isolate the tests that do not use ``LiveViewTestMixin``:
after each, the live clients it opened are closed and djust's state and
configuration restored, in whichever process ran it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import unittest
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.test.runner import DiscoverRunner, ParallelTestSuite, RemoteTestResult, RemoteTestRunner

from .._live import isolation
from ..case import LiveViewTestMixin
from .modes import UPDATE_VARIABLE, update_mode
from .report import REPORT_VARIABLE, build_report, read_records


class _Isolating:
    """Mixed into a result class: a test that does not isolate itself is isolated here.

    ``LiveViewTestMixin`` does it in the test's own cleanups; for any other
    test, the clients it opened are closed, and djust's state and
    configuration restored, once it stops.
    """

    _isolation_mark: isolation.Mark | None = None

    def startTest(self, test: unittest.TestCase) -> None:
        if not isinstance(test, LiveViewTestMixin):
            self._isolation_mark = isolation.begin()
        super().startTest(test)  # type: ignore[misc]

    def stopTest(self, test: unittest.TestCase) -> None:
        mark, self._isolation_mark = self._isolation_mark, None
        if mark is not None:
            try:
                isolation.end(mark)
            except Exception as exc:  # the run goes on; say what was left behind
                sys.stderr.write(f"djust_testing: cleaning up after {test.id()} failed: {exc!r}\n")
        super().stopTest(test)  # type: ignore[misc]


class _IsolatingRemoteTestResult(_Isolating, RemoteTestResult):
    """What a ``--parallel`` worker records, isolating each test it runs."""


class _IsolatingRemoteTestRunner(RemoteTestRunner):
    resultclass = _IsolatingRemoteTestResult


class _IsolatingParallelTestSuite(ParallelTestSuite):
    runner_class = _IsolatingRemoteTestRunner


class LiveViewTestRunner(DiscoverRunner):
    """A ``DiscoverRunner`` that updates snapshots on request and summarizes them after a run.

    ``--update-snapshots`` (or ``DJUST_TESTING_UPDATE_SNAPSHOTS=1``) writes
    missing snapshots, rewrites different ones, and deletes the unused
    snapshots of every test module that ran completely.
    """

    parallel_test_suite = _IsolatingParallelTestSuite

    def __init__(self, *args: Any, update_snapshots: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.update_snapshots = update_snapshots

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--update-snapshots",
            action="store_true",
            help=(
                "Write missing snapshots, rewrite those that differ, and delete the unused "
                "snapshots of test modules that ran completely."
            ),
        )

    def get_resultclass(self) -> Any:
        return _tracking(super().get_resultclass() or unittest.TextTestResult)

    def run_suite(self, suite: unittest.TestSuite, **kwargs: Any) -> Any:
        with tempfile.TemporaryDirectory(prefix="djust-testing-snapshots-") as log:
            variables = {REPORT_VARIABLE: log}
            if self.update_snapshots:
                variables[UPDATE_VARIABLE] = "1"
            with _environment(variables):
                update = update_mode()
                result = super().run_suite(suite, **kwargs)
            records = read_records(Path(log))
        ran: dict[str, tuple[unittest.TestCase, bool]] = getattr(result, "snapshot_tests", {})
        report = build_report(records, ran, self.test_loader)
        if update:
            report.delete_unused()
        if self.verbosity >= 1:
            text = report.summary(update)
            if text:
                sys.stderr.write(text + "\n")
        return result


class _RunTracking(_Isolating):
    """Mixed into the result class: which tests ran, and whether each passed.

    ``--parallel`` replays each worker's events on the parent's result, so
    this sees every test whichever process ran it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.snapshot_tests: dict[str, tuple[unittest.TestCase, bool]] = {}

    def startTest(self, test: unittest.TestCase) -> None:
        super().startTest(test)
        self._record(test, passed=False)

    def addSkip(self, test: unittest.TestCase, reason: str) -> None:
        # Python 3.12.1 reports a skipped test without calling startTest().
        super().addSkip(test, reason)  # type: ignore[misc]
        self._record(test, passed=False)

    def addSuccess(self, test: unittest.TestCase) -> None:
        super().addSuccess(test)  # type: ignore[misc]
        self._record(test, passed=True)

    def _record(self, test: unittest.TestCase, passed: bool) -> None:
        self.snapshot_tests[test.id()] = (test, passed)


_tracking_classes: dict[type[Any], type[Any]] = {}


def _tracking(result_class: type[Any]) -> type[Any]:
    """``result_class`` with ``_RunTracking`` mixed in (one class per base)."""
    if result_class not in _tracking_classes:
        _tracking_classes[result_class] = type(
            result_class.__name__, (_RunTracking, result_class), {}
        )
    return _tracking_classes[result_class]


@contextlib.contextmanager
def _environment(variables: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
