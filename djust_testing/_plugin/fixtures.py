"""What pytest's ``live``, ``live_component`` and ``snapshot`` fixtures hand a test, and the marker.

* ``Live``: ``live(View_or_url, **params)`` mounts as ``self.live()`` does
  (``case.mount_live``), sharing pytest-django's ``client``, once the test
  has database access.
* ``LiveComponent``: ``live_component(Component, **props)``, through
  ``LiveComponentTestClient``, sharing the same ``client``.
* ``Snapshot``: the snapshot assertions (``snapshots.check``), files named by
  node id (``report``).
* ``apply_engine``: ``@pytest.mark.djust_engine(...)`` as a
  ``settings.DJUST_TESTING`` override, pinned for the whole test.

Clients are closed and djust's state reset after every test by the
session plugin (``session.SessionPlugin``), whichever of these made them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from djust.live_view import LiveView

from .. import conf
from ..case import mount_live
from ..client import LiveViewTestClient
from ..components import LiveComponentTestClient
from ..exceptions import DjustTestingError, SettingsError
from ..snapshots.check import SnapshotAssertions
from ..snapshots.files import check_name, place
from .report import check_owner, module_folder, owner_name

# Failed assertions end their tracebacks at the test's line.
__tracebackhide__ = True


def require_database() -> None:
    """Fail as pytest-django does when the test has no database access.

    pytest-django blocks ``ensure_connection()`` until a test asks for the
    database (the ``django_db`` mark, or the ``db`` or ``transactional_db``
    fixture), so asking for a connection raises its own message.
    """
    from django.db import DEFAULT_DB_ALIAS, connections

    if DEFAULT_DB_ALIAS in connections.settings:
        connections[DEFAULT_DB_ALIAS].ensure_connection()


class Live:
    """The ``live`` fixture: ``live(View_or_url, **params)`` returns a mounted client.

    Each client shares the ``client`` fixture's session and user, so
    ``client.force_login(user)`` before ``live(...)`` mounts as that user.
    """

    def __init__(self, django_client: Any) -> None:
        self._django_client = django_client
        self._opened: list[LiveViewTestClient] = []

    def __call__(self, view: type[LiveView] | str, /, **params: Any) -> LiveViewTestClient:
        """Mount ``view`` (a LiveView class, or a URL Django routes to one) and return its client.

        For a class, ``params`` fill its URL pattern and the rest become the
        query string; for a URL, ``params`` join the URL's query string.
        """
        require_database()
        return mount_live(view, self._django_client, params, self._opened)

    @property
    def clients(self) -> list[LiveViewTestClient]:
        """The clients this test mounted, oldest first."""
        return list(self._opened)


class LiveComponent:
    """The ``live_component`` fixture: ``live_component(Component, **props)`` mounts one.

    As ``LiveComponentTestClient(Component, client=client).mount(**props)``,
    sharing the ``client`` fixture's session and user as ``live`` does.
    """

    def __init__(self, django_client: Any) -> None:
        self._django_client = django_client

    def __call__(self, component: type[Any], /, **props: Any) -> LiveComponentTestClient:
        """Mount ``component`` with ``props`` inside a host LiveView and return its client."""
        require_database()
        return LiveComponentTestClient(component, client=self._django_client).mount(**props)


class Snapshot(SnapshotAssertions):
    """The ``snapshot`` fixture: ``assert_html_snapshot()`` and ``assert_snapshot()``.

    Files go to ``__snapshots__/<module>/`` beside the test module, named
    after the test's node id inside it: ``test_cart.py::test_empty``'s
    snapshot ``page`` is ``__snapshots__/test_cart/test_empty.page.html``.
    """

    def __init__(self, item: pytest.Item) -> None:
        self._node_id = item.nodeid
        module = item.getparent(pytest.Module)
        self._module = (module.nodeid, module.path) if module is not None else None
        self._seen_snapshots: dict[Path, str] = {}

    def _snapshot_path(self, name: str, suffix: str) -> Path:
        check_name(name)
        if self._module is None:
            raise DjustTestingError(
                f"the snapshot fixture names files after the test's Python module, and "
                f"{self._node_id!r} is not in one"
            )
        module_id, module_file = self._module
        owner = check_owner(owner_name(self._node_id, module_id), self._node_id)
        return place(
            module_folder(module_file),
            f"{owner}.{name}{suffix}",
            name,
            "the snapshot name or the test's name",
        )

    def _snapshot_test_id(self) -> str:
        return self._node_id

    def _seen(self) -> dict[Path, str]:
        return self._seen_snapshots


def marker_engine(marker: pytest.Mark) -> str:
    """The engine ``@pytest.mark.djust_engine(engine)`` names, checked."""
    if len(marker.args) != 1 or marker.kwargs:
        given = ", ".join(
            [repr(arg) for arg in marker.args] + [f"{k}={v!r}" for k, v in marker.kwargs.items()]
        )
        raise SettingsError(
            f"@pytest.mark.djust_engine takes one render engine, 'rust', 'python' or "
            f"'compare', as in @pytest.mark.djust_engine(\"python\"); got ({given})."
        )
    return conf.validate_render_engine(marker.args[0], source="the djust_engine marker's engine")


def apply_engine(settings: Any, engine: str) -> Iterator[None]:
    """Render with the marker's engine for the whole test, through pytest-django's ``settings``.

    The engine is pinned (``conf.pin_render_engine``), so a later
    ``settings.DJUST_TESTING`` that drops it fails instead of rendering with another.
    """
    settings.DJUST_TESTING = {**conf.configured_settings(), "RENDER_ENGINE": engine}
    conf.pin_render_engine(engine, f"@pytest.mark.djust_engine({engine!r})")
    try:
        yield
    finally:
        conf.pin_render_engine(None)
