"""The plugin's work across a pytest run: isolation, snapshot modes, the snapshot report.

Registered by ``djust_testing.pytest_plugin`` where pytest-django is on
and configured, in the process that runs the session and in every
pytest-xdist worker:

* every test is isolated as ``LiveViewTestRunner`` isolates the tests
  without ``LiveViewTestMixin`` (``_live.isolation``): the clients it opened
  are closed, djust's process state reset and its configuration restored
  once its fixtures are torn down;
* ``--update-snapshots`` turns update mode on, for the workers too;
* each process logs its snapshot assertions' outcomes
  (``snapshots.report.record_outcome``) and what it collected into one
  directory; the process that reports (the only one, or xdist's
  controller) learns from its reports which tests ran and passed, then
  builds the report (``report.build_report``), deletes the unused snapshots
  of complete modules in update mode, and prints the summary in pytest's
  terminal summary.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from .._live import isolation
from ..case import LiveViewTestMixin
from ..exceptions import DjustTestingError
from ..snapshots import commands
from ..snapshots.modes import UPDATE_VARIABLE, update_mode
from ..snapshots.report import REPORT_VARIABLE, SnapshotReport, read_records
from .report import ModuleRun, build_report, owner_name

_MARK = pytest.StashKey[isolation.Mark]()
#: What the controller tells each xdist worker (``workerinput``).
_WORKER_INPUT = "djust_testing"


class SessionPlugin:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.update_flag = bool(config.getoption("djust_update_snapshots"))
        if self.update_flag:
            self.update = True
        else:
            try:
                self.update = update_mode()
            except DjustTestingError as exc:
                raise pytest.UsageError(str(exc)) from None
        worker_input = getattr(config, "workerinput", None)
        self.is_worker = worker_input is not None
        if worker_input is not None:
            shared = worker_input[_WORKER_INPUT]
            self.log = Path(shared["log"])
            invocation = commands.PytestInvocation(
                tuple(shared["command"]), Path(shared["rootdir"]), Path(shared["directory"])
            )
        else:
            self.log = Path(tempfile.mkdtemp(prefix="djust-testing-snapshots-"))
            invocation = commands.PytestInvocation(
                commands.pytest_command(sys.argv[0], config.invocation_params.args),
                config.rootpath,
                config.invocation_params.dir,
            )
        self.invocation = invocation
        self._saved = {name: os.environ.get(name) for name in (REPORT_VARIABLE, UPDATE_VARIABLE)}
        os.environ[REPORT_VARIABLE] = str(self.log)
        if self.update_flag:
            os.environ[UPDATE_VARIABLE] = "1"
        commands.use_pytest(invocation)
        #: Collectors expanded in this process: node id -> (child node id, is a test) pairs.
        self._expanded: dict[str, list[tuple[str, bool]]] = {}
        #: Tests reported in this run: node id -> every phase so far passed, and "call" ran.
        self._passed: dict[str, bool] = {}
        self._called: set[str] = set()
        self.report: SnapshotReport | None = None

    def _restore(self) -> None:
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    def pytest_unconfigure(self) -> None:
        commands.use_pytest(None)
        self._restore()
        if not self.is_worker:
            shutil.rmtree(self.log, ignore_errors=True)

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """pytest-xdist: hand each worker the log directory and how pytest was started."""
        node.workerinput[_WORKER_INPUT] = {
            "log": str(self.log),
            "command": list(self.invocation.command),
            "rootdir": str(self.invocation.rootdir),
            "directory": str(self.invocation.directory),
        }

    # ------------------------------------------------------------- isolation

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, None, None]:
        if not _isolates_itself(item):
            item.stash[_MARK] = isolation.begin()
        yield

    @pytest.hookimpl(hookwrapper=True, trylast=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, None, None]:
        yield
        mark = item.stash.get(_MARK, None)
        if mark is not None:
            del item.stash[_MARK]
            isolation.end(mark)

    # ------------------------------------------------------------ collection

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.passed:
            self._expanded[report.nodeid] = [
                (child.nodeid, isinstance(child, pytest.Item)) for child in report.result
            ]

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Log the modules this process will run tests of, each with all its tests if known."""
        modules: dict[str, dict[str, Any]] = {}
        for item in session.items:
            module = item.getparent(pytest.Module)
            if module is not None and module.nodeid not in modules:
                tests = self._tests_under(module.nodeid)
                modules[module.nodeid] = {
                    "path": str(module.path),
                    "tests": None
                    if tests is None
                    else sorted(owner_name(test, module.nodeid) for test in tests),
                }
        _write_json(self.log / f"collection-{os.getpid()}.json", modules)

    def _tests_under(self, node_id: str) -> list[str] | None:
        """Every test under the collector ``node_id``, or None if it was not all collected."""
        children = self._expanded.get(node_id)
        if children is None:
            return None
        tests: list[str] = []
        for child, is_test in children:
            if is_test:
                tests.append(child)
                continue
            below = self._tests_under(child)
            if below is None:
                return None
            tests += below
        return tests

    # ------------------------------------------------------------ the report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.is_worker:
            return
        self._passed[report.nodeid] = self._passed.get(report.nodeid, True) and report.passed
        if report.when == "call":
            self._called.add(report.nodeid)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.is_worker:
            return
        modules = [
            ModuleRun(
                Path(entry["path"]),
                None if entry["tests"] is None else frozenset(entry["tests"]),
                {
                    owner_name(node, module_id): self._passed[node] and node in self._called
                    for node in self._passed
                    if node.startswith(module_id + "::")
                },
            )
            for module_id, entry in _read_collections(self.log).items()
        ]
        self.report = build_report(read_records(self.log), modules, self._is_test_name)
        if self.update:
            self.report.delete_unused()

    def _is_test_name(self, name: str) -> bool:
        patterns = ["test", *self.config.getini("python_functions")]
        return any(
            fnmatch.fnmatch(name, pattern)
            if any(wildcard in pattern for wildcard in "*?[")
            else name.startswith(pattern)
            for pattern in patterns
        )

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.report is None:
            return
        text = self.report.summary(self.update, list_writes=True)
        if text:
            terminalreporter.section("djust-testing snapshots")
            for line in text.splitlines():
                terminalreporter.line(line)


def _isolates_itself(item: pytest.Item) -> bool:
    """A ``LiveViewTestMixin`` test isolates itself, in its own cleanups."""
    test_class = getattr(item, "cls", None)
    return isinstance(test_class, type) and issubclass(test_class, LiveViewTestMixin)


def _write_json(path: Path, value: Any) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(value), "utf-8")
    os.replace(temporary, path)


def _read_collections(log: Path) -> dict[str, dict[str, Any]]:
    """What every process collected, merged: a module's tests are known if any process knew."""
    merged: dict[str, dict[str, Any]] = {}
    for path in sorted(log.glob("collection-*.json")):
        for module_id, entry in json.loads(path.read_text("utf-8")).items():
            known = merged.setdefault(module_id, entry)
            if known["tests"] is None:
                known["tests"] = entry["tests"]
    return merged
