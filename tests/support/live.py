"""Reaching past the public API, for the tests that pin djust's seams and tamper with frames."""

from __future__ import annotations

from djust_testing import LiveViewTestClient
from djust_testing._live.connection import Connection
from djust_testing._proxy import ClientProxy


def proxy_of(live: LiveViewTestClient) -> ClientProxy:
    """The browser tab behind ``live``: its page and its connection."""
    return live._proxy


def connection_of(live: LiveViewTestClient) -> Connection:
    """The live connection behind ``live``."""
    return proxy_of(live).connection
