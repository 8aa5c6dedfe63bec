"""The browser's first request: the page over HTTP, before any live connection opens.

A browser loads a LiveView's page with an HTTP GET (djust's
``mixins/request.py`` ``get``: auth checks, ``mount()``, the first render,
``dj-view`` stamped on the root), then opens the socket and mounts what the
page's ``dj-view`` names. The Django test ``Client`` is the browser here: its
cookie jar is the one the socket then connects with.
"""

from __future__ import annotations

import warnings
from typing import Any

from django.apps import apps
from django.http import HttpResponseBase
from django.test import Client, RequestFactory
from django.test.testcases import DatabaseOperationForbidden  # type: ignore[attr-defined]
from djust.live_view import LiveView

from ..exceptions import DjustTestingError
from . import djust
from .request import build_request
from .routing import PageURL, served_by


def browser_for(client: Client | None, user: Any) -> Client | None:
    """The Django test client acting as the browser: ``client``, or one logged in as ``user``.

    None where no browser session can carry the user (no sessions or auth
    app, or a user that is not saved); the live connection then carries
    ``user`` itself.
    """
    if client is not None:
        return client
    if not (
        apps.is_installed("django.contrib.sessions") and apps.is_installed("django.contrib.auth")
    ):
        return None
    browser = Client()
    if user is None or not getattr(user, "is_authenticated", False):
        return browser
    if getattr(user, "pk", None) is None:
        return None
    browser.force_login(user)
    return browser


def load_page(
    view_class: type[LiveView], page: PageURL, browser: Client | None, user: Any
) -> tuple[HttpResponseBase, list[str]]:
    """The response to the browser's GET of ``page``, and the state keys its render wrote.

    Through the whole middleware stack when the URLconf routes the page to
    the view; a view no URL pattern serves (one defined inside a test) is
    called directly with the browser's cookies.
    """
    with djust.state_keys_written() as keys, warnings.catch_warnings():
        # djust's GET calls an async mount() or handle_params() without awaiting it,
        # as in production; the mount over the socket then fails with MountError,
        # which says why, so Python's note on the dropped coroutine adds nothing.
        warnings.filterwarnings(
            "ignore",
            r"coroutine '.*\.(mount|handle_params)' was never awaited",
            RuntimeWarning,
        )
        response = _get(view_class, page, browser, user)
    return response, keys


def _call_unrouted(view_class: type[LiveView], page: PageURL, browser: Client) -> Any:
    """Load a page no URL pattern serves: the view behind the session and auth middleware.

    The browser keeps the cookies the response sets, as it would from a routed page.
    """
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    factory = RequestFactory()
    factory.cookies = browser.cookies
    handler = SessionMiddleware(AuthenticationMiddleware(view_class.as_view()))
    response = handler(factory.get(str(page)))
    assert isinstance(response, HttpResponseBase)  # a sync view behind sync middleware
    browser.cookies.update(response.cookies)
    return response


def _get(
    view_class: type[LiveView], page: PageURL, browser: Client | None, user: Any
) -> HttpResponseBase:
    try:
        served, _kwargs = served_by(page.path)
        if browser is None:
            response = view_class.as_view()(build_request(str(page), client=None, user=user))
        elif served is view_class:
            return browser.get(str(page))
        else:
            response = _call_unrouted(view_class, page, browser)
    except (DatabaseOperationForbidden, RuntimeError) as exc:
        if not _database_refused(exc):
            raise
        raise DjustTestingError(
            f"Loading the page of {view_class.__qualname__} needs the database, which this "
            "test may not use: djust's HTTP GET (mixins/request.py) creates a session for a "
            "browser that has none, and the default session engine stores it in the database. "
            "Use django.test.TestCase (with pytest, @pytest.mark.django_db), or a session "
            "engine without a database for this test "
            "(SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies')."
        ) from exc
    if not isinstance(response, HttpResponseBase):
        raise DjustTestingError(
            f"{view_class.__qualname__}.get() returned {type(response).__name__}, not an "
            "HttpResponse: a browser gets no page"
        )
    render = getattr(response, "render", None)
    if callable(render) and not getattr(response, "is_rendered", True):
        render()
    return response


def _database_refused(error: Exception) -> bool:
    """Whether ``error`` is a test runner refusing database access.

    Django's SimpleTestCase raises ``DatabaseOperationForbidden``;
    pytest-django's blocker a ``RuntimeError`` saying so.
    """
    return isinstance(error, DatabaseOperationForbidden) or str(error).startswith(
        "Database access not allowed"
    )
