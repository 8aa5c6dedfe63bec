"""``SnapshotTestMixin``: snapshot assertions for a ``unittest.TestCase``.

The page is stored as a readable file beside the test, compared on every
run. HTML is normalized before it is compared or stored, so markup that
renders the same matches and the volatile parts of a render never cause a
diff (``check``); ``modes`` decides what a missing or different snapshot
does. Files are named after the test's class and method (``files``).
"""

from __future__ import annotations

import unittest
from pathlib import Path

from ..exceptions import DjustTestingError
from .check import SnapshotAssertions
from .files import snapshot_path

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


class SnapshotTestMixin(SnapshotAssertions):
    """Adds ``assert_html_snapshot()`` and ``assert_snapshot()`` to any ``unittest.TestCase``.

    Works with ``LiveViewTestCase``, Django's test cases and plain
    ``unittest.TestCase``.
    """

    _snapshots_seen: dict[Path, str]

    def _snapshot_path(self, name: str, suffix: str) -> Path:
        if not isinstance(self, unittest.TestCase):
            raise DjustTestingError("SnapshotTestMixin works only in a unittest.TestCase")
        return snapshot_path(self, name, suffix)

    def _snapshot_test_id(self) -> str:
        assert isinstance(self, unittest.TestCase)  # checked by _snapshot_path
        return self.id()

    def _seen(self) -> dict[Path, str]:
        if not hasattr(self, "_snapshots_seen"):
            self._snapshots_seen = {}
            self.addCleanup(self._forget_snapshots)  # type: ignore[attr-defined]
        return self._snapshots_seen

    def _forget_snapshots(self) -> None:
        del self._snapshots_seen
