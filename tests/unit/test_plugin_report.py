"""Snapshot files by pytest node id, and the unused ones a pytest run finds (_plugin/report.py).

The plugin's end-to-end tests are in tests/pytest_plugin; these pin the
naming and the rules on files pytest's sessions there do not all reach.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from djust_testing import DjustTestingError
from djust_testing._plugin.report import ModuleRun, build_report, check_owner, owner_name
from djust_testing.snapshots.report import Record


def is_test(name: str) -> bool:
    return name.startswith("test")


class OwnerNameTests(SimpleTestCase):
    def test_a_node_id_inside_its_module_with_dots_for_double_colons(self) -> None:
        for node, owner in [
            ("tests/test_cart.py::test_empty", "test_empty"),
            ("tests/test_cart.py::TestCart::test_total[eur-2]", "TestCart.test_total[eur-2]"),
            ("tests/test_cart.py::TestCart::TestInner::test_x", "TestCart.TestInner.test_x"),
        ]:
            with self.subTest(node=node):
                self.assertEqual(owner_name(node, "tests/test_cart.py"), owner)
                self.assertEqual(check_owner(owner, node), owner)

    def test_parameter_ids_that_cannot_be_file_names_are_refused(self) -> None:
        for owner in ["test_x[a b]", "test_x[a/b]", "test_x[\\xe9]", "test_x[a]b]", "test_x["]:
            with (
                self.subTest(owner=owner),
                self.assertRaisesMessage(
                    DjustTestingError, "cannot be part of a file name: give the case an id of"
                ),
            ):
                check_owner(owner, f"t.py::{owner}")

    def test_a_name_that_is_not_an_identifier_is_refused(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "snapshot files are named after the test's node id, and 'test-x' in "
            "'t.py::test-x' cannot be part of a file name: use Python identifiers",
        ):
            check_owner("test-x", "t.py::test-x")


class BuildReportTests(SimpleTestCase):
    def setUp(self) -> None:
        super().setUp()
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.module = Path(directory.name).resolve() / "test_pages.py"
        self.module.write_text("")
        self.folder = self.module.parent / "__snapshots__" / "test_pages"
        self.folder.mkdir(parents=True)

    def files(self, *names: str) -> None:
        for name in names:
            (self.folder / name).write_text("x\n")

    def names(self, paths: list[Path]) -> list[str]:
        return [path.name for path in paths]

    def test_a_file_is_unused_when_its_test_passed_without_it_or_is_gone(self) -> None:
        self.files(
            "test_a.used.txt",  # asserted
            "test_a.old.txt",  # its test passed without it
            "test_b.page.html",  # its test failed
            "test_c.page.html",  # its test did not run
            "test_gone.page.v2.html",  # no such test any more
            "test_a[3].n.txt",  # a case that is gone
            "TestK.test_m.x.txt",  # a method of a class the module has
            "TestK.test_gone.x.txt",  # a method the class no longer has
            "TestOld.test_m.x.txt",  # a class the module does not have
            "README.txt",
            "notes.html",
            "TestK.helper.txt",
            ".djust-snapshot-1.tmp",
        )
        module = ModuleRun(
            self.module,
            frozenset({"test_a", "test_b", "test_c", "TestK.test_m"}),
            {"test_a": True, "test_b": False, "TestK.test_m": True},
        )
        records = [Record("t", self.folder / "test_a.used.txt", "matched")]
        report = build_report(records, [module], is_test)
        self.assertEqual(
            self.names([item.path for item in report.unused]),
            [
                "TestK.test_gone.x.txt",
                "TestK.test_m.x.txt",
                "test_a.old.txt",
                "test_a[3].n.txt",
                "test_gone.page.v2.html",
            ],
        )
        self.assertEqual(self.names(report.strays), ["TestOld.test_m.x.txt"])
        self.assertFalse(any(item.module_ran_completely for item in report.unused))

    def test_a_module_ran_completely_when_every_test_it_has_ran(self) -> None:
        self.files("test_a.old.txt")
        complete = ModuleRun(
            self.module, frozenset({"test_a", "test_b"}), {"test_a": True, "test_b": False}
        )
        [item] = build_report([], [complete], is_test).unused
        self.assertTrue(item.module_ran_completely)

    def test_a_module_not_collected_whole_reports_only_the_files_of_tests_that_ran(self) -> None:
        self.files("test_a.old.txt", "test_gone.x.txt", "TestOld.test_m.x.txt")
        partial = ModuleRun(self.module, None, {"test_a": True})
        report = build_report([], [partial], is_test)
        self.assertEqual(self.names([item.path for item in report.unused]), ["test_a.old.txt"])
        self.assertEqual(report.strays, [])
        self.assertFalse(report.unused[0].module_ran_completely)

    def test_the_longest_owner_that_fits_owns_a_file(self) -> None:
        # test_a's snapshot "b.x", or the test test_a.b's "x": test_a.b is a test here.
        self.files("TestA.test_b.x.txt")
        module = ModuleRun(self.module, frozenset({"TestA.test_b"}), {"TestA.test_b": False})
        report = build_report([], [module], is_test)
        self.assertEqual((report.unused, report.strays), ([], []))

    def test_modules_that_did_not_run_are_not_looked_at(self) -> None:
        self.files("test_gone.x.txt")
        module = ModuleRun(self.module, frozenset({"test_a"}), {})
        self.assertEqual(build_report([], [module], is_test).unused, [])

    def test_the_counts_and_the_files_written_and_rewritten(self) -> None:
        records = [
            Record("a", self.folder / "test_b.x.txt", "written"),
            Record("a", self.folder / "test_a.x.txt", "written"),
            Record("a", self.folder / "test_a.y.txt", "updated"),
            Record("a", self.folder / "test_a.z.txt", "matched"),
        ]
        report = build_report(records, [], is_test)
        summary = report.summary(False, list_writes=True).replace(f"{self.folder}/", "")
        self.assertEqual(
            summary,
            "Snapshots: 1 matched, 2 written, 1 updated, 0 failed, 0 unused.\n"
            "Wrote new snapshots (read them before you commit them):\n"
            "  test_a.x.txt\n"
            "  test_b.x.txt\n"
            "Updated snapshots (check them with git diff):\n"
            "  test_a.y.txt",
        )
        self.assertNotIn("Wrote", report.summary(False))
