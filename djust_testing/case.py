"""``LiveViewTestCase`` and the mixin that gives any Django test case ``self.live()``."""

from __future__ import annotations

from typing import Any

import django.test
from djust.live_view import LiveView

from ._live import djust
from ._live.routing import view_for_url
from .client import LiveViewTestClient

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


class LiveViewTestMixin:
    """Adds ``self.live()`` to a ``SimpleTestCase``, ``TransactionTestCase`` or ``TestCase``.

    Live clients share the session and user of ``self.client``. After the
    test, every client it opened is closed and djust's process-wide state is
    reset, so nothing reaches the next test.
    """

    _live_clients: list[LiveViewTestClient]

    def live(self, view: type[LiveView] | str, /, **params: Any) -> LiveViewTestClient:
        """Mount ``view`` (a LiveView class, or a URL Django routes to one) and return its client.

        For a class, ``params`` fill its URL pattern and the rest become the
        query string; for a URL, ``params`` join the URL's query string.
        """
        django_client = getattr(self, "client", None)
        if isinstance(view, str):
            view_class, page = view_for_url(view)
            live_client = LiveViewTestClient(view_class, client=django_client, url=str(page))
        else:
            live_client = LiveViewTestClient(view, client=django_client)
        self._track(live_client)
        return live_client.mount(**params)

    def _track(self, live_client: LiveViewTestClient) -> None:
        if not hasattr(self, "_live_clients"):
            self._live_clients = []
            self.addCleanup(self._close_live_clients)  # type: ignore[attr-defined]
        self._live_clients.append(live_client)

    def _close_live_clients(self) -> None:
        clients = self._live_clients
        del self._live_clients
        for live_client in clients:
            live_client.close()
        djust.reset_process_state()


class LiveViewTestCase(LiveViewTestMixin, django.test.TestCase):
    """A ``django.test.TestCase`` with ``self.live()``."""
