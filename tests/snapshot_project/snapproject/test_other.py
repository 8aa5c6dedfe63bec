from __future__ import annotations

from django.test import SimpleTestCase

from djust_testing import SnapshotTestMixin

from .test_pages import WorkerCheck


class OtherTests(SnapshotTestMixin, SimpleTestCase, WorkerCheck):
    def test_badge(self) -> None:
        self.assert_html_snapshot("badge", '<span  class="badge">new</span>')

    def test_plain(self) -> None:
        self.assertTrue(True)
