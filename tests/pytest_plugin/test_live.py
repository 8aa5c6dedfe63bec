"""The ``live`` and ``live_component`` fixtures, per-test isolation, and where the plugin is on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.pytest_plugin.conftest import Project

NO_DATABASE = (
    'RuntimeError: Database access not allowed, use the "django_db" mark, or the "db" or '
    '"transactional_db" fixtures to enable it.'
)


def test_live_mounts_a_view_or_a_url_with_the_client_fixtures_session_and_user(
    project: Project,
) -> None:
    project.write(
        "tests/test_pages.py",
        """
        import pytest
        from django.contrib.auth.models import User
        from djust_testing import LiveViewTestClient, MountRedirectedError
        from shop.views import AccountView, CounterView

        pytestmark = pytest.mark.django_db


        def test_a_class_with_params(live):
            page = live(CounterView, start="4")
            assert isinstance(page, LiveViewTestClient)
            page.send_event("increment")
            page.assert_state(count=5)


        def test_a_url(live):
            page = live("/?start=2")
            page.element("button").click()
            assert '<p class="count">3</p>' in page.render()


        def test_the_client_fixtures_user(client, live):
            client.force_login(User.objects.create_user("ann"))
            live(AccountView).assert_state(username="ann")
            assert [page.url for page in live.clients] == ["/account/"]


        def test_an_anonymous_client(live):
            with pytest.raises(MountRedirectedError):
                live(AccountView)


        @pytest.mark.django_db(transaction=True)
        def test_a_transactional_test(live):
            live(CounterView).assert_state(count=0)


        def test_the_transactional_db_fixture(transactional_db, live):
            live(CounterView).assert_state(count=0)
        """,
    )
    result = project.run("-v")
    result.assert_outcomes(passed=6)
    assert "unreadable" not in result.stdout.str() + result.stderr.str()


def test_live_needs_database_access_and_says_so_as_pytest_django_does(project: Project) -> None:
    project.write(
        "tests/test_pages.py",
        """
        from djust_testing import LiveViewTestClient
        from shop.views import CounterView


        def test_no_database(live):
            live(CounterView)


        def test_a_client_made_by_hand(client):
            LiveViewTestClient(CounterView, client=client).mount()
        """,
    )
    result = project.run()
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            ">       live(CounterView)",
            f"E       {NO_DATABASE}",
            "tests/test_pages.py:6: RuntimeError",
        ]
    )
    # A client made by hand meets pytest-django's refusal in the page load,
    # which explains it as it explains Django's SimpleTestCase refusal.
    result.stdout.fnmatch_lines(
        [
            "E * djust_testing.exceptions.DjustTestingError: Loading the page of CounterView "
            "needs the database, which this test may not use: djust's HTTP GET "
            "(mixins/request.py) creates a session for a browser that has none, and the "
            "default session engine stores it in the database. Use django.test.TestCase "
            "(with pytest, @pytest.mark.django_db), or a session engine without a database "
            "for this test (SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies').",
        ]
    )


def test_every_test_s_clients_are_closed_and_djusts_configuration_restored(
    project: Project,
) -> None:
    project.write(
        "tests/test_pages.py",
        """
        import pytest
        from djust.config import config
        from djust_testing import ConnectionClosedError, LiveViewTestClient
        from shop.views import CounterView

        kept = []


        @pytest.fixture
        def page(live):
            page = live(CounterView)
            yield page
            # Still open while the fixtures are torn down.
            page.send_event("increment")
            kept.append(page)


        @pytest.mark.django_db
        def test_the_fixture_opens_one(page):
            config.update({"djust_testing_probe": 1})


        def test_one_made_by_hand(db, client):
            kept.append(LiveViewTestClient(CounterView, client=client).mount())


        def test_both_are_closed_and_the_configuration_restored():
            assert len(kept) == 2
            for page in kept:
                with pytest.raises(ConnectionClosedError, match="was closed"):
                    page.send_event("increment")
            assert "djust_testing_probe" not in config.as_dict()
        """,
    )
    project.run("-p", "no:randomly").assert_outcomes(passed=3)
    project.run("-n", "2", "--dist", "loadfile").assert_outcomes(passed=3)


def test_a_unittest_test_case_under_pytest_isolates_itself(project: Project) -> None:
    project.write(
        "tests/test_pages.py",
        """
        import unittest
        from djust_testing import ConnectionClosedError, LiveViewTestCase
        from shop.views import CounterView

        kept = []


        class CounterTests(LiveViewTestCase):
            def test_a(self):
                kept.append(self.live(CounterView))


        class AfterTests(unittest.TestCase):
            def test_b(self):
                with self.assertRaises(ConnectionClosedError):
                    kept[0].send_event("increment")
        """,
    )
    project.run().assert_outcomes(passed=2)


def test_live_component_mounts_a_component_and_closes_it_after_the_test(
    project: Project,
) -> None:
    project.write(
        "shop/components.py",
        """
        from djust import event_handler
        from djust.components.base import LiveComponent


        class Stars(LiveComponent):
            template = '<div class="stars">{{ value }}<button dj-click="rate">*</button></div>'

            def mount(self, value=0, **kwargs):
                self.value = value

            def get_context_data(self):
                return {"value": self.value}

            @event_handler
            def rate(self, **kwargs):
                self.value += 1
                self.trigger_update()
        """,
    )
    project.write(
        "tests/test_pages.py",
        """
        import pytest
        from djust_testing import ConnectionClosedError, LiveComponentTestClient
        from shop.components import Stars

        kept = []


        @pytest.mark.django_db
        def test_it_mounts(live_component):
            stars = live_component(Stars, value=3)
            assert isinstance(stars, LiveComponentTestClient)
            stars.send_event("rate")
            stars.assert_state(value=4)
            assert '<div class="stars">4' in stars.render()
            kept.append(stars)


        @pytest.mark.django_db
        def test_the_client_fixtures_user(client, live_component, django_user_model):
            client.force_login(django_user_model.objects.create_user("ann"))
            stars = live_component(Stars)
            assert stars.live.view_instance.request.user.username == "ann"


        def test_it_was_closed():
            with pytest.raises(ConnectionClosedError):
                kept[0].send_event("rate")


        def test_it_needs_the_database(live_component):
            live_component(Stars)
        """,
    )
    result = project.run("-p", "no:randomly")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines([">       live_component(Stars)", f"E       {NO_DATABASE}"])


def test_the_plugin_is_off_without_django_settings_and_says_so(project: Project) -> None:
    project.write("pytest.ini", "[pytest]\n")
    project.write(
        "tests/test_pages.py",
        """
        import sys


        def test_plain():
            # Loading the plugin imported nothing of djust: djust reads the
            # settings once, when it is imported.
            assert not [name for name in sys.modules if name.split(".")[0] == "djust"]


        def test_live(live):
            pass


        def test_snapshot(snapshot):
            pass
        """,
    )
    result = project.run()
    result.assert_outcomes(passed=1, errors=2)
    off = (
        "{} needs djust-testing's pytest plugin, which is off: pytest-django has no Django "
        "settings: set DJANGO_SETTINGS_MODULE in the pytest ini file (pytest.ini, "
        "pyproject.toml's [tool.pytest.ini_options]), in the environment, or with --ds."
    )
    result.stdout.fnmatch_lines([off.format("the live fixture")])
    result.stdout.fnmatch_lines([off.format("the snapshot fixture")])
    assert "djust-testing snapshots" not in result.stdout.str()

    usage = project.run("--update-snapshots")
    assert usage.ret == 4  # pytest's usage error
    usage.stderr.fnmatch_lines(
        [
            "ERROR: --update-snapshots needs djust-testing's pytest plugin, which is off: "
            "pytest-django has no Django settings: *"
        ]
    )


def test_the_plugin_is_off_without_pytest_django(project: Project) -> None:
    project.write("pytest.ini", "[pytest]\n")
    project.write("tests/test_pages.py", "def test_live(live):\n    pass\n")
    result = project.run("-p", "no:django")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "the live fixture needs djust-testing's pytest plugin, which is off: pytest-django "
            "is not installed (pip install pytest-django), or was turned off."
        ]
    )


def test_the_settings_of_a_conftest_turn_it_on(project: Project) -> None:
    project.write("pytest.ini", "[pytest]\n")
    project.write(
        "conftest.py",
        """
        def pytest_configure(config):
            import settings
            from django.conf import settings as django_settings

            django_settings.configure(
                **{name: getattr(settings, name) for name in dir(settings) if name.isupper()}
            )
        """,
    )
    project.write(
        "tests/test_pages.py",
        """
        import pytest
        from shop.views import CounterView


        @pytest.mark.django_db
        def test_live(live):
            live(CounterView).assert_state(count=0)
        """,
    )
    project.run().assert_outcomes(passed=1)
