"""djust-testing's pytest plugin, loaded through the ``pytest11`` entry point.

It is on where pytest-django is installed and configured
(``DJANGO_SETTINGS_MODULE``, ``--ds`` or the ini file's
``DJANGO_SETTINGS_MODULE``, or ``settings.configure()`` in a conftest), and
off elsewhere; ``-p no:djust_testing`` turns it off. It provides:

* the ``live`` fixture: ``live(View_or_url, **params)`` returns a mounted
  ``LiveViewTestClient`` sharing the ``client`` fixture's session and user;
* the ``live_component`` fixture: ``live_component(Component, **props)``
  returns a mounted ``LiveComponentTestClient``, sharing the same session;
* the ``snapshot`` fixture: ``snapshot.assert_html_snapshot(name,
  html_or_client)`` and ``snapshot.assert_snapshot(name, text)``, also
  named ``djust_snapshot``, the only name where another plugin (syrupy,
  pytest-snapshot) has a ``snapshot`` fixture (``_plugin/snapshot_fixture``);
* ``--update-snapshots``, and the snapshot summary at the end of the run;
* ``@pytest.mark.djust_engine("python")``: the test's ``RENDER_ENGINE``;
* after every test, the clients it opened closed and djust's process state
  reset.

``Live``, ``LiveComponent`` and ``Snapshot`` are the fixtures' types, for
annotations. pytest imports this module before Django's settings are known,
so nothing of djust is imported until the plugin is on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from ._plugin.activation import (
    SESSION_PLUGIN,
    SNAPSHOT_PLUGIN,
    require_on,
    snapshot_owner,
    why_off,
)

if TYPE_CHECKING:
    from ._plugin.fixtures import Live, LiveComponent, Snapshot

__all__ = ["Live", "LiveComponent", "Snapshot"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("djust-testing")
    group.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        dest="djust_update_snapshots",
        help=(
            "djust-testing: write missing snapshots, rewrite those that differ, and delete the "
            "unused snapshots of test modules that ran completely."
        ),
    )


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "djust_engine(engine): djust-testing renders this test's pages with RENDER_ENGINE "
        "'rust', 'python' or 'compare'.",
    )
    if config.getoption("help", False) or config.getoption("version", 0):
        return
    if snapshot_owner(config) is None:
        from ._plugin import snapshot_fixture

        config.pluginmanager.register(snapshot_fixture, SNAPSHOT_PLUGIN)
    reason = why_off(config)
    if reason is not None:
        if config.getoption("djust_update_snapshots"):
            raise pytest.UsageError(
                f"--update-snapshots needs djust-testing's pytest plugin, which is off: {reason}."
            )
        return
    from ._plugin.session import SessionPlugin

    config.pluginmanager.register(SessionPlugin(config), SESSION_PLUGIN)


@pytest.fixture
def live(request: pytest.FixtureRequest) -> Live:
    """``live(View_or_url, **params)``: mount a LiveView and return its ``LiveViewTestClient``.

    The client shares the ``client`` fixture's session and user. The test
    needs database access (``@pytest.mark.django_db``, or the ``db`` or
    ``transactional_db`` fixture). Every client is closed, and djust's
    process state reset, after the test.
    """
    require_on(request, "the live fixture")
    from ._plugin.fixtures import Live

    return Live(request.getfixturevalue("client"))


@pytest.fixture
def live_component(request: pytest.FixtureRequest) -> LiveComponent:
    """``live_component(Component, **props)``: mount a LiveComponent and return its client.

    The ``LiveComponentTestClient`` shares the ``client`` fixture's session
    and user; like ``live``, it needs database access and is closed after
    the test.
    """
    require_on(request, "the live_component fixture")
    from ._plugin.fixtures import LiveComponent

    return LiveComponent(request.getfixturevalue("client"))


@pytest.fixture
def djust_snapshot(request: pytest.FixtureRequest) -> Snapshot:
    """The ``snapshot`` fixture, by a name no other plugin has (syrupy's is ``snapshot`` too)."""
    require_on(request, "the djust_snapshot fixture")
    from ._plugin.fixtures import Snapshot

    return Snapshot(request.node)


@pytest.fixture(autouse=True)
def _djust_testing_engine(request: pytest.FixtureRequest) -> Iterator[None]:
    """``@pytest.mark.djust_engine(engine)``: the test renders with that engine."""
    marker = request.node.get_closest_marker("djust_engine")
    if marker is None:
        yield
        return
    require_on(request, "@pytest.mark.djust_engine")
    from ._plugin.fixtures import apply_engine, marker_engine
    from .exceptions import SettingsError

    try:
        engine = marker_engine(marker)
    except SettingsError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield from apply_engine(request.getfixturevalue("settings"), engine)


if not TYPE_CHECKING:  # to a type checker, the names are the imports above

    def __getattr__(name: str) -> Any:
        if name not in __all__:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from ._plugin import fixtures

        return getattr(fixtures, name)
