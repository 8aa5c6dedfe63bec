"""Snapshot names and files nothing can trick: every file stays in its folder, every file
problem names the snapshot, update mode repairs what it can, diffs show every difference."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any
from unittest import mock

from django.test import SimpleTestCase

from djust_testing import DjustTestingError
from djust_testing.snapshots import UPDATE_VARIABLE
from tests.support.snapshots import Sandbox, isolate


class SnapshotFileTestBase(SimpleTestCase):
    def setUp(self) -> None:
        super().setUp()
        isolate(self)
        self.sandbox = Sandbox(self)
        self.path = self.sandbox.path("PageTests.test_it.page.txt")

    def store(self, content: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(content)

    def check(self, text: str = "x", case: Any = None) -> None:
        with redirect_stderr(io.StringIO()):
            (case or self.sandbox.case()).assert_snapshot("page", text)

    def failure(self, text: str = "x") -> str:
        with self.assertRaises(AssertionError) as caught:
            self.check(text)
        return str(caught.exception)

    def written_anywhere(self) -> list[str]:
        return sorted(
            str(path.relative_to(self.sandbox.root))
            for path in self.sandbox.root.rglob("*")
            if path.is_file()
        )


class ClassAndMethodNameTests(SnapshotFileTestBase):
    def test_a_class_name_that_is_not_an_identifier_is_refused(self) -> None:
        for name in ("../../../evil", "../evil", "a/b", "..", "Page Tests", "Page\nTests", "/abs"):
            with (
                self.subTest(name=name),
                self.assertRaisesMessage(
                    DjustTestingError,
                    "snapshot files are named after the test class and method, and the test "
                    f"class's name {name!r} cannot be part of a file name: use a Python "
                    "identifier",
                ),
            ):
                self.check(case=self.sandbox.case(name))
        self.assertEqual(self.written_anywhere(), [])

    def test_a_method_name_that_is_not_an_identifier_is_refused(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "and the test method's name 'test_../../../evil' cannot be part of a file name",
        ):
            self.check(case=self.sandbox.case(method="test_../../../evil"))
        self.assertEqual(self.written_anywhere(), [])

    def test_a_unicode_identifier_is_fine(self) -> None:
        self.check(case=self.sandbox.case("CaféTests"))
        self.assertTrue(self.sandbox.path("CaféTests.test_it.page.txt").is_file())

    def test_a_name_too_long_for_the_file_system_is_refused_naming_the_file(self) -> None:
        limit = os.pathconf(self.sandbox.root, "PC_NAME_MAX")
        long_class = "C" * limit
        file_name = f"{long_class}.test_it.page.txt"
        with self.assertRaisesMessage(
            DjustTestingError,
            f"the snapshot file name {file_name!r} is {len(file_name)} bytes, and the file "
            f"system allows {limit}: shorten the snapshot name, the test method's name or the "
            "class's name",
        ):
            self.check(case=self.sandbox.case(long_class))
        self.assertEqual(self.written_anywhere(), [])

    def test_two_classes_with_one_name_are_refused(self) -> None:
        first = self.sandbox.case("PageTests")
        twin = type("PageTests", (type(first),), {})
        twin.__module__ = self.sandbox.name
        self.sandbox.module.PageTestsAgain = twin  # type: ignore[attr-defined]
        for case in (first, twin("test_it")):
            with self.assertRaisesMessage(
                DjustTestingError,
                f"two test classes in {self.sandbox.name} are named PageTests (PageTests, "
                "PageTestsAgain); their snapshot files would share names "
                "(PageTests.<test>.<snapshot>.html), and one would overwrite the other's. Give "
                "each class its own __name__.",
            ):
                self.check(case=case)
        self.assertEqual(self.written_anywhere(), [])

    def test_an_alias_of_the_same_class_is_fine(self) -> None:
        case = self.sandbox.case("PageTests")
        self.sandbox.module.Alias = type(case)  # type: ignore[attr-defined]
        self.check(case=case)


class StoredFileTests(SnapshotFileTestBase):
    def test_a_file_that_is_not_utf_8_fails_naming_it(self) -> None:
        self.store(b"\xff\xfe broken\n")
        message = self.failure()
        self.assertIn(
            f"Snapshot 'page' is not valid UTF-8 (byte 0xff at offset 0): {self.path}\n"
            "Snapshots are UTF-8 text; if the change is intended, rewrite it with either "
            "command:\n  DJUST_TESTING_UPDATE_SNAPSHOTS=1 python manage.py test",
            message,
        )

    def test_update_mode_rewrites_it(self) -> None:
        self.store(b"ok \xc3\x28\n")
        with mock.patch.dict(os.environ, {UPDATE_VARIABLE: "1"}):
            self.check()
        self.assertEqual(self.path.read_bytes(), b"x\n")

    def test_a_blank_line_at_the_end_shows_in_the_diff(self) -> None:
        self.store(b"x\n\n")
        message = self.failure()
        self.assertIn("--- stored\n+++ received\n@@ -1,2 +1 @@\n x\n-\n", message)
        self.assertIn("(the stored text ends with 1 more newline than the received one)", message)

    def test_a_newline_the_file_lacks_shows_in_the_diff(self) -> None:
        self.store(b"x\n")
        message = self.failure("x\n")
        self.assertIn("@@ -1 +1,2 @@\n x\n+\n", message)
        self.assertIn("(the received text ends with 1 more newline than the stored one)", message)

    def test_an_invisible_difference_is_named(self) -> None:
        self.store(b"a\tb\n")
        message = self.failure("a b")
        self.assertIn("-a\tb\n+a b", message)
        self.assertIn(
            "(the texts differ only in whitespace or invisible characters: stored 'a\\tb', "
            "received 'a b')",
            message,
        )


class PathsThatCannotBeUsedTests(SnapshotFileTestBase):
    def test_a_directory_where_the_file_should_be(self) -> None:
        self.path.mkdir(parents=True)
        for update in ("0", "1"):
            with (
                self.subTest(update=update),
                mock.patch.dict(os.environ, {UPDATE_VARIABLE: update}),
                self.assertRaisesMessage(
                    DjustTestingError,
                    f"Snapshot {self.path} cannot be read: it is a directory, not a file. Remove "
                    "or rename it.",
                ),
            ):
                self.check()
        self.assertTrue(self.path.is_dir())  # never deleted

    def test_a_file_where_the_folder_should_be(self) -> None:
        self.path.parent.parent.mkdir(parents=True)
        self.path.parent.write_text("not a folder")
        with self.assertRaisesMessage(
            DjustTestingError,
            f"Snapshot {self.path} cannot be stored: {self.path.parent} exists and is not a "
            "directory.",
        ):
            self.check()

    def test_a_folder_that_cannot_be_written(self) -> None:
        self.path.parent.mkdir(parents=True)
        with (
            mock.patch(
                "djust_testing.snapshots.files.tempfile.mkstemp",
                side_effect=PermissionError(13, "Permission denied", "/x/.djust-snapshot-1.tmp"),
            ),
            self.assertRaises(DjustTestingError) as caught,
        ):
            self.check()
        self.assertEqual(
            str(caught.exception),
            f"Snapshot {self.path} could not be written: permission denied ({self.path.parent} "
            "is not writable)",
        )
        self.assertNotIn(".tmp", str(caught.exception))

    def test_the_temporary_file_does_not_repeat_the_snapshots_name(self) -> None:
        names: list[str] = []
        real = os.replace

        def replace(source: str, target: Any) -> None:
            names.append(Path(source).name)
            real(source, target)

        with mock.patch("djust_testing.snapshots.files.os.replace", replace):
            self.check()
        [name] = names
        self.assertTrue(name.startswith(".djust-snapshot-") and name.endswith(".tmp"), name)
