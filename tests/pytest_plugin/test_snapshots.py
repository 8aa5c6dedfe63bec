"""The ``snapshot`` fixture, ``--update-snapshots``, the CI rule, the summary: serial and -n 2."""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.pytest_plugin.conftest import Project

PAGES = """
import pytest
from shop.views import CounterView

pytestmark = pytest.mark.django_db


def test_page(live, snapshot):
    snapshot.assert_html_snapshot("page", live(CounterView))


@pytest.mark.parametrize("clicks", [1, 2])
def test_clicks(live, snapshot, clicks):
    page = live(CounterView)
    for _ in range(clicks):
        page.element("button").click()
    snapshot.assert_snapshot("count", str(page.view_instance.count))


class TestTitle:
    def test_title(self, live, snapshot):
        snapshot.assert_html_snapshot("title", live("/").render())
"""

WRITTEN = [
    "TestTitle.test_title.title.html",
    "test_clicks[1].count.txt",
    "test_clicks[2].count.txt",
    "test_page.page.html",
]

PAGE = """<h1>
  {title}
</h1>
<p class="count">
  0
</p>
<button dj-click="increment">
  +
</button>
"""

#: One serial run and one under pytest-xdist.
RUNS = [pytest.param((), id="serial"), pytest.param(("-n", "2"), id="xdist")]


@pytest.mark.parametrize("options", RUNS)
def test_a_local_run_writes_then_matches_then_fails_then_updates(
    project: Project, options: tuple[str, ...]
) -> None:
    project.write("tests/test_pages.py", PAGES)
    first = project.run(*options)
    first.assert_outcomes(passed=4)
    assert project.snapshots() == WRITTEN
    assert project.snapshot("test_page.page.html") == PAGE.format(title="Counter")
    assert project.snapshot("test_clicks[2].count.txt") == "2\n"
    # Listed in the summary, which pytest's output capture does not hide.
    assert project.summary(first) == [
        "Snapshots: 0 matched, 4 written, 0 updated, 0 failed, 0 unused.",
        "Wrote new snapshots (read them before you commit them):",
        *sorted(f"  tests/__snapshots__/test_pages/{name}" for name in WRITTEN),
    ]

    second = project.run(*options)
    second.assert_outcomes(passed=4)
    assert project.summary(second) == [
        "Snapshots: 4 matched, 0 written, 0 updated, 0 failed, 0 unused."
    ]

    changed = project.run(*options, SHOP_TITLE="Tally")
    changed.assert_outcomes(passed=2, failed=2)
    changed.stdout.fnmatch_lines(
        [
            "E       AssertionError: Snapshot 'page' does not match the stored one.",
            "E         snapshot: tests/__snapshots__/test_pages/test_page.page.html",
            "E       --- stored",
            "E       +++ received",
            "E       @@ -1,5 +1,5 @@",
            "E        <h1>",
            "E       -  Counter",
            "E       +  Tally",
            "E        </h1>",
            'E        <p class="count">',
            "E          0",
            "E       If the change is intended, update the snapshot with either command:",
            "E         DJUST_TESTING_UPDATE_SNAPSHOTS=1 python -m pytest "
            "tests/test_pages.py::test_page",
            "E         python -m pytest tests/test_pages.py::test_page --update-snapshots",
            "",
            "tests/test_pages.py:8: AssertionError",
        ]
    )
    assert "needs" not in changed.stdout.str()  # --update-snapshots works here
    assert project.summary(changed) == [
        "Snapshots: 2 matched, 0 written, 0 updated, 2 failed, 0 unused."
    ]

    # The command the message gives, as given.
    [command] = re.findall(
        r"^E         (python -m pytest \S+::test_page --update-snapshots)$",
        changed.stdout.str(),
        re.M,
    )
    updated = project.run(*options, *shlex.split(command)[3:], SHOP_TITLE="Tally")
    updated.assert_outcomes(passed=1)
    assert project.snapshot("test_page.page.html") == PAGE.format(title="Tally")
    assert project.summary(updated) == [
        "Snapshots: 0 matched, 0 written, 1 updated, 0 failed, 0 unused.",
        "Updated snapshots (check them with git diff):",
        "  tests/__snapshots__/test_pages/test_page.page.html",
    ]
    # The other test still fails: only the test named was updated.
    project.run(*options, SHOP_TITLE="Tally").assert_outcomes(passed=3, failed=1)


@pytest.mark.parametrize("options", RUNS)
def test_in_ci_a_missing_snapshot_fails_and_nothing_is_written(
    project: Project, options: tuple[str, ...]
) -> None:
    project.write("tests/test_pages.py", PAGES)
    result = project.run(*options, CI="true")
    result.assert_outcomes(failed=4)
    assert project.snapshots() == []
    result.stdout.fnmatch_lines(
        [
            "E       AssertionError: Snapshot 'title' does not exist: "
            "tests/__snapshots__/test_pages/TestTitle.test_title.title.html",
            "E       CI is set (CI='true'), so a missing snapshot fails instead of being written. "
            "Create it by running the test where CI is not set, then commit the file:",
            "E         python -m pytest tests/test_pages.py::TestTitle::test_title",
            "E       or write it even here with either command:",
            "E         DJUST_TESTING_UPDATE_SNAPSHOTS=1 python -m pytest "
            "tests/test_pages.py::TestTitle::test_title",
            "E         python -m pytest tests/test_pages.py::TestTitle::test_title "
            "--update-snapshots",
            "E       Received:",
            "E         <h1>",
            "E           Counter",
        ]
    )
    result.stdout.fnmatch_lines(
        ["E         python -m pytest 'tests/test_pages.py::test_clicks[2]' --update-snapshots"]
    )
    assert project.summary(result) == [
        "Snapshots: 0 matched, 0 written, 0 updated, 4 failed, 0 unused."
    ]

    # Update mode wins over CI.
    written = project.run(*options, "--update-snapshots", CI="true")
    written.assert_outcomes(passed=4)
    assert project.snapshots() == WRITTEN
    project.run(*options, CI="true").assert_outcomes(passed=4)


OLD_PAGES = """
import pytest

pytestmark = pytest.mark.django_db


def test_kept(snapshot):
    snapshot.assert_snapshot("a", "1")


def test_removed(snapshot):
    snapshot.assert_snapshot("b", "2")


@pytest.mark.parametrize("n", [1, 2])
def test_cases(snapshot, n):
    snapshot.assert_snapshot("n", str(n))


def test_fails(snapshot):
    snapshot.assert_snapshot("c", "3")


class TestOld:
    def test_method(self, snapshot):
        snapshot.assert_snapshot("d", "4")
"""

NEW_PAGES = """
import pytest

pytestmark = pytest.mark.django_db


def test_kept(snapshot):
    snapshot.assert_snapshot("a", "1")


@pytest.mark.parametrize("n", [1])
def test_cases(snapshot, n):
    snapshot.assert_snapshot("n", str(n))


def test_fails(snapshot):
    assert False, "before its snapshot"


class TestOld:
    def test_method(self, snapshot):
        pass


def test_other():
    pass
"""

UNUSED = [
    "TestOld.test_method.d.txt",
    "test_cases[2].n.txt",
    "test_removed.b.txt",
]


@pytest.mark.parametrize("options", RUNS)
def test_unused_snapshots_are_listed_and_deleted_only_for_modules_that_ran_completely(
    project: Project, options: tuple[str, ...]
) -> None:
    project.write("tests/test_pages.py", OLD_PAGES)
    project.write("tests/test_other.py", "def test_other(snapshot):\n    pass\n")
    project.run(*options).assert_outcomes(passed=7)
    folder = project.path / "tests" / "__snapshots__" / "test_pages"
    (folder / "README.txt").write_text("not a snapshot\n")
    (folder / "TestGone.test_x.page.html").write_text("a class the module does not have\n")
    (project.path / "tests" / "__snapshots__" / "test_other").mkdir()
    (project.path / "tests" / "__snapshots__" / "test_other" / "test_gone.x.txt").write_text("")
    project.write("tests/test_pages.py", NEW_PAGES)
    everything = [
        "README.txt",
        "TestGone.test_x.page.html",
        "TestOld.test_method.d.txt",
        "test_cases[1].n.txt",
        "test_cases[2].n.txt",
        "test_fails.c.txt",
        "test_kept.a.txt",
        "test_removed.b.txt",
    ]

    listed = project.run(*options)
    listed.assert_outcomes(passed=5, failed=1)
    assert project.summary(listed) == [
        "Snapshots: 2 matched, 0 written, 0 updated, 0 failed, 4 unused.",
        "Unused snapshots (no test that ran asserted them; --update-snapshots deletes them "
        "when their whole test module runs):",
        "  tests/__snapshots__/test_other/test_gone.x.txt",
        *[f"  tests/__snapshots__/test_pages/{name}" for name in UNUSED],
        "Left alone (named like snapshots, but their modules have no test class of that name; "
        "delete them by hand if they are stale):",
        "  tests/__snapshots__/test_pages/TestGone.test_x.page.html",
    ]
    assert project.snapshots() == everything

    # -k leaves test_pages incomplete: its unused snapshots are kept.
    partial = project.run(*options, "--update-snapshots", "-k", "not test_fails")
    # (xdist's workers deselect, so its controller counts no deselected tests.)
    partial.assert_outcomes(passed=5, deselected=None if options else 1)
    assert project.summary(partial) == [
        "Snapshots: 2 matched, 0 written, 0 updated, 0 failed, 4 unused.",
        "Deleted unused snapshots:",
        "  tests/__snapshots__/test_other/test_gone.x.txt",
        "Kept unused snapshots (their test modules did not run completely; run a whole module "
        "with --update-snapshots to delete its unused snapshots):",
        *[f"  tests/__snapshots__/test_pages/{name}" for name in UNUSED],
        "Left alone (named like snapshots, but their modules have no test class of that name; "
        "delete them by hand if they are stale):",
        "  tests/__snapshots__/test_pages/TestGone.test_x.page.html",
    ]
    assert project.snapshots() == everything
    assert not (project.path / "tests" / "__snapshots__" / "test_other").exists()

    # One test named: nothing is known of the rest of the module, and nothing is deleted.
    one = project.run(*options, "--update-snapshots", "tests/test_pages.py::test_kept")
    one.assert_outcomes(passed=1)
    assert project.summary(one) == [
        "Snapshots: 1 matched, 0 written, 0 updated, 0 failed, 0 unused."
    ]

    # The whole module: its unused snapshots go; the failed test's file stays.
    whole = project.run(*options, "--update-snapshots", "tests/test_pages.py")
    whole.assert_outcomes(passed=4, failed=1)
    assert project.summary(whole)[:2] == [
        "Snapshots: 2 matched, 0 written, 0 updated, 0 failed, 3 unused.",
        "Deleted unused snapshots:",
    ]
    assert project.snapshots() == [
        "README.txt",
        "TestGone.test_x.page.html",
        "test_cases[1].n.txt",
        "test_fails.c.txt",
        "test_kept.a.txt",
    ]


def test_hints_name_the_test_from_where_pytest_was_started(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write("tests/test_pages.py", PAGES)
    project.run().assert_outcomes(passed=4)
    monkeypatch.chdir(project.path / "tests")
    result = project.run("test_pages.py::test_page", SHOP_TITLE="Tally")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "E         snapshot: __snapshots__/test_pages/test_page.page.html",
            "*",
            "E         python -m pytest test_pages.py::test_page --update-snapshots",
        ]
    )


def test_a_snapshot_test_mixin_test_under_pytest_gets_pytest_commands(project: Project) -> None:
    project.write(
        "tests/test_pages.py",
        """
        from djust_testing import LiveViewTestCase, SnapshotTestMixin
        from shop.views import CounterView


        class CounterTests(SnapshotTestMixin, LiveViewTestCase):
            def test_page(self):
                self.assert_html_snapshot("page", self.live(CounterView))
        """,
    )
    first = project.run("-n", "2")
    first.assert_outcomes(passed=1)
    assert project.snapshots() == ["CounterTests.test_page.page.html"]
    assert project.summary(first)[0] == (
        "Snapshots: 0 matched, 1 written, 0 updated, 0 failed, 0 unused."
    )
    changed = project.run(SHOP_TITLE="Tally")
    changed.stdout.fnmatch_lines(
        [
            "E         DJUST_TESTING_UPDATE_SNAPSHOTS=1 python -m pytest "
            "tests/test_pages.py::CounterTests::test_page",
            "E         python -m pytest tests/test_pages.py::CounterTests::test_page "
            "--update-snapshots",
        ]
    )
    assert "manage.py" not in changed.stdout.str()
    project.run("--update-snapshots", SHOP_TITLE="Tally").assert_outcomes(passed=1)
    project.run(SHOP_TITLE="Tally").assert_outcomes(passed=1)


def test_names_that_cannot_be_file_names_are_refused(project: Project) -> None:
    project.write(
        "tests/test_pages.py",
        """
        import pytest


        @pytest.mark.parametrize("word", ["two words", "../up"])
        def test_case(snapshot, word):
            snapshot.assert_snapshot("x", word)


        @pytest.mark.parametrize("word", [pytest.param("two words", id="spaced")])
        def test_with_an_id(snapshot, word):
            snapshot.assert_snapshot("x", word)


        def test_bad_name(snapshot):
            snapshot.assert_snapshot("../x", "1")
        """,
    )
    result = project.run()
    result.assert_outcomes(passed=1, failed=3)
    output = result.stdout.str()
    assert (
        "E       djust_testing.exceptions.DjustTestingError: snapshot files are named after the "
        "test's node id, and the parameter id [two words] of "
        "'tests/test_pages.py::test_case[two words]' cannot be part of a file name: give "
        "the case an id of letters, digits and _ . - + = , @ (pytest.param(..., id='...') "
        "or parametrize(..., ids=[...]))\n"
    ) in output
    assert "the parameter id [../up] of 'tests/test_pages.py::test_case[../up]'" in output
    assert (
        "E       djust_testing.exceptions.DjustTestingError: snapshot name '../x' cannot be "
        "part of a file name: use letters, digits, '_', '-' and '.', starting with a letter, "
        "digit or '_'\n"
    ) in output
    assert project.snapshots() == ["test_with_an_id[spaced].x.txt"]


def test_a_misspelt_update_variable_stops_the_run(project: Project) -> None:
    project.write("tests/test_pages.py", PAGES)
    result = project.run(DJUST_TESTING_UPDATE_SNAPSHOTS="yes please")
    assert result.ret == 4  # pytest's usage error
    result.stderr.fnmatch_lines(
        [
            "ERROR: DJUST_TESTING_UPDATE_SNAPSHOTS is 'yes please'; set it to 1, true, yes or on "
            "to update snapshots, or to 0, false, no, off or nothing not to."
        ]
    )
    assert project.snapshots() == []


def test_where_another_plugin_has_a_snapshot_fixture_djust_snapshot_is_ours(
    project: Project,
) -> None:
    # syrupy and pytest-snapshot name their fixture "snapshot" too.
    project.write(
        "othersnap.py",
        """
        import pytest


        @pytest.fixture
        def snapshot():
            return "the other plugin's"
        """,
    )
    project.write(
        "tests/test_pages.py",
        """
        import pytest


        def test_theirs(snapshot):
            assert snapshot == "the other plugin's"


        @pytest.mark.django_db
        def test_ours(djust_snapshot, live):
            djust_snapshot.assert_snapshot("x", "1")
        """,
    )
    project.run("-p", "othersnap").assert_outcomes(passed=2)
    assert project.snapshots() == ["test_ours.x.txt"]
    project.write(
        "tests/test_pages.py",
        """
        def test_both_names_are_ours_without_it(snapshot, djust_snapshot):
            snapshot.assert_snapshot("x", "1")
            djust_snapshot.assert_snapshot("y", "2")
        """,
    )
    project.run().assert_outcomes(passed=1)
