"""The test suite's settings, with djust's per-connection rate limit lifted.

The WebSocket consumer's limiter (burst 20) would otherwise drop most of the
events the consumer benchmark sends.
"""

from tests.settings import *  # noqa: F403

LIVEVIEW_CONFIG = {"rate_limit": {"rate": 1_000_000, "burst": 1_000_000}}
