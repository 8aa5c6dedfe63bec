"""A test module on disk in a temporary directory, for snapshot cases that write files.

Its file sits a few directories deep, so a snapshot that escapes its folder
(``../../../``) still lands inside the temporary directory, where the case
finds it.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import types
import unittest
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from djust_testing import SnapshotTestMixin

_numbers = itertools.count()
UPDATE = "DJUST_TESTING_UPDATE_SNAPSHOTS"


def _test_it(self: unittest.TestCase) -> None:
    """Placeholder: the cases call the assertions on an instance directly."""


class Sandbox:
    def __init__(self, test: unittest.TestCase, module: str = "test_pages") -> None:
        directory = tempfile.TemporaryDirectory(prefix="probe-snapshots-")
        self.top = Path(directory.name).resolve()
        test.addCleanup(self._cleanup, directory)
        self.root = self.top / "a" / "b" / "c" / "app"
        self.root.mkdir(parents=True)
        self.name = f"probe_sandbox_{next(_numbers)}.{module}"
        self.module = types.ModuleType(self.name)
        self.module.__file__ = str(self.root / f"{module}.py")
        Path(self.module.__file__).write_text("# a test module\n")
        sys.modules[self.name] = self.module
        test.addCleanup(sys.modules.pop, self.name, None)
        self.snapshots = self.root / "__snapshots__"
        self.directory = self.snapshots / module
        self._immutable: list[Path] = []

    def _cleanup(self, directory: tempfile.TemporaryDirectory[str]) -> None:
        for path in self._immutable:
            subprocess.run(["chattr", "-i", str(path)], check=False, capture_output=True)
        for path in [self.top, *self.top.rglob("*")]:
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    path.chmod(0o755)
        directory.cleanup()

    def test_class(
        self, name: str = "PageTests", method: str = "test_it", attribute: str | None = None
    ) -> type[Any]:
        """A SnapshotTestMixin test class with ``__name__`` ``name`` living in this module."""
        cls = type(name, (SnapshotTestMixin, unittest.TestCase), {method: _test_it})
        cls.__module__ = self.name
        cls.__qualname__ = name
        setattr(self.module, attribute or name, cls)
        return cls

    def case(
        self, name: str = "PageTests", method: str = "test_it", attribute: str | None = None
    ) -> Any:
        return self.test_class(name, method, attribute)(method)

    def file(self, name: str) -> Path:
        return self.directory / name

    def files(self) -> list[Path]:
        return sorted(p for p in self.top.rglob("*") if p.is_file() and p.name != "test_pages.py")

    def escaped(self) -> list[Path]:
        """Files written anywhere but inside the module's snapshot folder."""
        return [p for p in self.files() if self.directory not in p.parents]

    def read_only(self, path: Path) -> bool:
        """Make ``path`` (a directory) unwritable, even for root; False if this system cannot."""
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o555)
        if os.geteuid() != 0:
            return True
        done = subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True)
        if done.returncode != 0:
            path.chmod(0o755)
            return False
        self._immutable.append(path)
        return True

    def remove(self) -> None:
        shutil.rmtree(self.snapshots, ignore_errors=True)


@contextlib.contextmanager
def environment(update: bool = False, ci: bool = False) -> Iterator[io.StringIO]:
    """Outside CI and update mode unless asked, started as ``manage.py test``; stderr captured."""
    with mock.patch.dict(os.environ), mock.patch.object(sys, "argv", ["manage.py", "test"]):
        for name in ("CI", UPDATE, "DJUST_TESTING_SNAPSHOT_REPORT"):
            os.environ.pop(name, None)
        if update:
            os.environ[UPDATE] = "1"
        if ci:
            os.environ["CI"] = "true"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            yield err
