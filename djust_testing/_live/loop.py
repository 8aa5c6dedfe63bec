"""Drive djust's async runtime from a synchronous test, on the test's own thread.

asgiref's ``async_to_sync`` starts a new event loop in a new thread for every
call and sends thread-sensitive sync code back through an executor. That is
correct, but it costs several times the event itself, and each call's loop
dies with it, cancelling whatever the runtime scheduled on it.

Here one event loop per thread lives as long as the thread. The sync code djust
hands to ``sync_to_async`` (handlers, renders, permission checks) runs inline,
on the test's thread, with no loop marked as running while it does. Django's
async-safety checks then see ordinary sync code, and the ORM uses the test's
connection and its transaction. ``async def`` code still runs on the loop, so
an async handler that touches the ORM directly fails as it does in production.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import os
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from asgiref.sync import AsyncToSync

from ..exceptions import DjustTestingError

T = TypeVar("T")

# How many loop turns a finished action may give the tasks it started to
# finish or park (a push-event send finishes in one).
_SETTLE_TURNS = 50


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _TestLoop(asyncio.SelectorEventLoop):
    """An event loop that refuses work from its own thread while it is not running.

    asgiref remembers the loop that last ran sync code on a thread and sends
    later ``async_to_sync`` calls from that thread to it. While this loop is
    not driving the thread it cannot serve them; refusing makes asgiref fall
    back to a loop of its own, as it does for a closed loop.
    """

    def __init__(self) -> None:
        super().__init__()
        self.owner_thread = threading.get_ident()

    def call_soon_threadsafe(  # type: ignore[override]
        self,
        callback: Callable[..., object],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        if threading.get_ident() == self.owner_thread and _running_loop() is not self:
            raise RuntimeError("the djust_testing event loop is not running on this thread")
        return super().call_soon_threadsafe(callback, *args, context=context)


class _InlineExecutor(concurrent.futures.ThreadPoolExecutor):
    """Runs each submitted function at once, on the submitting thread.

    Returns a finished asyncio future, which ``run_in_executor`` passes
    through, so awaiting it takes no loop turn. A ThreadPoolExecutor only
    because ``set_default_executor`` insists; it never starts a thread.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(max_workers=1)
        self._loop = loop

    def submit(  # type: ignore[override]
        self, fn: Callable[..., T], /, *args: Any, **kwargs: Any
    ) -> asyncio.Future[T]:
        future: asyncio.Future[T] = self._loop.create_future()
        asyncio._set_running_loop(None)
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        finally:
            asyncio._set_running_loop(self._loop)
        return future


class LoopBridge:
    """One event loop per thread, run to completion of each awaited action."""

    def __init__(self) -> None:
        self.loop = _TestLoop()
        self.executor = _InlineExecutor(self.loop)
        self.loop.set_default_executor(self.executor)
        self.pid = os.getpid()
        # Tasks waiting for the test to release them (see park()).
        self.parked: set[asyncio.Task[Any]] = set()

    def can_run_here(self) -> bool:
        """Whether ``run()`` may drive the loop now: on its thread, and not inside a run."""
        loop = self.loop
        return (
            loop.owner_thread == threading.get_ident()
            and not loop.is_running()
            and not loop.is_closed()
            and _running_loop() is None
        )

    def run(self, awaitable: Coroutine[Any, Any, T]) -> T:
        """Run ``awaitable`` to completion, then let the tasks it started settle."""
        try:
            require_sync_caller()
        except DjustTestingError:
            awaitable.close()
            raise
        context = contextvars.copy_context()
        # asgiref's sync_to_async looks for this executor in the calling
        # context; setting it in a copy keeps the test's own context untouched.
        context.run(setattr, AsyncToSync.executors, "current", self.executor)
        before = asyncio.all_tasks(self.loop)
        task = context.run(self.loop.create_task, awaitable)
        result = self.loop.run_until_complete(task)
        started = asyncio.all_tasks(self.loop) - before
        if started:
            self.loop.run_until_complete(self._settle(started))
        return result

    async def _settle(self, tasks: set[asyncio.Task[Any]]) -> None:
        """Give ``tasks`` loop turns until each has finished or parked."""
        for _ in range(_SETTLE_TURNS):
            if all(task.done() or task in self.parked for task in tasks):
                return
            await asyncio.sleep(0)

    async def park(self, gate: asyncio.Future[None]) -> None:
        """Wait in the current task until ``gate`` is set, counting as settled meanwhile."""
        task = asyncio.current_task()
        assert task is not None
        self.parked.add(task)
        try:
            await gate
        finally:
            self.parked.discard(task)


def require_sync_caller() -> None:
    """Refuse to be driven from inside a running event loop (an async test)."""
    if _running_loop() is not None:
        raise DjustTestingError(
            "the live test client is synchronous and cannot run inside a running event "
            "loop (an async test?). Write the test as a plain `def test_...`, or call the "
            "client through asgiref.sync.sync_to_async."
        )


_local = threading.local()


def get_bridge() -> LoopBridge:
    """The calling thread's bridge, created on first use (and again after a fork)."""
    bridge: LoopBridge | None = getattr(_local, "bridge", None)
    if bridge is None or bridge.pid != os.getpid() or bridge.loop.is_closed():
        bridge = LoopBridge()
        _local.bridge = bridge
    return bridge
