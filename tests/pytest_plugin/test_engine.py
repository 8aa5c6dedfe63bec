"""``@pytest.mark.djust_engine(...)``: a test's RENDER_ENGINE, beside ``settings`` overrides."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.pytest_plugin.conftest import Project


def test_the_marker_sets_the_engine_for_one_test_beside_settings_overrides(
    project: Project,
) -> None:
    project.write(
        "tests/test_pages.py",
        """
        import pytest
        from django.conf import settings as django_settings
        from djust_testing import conf
        from shop.views import CounterView

        pytestmark = pytest.mark.django_db
        NORMALIZE = [(r"\\d+", "N")]


        @pytest.mark.djust_engine("python")
        def test_python(live):
            assert conf.render_engine() == "python"
            assert '<p class="count">1</p>' in live(CounterView, start="1").render()


        def test_unmarked_tests_keep_the_settings():
            assert not hasattr(django_settings, "DJUST_TESTING")
            assert conf.render_engine() == "rust"


        @pytest.mark.djust_engine("compare")
        def test_with_settings_the_fixture_set(settings, live, snapshot):
            settings.DJUST_TESTING = {**settings.DJUST_TESTING, "SNAPSHOT_NORMALIZERS": NORMALIZE}
            page = live(CounterView)
            assert conf.render_engine() == "compare"
            snapshot.assert_snapshot("count", page.render())


        @pytest.mark.djust_engine("python")
        class TestAClass:
            def test_the_class_marker(self, live):
                assert conf.render_engine() == "python"

            @pytest.mark.djust_engine("rust")
            def test_the_closest_marker_wins(self, live):
                assert conf.render_engine() == "rust"


        @pytest.mark.djust_engine("python")
        def test_settings_that_drop_the_engine(settings, live):
            settings.DJUST_TESTING = {"SNAPSHOT_NORMALIZERS": NORMALIZE}
            live(CounterView)


        @pytest.mark.djust_engine("pyhton")
        def test_a_misspelt_engine():
            pass


        @pytest.mark.djust_engine()
        def test_no_engine():
            pass
        """,
    )
    result = project.run("--strict-markers")
    result.assert_outcomes(passed=5, failed=1, errors=2)
    output = result.stdout.str()
    assert (
        "E       djust_testing.exceptions.SettingsError: this test is marked "
        "@pytest.mark.djust_engine('python'), and settings.DJUST_TESTING now renders with "
        "'rust': {'SNAPSHOT_NORMALIZERS': [('\\\\d+', 'N')]}. Keep \"RENDER_ENGINE\": 'python' "
        "in it (settings.DJUST_TESTING = {**settings.DJUST_TESTING, ...} does), or drop the "
        "marker.\n"
    ) in output
    assert "tests/test_pages.py:42: SettingsError" in output
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_a_misspelt_engine*",
            "the djust_engine marker's engine is 'pyhton'; expected one of 'rust', 'python', "
            "'compare'.",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_no_engine*",
            "@pytest.mark.djust_engine takes one render engine, 'rust', 'python' or 'compare', "
            'as in @pytest.mark.djust_engine("python"); got ().',
        ]
    )


def test_the_marker_is_registered_and_needs_the_plugin(project: Project) -> None:
    project.write("pytest.ini", "[pytest]\n")
    project.write(
        "tests/test_pages.py",
        """
        import pytest


        @pytest.mark.djust_engine("python")
        def test_marked():
            pass
        """,
    )
    result = project.run("--strict-markers")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "@pytest.mark.djust_engine needs djust-testing's pytest plugin, which is off: "
            "pytest-django has no Django settings: *"
        ]
    )
    help_text = project.run("--markers")
    help_text.stdout.fnmatch_lines(
        [
            "@pytest.mark.djust_engine(engine): djust-testing renders this test's pages with "
            "RENDER_ENGINE 'rust', 'python' or 'compare'."
        ]
    )
