"""``LiveViewTestRunner``: Django's test runner, plus snapshot updates and a snapshot summary.

Each process that runs tests (the runner's own, or a ``--parallel`` worker)
appends its snapshot assertions' outcomes to its own file in a directory the
runner creates and names in ``DJUST_TESTING_SNAPSHOT_REPORT``; workers
inherit the variable. Which tests ran, and which passed, the runner learns
from its result object, which ``--parallel`` feeds with the workers' events.
From both it counts the outcomes and finds the unused snapshots.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import unittest
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from django.test.runner import DiscoverRunner

from . import snapshots
from .exceptions import DjustTestingError

OUTCOMES: tuple[str, ...] = get_args(snapshots.Outcome)


class LiveViewTestRunner(DiscoverRunner):
    """A ``DiscoverRunner`` that updates snapshots on request and summarizes them after a run.

    ``--update-snapshots`` (or ``DJUST_TESTING_UPDATE_SNAPSHOTS=1``) writes
    missing snapshots, rewrites different ones, and deletes the unused
    snapshots of every test module that ran completely.
    """

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
            variables = {snapshots.REPORT_VARIABLE: log}
            if self.update_snapshots:
                variables[snapshots.UPDATE_VARIABLE] = "1"
            with _environment(variables):
                update = snapshots.update_mode()
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


@dataclass(frozen=True)
class Record:
    """One snapshot assertion's outcome, as a test process logged it."""

    test: str
    path: Path
    outcome: str


def read_records(directory: Path) -> list[Record]:
    """Every outcome the processes logged in ``directory``."""
    records: list[Record] = []
    for log in sorted(directory.glob("*.jsonl")):
        for line in log.read_text("utf-8").splitlines():
            if line:
                entry = json.loads(line)
                records.append(Record(entry["test"], Path(entry["path"]), entry["outcome"]))
    return records


@dataclass
class Unused:
    """A snapshot file no test that ran asserted."""

    path: Path
    #: Its test module ran completely, so nothing that did not run could own it.
    module_ran_completely: bool


@dataclass
class SnapshotReport:
    counts: Counter[str] = field(default_factory=Counter)
    unused: list[Unused] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)

    def delete_unused(self) -> None:
        """Delete the unused snapshots of modules that ran completely, then emptied directories."""
        for item in self.unused:
            if item.module_ran_completely:
                item.path.unlink(missing_ok=True)
                self.deleted.append(item.path)
                for directory in (item.path.parent, item.path.parent.parent):
                    with contextlib.suppress(OSError):
                        directory.rmdir()  # only succeeds once empty

    def summary(self, update: bool) -> str:
        """The end-of-run summary; empty when the run touched no snapshots."""
        if not self.counts and not self.unused:
            return ""
        counts = ", ".join(f"{self.counts[outcome]} {outcome}" for outcome in OUTCOMES)
        lines = [f"Snapshots: {counts}, {len(self.unused)} unused."]
        if self.deleted:
            lines.append("Deleted unused snapshots:")
            lines += [f"  {snapshots.display_path(path)}" for path in self.deleted]
        kept = [item.path for item in self.unused if item.path not in self.deleted]
        if kept:
            lines.append(
                "Kept unused snapshots (their test modules did not run completely; run a whole "
                "module with --update-snapshots to delete its unused snapshots):"
                if update
                else "Unused snapshots (no test that ran asserted them; --update-snapshots "
                "deletes them when their whole test module runs):"
            )
            lines += [f"  {snapshots.display_path(path)}" for path in kept]
        return "\n".join(lines)


def build_report(
    records: list[Record],
    ran: dict[str, tuple[unittest.TestCase, bool]],
    loader: unittest.TestLoader,
) -> SnapshotReport:
    """Count the outcomes and find unused snapshots in the directories of modules that ran.

    A snapshot file is unused when no test asserted it and either its test
    no longer exists or it ran and passed. A test that failed, errored, was
    skipped or did not run may still own it, so its files are left alone.
    """
    report = SnapshotReport(Counter(record.outcome for record in records))
    used = {record.path for record in records}
    modules = sorted({type(test).__module__ for test, _passed in ran.values()})
    for module_name in modules:
        try:
            directory = snapshots.module_directory(module_name)
        except DjustTestingError:
            continue
        if not directory.is_dir():
            continue
        tests = [
            test
            for test in _test_cases(loader.loadTestsFromModule(sys.modules[module_name]))
            if type(test).__module__ == module_name and isinstance(test, unittest.TestCase)
        ]
        complete = all(test.id() in ran for test in tests)
        owners = {snapshots.file_prefix(test): test.id() for test in tests}
        for path in sorted(directory.iterdir()):
            if path in used or not _is_snapshot(path):
                continue
            owner = next(
                (id_ for prefix, id_ in owners.items() if path.name.startswith(prefix)), None
            )
            if owner is None or ran.get(owner, (None, False))[1]:
                report.unused.append(Unused(path, complete))
    return report


def _is_snapshot(path: Path) -> bool:
    # Dot files include the temporary files of writes in progress.
    return path.is_file() and path.suffix in snapshots.SUFFIXES and not path.name.startswith(".")


class _RunTracking:
    """Mixed into the result class: which tests ran, and whether each passed.

    ``--parallel`` replays each worker's events on the parent's result, so
    this sees every test whichever process ran it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.snapshot_tests: dict[str, tuple[unittest.TestCase, bool]] = {}

    def startTest(self, test: unittest.TestCase) -> None:
        super().startTest(test)  # type: ignore[misc]
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


def _test_cases(suite: Iterable[Any]) -> Iterator[Any]:
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _test_cases(item)
        else:
            yield item


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
