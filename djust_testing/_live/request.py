"""The request a live connection carries: the page's URL, the browser's session and user.

djust builds a mount request from the WebSocket's scope, where channels put
the user and session it read from the browser's cookies. Here the cookies
are those of a Django test ``Client``, so a test that logs in with
``self.client.force_login(user)`` mounts live views as that user.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.test import Client, RequestFactory


def _response(request: HttpRequest) -> Any:
    raise AssertionError("the session and auth middleware only read the request here")


def build_request(url: str, *, client: Client | None, user: Any | None) -> HttpRequest:
    """A GET request for ``url`` with the session of ``client`` and its user, or ``user``."""
    factory = RequestFactory()
    if client is not None:
        factory.cookies = client.cookies
    request = factory.get(url)
    if apps.is_installed("django.contrib.sessions"):
        from django.contrib.sessions.middleware import SessionMiddleware

        SessionMiddleware(_response).process_request(request)
    if user is not None:
        request.user = user
    elif apps.is_installed("django.contrib.auth"):
        from django.contrib.auth import get_user
        from django.contrib.auth.models import AnonymousUser

        # Resolved now rather than lazily: djust reads it at mount for its
        # auth checks anyway, and a lazy proxy costs on every later access.
        request.user = get_user(request) if hasattr(request, "session") else AnonymousUser()
    return request
