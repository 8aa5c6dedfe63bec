"""The snapshot report: each process logs its assertions' outcomes; the runner sums them up.

Each process that runs tests (the runner's own, or a ``--parallel`` worker)
appends its snapshot assertions' outcomes to its own file in the directory
named by ``DJUST_TESTING_SNAPSHOT_REPORT``. From those records and the tests
that ran, ``build_report`` counts the outcomes and finds unused snapshots.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import unittest
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from ..exceptions import DjustTestingError
from .files import display_path, file_prefix, is_snapshot_file, module_directory, parse_file_name

#: Set by the runner to a directory where each process logs its assertions' outcomes.
REPORT_VARIABLE = "DJUST_TESTING_SNAPSHOT_REPORT"

Outcome = Literal["matched", "written", "updated", "failed"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)


def record_outcome(test_id: str, path: Path, outcome: Outcome) -> None:
    """Log an outcome for the runner's summary; each process appends to its own file."""
    directory = os.environ.get(REPORT_VARIABLE)
    if not directory:
        return
    line = json.dumps({"test": test_id, "path": str(path), "outcome": outcome}) + "\n"
    descriptor = os.open(
        os.path.join(directory, f"{os.getpid()}.jsonl"), os.O_WRONLY | os.O_CREAT | os.O_APPEND
    )
    try:
        os.write(descriptor, line.encode("utf-8"))
    finally:
        os.close(descriptor)


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
    #: Files named like snapshots of a class their module does not have: never deleted.
    strays: list[Path] = field(default_factory=list)
    #: The snapshots written and rewritten in this run, for a summary that lists them.
    written: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)

    @classmethod
    def of(cls, records: list[Record]) -> SnapshotReport:
        """The outcomes counted, and the files written or rewritten (sorted by path)."""
        report = cls(Counter(record.outcome for record in records))
        report.written = sorted({r.path for r in records if r.outcome == "written"})
        report.updated = sorted({r.path for r in records if r.outcome == "updated"})
        return report

    def delete_unused(self) -> None:
        """Delete the unused snapshots of modules that ran completely, then emptied directories."""
        for item in self.unused:
            if item.module_ran_completely:
                item.path.unlink(missing_ok=True)
                self.deleted.append(item.path)
                for directory in (item.path.parent, item.path.parent.parent):
                    with contextlib.suppress(OSError):
                        directory.rmdir()  # only succeeds once empty

    def summary(self, update: bool, *, list_writes: bool = False) -> str:
        """The end-of-run summary; empty when the run touched no snapshots.

        ``list_writes`` lists the files written and rewritten, for a runner
        that hides what the tests wrote to stderr (pytest's output capture).
        """
        if not self.counts and not self.unused and not self.strays:
            return ""
        counts = ", ".join(f"{self.counts[outcome]} {outcome}" for outcome in OUTCOMES)
        lines = [f"Snapshots: {counts}, {len(self.unused)} unused."]
        if list_writes and self.written:
            lines.append("Wrote new snapshots (read them before you commit them):")
            lines += [f"  {display_path(path)}" for path in self.written]
        if list_writes and self.updated:
            lines.append("Updated snapshots (check them with git diff):")
            lines += [f"  {display_path(path)}" for path in self.updated]
        if self.deleted:
            lines.append("Deleted unused snapshots:")
            lines += [f"  {display_path(path)}" for path in self.deleted]
        kept = [item.path for item in self.unused if item.path not in self.deleted]
        if kept:
            lines.append(
                "Kept unused snapshots (their test modules did not run completely; run a whole "
                "module with --update-snapshots to delete its unused snapshots):"
                if update
                else "Unused snapshots (no test that ran asserted them; --update-snapshots "
                "deletes them when their whole test module runs):"
            )
            lines += [f"  {display_path(path)}" for path in kept]
        if self.strays:
            lines.append(
                "Left alone (named like snapshots, but their modules have no test class of that "
                "name; delete them by hand if they are stale):"
            )
            lines += [f"  {display_path(path)}" for path in self.strays]
        return "\n".join(lines)


def build_report(
    records: list[Record],
    ran: dict[str, tuple[unittest.TestCase, bool]],
    loader: unittest.TestLoader,
) -> SnapshotReport:
    """Count the outcomes and find unused snapshots in the directories of modules that ran.

    Only a snapshot file can be unused: one whose name parses as
    ``<Class>.<method>.<name><suffix>`` for a test class the loader found in
    the module, a method name the loader would run, a valid snapshot name and
    suffix. Anything else in the folder (a README, notes, a file of a class
    the module no longer has) is never deleted. A snapshot file is unused
    when no test asserted it and either its test no longer exists or it ran
    and passed. A test that failed, errored, was skipped or did not run may
    still own it, so its files are left alone.
    """
    report = SnapshotReport.of(records)
    used = {record.path for record in records}
    modules = sorted({type(test).__module__ for test, _passed in ran.values()})
    for module_name in modules:
        try:
            directory = module_directory(module_name)
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
        owners = {file_prefix(test): test.id() for test in tests}
        classes = {type(test).__name__ for test in tests}
        for path in sorted(directory.iterdir()):
            if path in used or not is_snapshot_file(path):
                continue
            parsed = parse_file_name(path.name, loader.testMethodPrefix)
            if parsed is None:
                continue
            if parsed.class_name not in classes:
                report.strays.append(path)
                continue
            owner = owners.get(parsed.prefix)
            if owner is None or ran.get(owner, (None, False))[1]:
                report.unused.append(Unused(path, complete))
    return report


def _test_cases(suite: Iterable[Any]) -> Iterator[Any]:
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _test_cases(item)
        else:
            yield item
