"""``LiveViewTestCase`` and the mixin that gives any Django test case ``self.live()``."""

from __future__ import annotations

from typing import Any

import django.test
from djust.live_view import LiveView

from ._live import isolation
from ._live.routing import view_for_url
from .client import LiveViewTestClient

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


class LiveViewTestMixin:
    """Adds ``self.live()`` to a ``SimpleTestCase``, ``TransactionTestCase`` or ``TestCase``.

    Live clients share the session and user of ``self.client``. After every
    test, each client the test opened is closed, however it was made
    (``self.live()``, ``LiveViewTestClient(...)``, one kept on ``self``),
    djust's process-wide state is reset, and djust's configuration is
    restored as the test found it, so nothing reaches the next test.
    """

    #: The clients ``self.live()`` opened in this test: kept alive until it ends.
    _live_clients: list[LiveViewTestClient]

    def run(self, result: Any = None) -> Any:
        self._live_clients = []
        # Registered before setUp runs, so it runs last, after every other cleanup.
        self.addCleanup(self._end_isolation, isolation.begin())  # type: ignore[attr-defined]
        return super().run(result)  # type: ignore[misc]

    def _end_isolation(self, mark: isolation.Mark) -> None:
        self._live_clients.clear()
        isolation.end(mark)

    def live(self, view: type[LiveView] | str, /, **params: Any) -> LiveViewTestClient:
        """Mount ``view`` (a LiveView class, or a URL Django routes to one) and return its client.

        For a class, ``params`` fill its URL pattern and the rest become the
        query string; for a URL, ``params`` join the URL's query string.
        """
        if not hasattr(self, "_live_clients"):  # called outside run(), as debug() does
            self._live_clients = []
        return mount_live(view, getattr(self, "client", None), params, self._live_clients)


def mount_live(
    view: type[LiveView] | str,
    django_client: Any,
    params: dict[str, Any],
    opened: list[LiveViewTestClient],
) -> LiveViewTestClient:
    """Mount ``view`` (a LiveView class, or a URL Django routes to one) sharing ``django_client``.

    What ``self.live()`` and pytest's ``live`` fixture do. The client joins
    ``opened`` before it mounts, so the test keeps it until it ends even when
    the mount fails.
    """
    if isinstance(view, str):
        view_class, page = view_for_url(view)
        live_client = LiveViewTestClient(view_class, client=django_client, url=str(page))
    else:
        live_client = LiveViewTestClient(view, client=django_client)
    opened.append(live_client)
    return live_client.mount(**params)


class LiveViewTestCase(LiveViewTestMixin, django.test.TestCase):
    """A ``django.test.TestCase`` with ``self.live()``."""
