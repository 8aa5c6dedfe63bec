"""Every use of djust beyond its public API, in one module.

djust's runtime has seams built for this (the ``Transport`` protocol, the
overridable ``ViewRuntime`` methods), but a test client also needs a few names
djust keeps private. Each one is used here only, under a name that says what
it gives us, and listed in ``PRIVATES``: tests/unit/live/test_djust_seams.py
checks that each still exists, and tests/unit/test_architecture.py that
nothing here uses one that is not listed. A djust release that moves one
fails there, loudly, instead of somewhere subtle.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import json
import logging
import weakref
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, cast

from asgiref.sync import sync_to_async
from djust.live_view import (  # type: ignore[attr-defined]  # not in djust's stubs
    _COMPONENT_INTERNAL_ATTRS,
    _FRAMEWORK_INTERNAL_ATTRS,
    LiveView,
    _descriptor_fields,
)
from djust.runtime import ViewRuntime

from . import memo
from .action import StreamOperation
from .loop import LoopBridge
from .transport import ASYNC_TASK, RecordingTransport

logger = logging.getLogger(__name__)

#: Every private djust name used here: ``LiveView.x`` and ``ViewRuntime.x`` on
#: the class, ``view.x`` on a mounted view's instance, ``handler.x`` on a function
#: djust's decorators marked, else ``module.name``.
PRIVATES: frozenset[str] = frozenset(
    {
        "djust.live_view._FRAMEWORK_INTERNAL_ATTRS",
        "djust.live_view._COMPONENT_INTERNAL_ATTRS",
        "djust.live_view._descriptor_fields",
        "view._framework_attrs",
        "djust.websocket._resolve_skip_render",
        "djust.runtime._queued_title",
        "djust.runtime._view_document_source",
        "djust.observability.tracebacks._clear_tracebacks",
        "djust.rate_limit.ip_tracker._cooldowns",
        "djust.rate_limit.ip_tracker._connections",
        "djust.test_isolation._reset_channel_layer",
        "djust.test_isolation._reset_route_map_cache",
        "djust.test_isolation._reset_bug_capture_store_cache",
        "djust.test_isolation._reset_id_counters",
        "djust.test_isolation._reset_template_libraries",
        "djust.test_isolation._reset_django_thread_locals",
        "djust.test_isolation._reset_rust_render_env",
        "ViewRuntime._execute_async_task",
        "ViewRuntime._instantiate_view",
        "ViewRuntime._flush_all_pending",
        "ViewRuntime._dispatch_async_work",
        "LiveView._strip_comments_and_whitespace",
        "LiveView._extract_liveview_content",
        "LiveView._apply_context_processors",
        "LiveView._sync_state_to_rust",
        "LiveView._flush_deferred_activity_events",
        "djust.uploads.UploadMixin._cleanup_uploads",
        "LiveView._cancel_all_waiters",
        "view._cached_csrf_token",
        "view._cache_key",
        "view._streams",
        "view._stream_operations",
        "view._force_full_html",
        "view._pending_page_metadata",
        "view._components",
        "LiveView._get_all_child_views",
        "ViewRuntime._extract_cache_config",
        "ViewRuntime._extract_handler_config",
        "ViewRuntime._CLIENT_RATE_LIMIT_KEYS",
        "handler._djust_decorators",
    }
)

#: Public-looking attributes djust sets on every view (``template_name``,
#: ``http_method_names``, ``request``, ...): configuration, not state.
FRAMEWORK_INTERNAL_ATTRS: frozenset[str] = _FRAMEWORK_INTERNAL_ATTRS
#: A component's attributes that are djust's bookkeeping (``component_id``, ``template``, ...).
COMPONENT_INTERNAL_ATTRS: frozenset[str] = _COMPONENT_INTERNAL_ATTRS


def framework_attrs(view: Any) -> frozenset[str]:
    """The attributes of ``view`` that are djust's, not the view's state.

    Those ``LiveView.__init__`` had set when it took its ``_framework_attrs``
    snapshot at its end (live_view.py), and djust's configuration names.
    """
    taken: frozenset[str] = getattr(view, "_framework_attrs", frozenset())
    return taken | FRAMEWORK_INTERNAL_ATTRS


def declared_fields(view_class: type) -> list[str]:
    """The names of the ``state()`` fields and class-level components ``view_class`` declares."""
    return list(_descriptor_fields(view_class))


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

    def __init__(
        self, transport: RecordingTransport, view_class: type[LiveView], bridge: LoopBridge
    ) -> None:
        # The recorder has the members the runtime calls directly; the runtime
        # looks up the protocol's optional hooks with getattr.
        super().__init__(cast(Any, transport), rate_limiter=_connection_rate_limiter())
        self.recorder = transport
        self.view_class = view_class
        self._bridge = bridge
        self._async_gates: list[tuple[asyncio.Future[None], asyncio.Task[Any]]] = []

    def _instantiate_view(self, view_path: str) -> Any:
        # A constructor that raises reaches the test as itself.
        view = self.view_class()
        install_stream_log(view)
        return view

    async def _execute_async_task(
        self,
        task_name: str,
        callback: Callable[..., Any],
        args: Any,
        kwargs: Any,
        event_name: str | None,
    ) -> None:
        gate: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        task = asyncio.current_task()
        assert task is not None
        self._async_gates.append((gate, task))
        await self._bridge.park(gate)
        # djust catches what the task raises and only logs it; the failures
        # are recorded where they happen instead, whatever logging does: the
        # callback here, the result handler and the render in event_context.
        ASYNC_TASK.set(task_name)  # this asyncio task's own context

        def record(error: BaseException) -> None:
            self.recorder.record_async_failure(task_name, error)

        await super()._execute_async_task(
            task_name, _recording(callback, record), args, kwargs, event_name
        )

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

    # The mount frame's handler metadata: djust's rule per member, over the memo of its walk.
    def _extract_cache_config(self, view_instance: Any) -> memo.HandlerMetadata:
        return memo.handler_metadata(view_instance, super()._extract_cache_config, _cache_entry)

    def _extract_handler_config(self, view_instance: Any) -> memo.HandlerMetadata:
        entry = functools.partial(_rate_limit_entry, self._CLIENT_RATE_LIMIT_KEYS)
        return memo.handler_metadata(view_instance, super()._extract_handler_config, entry)


def _cache_entry(method: Any) -> Any:
    return method and hasattr(method, "_djust_decorators") and method._djust_decorators.get("cache")


def _rate_limit_entry(keys: tuple[str, ...], method: Any) -> Any:
    decorators = getattr(method, "_djust_decorators", None)
    return decorators and {key: decorators[key] for key in keys if decorators.get(key)}


def _recording(callback: Callable[..., Any], record: Callable[[BaseException], None]) -> Any:
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


@contextlib.contextmanager
def state_keys_written() -> Iterator[list[str]]:
    """The keys djust writes to its state backend meanwhile (the page load's VDOM cache).

    A page's HTTP render stores its RustLiveView under a key of the browser's
    session; releasing the page deletes them, as the cache's TTL would.
    """
    from djust.state_backend import get_backend

    backend = get_backend()
    written: list[str] = []
    store = backend.set

    def recording(key: str, *args: Any, **kwargs: Any) -> Any:
        written.append(key)
        return store(key, *args, **kwargs)

    backend.set = recording
    try:
        yield written
    finally:
        del backend.set  # the instance attribute goes; the class's method shows again


def forget_state(keys: list[str]) -> None:
    from djust.state_backend import get_backend

    backend = get_backend()
    for key in keys:
        backend.delete(key)


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


def _djust_global_resets() -> list[Any]:
    """djust's own per-test resets (``djust.test_isolation``), less three.

    * The URLconf one: clearing Django's URL caches makes Django build a new
      URLResolver, whose asgiref ``Local`` leaves one more context variable
      in the test thread for good; asgiref walks all of them at every
      sync/async hop, so each test ran slower than the one before. Django
      clears those caches itself when a test changes ROOT_URLCONF.
    * The two tag-registry ones: they re-register every Rust tag handler,
      which costs more than a mount, to repair registries only a test that
      calls djust's ``clear_tag_handlers()`` empties.
    """
    from djust import test_isolation

    return [
        test_isolation._reset_channel_layer,
        test_isolation._reset_route_map_cache,
        test_isolation._reset_bug_capture_store_cache,
        test_isolation._reset_id_counters,
        test_isolation._reset_template_libraries,
        test_isolation._reset_django_thread_locals,
        test_isolation._reset_rust_render_env,
    ]


def reset_process_state() -> None:
    """Clear djust's process-wide state that one test could leave for the next."""
    from djust.observability.tracebacks import _clear_tracebacks
    from djust.rate_limit import ip_tracker, reset_handler_buckets

    for reset in _djust_global_resets():
        reset()
    reset_handler_buckets()
    ip_tracker._cooldowns.clear()
    ip_tracker._connections.clear()
    _clear_tracebacks()


# --------------------------------------------------------------------- streams


class StreamOperationLog(list[Any]):
    """djust's list of stream operations, remembering the item each insert added.

    djust appends an insert's operation right after inserting the item (first
    for ``at=0``, else last), and a later render may empty the stream, so the
    pair is taken at append time. djust only ever appends to this list.
    """

    def __init__(self, view: Any, operations: list[Any]) -> None:
        super().__init__(operations)
        self._view = weakref.ref(view)
        self.items: list[Any] = [None] * len(operations)

    def append(self, op: Any) -> None:
        item = None
        view = self._view()
        if view is not None and isinstance(op, dict) and op.get("type") == "stream_insert":
            stream = view._streams.get(op.get("stream"))
            if stream is not None and stream.items:
                item = stream.items[0] if op.get("at") == 0 else stream.items[-1]
        super().append(op)
        self.items.append(item)

    def clear(self) -> None:
        super().clear()
        self.items.clear()

    def since(self, mark: int) -> list[StreamOperation]:
        return [
            StreamOperation(op, item)
            for op, item in zip(self[mark:], self.items[mark:], strict=True)
        ]


def install_stream_log(view: Any) -> None:
    operations = getattr(view, "_stream_operations", None)
    if isinstance(operations, list) and not isinstance(operations, StreamOperationLog):
        view._stream_operations = StreamOperationLog(view, operations)


def stream_log(view: Any) -> StreamOperationLog | None:
    log = getattr(view, "_stream_operations", None)
    return log if isinstance(log, StreamOperationLog) else None


def stream_dom_id(view: Any, stream: str, item_or_id: Any) -> str | None:
    """The dom id djust gives ``item_or_id`` in ``stream`` (as ``stream_delete`` computes it)."""
    stream_obj = getattr(view, "_streams", {}).get(stream)
    if stream_obj is None:
        return None
    return str(stream_obj.dom_id_for(item_or_id, allow_factory_fallback=True))


# ------------------------------------------------------------- handle_info turn


async def deliver_info(runtime: TestViewRuntime, message: Any) -> BaseException | None:
    """Deliver ``message`` to ``handle_info`` as djust's consumer delivers a db_notify.

    The runtime has no entry point for it; these are the consumer's steps
    (``LiveViewConsumer.db_notify``): handle_info, then a noop or a render
    sent as a broadcast patch, the side-effect flush, and background work.
    Returns the exception handle_info raised (the consumer logs it and sends
    nothing).
    """
    from djust.websocket import _resolve_skip_render

    view: Any = runtime.view_instance
    handler: Any = getattr(view, "handle_info", None)
    ran = callable(handler)
    if ran:
        try:
            await sync_to_async(handler)(message)
        except Exception as exc:
            return exc
    if _resolve_skip_render(view):
        await runtime.flush_all_pending()
        await runtime.recorder.send({"type": "noop"})
    else:
        await sync_to_async(view._sync_state_to_rust)()
        html, patches, version = await sync_to_async(view.render_with_diff)()
        if getattr(view, "_force_full_html", False):
            view._force_full_html = False
        if patches is not None:
            frame = {
                "type": "patch",
                "patches": json.loads(patches) if isinstance(patches, str) else patches,
                "version": runtime.recorder.next_client_version(html, version),
                "broadcast": True,
                "source": "broadcast",
            }
            await runtime.recorder.send(frame)
        await runtime.flush_all_pending()
        flush_activity = getattr(view, "_flush_deferred_activity_events", None)
        if flush_activity is not None:
            await flush_activity(runtime)
    if ran and runtime.view_instance is view:
        runtime._dispatch_async_work(None)
    return None


# ------------------------------------------------------------ background work


async def run_async_batch(runtime: TestViewRuntime) -> None:
    """Run one batch of background work: all that is waiting now, to completion.

    Work a callback queued (its own start_async) waits in the view until an
    event dispatches it; here it is dispatched first, so the next batch
    includes it. Work queued during this batch waits for the next one.
    """
    runtime._dispatch_async_work(None)
    await asyncio.sleep(0)  # let what was just dispatched reach its gate
    batch = runtime.release_async_batch()
    if batch:
        await asyncio.gather(*batch, return_exceptions=True)


@contextlib.contextmanager
def async_failures(runtime: TestViewRuntime) -> Iterator[dict[str, list[BaseException]]]:
    """Collect, per task name, the exceptions background work raises while this lasts.

    djust catches them (a failing callback, then a failing handle_async_result
    or render) and only logs them; the runtime and its transport record each
    one as it is raised, so no logging configuration can hide them.
    """
    collected: dict[str, list[BaseException]] = {}
    runtime.recorder.async_failures = collected
    try:
        yield collected
    finally:
        runtime.recorder.async_failures = None


# ------------------------------------------------------------ live redirect


async def redirect_mount(runtime: TestViewRuntime, frame: dict[str, Any]) -> None:
    """Mount another view on the same connection, as djust's consumer does after a live_redirect.

    The old view's uploads are cleaned up, the new view is mounted with its
    page's ``<title>`` recorded, queued when the view set none, and every
    queued side effect is then sent (``handle_live_redirect_mount``).
    """
    from djust.runtime import _queued_title

    old_view = runtime.view_instance
    cleanup = getattr(old_view, "_cleanup_uploads", None)
    if callable(cleanup):
        cleanup()
    runtime.view_instance = None
    runtime.recorder.capture_document_title = True
    try:
        await runtime.dispatch_mount(frame)
    finally:
        runtime.recorder.capture_document_title = False
    view = runtime.view_instance
    title = runtime.mount_document_title
    if view is not None and title and not _queued_title(view):
        pending = getattr(view, "_pending_page_metadata", None)
        if isinstance(pending, list):
            pending.append({"action": "title", "value": title})
    if view is not None:
        await runtime.flush_all_pending()


# ------------------------------------------------- components and embedded views


def components_of(view: Any) -> dict[str, Any]:
    """The view's registry of components by ``component_id``, as djust routes events by it.

    djust adds a component when a render finds it in a public attribute
    (``mixins/context.py``) or a class-level component is first read, and
    never removes one (``mixins/components.py``).
    """
    registry = getattr(view, "_components", None)
    return dict(registry) if isinstance(registry, dict) else {}


def child_views(view: Any) -> dict[str, Any]:
    """The views embedded in ``view`` by ``{% live_render %}``, by ``view_id``, stale ones too."""
    children = getattr(view, "_get_all_child_views", None)
    found = children() if callable(children) else {}
    return dict(found) if isinstance(found, dict) else {}


def resolve_view(path: str) -> tuple[type | None, str]:
    """The LiveView class djust mounts for a mount frame's ``view``, or None and why not.

    djust's own resolver (security/mount.py ``resolve_view_class``): the
    allowlist, the import, the class in the module's namespace.
    """
    from djust.security.mount import resolve_view_class

    resolution = resolve_view_class(path)
    return resolution.view_class, str(resolution.detail or "")


def document_title(view: Any) -> str | None:
    """The ``<title>`` the view's page has on a full load."""
    from djust.runtime import navigation_title

    title = navigation_title(view)
    return None if title is None else str(title)


def has_flash_container(view: Any) -> bool:
    """Whether the view's page has the element djust's client shows flash messages in."""
    from djust.runtime import _view_document_source

    try:
        source = _view_document_source(view) or ""
    except Exception:
        return False
    return "dj-flash-container" in source or "dj_flash" in source
