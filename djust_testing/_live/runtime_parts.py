"""What the test's runtime is built with that needs nothing private of djust.

* The connection's rate limiter, configured as djust's WebSocket consumer
  configures its own (one per connection: events and upload frames share it).
* Background-work callbacks wrapped to record what they raise, sync or async
  as they were.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any


def connection_rate_limiter() -> Any:
    """The per-connection limiter, configured as djust's WebSocket consumer configures it."""
    from djust.config import config
    from djust.rate_limit import ConnectionRateLimiter

    settings = config.get("rate_limit", {})
    if not isinstance(settings, dict):
        settings = {}
    return ConnectionRateLimiter(
        rate=settings.get("rate", 100),
        burst=settings.get("burst", 20),
        max_warnings=settings.get("max_warnings", 3),
        upload_rate=settings.get("upload_rate", 200),
        upload_burst=settings.get("upload_burst", 400),
    )


def recording(callback: Callable[..., Any], record: Callable[[BaseException], None]) -> Any:
    """``callback``, sync or async as it was (djust checks), recording what it raises."""
    if asyncio.iscoroutinefunction(callback):

        @functools.wraps(callback)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            return await _recorded(callback(*args, **kwargs), record)

        return run_async

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            result = callback(*args, **kwargs)
        except Exception as exc:
            record(exc)
            raise
        # A sync callback may return a coroutine, which djust awaits.
        return _recorded(result, record) if inspect.iscoroutine(result) else result

    return run


async def _recorded(
    coroutine: Coroutine[Any, Any, Any], record: Callable[[BaseException], None]
) -> Any:
    try:
        return await coroutine
    except Exception as exc:
        record(exc)
        raise
