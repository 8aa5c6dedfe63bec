"""What one mount of the Counter view costs, and where it goes.

Contenders (each a ``make()`` returning ``run(n)``, which performs ``n`` mounts):

* djust_testing: ``LiveViewTestClient(CounterView).mount()``, then ``close()``
  (a test's client is closed at its end).
* djust.testing: djust's own client's ``mount()``, which instantiates the view
  and calls ``mount()``, with no render.
* floor: a request as the client builds it, the view, its ``mount()`` and
  its first ``render_with_diff()``: the work any mount that renders causes.
* production path: what a browser makes production do for a mount, without
  the client's own work: the page over HTTP, then on a connection of
  djust_testing's the consumer's channel, djust's ``ViewRuntime.dispatch_mount``
  for the mount frame, and the disconnect.

Parts, measured alone to split the djust_testing mount:

* djust's handler metadata for the mount frame (``_extract_cache_config``
  and ``_extract_handler_config``), called as the runtime calls them;
* one ``sync_to_async`` hop on the bridge (see events.py), times the hops
  a mount takes;
* a CSRF secret and its mask: ``get_token()`` on a request without the
  browser's cookie, inside the first render; and the CSRF work of a mount:
  djust binding the cookie the request carries (if any), then ``get_token()``;
* the page over HTTP first, as a browser loads it (djust's GET: middleware,
  ``mount()``, the first render), before the socket mounts: production work;
* the page's DOM loaded from the mount frame and checked against djust's render;
* ``page_for_view``: the URL the browser is on, from the URLconf;
* the loop bridge running one action;
* building the request (inside the floor).
"""

from __future__ import annotations

from collections.abc import Callable

from .events import Run, counting_sync_hops, mounted_client, repeat


def djust_testing_contender() -> Run:
    from djust_testing import LiveViewTestClient
    from tests.views.basics import CounterView

    def step() -> None:
        LiveViewTestClient(CounterView).mount().close()

    return repeat(step)


def djust_builtin_contender() -> Run:
    from djust.testing import LiveViewTestClient as BuiltinClient

    from tests.views.basics import CounterView

    return repeat(lambda: BuiltinClient(CounterView).mount())


def floor_contender() -> Run:
    from djust_testing._live.request import build_request
    from tests.views.basics import CounterView

    def step() -> None:
        request = build_request("/counter/", client=None, user=None)
        view = CounterView()
        view.request = request
        view.mount(request)
        view.render_with_diff()

    return repeat(step)


def production_path_contender() -> Run:
    from djust_testing._live import broadcasts
    from djust_testing._live.connection import Connection, mount_frame, view_path
    from djust_testing._live.consumer import ConsumerPort
    from djust_testing._live.http import browser_for, load_page
    from djust_testing._live.request import build_request
    from djust_testing._live.routing import PageURL
    from tests.views.basics import CounterView

    page = PageURL("/counter/", {})
    frame = mount_frame(view_path(CounterView), page, has_prerendered=True, client_timezone="UTC")

    def step() -> None:
        browser = browser_for(None, None)
        response, _keys = load_page(CounterView, page, browser, None)
        assert response.status_code == 200, response
        connection = Connection(CounterView)
        runtime, bridge = connection.runtime, connection.bridge
        connection.transport.request = build_request(str(page), client=browser, user=None)
        connection.transport.port = ConsumerPort(runtime, bridge.run(broadcasts.new_channel()))
        bridge.run(runtime.dispatch_mount(dict(frame)))
        assert runtime.view_instance is not None, connection.last_action.frames
        connection.close(deliver=False)

    return repeat(step)


def handler_metadata_contender() -> Run:
    from tests.support.live import connection_of

    client = mounted_client()
    runtime, view = connection_of(client).runtime, client.view_instance

    def step() -> None:
        runtime._extract_cache_config(view)
        runtime._extract_handler_config(view)

    return repeat(step)


def csrf_contender() -> Run:
    from django.middleware.csrf import get_token

    from djust_testing._live.request import build_request

    request = build_request("/counter/", client=None, user=None)

    def step() -> None:
        request.META.pop("CSRF_COOKIE", None)
        get_token(request)

    return repeat(step)


def csrf_as_mounted_contender() -> Run:
    from django.middleware.csrf import get_token
    from djust.security.csrf import bind_csrf_cookie

    from djust_testing._live.request import build_request

    request = build_request("/counter/", client=None, user=None)

    def step() -> None:
        request.META.pop("CSRF_COOKIE", None)
        bind_csrf_cookie(request)
        get_token(request)

    return repeat(step)


def dom_contender() -> Run:
    from tests.support.live import connection_of, proxy_of

    client = mounted_client()
    page, connection = proxy_of(client).page, connection_of(client)
    frames = client.last_action.frames_of("mount")

    def step() -> None:
        # What the client does with a mount frame: load it, then the patch check.
        page.apply(frames)
        html, fragment = connection.latest_html()
        assert html is not None and page.matches(html, fragment=fragment)

    return repeat(step)


def page_load_contender() -> Run:
    from djust_testing._live.http import browser_for, load_page
    from djust_testing._live.routing import PageURL
    from tests.views.basics import CounterView

    page = PageURL("/counter/", {})

    def step() -> None:
        # One browser per page load, as each test's client is a fresh browser.
        response, _keys = load_page(CounterView, page, browser_for(None, None), None)
        assert response.status_code == 200, response

    return repeat(step)


def page_for_view_contender() -> Run:
    from djust_testing._live.routing import page_for_view
    from tests.views.basics import CounterView

    return repeat(lambda: page_for_view(CounterView, {}))


def bridge_action_contender() -> Run:
    from djust_testing._live.loop import get_bridge

    bridge = get_bridge()

    async def nothing() -> None:
        return None

    return repeat(lambda: bridge.run(nothing()))


def build_request_contender() -> Run:
    from djust_testing._live.request import build_request

    return repeat(lambda: build_request("/counter/", client=None, user=None))


def hops_per_mount() -> int:
    from djust_testing import LiveViewTestClient
    from tests.views.basics import CounterView

    LiveViewTestClient(CounterView).mount().close()
    with counting_sync_hops() as counter:
        LiveViewTestClient(CounterView).mount().close()
    return counter[0]


# key -> (label, make)
CONTENDERS: dict[str, tuple[str, Callable[[], Run]]] = {
    "mount:djust_testing": ("djust_testing `mount()` (+ `close()`)", djust_testing_contender),
    "mount:djust.testing": ("djust.testing `mount()` (no render)", djust_builtin_contender),
    "mount:floor": ("floor: request, view, `mount()`, first `render_with_diff()`", floor_contender),
    "mount:production_path": (
        "production path: the page over HTTP, djust's `dispatch_mount`, the disconnect",
        production_path_contender,
    ),
}

PARTS: dict[str, tuple[str, Callable[[], Run]]] = {
    "mount:handler_metadata": (
        "djust's `_extract_cache_config` + `_extract_handler_config`",
        handler_metadata_contender,
    ),
    "mount:csrf": ("a fresh CSRF secret and its mask (`get_token()`, no cookie)", csrf_contender),
    "mount:csrf_as_mounted": (
        "the mount's CSRF work: djust binds the request's cookie, then `get_token()`",
        csrf_as_mounted_contender,
    ),
    "mount:page_load": (
        "the page over HTTP first, as a browser loads it (production work)",
        page_load_contender,
    ),
    "mount:dom": ("DOM load from the mount frame + patch check", dom_contender),
    "mount:page_for_view": ("`page_for_view` over the URLconf", page_for_view_contender),
    "mount:bridge_action": ("the loop bridge running one action", bridge_action_contender),
    "mount:build_request": ("building the request (inside the floor)", build_request_contender),
}
