from __future__ import annotations

import os
import unittest

from django.test import SimpleTestCase

from djust_testing import LiveViewTestCase, SnapshotTestMixin

from .views import GreetingView, greeting


class WorkerCheck(unittest.TestCase):
    def setUp(self) -> None:
        super().setUp()
        if os.environ.get("SNAPPROJ_EXPECT_WORKER"):
            self.assertNotEqual(os.getpid(), int(os.environ["SNAPPROJ_MAIN_PID"]))


class PageTests(SnapshotTestMixin, LiveViewTestCase, WorkerCheck):
    def test_page(self) -> None:
        self.assert_html_snapshot("page", self.live(GreetingView))

    def test_twice(self) -> None:
        live = self.live(GreetingView)
        self.assert_html_snapshot("page", live)
        self.assert_html_snapshot("page", live.render())


class TextTests(SnapshotTestMixin, SimpleTestCase, WorkerCheck):
    def test_text(self) -> None:
        self.assert_snapshot("lines", f"{greeting()}\nsecond line")
