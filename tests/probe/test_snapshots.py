"""Snapshot names and files: nothing is written outside ``__snapshots__``; every file problem
is a failure or an error naming the snapshot; update mode repairs what it can; normalization
keeps what a browser shows.
"""

from __future__ import annotations

import unittest
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from django.test import SimpleTestCase

from djust_testing import DjustTestingError
from djust_testing.runner import LiveViewTestRunner

from . import harness
from .harness import Case, Expect, fails, one_of, passes, raises
from .sandbox import Sandbox, environment

tearDownModule = harness.module_report(__name__)

NAMED = (DjustTestingError, AssertionError)


class Written:
    """What a snapshot call left on disk."""

    def __init__(self, sandbox: Sandbox, error: BaseException | None) -> None:
        self.escaped = sandbox.escaped()
        self.inside = [p for p in sandbox.files() if p not in self.escaped]
        self.error = error

    def __repr__(self) -> str:
        inside = [p.name for p in self.inside]
        return f"<Written inside={inside} escaped={[str(p) for p in self.escaped]}>"


def contained(check: Callable[[Written], str | None] | None = None) -> Callable[[Any], str | None]:
    def judge(written: Any) -> str | None:
        if isinstance(written, Written):
            if written.escaped:
                return (
                    f"wrote outside __snapshots__/test_pages/: {[str(p) for p in written.escaped]}"
                )
            if written.error is not None:
                return None  # the error is judged below
            if check:
                return check(written)
        return None

    return judge


def wrote_inside(written: Written) -> str | None:
    return None if written.inside else "passed, but wrote no snapshot file"


def snapshot_call(
    class_name: str = "PageTests",
    method: str = "test_it",
    name: Any = "page",
    text: Any = "x",
    **mode: bool,
) -> Callable[[harness.Probe], Any]:
    """Assert one snapshot from a class of the sandbox module; return what it wrote.

    An error is re-raised unless the call also wrote outside the snapshot
    folder, which is returned to be judged as the worse outcome.
    """

    def call(p: harness.Probe) -> Any:
        sandbox = Sandbox(p.test)
        error: BaseException | None = None
        with environment(**mode):
            try:
                sandbox.case(class_name, method).assert_snapshot(name, text)
            except Exception as exc:
                error = exc
        written = Written(sandbox, error)
        if error is not None and not written.escaped:
            raise error
        return written

    return call


def named_or_contained(*texts: harness.Text) -> Expect:
    return one_of(
        raises(DjustTestingError, contains=list(texts)),
        passes(contained(wrote_inside)),
    )


def asserting(
    *steps: tuple[str, tuple[Any, ...]], fresh: bool = False, **mode: bool
) -> Callable[[harness.Probe], Any]:
    """Run snapshot assertions (method name, args) in order on one test, or each on a fresh one."""

    def call(p: harness.Probe) -> Any:
        sandbox = Sandbox(p.test)
        with environment(**mode):
            case = sandbox.case()
            for method, args in steps:
                if fresh:
                    case = sandbox.case()
                getattr(case, method)(*args)

    return call


class SnapshotAssertionTests(SimpleTestCase):
    def test_wrong_snapshots_fail(self) -> None:
        cases = [
            Case(
                "assert_snapshot with different text fails",
                asserting(
                    ("assert_snapshot", ("page", "a")),
                    ("assert_snapshot", ("page", "b")),
                    fresh=True,
                ),
                fails("page", DIFF),
            ),
            Case(
                "assert_html_snapshot with different HTML fails",
                asserting(
                    ("assert_html_snapshot", ("page", "<p>a</p>")),
                    ("assert_html_snapshot", ("page", "<p>b</p>")),
                    fresh=True,
                ),
                fails("page", DIFF),
            ),
            Case(
                "one name asserted twice in a test with different text fails",
                asserting(("assert_snapshot", ("page", "a")), ("assert_snapshot", ("page", "b"))),
                fails("page", "earlier"),
            ),
            Case(
                "a missing snapshot in CI fails",
                asserting(("assert_snapshot", ("page", "a")), ci=True),
                fails("page", "CI"),
            ),
            Case(
                "update mode rewrites a different snapshot",
                asserting(
                    ("assert_snapshot", ("page", "a")),
                    ("assert_snapshot", ("page", "b")),
                    fresh=True,
                    update=True,
                ),
                passes(),
            ),
            Case(
                "a text snapshot and an HTML one of the same name are two files",
                asserting(
                    ("assert_snapshot", ("page", "a")),
                    ("assert_html_snapshot", ("page", "<p>a</p>")),
                ),
                passes(),
            ),
            Case(
                "assert_snapshot(text=b'x')",
                asserting(("assert_snapshot", ("page", b"x"))),
                raises(contains=["bytes"]),
            ),
            Case(
                "assert_snapshot(text=None)",
                asserting(("assert_snapshot", ("page", None))),
                raises(contains=["NoneType"]),
            ),
            Case(
                "assert_html_snapshot(html=123)",
                asserting(("assert_html_snapshot", ("page", 123))),
                raises(contains=["int"]),
            ),
            Case(
                "assert_html_snapshot(html=None)",
                asserting(("assert_html_snapshot", ("page", None))),
                raises(contains=["NoneType"]),
            ),
        ]

        def outside_a_test_case(p: harness.Probe) -> Any:
            from djust_testing import SnapshotTestMixin

            return SnapshotTestMixin().assert_snapshot("page", "x")

        cases.append(
            Case(
                "SnapshotTestMixin outside a TestCase",
                outside_a_test_case,
                raises(contains=["TestCase"]),
            )
        )
        harness.run_table(self, cases)


class SnapshotNameTests(SimpleTestCase):
    def test_snapshot_names(self) -> None:
        long_name = "n" * 300
        cases = [
            Case("name ''", snapshot_call(name=""), raises(contains=["''"])),
            Case("name None", snapshot_call(name=None), raises(contains=["None"])),
            Case("name 123", snapshot_call(name=123), raises(contains=["123"])),
            Case("name '../x'", snapshot_call(name="../x"), raises(contains=["../x"])),
            Case("name 'a/b'", snapshot_call(name="a/b"), raises(contains=["a/b"])),
            Case("name 'a\\\\b'", snapshot_call(name="a\\b"), raises(contains=["a\\\\b"])),
            Case("name '.hidden'", snapshot_call(name=".hidden"), raises(contains=[".hidden"])),
            Case(
                "name with a NUL byte", snapshot_call(name="a\x00b"), raises(contains=["a\\x00b"])
            ),
            Case("name 'é'", snapshot_call(name="é"), raises(contains=["é"])),
            Case(
                "name of 300 characters",
                snapshot_call(name=long_name),
                named_or_contained("n" * 40),
            ),
            Case("name 'CON'", snapshot_call(name="CON"), passes(contained(wrote_inside))),
            Case("name 'a.b-c_d'", snapshot_call(name="a.b-c_d"), passes(contained(wrote_inside))),
        ]
        harness.run_table(self, cases)

    def test_class_and_method_names(self) -> None:
        cases = [
            Case(
                "class named '../../../evil'",
                snapshot_call("../../../evil"),
                named_or_contained("../../../evil"),
            ),
            Case("class named '../evil'", snapshot_call("../evil"), named_or_contained("../evil")),
            Case("class named 'a/b'", snapshot_call("a/b"), named_or_contained("a/b")),
            Case("class named '..'", snapshot_call(".."), named_or_contained("'..'")),
            Case(
                "class named 'Page:Tests'",
                snapshot_call("Page:Tests"),
                one_of(passes(contained(wrote_inside)), raises(contains=["Page:Tests"])),
            ),
            Case(
                "class named with a newline",
                snapshot_call("Page\nTests"),
                named_or_contained("Page\\nTests"),
            ),
            Case(
                "class name of 300 characters",
                snapshot_call("C" * 300),
                named_or_contained("C" * 40),
            ),
            Case(
                "class named 'Page Tests' (a space)",
                snapshot_call("Page Tests"),
                one_of(passes(contained(wrote_inside)), raises(contains=["Page Tests"])),
            ),
            Case(
                "method named 'test_../../../evil'",
                snapshot_call(method="test_../../../evil"),
                named_or_contained("test_../../../evil"),
            ),
            Case(
                "method named 'test_a/b'",
                snapshot_call(method="test_a/b"),
                named_or_contained("test_a/b"),
            ),
            Case(
                "method name of 300 characters",
                snapshot_call(method="test_" + "m" * 295),
                named_or_contained("m" * 40),
            ),
        ]
        harness.run_table(self, cases)

    def test_absolute_class_names(self) -> None:
        def call(p: harness.Probe) -> Any:
            sandbox = Sandbox(p.test)
            target = sandbox.top / "absolute"
            error: BaseException | None = None
            with environment():
                try:
                    sandbox.case(str(target)).assert_snapshot("page", "x")
                except Exception as exc:
                    error = exc
            written = Written(sandbox, error)
            if error is not None and not written.escaped:
                raise error
            return written

        harness.run_table(
            self, [Case("class named with an absolute path", call, named_or_contained("absolute"))]
        )


def stored_then(
    content: bytes | None,
    text: str = "x",
    *,
    html: bool = False,
    prepare: Callable[[Sandbox, Path], bool] | None = None,
    **mode: bool,
) -> Callable[[harness.Probe], Any]:
    """Store ``content`` as the snapshot file 'page', then assert ``text`` against it.

    Returns the file's bytes afterwards.
    """

    def call(p: harness.Probe) -> Any:
        sandbox = Sandbox(p.test)
        path = sandbox.file(f"PageTests.test_it.page.{'html' if html else 'txt'}")
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is not None:
            path.write_bytes(content)
        if prepare is not None and not prepare(sandbox, path):
            p.test.skipTest("this system cannot make a read-only directory")
        with environment(**mode):
            case = sandbox.case()
            if html:
                case.assert_html_snapshot("page", text)
            else:
                case.assert_snapshot("page", text)
        return path.read_bytes() if path.is_file() else None

    return call


def file_is(expected: bytes) -> Callable[[Any], str | None]:
    return lambda got: None if got == expected else f"the file holds {got!r}, expected {expected!r}"


def as_directory(sandbox: Sandbox, path: Path) -> bool:
    path.mkdir(parents=True)
    return True


def folder_read_only(sandbox: Sandbox, path: Path) -> bool:
    return sandbox.read_only(path.parent)


def folder_is_a_file(sandbox: Sandbox, path: Path) -> bool:
    path.parent.rmdir()
    path.parent.write_text("not a folder")
    return True


DIFF = ("@@", "+++")
NAMES_THE_SNAPSHOT = "PageTests.test_it.page"


class SnapshotFileTests(SimpleTestCase):
    def test_stored_files(self) -> None:
        invalid = b"\xff\xfe broken \xc3\x28\n"
        cases = [
            Case(
                "stored file is not UTF-8", stored_then(invalid), fails(NAMES_THE_SNAPSHOT, "UTF-8")
            ),
            Case(
                "stored file is not UTF-8, update mode repairs it",
                stored_then(invalid, update=True),
                passes(file_is(b"x\n")),
            ),
            Case(
                "stored file is not UTF-8, in CI",
                stored_then(invalid, ci=True),
                fails(NAMES_THE_SNAPSHOT, "UTF-8"),
            ),
            Case(
                "stored file has one extra blank line",
                stored_then(b"x\n\n"),
                fails(NAMES_THE_SNAPSHOT, DIFF),
            ),
            Case(
                "stored file has two extra blank lines",
                stored_then(b"x\n\n\n"),
                fails(NAMES_THE_SNAPSHOT, DIFF),
            ),
            Case(
                "stored file has a trailing space",
                stored_then(b"x \n"),
                fails(NAMES_THE_SNAPSHOT, DIFF),
            ),
            Case(
                "stored file has a leading blank line",
                stored_then(b"\nx\n"),
                fails(NAMES_THE_SNAPSHOT, DIFF),
            ),
            Case(
                "received text has a trailing newline the file lacks",
                stored_then(b"x\n", "x\n"),
                fails(NAMES_THE_SNAPSHOT, DIFF),
            ),
            Case(
                "stored file has a tab for spaces",
                stored_then(b"a\tb\n", "a    b"),
                fails(NAMES_THE_SNAPSHOT, DIFF),
            ),
            Case(
                "stored file starts with a BOM",
                stored_then(b"\xef\xbb\xbfx\n"),
                one_of(passes(), fails(NAMES_THE_SNAPSHOT, DIFF)),
            ),
            Case("stored file lacks the final newline", stored_then(b"x"), passes()),
            Case("stored file has CRLF line endings", stored_then(b"x\r\ny\r\n", "x\ny"), passes()),
            Case("stored file is empty", stored_then(b"", "x"), fails(NAMES_THE_SNAPSHOT, DIFF)),
            Case("stored file is empty, text is empty", stored_then(b"", ""), passes()),
            Case(
                "stored file has one extra blank line, update mode rewrites it",
                stored_then(b"x\n\n", update=True),
                passes(file_is(b"x\n")),
            ),
            Case(
                "stored HTML file has one extra blank line",
                stored_then(b"<p>\n  x\n</p>\n\n", "<p>x</p>", html=True),
                fails(NAMES_THE_SNAPSHOT, DIFF),
            ),
        ]
        harness.run_table(self, cases)

    def test_paths_that_cannot_be_written(self) -> None:
        cases = [
            Case(
                "snapshot path is a directory",
                stored_then(None, prepare=as_directory),
                raises(*NAMED, contains=[NAMES_THE_SNAPSHOT], excludes=[".tmp"]),
            ),
            Case(
                "snapshot path is a directory, update mode",
                stored_then(None, prepare=as_directory, update=True),
                raises(*NAMED, contains=[NAMES_THE_SNAPSHOT], excludes=[".tmp"]),
            ),
            Case(
                "snapshot path is a directory, in CI",
                stored_then(None, prepare=as_directory, ci=True),
                raises(*NAMED, contains=[NAMES_THE_SNAPSHOT], excludes=[".tmp"]),
            ),
            Case(
                "read-only folder, missing snapshot",
                stored_then(None, prepare=folder_read_only),
                raises(*NAMED, contains=[NAMES_THE_SNAPSHOT], excludes=[".tmp"]),
            ),
            Case(
                "read-only folder, different snapshot, update mode",
                stored_then(b"old\n", prepare=folder_read_only, update=True),
                raises(*NAMED, contains=[NAMES_THE_SNAPSHOT], excludes=[".tmp"]),
            ),
            Case(
                "read-only folder, matching snapshot",
                stored_then(b"x\n", prepare=folder_read_only),
                passes(),
            ),
            Case(
                "snapshot folder is a file",
                stored_then(None, prepare=folder_is_a_file),
                raises(*NAMED, contains=[NAMES_THE_SNAPSHOT], excludes=[".tmp"]),
            ),
        ]
        harness.run_table(self, cases)


def duplicate_classes(first: str, second: str, **mode: bool) -> Callable[[harness.Probe], Any]:
    """Two classes named PageTests in one module (one bound under another name) assert 'page'."""

    def call(p: harness.Probe) -> Any:
        sandbox = Sandbox(p.test)
        with environment(**mode):
            one = sandbox.case("PageTests")
            other = sandbox.case("PageTests", attribute="PageTestsAgain")
            one.assert_snapshot("page", first)
            other.assert_snapshot("page", second)
        return [path.read_text() for path in sandbox.files()]

    return call


DUPLICATE = ("two", "same name", "twice", "both", "duplicate", "more than one")


class DuplicateClassTests(SimpleTestCase):
    def test_two_classes_with_one_name(self) -> None:
        cases = [
            Case(
                "two classes named PageTests, different content",
                duplicate_classes("a", "b"),
                raises(*NAMED, contains=["PageTests", DUPLICATE]),
            ),
            Case(
                "two classes named PageTests, different content, update mode",
                duplicate_classes("a", "b", update=True),
                raises(*NAMED, contains=["PageTests", DUPLICATE]),
            ),
            Case(
                "two classes named PageTests, same content",
                duplicate_classes("a", "a"),
                raises(*NAMED, contains=["PageTests", DUPLICATE]),
            ),
        ]
        harness.run_table(self, cases)


def html_pair(first: str, second: str) -> Callable[[harness.Probe], Any]:
    """Store ``first`` as an HTML snapshot, then assert ``second`` from a fresh test."""

    def call(p: harness.Probe) -> Any:
        sandbox = Sandbox(p.test)
        with environment():
            sandbox.case().assert_html_snapshot("page", first)
            sandbox.case().assert_html_snapshot("page", second)

    return call


DIFFERENT = [
    ("<b>Hello</b> <i>World</i>", "<b>Hello</b><i>World</i>"),
    ("<span>a</span> <span>b</span>", "<span>a</span><span>b</span>"),
    ("<p>a <b>b</b></p>", "<p>a<b>b</b></p>"),
    ("<p><b>a</b> b</p>", "<p><b>a</b>b</p>"),
    ("<b>Hello </b><i>World</i>", "<b>Hello</b><i>World</i>"),
    ("<p>Hello <a href='/x'>there</a></p>", "<p>Hello<a href='/x'>there</a></p>"),
    ("<button>a</button> <button>b</button>", "<button>a</button><button>b</button>"),
    ('<img src="a"> <img src="b">', '<img src="a"><img src="b">'),
    ("<label>Name</label> <input name='n'>", "<label>Name</label><input name='n'>"),
    ("<pre>a  b</pre>", "<pre>a b</pre>"),
    ("<pre>\n\na</pre>", "<pre>\na</pre>"),
    ("<textarea>a  b</textarea>", "<textarea>a b</textarea>"),
    ("<input disabled>", "<input>"),
    ("<p>x</p>", "<p>y</p>"),
    ('<p title="a  b">x</p>', '<p title="a b">x</p>'),
]
SAME = [
    ("<p>a</p> <p>b</p>", "<p>a</p><p>b</p>"),
    ("<ul><li>a</li> <li>b</li></ul>", "<ul><li>a</li><li>b</li></ul>"),
    ("<div>a</div>\n  <div>b</div>", "<div>a</div><div>b</div>"),
    ("<p>a  b</p>", "<p>a b</p>"),
    ("<p>a\n b</p>", "<p>a b</p>"),
    ("<p> a </p>", "<p>a</p>"),
    ('<p class="x y">a</p>', '<p class="y x">a</p>'),
    ("<p>a &amp; b</p>", "<p>a & b</p>"),
    ("<br>", "<br/>"),
    ("<B>x</B>", "<b>x</b>"),
    (
        "<table><tr><td>a</td> <td>b</td></tr></table>",
        "<table><tr><td>a</td><td>b</td></tr></table>",
    ),
    ("<b>Hello</b> <i>World</i>", "<b>Hello</b> <i>World</i>"),
    ("<b>Hello</b>  <i>World</i>", "<b>Hello</b> <i>World</i>"),
    ("<p>a <b>b</b></p>", "<p>a <b>b</b></p>"),
]


class NormalizationTests(SimpleTestCase):
    def test_what_a_browser_shows_differently_does_not_match(self) -> None:
        cases = [
            Case(f"{first!r} vs {second!r}", html_pair(first, second), fails("page", DIFF))
            for first, second in DIFFERENT
        ]
        harness.run_table(self, cases)

    def test_what_a_browser_shows_the_same_matches(self) -> None:
        cases = [
            Case(f"{first!r} vs {second!r}", html_pair(first, second), passes())
            for first, second in SAME
        ]
        harness.run_table(self, cases)


class UpdateModeDeletionTests(SimpleTestCase):
    """``--update-snapshots`` over a whole module deletes only that module's snapshot files."""

    KEPT: ClassVar[list[str]] = [
        "README.txt",
        "README.html",
        "notes.txt",
        "index.html",
        "PageTests.txt",
        "PageTests.test_a.txt",
        "pagetests.test_a.old.txt",
        "Helper.test_a.old.txt",
        "test_a.old.txt",
        ".keep.txt",
        "assets/logo.txt",
    ]
    DELETED: ClassVar[list[str]] = [
        "PageTests.test_a.old.txt",
        "PageTests.test_gone.page.txt",
        "PageTests.test_plain.page.html",
    ]

    def test_update_snapshots_deletes_only_snapshot_files(self) -> None:
        sandbox = Sandbox(self)

        class PageTests(unittest.TestCase):
            def test_a(self) -> None:
                self.assert_snapshot("a", "1")  # type: ignore[attr-defined]

            def test_plain(self) -> None:
                pass

        from djust_testing import SnapshotTestMixin

        cls = type("PageTests", (SnapshotTestMixin, PageTests), {})
        cls.__module__ = sandbox.name
        cls.__qualname__ = "PageTests"
        sandbox.module.PageTests = cls  # type: ignore[attr-defined]
        # A plain helper class in the module, which is not a test case.
        sandbox.module.Helper = type("Helper", (), {"__module__": sandbox.name})  # type: ignore[attr-defined]
        for name in self.KEPT + self.DELETED:
            path = sandbox.file(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("kept?\n")
        suite = unittest.defaultTestLoader.loadTestsFromModule(sandbox.module)
        with environment():
            result = LiveViewTestRunner(verbosity=0, update_snapshots=True).run_suite(suite)
        self.assertTrue(result.wasSuccessful(), result.errors + result.failures)

        def exists(name: str) -> Callable[[harness.Probe], Any]:
            return lambda p: sandbox.file(name).exists()

        def is_(expected: bool, verb: str) -> Callable[[Any], str | None]:
            return lambda got: None if got is expected else f"the file was {verb}"

        cases = [
            Case(f"--update-snapshots keeps {name!r}", exists(name), passes(is_(True, "deleted")))
            for name in self.KEPT
        ]
        cases += [
            Case(
                f"--update-snapshots deletes the unused snapshot {name!r}",
                exists(name),
                passes(is_(False, "kept")),
            )
            for name in self.DELETED
        ]
        cases.append(
            Case(
                "--update-snapshots keeps the used snapshot",
                exists("PageTests.test_a.a.txt"),
                passes(is_(True, "deleted")),
            )
        )
        harness.run_table(self, cases)
