"""Reaching past the public API, for the tests that pin djust's seams and tamper with frames."""

from __future__ import annotations

from djust_testing import LiveViewTestClient
from djust_testing._live.connection import Connection


def connection_of(live: LiveViewTestClient) -> Connection:
    """The live connection behind ``live``."""
    return live._proxy.connection
