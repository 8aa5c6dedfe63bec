from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

from django.test import SimpleTestCase
from django.test.runner import DebugSQLTextTestResult, DiscoverRunner

from djust_testing import DjustTestingError, SnapshotTestMixin, snapshots
from djust_testing.runner import LiveViewTestRunner
from tests.support.snapshots import Sandbox, isolate

REPO = Path(__file__).resolve().parent.parent
PROJECT = Path(__file__).resolve().parent.parent / "snapshot_project"


def page_tests(sandbox: Sandbox, values: dict[str, str]) -> type[unittest.TestCase]:
    """Tests with every outcome a snapshot file's owner can have."""

    class PageTests(SnapshotTestMixin, unittest.TestCase):
        def test_a(self) -> None:
            self.assert_snapshot("a", values["a"])

        def test_b(self) -> None:
            self.assert_snapshot("b", values["b"])

        def test_plain(self) -> None:
            pass

        def test_fails(self) -> None:
            self.fail("before its snapshot")

        @unittest.skip("not today")
        def test_skipped(self) -> None:
            pass

    return sandbox.add(PageTests)


class RunSuiteTests(SimpleTestCase):
    """The runner's run_suite() in this process, over tests in sandbox modules."""

    def setUp(self) -> None:
        super().setUp()
        isolate(self)
        self.sandbox = Sandbox(self)
        self.values = {"a": "1", "b": "2"}
        self.PageTests = page_tests(self.sandbox, self.values)

    def run_tests(self, *names: str, **options: Any) -> tuple[unittest.TestResult, str]:
        """Run ``PageTests`` methods (default: the snapshot ones); return the result and stderr."""
        tests = [self.PageTests(name) for name in names or ("test_a", "test_b")]
        options.setdefault("verbosity", 1)
        err = io.StringIO()
        with redirect_stderr(err):
            result = LiveViewTestRunner(**options).run_suite(unittest.TestSuite(tests))
        return result, err.getvalue()

    def run_all(self, **options: Any) -> tuple[unittest.TestResult, str]:
        return self.run_tests(
            "test_a", "test_b", "test_plain", "test_fails", "test_skipped", **options
        )

    def summary(self, stderr: str) -> str:
        return stderr[stderr.index("Snapshots:") :].rstrip("\n")

    def file(self, name: str) -> Path:
        return self.sandbox.path(f"PageTests.{name}")

    def seed(self, *names: str) -> None:
        for name in names:
            snapshots.write_snapshot(self.file(name), "old")

    def test_counts_each_outcome(self) -> None:
        _, stderr = self.run_tests()
        self.assertEqual(
            self.summary(stderr), "Snapshots: 0 matched, 2 written, 0 updated, 0 failed, 0 unused."
        )
        self.values["b"] = "changed"
        result, stderr = self.run_tests()
        self.assertEqual(len(result.failures), 1)
        self.assertEqual(
            self.summary(stderr), "Snapshots: 1 matched, 0 written, 0 updated, 1 failed, 0 unused."
        )

    def test_update_snapshots_rewrites_and_counts(self) -> None:
        self.run_tests()
        self.values["b"] = "changed"
        result, stderr = self.run_tests(update_snapshots=True)
        self.assertTrue(result.wasSuccessful())
        self.assertEqual(
            self.summary(stderr), "Snapshots: 1 matched, 0 written, 1 updated, 0 failed, 0 unused."
        )
        self.assertEqual(self.file("test_b.b.txt").read_text(), "changed\n")

    def test_the_environment_is_restored_after_the_run(self) -> None:
        os.environ[snapshots.REPORT_VARIABLE] = "/outer/report"
        seen: list[tuple[str | None, str | None]] = []

        class Peek(unittest.TestCase):
            def test_environment(self) -> None:
                seen.append(
                    (
                        os.environ.get(snapshots.UPDATE_VARIABLE),
                        os.environ.get(snapshots.REPORT_VARIABLE),
                    )
                )

        with redirect_stderr(io.StringIO()):
            LiveViewTestRunner(update_snapshots=True).run_suite(
                unittest.TestSuite([Peek("test_environment")])
            )
        [(update, report)] = seen
        self.assertEqual(update, "1")
        self.assertNotEqual(report, "/outer/report")
        self.assertFalse(Path(str(report)).exists())  # the runner's own directory, removed
        self.assertEqual(os.environ[snapshots.REPORT_VARIABLE], "/outer/report")
        self.assertNotIn(snapshots.UPDATE_VARIABLE, os.environ)

    def test_lists_snapshots_no_passing_test_asserted(self) -> None:
        self.seed(
            "test_gone.x.html",  # its test no longer exists
            "test_plain.x.txt",  # its test passed without asserting it
            "test_a.renamed.txt",  # its test passed asserting another name
            "test_fails.x.txt",  # its test failed before asserting it: kept quiet
            "test_skipped.x.txt",  # its test was skipped: kept quiet
        )
        (self.sandbox.directory / "README.md").write_text("not a snapshot")
        (self.sandbox.directory / ".PageTests.test_gone.y.html.tmp").write_text(
            "a write in progress"
        )
        _, stderr = self.run_all()
        directory = self.sandbox.directory
        self.assertEqual(
            self.summary(stderr),
            "Snapshots: 0 matched, 2 written, 0 updated, 0 failed, 3 unused.\n"
            "Unused snapshots (no test that ran asserted them; --update-snapshots deletes them "
            "when their whole test module runs):\n"
            f"  {directory / 'PageTests.test_a.renamed.txt'}\n"
            f"  {directory / 'PageTests.test_gone.x.html'}\n"
            f"  {directory / 'PageTests.test_plain.x.txt'}",
        )
        self.assertTrue(self.file("test_gone.x.html").exists())

    def test_a_test_that_did_not_run_keeps_its_snapshots(self) -> None:
        self.seed("test_plain.x.txt", "test_gone.x.html")
        _, stderr = self.run_tests("test_a")
        self.assertTrue(
            stderr.endswith(f"1 unused.\n{_UNUSED}\n  {self.file('test_gone.x.html')}\n")
        )

    def test_update_snapshots_deletes_the_unused_of_a_module_that_ran_completely(self) -> None:
        self.seed("test_gone.x.html", "test_plain.x.txt", "test_fails.x.txt")
        _, stderr = self.run_all(update_snapshots=True)
        self.assertEqual(
            self.summary(stderr),
            "Snapshots: 0 matched, 2 written, 0 updated, 0 failed, 2 unused.\n"
            "Deleted unused snapshots:\n"
            f"  {self.file('test_gone.x.html')}\n"
            f"  {self.file('test_plain.x.txt')}",
        )
        self.assertEqual(
            sorted(os.listdir(self.sandbox.directory)),
            ["PageTests.test_a.a.txt", "PageTests.test_b.b.txt", "PageTests.test_fails.x.txt"],
        )

    def test_update_snapshots_deletes_only_files_named_as_its_tests_snapshots(self) -> None:
        kept = [
            "README.txt",
            "notes.html",
            "PageTests.txt",  # no method, no name
            "PageTests.test_a.txt",  # no name
            "PageTests.helper.x.txt",  # not a test method's name
            "PageTests.test_a.bad name.txt",  # not a snapshot name
        ]
        strays = ["OldTests.test_a.x.txt", "pagetests.test_a.x.txt"]
        for name in kept + strays:
            (self.sandbox.directory / name).parent.mkdir(parents=True, exist_ok=True)
            (self.sandbox.directory / name).write_text("mine\n")
        self.seed("test_gone.x.html")
        _, stderr = self.run_all(update_snapshots=True)  # test_fails fails, as it must
        self.assertEqual(
            self.summary(stderr),
            "Snapshots: 0 matched, 2 written, 0 updated, 0 failed, 1 unused.\n"
            "Deleted unused snapshots:\n"
            f"  {self.file('test_gone.x.html')}\n"
            "Left alone (named like snapshots, but their modules have no test class of that "
            "name; delete them by hand if they are stale):\n"
            f"  {self.sandbox.directory / 'OldTests.test_a.x.txt'}\n"
            f"  {self.sandbox.directory / 'pagetests.test_a.x.txt'}",
        )
        for name in kept + strays:
            with self.subTest(name):
                self.assertEqual((self.sandbox.directory / name).read_text(), "mine\n")

    def test_update_snapshots_keeps_the_unused_of_a_module_that_ran_in_part(self) -> None:
        self.seed("test_gone.x.html")
        _, stderr = self.run_tests("test_a", "test_b", "test_plain", update_snapshots=True)
        self.assertEqual(
            self.summary(stderr),
            "Snapshots: 0 matched, 2 written, 0 updated, 0 failed, 1 unused.\n"
            "Kept unused snapshots (their test modules did not run completely; run a whole "
            "module with --update-snapshots to delete its unused snapshots):\n"
            f"  {self.file('test_gone.x.html')}",
        )
        self.assertTrue(self.file("test_gone.x.html").exists())

    def test_the_environment_variable_also_deletes(self) -> None:
        self.seed("test_gone.x.html")
        os.environ[snapshots.UPDATE_VARIABLE] = "1"
        _, stderr = self.run_all()
        self.assertIn("Deleted unused snapshots:", stderr)
        self.assertFalse(self.file("test_gone.x.html").exists())

    def test_a_directory_left_empty_is_removed(self) -> None:
        sandbox = Sandbox(self, "test_empty")

        class EmptyTests(unittest.TestCase):
            def test_plain(self) -> None:
                pass

        sandbox.add(EmptyTests)
        snapshots.write_snapshot(sandbox.path("EmptyTests.test_gone.x.html"), "old")
        with redirect_stderr(io.StringIO()):
            LiveViewTestRunner(update_snapshots=True).run_suite(
                unittest.TestSuite([EmptyTests("test_plain")])
            )
        self.assertEqual(os.listdir(sandbox.root), [])

    def test_a_run_without_snapshots_prints_no_summary(self) -> None:
        _, stderr = self.run_tests("test_plain")
        self.assertNotIn("Snapshots:", stderr)

    def test_verbosity_0_prints_no_summary(self) -> None:
        _, stderr = self.run_tests(verbosity=0)
        self.assertNotIn("Snapshots:", stderr)

    def test_an_unclear_update_variable_stops_the_run(self) -> None:
        os.environ[snapshots.UPDATE_VARIABLE] = "maybe"
        with self.assertRaisesMessage(
            DjustTestingError, "DJUST_TESTING_UPDATE_SNAPSHOTS is 'maybe'"
        ):
            self.run_tests()
        self.assertFalse(self.sandbox.directory.exists())


_UNUSED = (
    "Unused snapshots (no test that ran asserted them; --update-snapshots deletes them when "
    "their whole test module runs):"
)


class RunnerClassTests(SimpleTestCase):
    def test_is_a_discover_runner_with_an_update_snapshots_option(self) -> None:
        self.assertTrue(issubclass(LiveViewTestRunner, DiscoverRunner))
        parser = argparse.ArgumentParser()
        LiveViewTestRunner.add_arguments(parser)
        self.assertIs(parser.parse_args(["--update-snapshots"]).update_snapshots, True)
        options = parser.parse_args(["--parallel", "2"])
        self.assertIs(options.update_snapshots, False)
        self.assertIs(LiveViewTestRunner(**vars(options)).update_snapshots, False)

    def test_keeps_djangos_result_classes(self) -> None:
        debug = LiveViewTestRunner(debug_sql=True).get_resultclass()
        self.assertTrue(issubclass(debug, DebugSQLTextTestResult))
        self.assertIs(LiveViewTestRunner(debug_sql=True).get_resultclass(), debug)
        self.assertTrue(issubclass(LiveViewTestRunner().get_resultclass(), unittest.TextTestResult))

    def test_a_skip_reported_without_start_test_still_counts_as_run(self) -> None:
        # Python 3.12.1's unittest reports skips this way.
        test = RunSuiteTests("test_counts_each_outcome")
        result = LiveViewTestRunner().get_resultclass()(io.StringIO(), False, 0)
        result.addSkip(test, "not today")
        self.assertEqual(result.snapshot_tests, {test.id(): (test, False)})

    def test_a_subclass_can_extend_it(self) -> None:
        class ProjectRunner(LiveViewTestRunner):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.extended = True

        runner = ProjectRunner(update_snapshots=True, verbosity=0)
        self.assertTrue(runner.update_snapshots and runner.extended)


class ManagePyTests(SimpleTestCase):
    """``manage.py test`` in a fresh copy of tests/snapshot_project, in a subprocess.

    The project's TEST_RUNNER is LiveViewTestRunner. Its tests snapshot a
    LiveView page, text and plain HTML in two modules; SNAPPROJ_GREETING
    changes what the page says.
    """

    def setUp(self) -> None:
        super().setUp()
        directory = tempfile.TemporaryDirectory(prefix="djust-testing-project-")
        self.addCleanup(directory.cleanup)
        self.project = Path(directory.name) / "project"
        shutil.copytree(
            PROJECT, self.project, ignore=shutil.ignore_patterns("__pycache__", "__snapshots__")
        )
        self.snapshots = self.project / "snapproject" / "__snapshots__"

    def manage(self, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("CI", "DJANGO_SETTINGS_MODULE", "PYTHONPATH")
            and not name.startswith("DJUST_TESTING_")
        }
        env["PYTHONPATH"] = str(REPO)
        env.update(environ)
        return subprocess.run(
            [sys.executable, "manage.py", "test", *args],
            cwd=self.project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def files(self) -> list[str]:
        return sorted(
            path.relative_to(self.snapshots).as_posix() for path in self.snapshots.rglob("*.*")
        )

    def summary(self, run: subprocess.CompletedProcess[str]) -> str:
        self.assertIn("Snapshots:", run.stderr, run.stderr)
        lines = run.stderr[run.stderr.index("Snapshots:") :].splitlines()
        return "\n".join(line for line in lines if not line.startswith("Destroying test database"))

    def test_a_local_run_writes_then_matches_then_fails_then_updates(self) -> None:
        first = self.manage()
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIn(
            "djust_testing: wrote new snapshot "
            "snapproject/__snapshots__/test_pages/PageTests.test_page.page.html\n",
            first.stderr,
        )
        self.assertEqual(
            self.summary(first), "Snapshots: 1 matched, 4 written, 0 updated, 0 failed, 0 unused."
        )
        self.assertEqual(
            self.files(),
            [
                "test_other/OtherTests.test_badge.badge.html",
                "test_pages/PageTests.test_page.page.html",
                "test_pages/PageTests.test_twice.page.html",
                "test_pages/TextTests.test_text.lines.txt",
            ],
        )
        self.assertEqual(
            (self.snapshots / "test_pages/PageTests.test_page.page.html").read_text(),
            '<h1 class="main title">\n'
            "  Hello\n"
            "</h1>\n"
            "<form>\n"
            '  <input name="csrfmiddlewaretoken" type="hidden" value="<csrf token>">\n'
            '  <input name="q">\n'
            "</form>\n",
        )

        second = self.manage()
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertNotIn("djust_testing:", second.stderr)
        self.assertEqual(
            self.summary(second), "Snapshots: 5 matched, 0 written, 0 updated, 0 failed, 0 unused."
        )

        changed = self.manage("snapproject.test_pages", SNAPPROJ_GREETING="Goodbye")
        self.assertEqual(changed.returncode, 1)
        self.assertIn(
            "AssertionError: Snapshot 'lines' does not match the stored one.\n"
            "  snapshot: snapproject/__snapshots__/test_pages/TextTests.test_text.lines.txt\n"
            "--- stored\n"
            "+++ received\n"
            "@@ -1,2 +1,2 @@\n"
            "-Hello\n"
            "+Goodbye\n"
            " second line\n"
            "If the change is intended, update the snapshot with either command:\n"
            "  DJUST_TESTING_UPDATE_SNAPSHOTS=1 python manage.py test "
            "snapproject.test_pages.TextTests.test_text\n"
            "  python manage.py test --update-snapshots "
            "snapproject.test_pages.TextTests.test_text\n",
            changed.stderr,
        )
        self.assertEqual(
            self.summary(changed), "Snapshots: 0 matched, 0 written, 0 updated, 3 failed, 0 unused."
        )

        # The command the message gives, as given.
        [command] = re.findall(
            r"^  (python manage.py test --update-snapshots \S+TextTests\S+)$", changed.stderr, re.M
        )
        updated = self.manage(*command.split()[3:], SNAPPROJ_GREETING="Goodbye")
        self.assertEqual(updated.returncode, 0, updated.stderr)
        self.assertEqual(
            self.summary(updated), "Snapshots: 0 matched, 0 written, 1 updated, 0 failed, 0 unused."
        )
        self.assertEqual(
            (self.snapshots / "test_pages/TextTests.test_text.lines.txt").read_text(),
            "Goodbye\nsecond line\n",
        )

    def test_ci_fails_on_a_missing_snapshot_and_writes_nothing(self) -> None:
        run = self.manage("snapproject.test_other", CI="true")
        self.assertEqual(run.returncode, 1)
        self.assertIn(
            "AssertionError: Snapshot 'badge' does not exist: "
            "snapproject/__snapshots__/test_other/OtherTests.test_badge.badge.html\n"
            "CI is set (CI='true'), so a missing snapshot fails instead of being written. "
            "Create it by running the test where CI is not set, then commit the file:\n"
            "  python manage.py test snapproject.test_other.OtherTests.test_badge\n",
            run.stderr,
        )
        self.assertEqual(
            self.summary(run), "Snapshots: 0 matched, 0 written, 0 updated, 1 failed, 0 unused."
        )
        self.assertFalse(self.snapshots.exists())

    def test_update_snapshots_deletes_unused_only_for_modules_that_ran_completely(self) -> None:
        self.assertEqual(self.manage().returncode, 0)
        orphans = [
            "test_other/OtherTests.test_gone.x.html",
            "test_other/OtherTests.test_plain.y.html",
            "test_pages/PageTests.test_page.old.html",
        ]
        for orphan in orphans:
            (self.snapshots / orphan).write_text("<p>\n  stale\n</p>\n")
        partial = self.manage(
            "--update-snapshots",
            "snapproject.test_other",
            "snapproject.test_pages.PageTests.test_page",
        )
        self.assertEqual(partial.returncode, 0, partial.stderr)
        prefix = "  snapproject/__snapshots__/"
        self.assertEqual(
            self.summary(partial),
            "Snapshots: 2 matched, 0 written, 0 updated, 0 failed, 3 unused.\n"
            "Deleted unused snapshots:\n"
            f"{prefix}{orphans[0]}\n"
            f"{prefix}{orphans[1]}\n"
            "Kept unused snapshots (their test modules did not run completely; run a whole "
            "module with --update-snapshots to delete its unused snapshots):\n"
            f"{prefix}{orphans[2]}",
        )
        complete = self.manage("--update-snapshots")
        self.assertEqual(
            self.summary(complete),
            "Snapshots: 5 matched, 0 written, 0 updated, 0 failed, 1 unused.\n"
            f"Deleted unused snapshots:\n{prefix}{orphans[2]}",
        )
        self.assertNotIn("old.html", str(self.files()))
        self.assertEqual(len(self.files()), 4)

    def test_parallel_workers_results_reach_the_summary(self) -> None:
        # SNAPPROJ_EXPECT_WORKER makes every test fail in the runner's own
        # process: the outcomes below can only come from the workers.
        workers = {"SNAPPROJ_EXPECT_WORKER": "1"}
        first = self.manage("--parallel", "2", **workers)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertEqual(first.stderr.count("Cloning test database"), 2)
        self.assertEqual(
            self.summary(first), "Snapshots: 1 matched, 4 written, 0 updated, 0 failed, 0 unused."
        )
        (self.snapshots / "test_other/OtherTests.test_gone.x.html").write_text("stale\n")
        updated = self.manage(
            "--parallel", "2", "--update-snapshots", SNAPPROJ_GREETING="Goodbye", **workers
        )
        self.assertEqual(updated.returncode, 0, updated.stderr)
        self.assertEqual(
            self.summary(updated),
            "Snapshots: 2 matched, 0 written, 3 updated, 0 failed, 1 unused.\n"
            "Deleted unused snapshots:\n"
            "  snapproject/__snapshots__/test_other/OtherTests.test_gone.x.html",
        )
        self.assertIn(
            "Goodbye", (self.snapshots / "test_pages/PageTests.test_page.page.html").read_text()
        )
