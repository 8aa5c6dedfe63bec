"""Every use of djust beyond its public API, in one module.

djust's runtime has seams built for this (the ``Transport`` protocol, the
overridable ``ViewRuntime`` methods), but a test client also needs a few names
djust keeps private. Each one is used here only, under a name that says what
it gives us, and tests/test_djust_seams.py pins it, so a djust release that
moves one fails there, loudly, instead of somewhere subtle.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from djust.live_view import _FRAMEWORK_INTERNAL_ATTRS, LiveView
from djust.runtime import ViewRuntime

from ._loop import LoopBridge

logger = logging.getLogger(__name__)

#: Public-looking attributes djust sets on every view (``template_name``,
#: ``http_method_names``, ``request``, ...): configuration, not state.
FRAMEWORK_INTERNAL_ATTRS: frozenset[str] = _FRAMEWORK_INTERNAL_ATTRS


class TestViewRuntime(ViewRuntime):
    """djust's runtime, with the test deciding two things production decides itself.

    * Which class a mount instantiates: the one the test passed, so views
      defined inside a test work. djust still checks the view's module
      against its mount allowlist first, as in production.
    * When background work runs: djust schedules ``start_async`` work exactly
      as in production, and each task then waits at a gate until the test
      calls ``render_async()``.
    """

    __test__ = False  # not a unittest case, whatever its name says

    def __init__(self, transport: Any, view_class: type[LiveView], bridge: LoopBridge) -> None:
        super().__init__(transport, rate_limiter=_connection_rate_limiter())
        self._view_class = view_class
        self._bridge = bridge
        self._async_gates: list[tuple[asyncio.Future[None], asyncio.Task[Any]]] = []

    def _instantiate_view(self, view_path: str) -> Any:
        # A constructor that raises reaches the test as itself.
        return self._view_class()

    async def _execute_async_task(self, *args: Any, **kwargs: Any) -> None:
        gate: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        task = asyncio.current_task()
        assert task is not None
        self._async_gates.append((gate, task))
        await self._bridge.park(gate)
        await super()._execute_async_task(*args, **kwargs)

    def release_async_batch(self) -> set[asyncio.Task[Any]]:
        """Open the gates of every task waiting now; return those tasks."""
        batch, self._async_gates = self._async_gates, []
        for gate, _task in batch:
            if not gate.done():
                gate.set_result(None)
        return {task for _gate, task in batch}

    def waiting_async_tasks(self) -> int:
        return len(self._async_gates)

    def cancel_waiting_async(self) -> None:
        """Cancel the tasks still at their gate; their callbacks never run."""
        batch, self._async_gates = self._async_gates, []
        for _gate, task in batch:
            task.cancel()

    async def flush_all_pending(self) -> None:
        """Send every queued side effect (flash, navigation, ...), as a turn's end does."""
        await self._flush_all_pending()


def _connection_rate_limiter() -> Any:
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


def page_html(view: Any, full_render: str) -> str:
    """The dj-root content djust would send for ``full_render`` (recovery's own steps)."""
    html = view._strip_comments_and_whitespace(full_render)
    return str(view._extract_liveview_content(html))


def strip_comments_and_whitespace(view: Any, html: str) -> str:
    """djust's whitespace and comment stripping, applied to every HTML it sends."""
    return str(view._strip_comments_and_whitespace(html))


def template_context(view: Any) -> dict[str, Any]:
    """The context djust renders a view's template with (context processors, csrf)."""
    context: dict[str, Any] = view.get_context_data()
    request = getattr(view, "request", None)
    if request is not None:
        context = view._apply_context_processors(context, request)
    if "csrf_token" not in context:
        token = getattr(view, "_cached_csrf_token", None)
        if token is not None:
            context["csrf_token"] = token
    return context


def state_cache_key(view: Any) -> str | None:
    """The key under which djust cached this view's VDOM in the state backend."""
    key = getattr(view, "_cache_key", None)
    return key if isinstance(key, str) else None


def release_view(view: Any) -> None:
    """Undo what a connected view holds, as djust's consumer does on disconnect."""
    key = state_cache_key(view)
    if key is not None:
        from djust.state_backend import get_backend

        get_backend().delete(key)
    for step, args in (
        ("untrack_presence", ()),
        ("_cleanup_uploads", ()),
        ("_cancel_all_waiters", ("view_disconnect",)),
    ):
        method = getattr(view, step, None)
        if callable(method):
            try:
                method(*args)
            except Exception:  # a teardown must not hide the test's own outcome
                logger.warning("releasing %s: %s() raised", type(view).__name__, step)


def reset_process_state() -> None:
    """Clear djust's process-wide state that one test could leave for the next."""
    from djust.observability.tracebacks import _clear_tracebacks
    from djust.rate_limit import ip_tracker, reset_handler_buckets
    from djust.test_isolation import reset_djust_globals

    reset_djust_globals()
    reset_handler_buckets()
    ip_tracker._cooldowns.clear()
    ip_tracker._connections.clear()
    _clear_tracebacks()
