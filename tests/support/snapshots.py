"""Sandboxes for snapshot tests: test modules whose snapshots land in a temporary directory."""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
import types
import unittest
from pathlib import Path
from typing import Any
from unittest import mock

from djust_testing import SnapshotTestMixin
from djust_testing.snapshots import REPORT_VARIABLE, UPDATE_VARIABLE

_numbers = itertools.count()


class SnapshotCase(SnapshotTestMixin, unittest.TestCase):
    def test_it(self) -> None:
        """Placeholder: the tests call the assertions on an instance directly."""


class Sandbox:
    """A test module registered under a fresh name, its file in a temporary directory."""

    def __init__(self, test: unittest.TestCase, module: str = "test_pages") -> None:
        directory = tempfile.TemporaryDirectory(prefix="djust-testing-sandbox-")
        test.addCleanup(directory.cleanup)
        self.root = Path(directory.name).resolve()
        self.name = f"snapshot_sandbox_{next(_numbers)}.{module}"
        self.module = types.ModuleType(self.name)
        self.module.__file__ = str(self.root / f"{module}.py")
        sys.modules[self.name] = self.module
        test.addCleanup(sys.modules.pop, self.name, None)
        self.directory = self.root / "__snapshots__" / module

    def add(self, test_class: type[Any]) -> type[Any]:
        """Move ``test_class`` into this module, as if it had been written there."""
        test_class.__module__ = self.name
        test_class.__qualname__ = test_class.__name__
        setattr(self.module, test_class.__name__, test_class)
        return test_class

    def case(self, class_name: str = "PageTests", method: str = "test_it") -> Any:
        """A fresh instance of a ``SnapshotCase`` subclass living in this module."""
        test_class = self.add(type(class_name, (SnapshotCase,), {method: SnapshotCase.test_it}))
        return test_class(method)

    def path(self, file_name: str) -> Path:
        return self.directory / file_name


def isolate(test: unittest.TestCase, **environ: str) -> None:
    """Run ``test`` outside CI and update mode, as if started by ``python manage.py test``.

    The suite itself may run in CI or with ``DJUST_TESTING_UPDATE_SNAPSHOTS``
    set; the tests pick their own mode.
    """
    patcher = mock.patch.dict(os.environ)
    patcher.start()
    test.addCleanup(patcher.stop)
    for name in ("CI", UPDATE_VARIABLE, REPORT_VARIABLE):
        os.environ.pop(name, None)
    os.environ.update(environ)
    argv = mock.patch.object(sys, "argv", ["manage.py", "test"])
    argv.start()
    test.addCleanup(argv.stop)
