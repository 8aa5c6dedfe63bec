from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings

from djust_testing import DjustTestingError, LiveViewTestCase, SnapshotTestMixin, snapshots
from djust_testing._browser.markup import normalize
from djust_testing.checks import check_settings
from tests.support.snapshots import Sandbox, isolate
from tests.views.basics import CounterView, TupleView
from tests.views.templates import TemplateFileView

REPO = Path(__file__).resolve().parent.parent
RUNNER_NOTE = (
    '(--update-snapshots needs TEST_RUNNER = "djust_testing.runner.LiveViewTestRunner" '
    "in the settings.)"
)


class SnapshotTestBase(SimpleTestCase):
    """Each test gets a sandbox module and runs locally (no CI, no update mode)."""

    def setUp(self) -> None:
        super().setUp()
        isolate(self)
        self.sandbox = Sandbox(self)

    def assert_quietly(self, case: Any, method: str, *args: Any, **kwargs: Any) -> str:
        """Call a snapshot assertion of ``case``; return what it wrote to stderr."""
        err = io.StringIO()
        with redirect_stderr(err):
            getattr(case, method)(*args, **kwargs)
        return err.getvalue()

    def failure(self, case: Any, method: str, *args: Any, **kwargs: Any) -> str:
        with self.assertRaises(AssertionError) as caught:
            self.assert_quietly(case, method, *args, **kwargs)
        return str(caught.exception)


class NormalizationTests(SnapshotTestBase):
    def test_stores_one_element_per_line_with_sorted_attributes(self) -> None:
        self.assert_quietly(
            self.sandbox.case(),
            "assert_html_snapshot",
            "page",
            '<p id="x" class="b a">Hi  <b>you</b></p>',
        )
        self.assertEqual(
            self.sandbox.path("PageTests.test_it.page.html").read_text(),
            '<p class="a b" id="x">\n  Hi&#32;\n  <b>\n    you\n  </b>\n</p>\n',
        )

    def test_equivalent_html_matches(self) -> None:
        self.assert_quietly(
            self.sandbox.case(), "assert_html_snapshot", "page", '<p id="x" class="b a">Hi  you</p>'
        )
        stderr = self.assert_quietly(
            self.sandbox.case(),
            "assert_html_snapshot",
            "page",
            "<p class='a b'\n   id=x>\n  Hi you\n</p><!-- a comment -->",
        )
        self.assertEqual(stderr, "")

    def test_volatile_values_are_left_out(self) -> None:
        def page(token: str, dj_id: str) -> str:
            return (
                f'<form dj-id="{dj_id}"><input name="csrfmiddlewaretoken" value="{token}"></form>'
                f'<!--dj-if id="if-{dj_id}"--><p>x</p><!--/dj-if-->'
                f"<script>window.handlerMetadata = {{{dj_id}: 1}};</script>"
            )

        self.assert_quietly(self.sandbox.case(), "assert_html_snapshot", "page", page("abc", "1"))
        self.assert_quietly(self.sandbox.case(), "assert_html_snapshot", "page", page("xyz", "9"))
        self.assertEqual(
            self.sandbox.path("PageTests.test_it.page.html").read_text(),
            "<form>\n"
            '  <input name="csrfmiddlewaretoken" value="<csrf token>">\n'
            "</form>\n"
            "<p>\n  x\n</p>\n",
        )

    def test_text_is_stored_as_given_with_unix_line_endings(self) -> None:
        self.assert_quietly(self.sandbox.case(), "assert_snapshot", "log", "a  b\r\n\n  c")
        path = self.sandbox.path("PageTests.test_it.log.txt")
        self.assertEqual(path.read_bytes(), b"a  b\n\n  c\n")
        self.assert_quietly(self.sandbox.case(), "assert_snapshot", "log", "a  b\n\n  c")

    def test_text_is_stored_as_utf_8(self) -> None:
        self.assert_quietly(self.sandbox.case(), "assert_snapshot", "menu", "Café ✓")
        self.assertEqual(
            self.sandbox.path("PageTests.test_it.menu.txt").read_bytes(),
            "Café ✓\n".encode(),
        )
        self.assert_quietly(self.sandbox.case(), "assert_snapshot", "menu", "Café ✓")

    def test_a_stored_file_with_windows_line_endings_still_matches(self) -> None:
        path = self.sandbox.path("PageTests.test_it.page.html")
        path.parent.mkdir(parents=True)
        path.write_bytes(b"<p>\r\n  x\r\n</p>\r\n")
        self.assert_quietly(self.sandbox.case(), "assert_html_snapshot", "page", "<p>x</p>")


class NormalizerTests(SnapshotTestBase):
    PAGE = '<p data-at="2024-05-01">Saved at 10:42:07 by ann (#1234)</p>'

    def stored(self) -> str:
        return self.sandbox.path("PageTests.test_it.page.html").read_text("utf-8")

    @override_settings(
        DJUST_TESTING={
            "SNAPSHOT_NORMALIZERS": [
                r"\d\d:\d\d:\d\d",
                (re.compile(r"#(\d)\d+"), r"#\1…"),
                str.upper,
                re.compile(r"\d{4}-\d\d-\d\d"),
            ]
        }
    )
    def test_settings_normalizers_run_in_order_after_the_html_normalization(self) -> None:
        self.assert_quietly(self.sandbox.case(), "assert_html_snapshot", "page", self.PAGE)
        # str.upper ran after the first two; the date regex after str.upper.
        self.assertEqual(
            self.stored(),
            '<P DATA-AT="[normalized]">\n  SAVED AT [NORMALIZED] BY ANN (#1…)\n</P>\n',
        )

    @override_settings(DJUST_TESTING={"SNAPSHOT_NORMALIZERS": [r"\d\d:\d\d:\d\d"]})
    def test_per_call_normalizers_run_after_the_settings_ones(self) -> None:
        self.assert_quietly(
            self.sandbox.case(),
            "assert_html_snapshot",
            "page",
            self.PAGE,
            normalizers=[("ann", "<user>"), lambda text: text.replace("[normalized]", "<time>")],
        )
        self.assertEqual(
            self.stored(), '<p data-at="2024-05-01">\n  Saved at <time> by <user> (#1234)\n</p>\n'
        )

    def test_normalizers_let_a_changing_value_match(self) -> None:
        clock = [r"\d\d:\d\d:\d\d"]
        case = self.sandbox.case
        self.assert_quietly(case(), "assert_snapshot", "log", "done at 10:42:07", normalizers=clock)
        self.assert_quietly(case(), "assert_snapshot", "log", "done at 11:00:00", normalizers=clock)
        message = self.failure(case(), "assert_snapshot", "log", "done at 11:00:00")
        self.assertIn("-done at [normalized]\n+done at 11:00:00", message)

    def test_a_bad_per_call_normalizer_is_named(self) -> None:
        case = self.sandbox.case()
        for normalizers, message in [
            (
                [r"\d+", 42],
                "assert_html_snapshot(normalizers=...)[1] is 42; expected a regex, a (regex, "
                "replacement) tuple of strings, or a callable taking and returning a str.",
            ),
            (
                ["("],
                "assert_html_snapshot(normalizers=...)[0] is '(', which re rejects: missing ), "
                "unterminated subpattern at position 0.",
            ),
            (
                [(r"(a)", r"\2")],
                "assert_html_snapshot(normalizers=...)[0] is ('(a)', '\\\\2'), which re rejects: "
                "invalid group reference 2 at position 1.",
            ),
            (
                [["a", "b"]],
                "assert_html_snapshot(normalizers=...)[0] is ['a', 'b']; expected a regex, a "
                "(regex, replacement) tuple of strings",
            ),
            (
                [("a", 1)],
                "assert_html_snapshot(normalizers=...)[0] is ('a', 1); expected a regex",
            ),
            (
                r"\d+",
                "assert_html_snapshot(normalizers=...) is '\\\\d+'; expected a list of regexes, "
                "(regex, replacement) tuples or callables.",
            ),
        ]:
            with (
                self.subTest(normalizers=normalizers),
                self.assertRaisesMessage(ImproperlyConfigured, message),
            ):
                case.assert_html_snapshot("page", "<p>x</p>", normalizers=normalizers)
        self.assertFalse(self.sandbox.directory.exists())

    def test_a_normalizer_must_return_text(self) -> None:
        def count(text: str) -> int:
            return len(text)

        with self.assertRaisesRegex(
            DjustTestingError,
            r"^snapshot normalizer <function .*count at .*> returned int, not a str$",
        ):
            self.sandbox.case().assert_snapshot("log", "x", normalizers=[count])

    @override_settings(DJUST_TESTING={"SNAPSHOT_NORMALIZERS": [r"ok", ("a", None)]})
    def test_a_bad_settings_normalizer_is_named(self) -> None:
        with self.assertRaisesMessage(
            ImproperlyConfigured,
            "settings.DJUST_TESTING[\"SNAPSHOT_NORMALIZERS\"][1] is ('a', None); expected a regex",
        ):
            self.sandbox.case().assert_snapshot("log", "x")


class NormalizerSettingCheckTests(SimpleTestCase):
    @override_settings(
        DJUST_TESTING={"SNAPSHOT_NORMALIZERS": [r"\d+", (r"(\w+)@", r"\1 at "), str.strip]}
    )
    def test_passes_with_valid_normalizers(self) -> None:
        self.assertEqual(check_settings(), [])

    @override_settings(DJUST_TESTING={"SNAPSHOT_NORMALIZERS": [r"\d+", "[unclosed"]})
    def test_reports_a_bad_entry(self) -> None:
        [error] = check_settings()
        self.assertEqual(error.id, "djust_testing.E004")
        self.assertEqual(
            error.msg,
            "settings.DJUST_TESTING[\"SNAPSHOT_NORMALIZERS\"][1] is '[unclosed', which re "
            "rejects: unterminated character set at position 0.",
        )

    @override_settings(DJUST_TESTING={"SNAPSHOT_NORMALIZERS": r"\d+"})
    def test_reports_a_value_that_is_not_a_list(self) -> None:
        [error] = check_settings()
        self.assertEqual(error.id, "djust_testing.E004")
        self.assertIn("is '\\\\d+'; expected a list of regexes", error.msg)


class LiveClientSnapshotTests(SnapshotTestMixin, LiveViewTestCase):
    """The mixin on a LiveViewTestCase, snapshots stored in a sandbox."""

    def setUp(self) -> None:
        super().setUp()
        isolate(self)
        self.sandbox = Sandbox(self)

    def test_takes_a_live_client_and_stores_its_render(self) -> None:
        live = self.live(TemplateFileView)
        with redirect_stderr(io.StringIO()):
            self.sandbox.case().assert_html_snapshot("page", live)
        stored = self.sandbox.path("PageTests.test_it.page.html").read_text()
        self.assertEqual(stored, normalize(live.render(), volatile=True) + "\n")
        self.assertIn('value="<csrf token>"', stored)
        self.assertIn("<li>\n    1: A\n  </li>", stored)

    def test_follows_the_page_through_events(self) -> None:
        live = self.live(CounterView)
        with redirect_stderr(io.StringIO()):
            self.sandbox.case().assert_html_snapshot("counter", live)
        live.send_event("increment")
        with self.assertRaises(AssertionError) as caught:
            self.sandbox.case().assert_html_snapshot("counter", live)
        self.assertIn("-  Count: 0\n+  Count: 1\n", str(caught.exception))

    def test_the_same_snapshot_passes_under_both_render_engines(self) -> None:
        err = io.StringIO()
        with redirect_stderr(err), override_settings(DJUST_TESTING={"RENDER_ENGINE": "rust"}):
            self.sandbox.case().assert_html_snapshot("page", self.live(TemplateFileView))
        self.assertIn("wrote new snapshot", err.getvalue())
        with redirect_stderr(err), override_settings(DJUST_TESTING={"RENDER_ENGINE": "python"}):
            # Another mount: another csrf token, which the snapshot leaves out.
            self.sandbox.case().assert_html_snapshot("page", self.live(TemplateFileView))
        self.assertEqual(err.getvalue().count("djust_testing:"), 1)

    def test_a_template_the_engines_render_differently_fails_under_one(self) -> None:
        with (
            redirect_stderr(io.StringIO()),
            override_settings(DJUST_TESTING={"RENDER_ENGINE": "rust"}),
        ):
            self.sandbox.case().assert_html_snapshot("tuple", self.live(TupleView))
        with (
            override_settings(DJUST_TESTING={"RENDER_ENGINE": "python"}),
            self.assertRaises(AssertionError) as caught,
        ):
            self.sandbox.case().assert_html_snapshot("tuple", self.live(TupleView))
        self.assertIn("-  [1, 'a']\n+  (1, 'a')", str(caught.exception))

    def test_works_on_this_test_case_itself(self) -> None:
        # The snapshot lands beside this module; remove it whatever happens.
        path = snapshots.module_directory(__name__) / (
            "LiveClientSnapshotTests.test_works_on_this_test_case_itself.counter.html"
        )
        self.addCleanup(_remove_with_empty_parents, path)
        with redirect_stderr(io.StringIO()):
            self.assert_html_snapshot("counter", self.live(CounterView))
        self.assertEqual(
            path.parent, Path(__file__).resolve().parent / "__snapshots__" / "test_snapshots"
        )
        self.assertTrue(path.read_text().startswith("<h1>\n  Count: 0\n</h1>\n"))


class ArgumentTests(SnapshotTestBase):
    def test_html_must_be_a_string_or_a_client(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "assert_html_snapshot() takes a LiveViewTestClient or an HTML string, got bytes",
        ):
            self.sandbox.case().assert_html_snapshot("page", b"<p>x</p>")

    def test_text_must_be_a_string(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "assert_snapshot() takes a str, got dict; format the value first, e.g. "
            "json.dumps(value, indent=2, sort_keys=True)",
        ):
            self.sandbox.case().assert_snapshot("data", {"a": 1})

    def test_a_name_must_fit_in_a_file_name(self) -> None:
        for name in ["", "../up", "a/b", ".hidden", "with space", 7]:
            with (
                self.subTest(name=name),
                self.assertRaisesMessage(
                    DjustTestingError,
                    f"snapshot name {name!r} cannot be part of a file name: use letters, digits, "
                    "'_', '-' and '.', starting with a letter, digit or '_'",
                ),
            ):
                self.sandbox.case().assert_snapshot(name, "x")
        self.assertFalse(self.sandbox.root.joinpath("__snapshots__").exists())

    def test_names_with_dots_and_dashes_are_fine(self) -> None:
        self.assert_quietly(self.sandbox.case(), "assert_snapshot", "v1.2-final_x", "x")
        self.assertTrue(self.sandbox.path("PageTests.test_it.v1.2-final_x.txt").is_file())

    def test_needs_a_test_case(self) -> None:
        class NotATest(SnapshotTestMixin):
            pass

        with self.assertRaisesMessage(
            DjustTestingError, "SnapshotTestMixin works only in a unittest.TestCase"
        ):
            NotATest().assert_snapshot("x", "y")


class StorageTests(SnapshotTestBase):
    def test_one_file_per_snapshot_beside_the_test_module(self) -> None:
        case = self.sandbox.case("CartTests", "test_checkout")
        self.assert_quietly(case, "assert_html_snapshot", "summary", "<p>1</p>")
        self.assert_quietly(case, "assert_snapshot", "summary", "1")
        self.assertEqual(
            sorted(
                path.relative_to(self.sandbox.root).as_posix()
                for path in self.sandbox.root.rglob("*")
            ),
            [
                "__snapshots__",
                "__snapshots__/test_pages",
                "__snapshots__/test_pages/CartTests.test_checkout.summary.html",
                "__snapshots__/test_pages/CartTests.test_checkout.summary.txt",
            ],
        )

    def test_a_written_snapshot_is_readable_by_everyone(self) -> None:
        self.assert_quietly(self.sandbox.case(), "assert_snapshot", "x", "y")
        mode = stat.S_IMODE(self.sandbox.path("PageTests.test_it.x.txt").stat().st_mode)
        self.assertEqual(mode, 0o644)

    def test_a_module_without_a_file_has_nowhere_to_store(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError, "cannot place snapshots for 'builtins': the test module has no file"
        ):
            snapshots.module_directory("builtins")


class AtomicWriteTests(SimpleTestCase):
    def setUp(self) -> None:
        super().setUp()
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.path = Path(directory.name) / "snap" / "Tests.test_x.page.html"

    def test_the_old_file_stays_whole_until_the_new_one_replaces_it(self) -> None:
        snapshots.write_snapshot(self.path, "old")
        real_replace = os.replace
        seen: list[tuple[str, str, str]] = []

        def replace(source: str, target: Any) -> None:
            # The moment before the rename: the new text is complete in a
            # sibling temporary file, and the snapshot still holds the old one.
            seen.append((Path(source).parent.name, Path(source).read_text(), self.path.read_text()))
            real_replace(source, target)

        with mock.patch("djust_testing.snapshots.files.os.replace", replace):
            snapshots.write_snapshot(self.path, "new " * 1000)
        self.assertEqual(seen, [("snap", "new " * 1000 + "\n", "old\n")])
        self.assertEqual(self.path.read_text(), "new " * 1000 + "\n")
        self.assertEqual(os.listdir(self.path.parent), [self.path.name])

    def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(self) -> None:
        snapshots.write_snapshot(self.path, "old")
        with (
            mock.patch(
                "djust_testing.snapshots.files.os.replace", side_effect=OSError("disk full")
            ),
            self.assertRaisesMessage(
                DjustTestingError, f"Snapshot {self.path} could not be written: disk full"
            ),
        ):
            snapshots.write_snapshot(self.path, "new")
        self.assertEqual(self.path.read_text(), "old\n")
        self.assertEqual(os.listdir(self.path.parent), [self.path.name])

    def test_concurrent_writers_never_show_a_reader_a_torn_file(self) -> None:
        # Four processes and four threads rewrite one snapshot with distinct
        # 200 kB texts while this thread reads it: every read must be one
        # whole text, as with parallel workers sharing a snapshot directory.
        # The processes are subprocesses, which a --parallel worker may start.
        letters = "abcdefgh"
        whole = {letter * 200_000 + "\n" for letter in letters}
        snapshots.write_snapshot(self.path, letters[0] * 200_000)
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings", PYTHONPATH=str(REPO))
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(self.path), letter],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for letter in letters[:4]
        ]
        for process in processes:
            self.assertEqual(process.stdout.readline(), "ready\n")  # type: ignore[union-attr]
        deadline = time.time() + 1.0
        for process in processes:
            process.stdin.write(f"{deadline}\n")  # type: ignore[union-attr]
            process.stdin.close()  # type: ignore[union-attr]
        threads = [
            threading.Thread(target=_write_until, args=(self.path, letter * 200_000, deadline))
            for letter in letters[4:]
        ]
        for thread in threads:
            thread.start()
        reads = torn = 0
        while time.time() < deadline:
            content = self.path.read_text()
            reads += 1
            torn += content not in whole
        for thread in threads:
            thread.join()
        for process in processes:
            output = process.stdout.read()  # type: ignore[union-attr]
            self.assertEqual(process.wait(timeout=30), 0)
            self.assertGreater(int(output), 0)  # it wrote while this thread read
        self.assertEqual(torn, 0, f"{torn} of {reads} reads saw a partial snapshot")
        self.assertGreater(reads, 50)
        self.assertIn(self.path.read_text(), whole)
        self.assertEqual(os.listdir(self.path.parent), [self.path.name])


# Writes its letter 200,000 times to the snapshot at argv[1] until the
# deadline it reads from stdin; prints how many times it wrote.
WRITER = """
import sys, time
from pathlib import Path
import django
django.setup()
from djust_testing.snapshots import write_snapshot
print("ready", flush=True)
deadline = float(sys.stdin.readline())
writes = 0
while time.time() < deadline:
    write_snapshot(Path(sys.argv[1]), sys.argv[2] * 200_000)
    writes += 1
print(writes)
"""


def _write_until(path: Path, text: str, deadline: float) -> None:
    while time.time() < deadline:
        snapshots.write_snapshot(path, text)


def _remove_with_empty_parents(path: Path) -> None:
    path.unlink(missing_ok=True)
    for directory in (path.parent, path.parent.parent):
        try:
            directory.rmdir()
        except OSError:
            break


class LocalModeTests(SnapshotTestBase):
    def test_a_missing_snapshot_is_written_and_the_test_passes(self) -> None:
        path = self.sandbox.path("PageTests.test_it.page.html")
        stderr = self.assert_quietly(
            self.sandbox.case(), "assert_html_snapshot", "page", "<p>x</p>"
        )
        self.assertEqual(stderr, f"djust_testing: wrote new snapshot {path}\n")
        self.assertEqual(path.read_text(), "<p>\n  x\n</p>\n")

    def test_a_matching_snapshot_passes_silently(self) -> None:
        self.assert_quietly(self.sandbox.case(), "assert_html_snapshot", "page", "<p>x</p>")
        stderr = self.assert_quietly(
            self.sandbox.case(), "assert_html_snapshot", "page", "<p>x</p>"
        )
        self.assertEqual(stderr, "")

    def test_a_different_snapshot_fails_with_a_diff_the_path_and_the_update_commands(self) -> None:
        path = self.sandbox.path("PageTests.test_it.page.html")
        self.assert_quietly(
            self.sandbox.case(), "assert_html_snapshot", "page", "<h1>Cart</h1><p>1 item</p>"
        )
        test_id = f"{self.sandbox.name}.PageTests.test_it"
        message = self.failure(
            self.sandbox.case(), "assert_html_snapshot", "page", "<h1>Cart</h1><p>2 items</p>"
        )
        self.assertEqual(
            message,
            "Snapshot 'page' does not match the stored one.\n"
            f"  snapshot: {path}\n"
            "--- stored\n"
            "+++ received\n"
            "@@ -2,5 +2,5 @@\n"
            "   Cart\n"
            " </h1>\n"
            " <p>\n"
            "-  1 item\n"
            "+  2 items\n"
            " </p>\n"
            "If the change is intended, update the snapshot with either command:\n"
            f"  DJUST_TESTING_UPDATE_SNAPSHOTS=1 python manage.py test {test_id}\n"
            f"  python manage.py test --update-snapshots {test_id}\n" + RUNNER_NOTE,
        )
        self.assertEqual(path.read_text(), "<h1>\n  Cart\n</h1>\n<p>\n  1 item\n</p>\n")

    @override_settings(TEST_RUNNER="djust_testing.runner.LiveViewTestRunner")
    def test_the_runner_note_is_left_out_when_the_runner_is_configured(self) -> None:
        self.assert_quietly(self.sandbox.case(), "assert_snapshot", "x", "1")
        message = self.failure(self.sandbox.case(), "assert_snapshot", "x", "2")
        self.assertTrue(
            message.endswith(f"--update-snapshots {self.sandbox.name}.PageTests.test_it")
        )
        self.assertNotIn("TEST_RUNNER", message)

    def test_paths_inside_the_working_directory_are_shown_relative(self) -> None:
        with mock.patch.object(Path, "cwd", return_value=self.sandbox.root):
            stderr = self.assert_quietly(self.sandbox.case(), "assert_snapshot", "x", "1")
            message = self.failure(self.sandbox.case(), "assert_snapshot", "x", "2")
        relative = "__snapshots__/test_pages/PageTests.test_it.x.txt"
        self.assertEqual(stderr, f"djust_testing: wrote new snapshot {relative}\n")
        self.assertIn(f"  snapshot: {relative}\n", message)


class CommandTests(SnapshotTestBase):
    def test_the_commands_repeat_how_the_tests_were_started(self) -> None:
        test_id = f"{self.sandbox.name}.PageTests.test_it"
        for argv, command in [
            (["manage.py", "test", "-v", "2", "app"], "python manage.py test"),
            (["src/manage.py", "test", "--parallel", "4"], "python src/manage.py test"),
            (
                ["/venv/lib/django/__main__.py", "test", "--settings=tests.settings"],
                "python -m django test --settings=tests.settings",
            ),
            (
                ["/venv/bin/django-admin", "test", "--settings", "s", "--pythonpath", "my dir"],
                "django-admin test --settings=s '--pythonpath=my dir'",
            ),
            (["/venv/bin/pytest", "-x"], "python manage.py test"),
        ]:
            with self.subTest(argv=argv), mock.patch.object(sys, "argv", argv):
                self.assertEqual(
                    snapshots.update_commands(test_id),
                    [
                        f"DJUST_TESTING_UPDATE_SNAPSHOTS=1 {command} {test_id}",
                        f"{command} --update-snapshots {test_id}",
                    ],
                )


class CIModeTests(SnapshotTestBase):
    def test_a_missing_snapshot_fails_says_how_to_create_it_and_writes_nothing(self) -> None:
        os.environ["CI"] = "true"
        path = self.sandbox.path("PageTests.test_it.page.html")
        test_id = f"{self.sandbox.name}.PageTests.test_it"
        message = self.failure(self.sandbox.case(), "assert_html_snapshot", "page", "<p>x</p>")
        self.assertEqual(
            message,
            f"Snapshot 'page' does not exist: {path}\n"
            "CI is set (CI='true'), so a missing snapshot fails instead of being written. "
            "Create it by running the test where CI is not set, then commit the file:\n"
            f"  python manage.py test {test_id}\n"
            "or write it even here with either command:\n"
            f"  DJUST_TESTING_UPDATE_SNAPSHOTS=1 python manage.py test {test_id}\n"
            f"  python manage.py test --update-snapshots {test_id}\n"
            f"{RUNNER_NOTE}\n"
            "Received:\n"
            "  <p>\n"
            "    x\n"
            "  </p>",
        )
        self.assertFalse(self.sandbox.root.joinpath("__snapshots__").exists())

    def test_a_long_missing_snapshot_is_shown_in_part(self) -> None:
        os.environ["CI"] = "1"
        message = self.failure(
            self.sandbox.case(), "assert_snapshot", "lines", "\n".join(map(str, range(100)))
        )
        self.assertTrue(message.endswith("\n  38\n  39\n  ... (60 more lines)"), message[-80:])

    def test_a_stored_snapshot_is_compared_as_anywhere_else(self) -> None:
        self.assert_quietly(self.sandbox.case(), "assert_snapshot", "x", "1")
        os.environ["CI"] = "true"
        self.assertEqual(self.assert_quietly(self.sandbox.case(), "assert_snapshot", "x", "1"), "")
        self.assertIn(
            "+++ received", self.failure(self.sandbox.case(), "assert_snapshot", "x", "2")
        )

    def test_which_values_of_ci_count(self) -> None:
        for value in ["true", "TRUE", "1", "yes", "on", " True ", "woodpecker"]:
            with self.subTest(CI=value), mock.patch.dict(os.environ, {"CI": value}):
                self.assertTrue(snapshots.in_ci())
        for value in ["", "0", "false", "False", "no", "OFF", " "]:
            with self.subTest(CI=value), mock.patch.dict(os.environ, {"CI": value}):
                self.assertFalse(snapshots.in_ci())
        self.assertFalse(snapshots.in_ci())  # unset

    def test_the_mode_is_decided_when_the_assertion_runs(self) -> None:
        case = self.sandbox.case()
        os.environ["CI"] = "true"
        self.failure(case, "assert_snapshot", "x", "1")
        os.environ["CI"] = "false"
        self.assertIn("wrote new snapshot", self.assert_quietly(case, "assert_snapshot", "x", "1"))


class UpdateModeTests(SnapshotTestBase):
    def setUp(self) -> None:
        super().setUp()
        self.path = self.sandbox.path("PageTests.test_it.page.html")
        self.assert_quietly(self.sandbox.case(), "assert_html_snapshot", "page", "<p>old</p>")
        os.environ["DJUST_TESTING_UPDATE_SNAPSHOTS"] = "1"

    def test_rewrites_a_different_snapshot_and_passes(self) -> None:
        stderr = self.assert_quietly(
            self.sandbox.case(), "assert_html_snapshot", "page", "<p>new</p>"
        )
        self.assertEqual(stderr, f"djust_testing: updated snapshot {self.path}\n")
        self.assertEqual(self.path.read_text(), "<p>\n  new\n</p>\n")

    def test_leaves_a_matching_snapshot_alone(self) -> None:
        before = self.path.stat().st_mtime_ns
        stderr = self.assert_quietly(
            self.sandbox.case(), "assert_html_snapshot", "page", "<p>old</p>"
        )
        self.assertEqual(stderr, "")
        self.assertEqual(self.path.stat().st_mtime_ns, before)

    def test_writes_a_missing_snapshot_even_in_ci(self) -> None:
        os.environ["CI"] = "true"
        stderr = self.assert_quietly(
            self.sandbox.case(), "assert_html_snapshot", "other", "<p>x</p>"
        )
        self.assertIn("wrote new snapshot", stderr)
        self.assertTrue(self.sandbox.path("PageTests.test_it.other.html").is_file())

    def test_which_values_turn_it_on(self) -> None:
        for value, expected in [("1", True), ("TRUE", True), ("yes", True), ("on", True)]:
            with (
                self.subTest(value=value),
                mock.patch.dict(os.environ, {snapshots.UPDATE_VARIABLE: value}),
            ):
                self.assertIs(snapshots.update_mode(), expected)
        for value in ["", "0", "false", "no", "off"]:
            with (
                self.subTest(value=value),
                mock.patch.dict(os.environ, {snapshots.UPDATE_VARIABLE: value}),
            ):
                self.assertIs(snapshots.update_mode(), False)

    def test_an_unclear_value_is_an_error(self) -> None:
        os.environ["DJUST_TESTING_UPDATE_SNAPSHOTS"] = "please"
        with self.assertRaisesMessage(
            DjustTestingError,
            "DJUST_TESTING_UPDATE_SNAPSHOTS is 'please'; set it to 1, true, yes or on to update "
            "snapshots, or to 0, false, no, off or nothing not to.",
        ):
            self.sandbox.case().assert_html_snapshot("page", "<p>new</p>")
        self.assertEqual(self.path.read_text(), "<p>\n  old\n</p>\n")


class SameNameTwiceTests(SnapshotTestBase):
    def test_both_assertions_compare_against_one_stored_snapshot(self) -> None:
        case = self.sandbox.case()
        self.assert_quietly(case, "assert_html_snapshot", "page", "<p>x</p>")
        self.assertEqual(
            self.assert_quietly(case, "assert_html_snapshot", "page", "<p> x </p>"), ""
        )
        self.assertEqual(os.listdir(self.sandbox.directory), ["PageTests.test_it.page.html"])

    def test_the_second_of_two_different_contents_fails(self) -> None:
        path = self.sandbox.path("PageTests.test_it.page.html")
        case = self.sandbox.case()
        self.assert_quietly(case, "assert_html_snapshot", "page", "<p>first</p>")
        message = self.failure(case, "assert_html_snapshot", "page", "<p>second</p>")
        self.assertEqual(
            message,
            "Snapshot 'page' was asserted earlier in this test with different content; a name "
            "holds one snapshot per test, so give each its own name.\n"
            f"  snapshot: {path}\n"
            "--- earlier\n"
            "+++ now\n"
            "@@ -1,3 +1,3 @@\n"
            " <p>\n"
            "-  first\n"
            "+  second\n"
            " </p>",
        )

    def test_update_mode_does_not_let_the_second_overwrite_the_first(self) -> None:
        os.environ["DJUST_TESTING_UPDATE_SNAPSHOTS"] = "1"
        path = self.sandbox.path("PageTests.test_it.page.html")
        case = self.sandbox.case()
        self.assert_quietly(case, "assert_html_snapshot", "page", "<p>first</p>")
        self.assertIn(
            "was asserted earlier",
            self.failure(case, "assert_html_snapshot", "page", "<p>second</p>"),
        )
        self.assertEqual(path.read_text(), "<p>\n  first\n</p>\n")

    def test_each_test_starts_afresh(self) -> None:
        case = self.sandbox.case()
        self.assert_quietly(case, "assert_snapshot", "x", "1")
        case.doCleanups()
        os.environ["DJUST_TESTING_UPDATE_SNAPSHOTS"] = "1"
        self.assertIn("updated snapshot", self.assert_quietly(case, "assert_snapshot", "x", "2"))

    def test_a_subtest_failure_does_not_count_as_the_first_content(self) -> None:
        self.assert_quietly(self.sandbox.case(), "assert_snapshot", "x", "stored")
        case = self.sandbox.case()
        self.assertIn("+++ received", self.failure(case, "assert_snapshot", "x", "other"))
        self.assertEqual(self.assert_quietly(case, "assert_snapshot", "x", "stored"), "")


class OutcomeLogTests(SnapshotTestBase):
    def test_each_assertion_logs_its_outcome_for_the_runner(self) -> None:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        log = Path(directory.name)
        os.environ[snapshots.REPORT_VARIABLE] = str(log)
        case = self.sandbox.case
        self.assert_quietly(case(), "assert_snapshot", "a", "1")
        self.assert_quietly(case(), "assert_snapshot", "a", "1")
        self.failure(case(), "assert_snapshot", "a", "2")
        os.environ["DJUST_TESTING_UPDATE_SNAPSHOTS"] = "1"
        self.assert_quietly(case(), "assert_snapshot", "a", "2")
        [file] = log.iterdir()
        self.assertEqual(file.name, f"{os.getpid()}.jsonl")
        path = str(self.sandbox.path("PageTests.test_it.a.txt"))
        test_id = f"{self.sandbox.name}.PageTests.test_it"
        self.assertEqual(
            [json.loads(line) for line in file.read_text().splitlines()],
            [
                {"test": test_id, "path": path, "outcome": outcome}
                for outcome in ["written", "matched", "failed", "updated"]
            ],
        )
