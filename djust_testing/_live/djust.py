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
import json
import logging
import weakref
from collections.abc import Callable, Iterator
from typing import Any, cast

from asgiref.sync import sync_to_async
from djust.live_view import (  # type: ignore[attr-defined]  # not in djust's stubs
    _COMPONENT_INTERNAL_ATTRS,
    _FRAMEWORK_INTERNAL_ATTRS,
    LiveView,
    _descriptor_fields,
)
from djust.runtime import ViewRuntime, WSConsumerTransport
from djust.websocket import LiveViewConsumer

from . import memo
from .action import StreamOperation
from .backend_keys import forget_state as forget_state
from .backend_keys import state_keys_written as state_keys_written
from .loop import LoopBridge
from .runtime_parts import connection_rate_limiter, recording
from .transport import ASYNC_TASK, RecordingTransport

logger = logging.getLogger(__name__)

#: Every private djust name used here: ``LiveView.x``, ``ViewRuntime.x``,
#: ``LiveViewConsumer.x`` and ``WSConsumerTransport.x`` on the class, ``view.x``
#: on a mounted view's instance, ``consumer.x`` / ``runtime.x`` an attribute the
#: consumer / runtime sets on itself, ``handler.x`` on a function djust's
#: decorators marked, else ``module.name``.
PRIVATES: frozenset[str] = frozenset(
    """
    djust.live_view._FRAMEWORK_INTERNAL_ATTRS djust.live_view._COMPONENT_INTERNAL_ATTRS
    djust.live_view._descriptor_fields
    view._framework_attrs view._cached_csrf_token view._cache_key view._streams
    view._stream_operations view._force_full_html view._pending_page_metadata
    view._listen_channels view._djust_mount_view_path view._components
    djust.websocket._resolve_skip_render
    djust.runtime._queued_title djust.runtime._view_document_source
    djust.observability.tracebacks._clear_tracebacks
    djust.rate_limit.ip_tracker._cooldowns djust.rate_limit.ip_tracker._connections
    djust.test_isolation._reset_channel_layer djust.test_isolation._reset_route_map_cache
    djust.test_isolation._reset_bug_capture_store_cache djust.test_isolation._reset_id_counters
    djust.test_isolation._reset_template_libraries
    djust.test_isolation._reset_django_thread_locals djust.test_isolation._reset_rust_render_env
    ViewRuntime._execute_async_task ViewRuntime._instantiate_view ViewRuntime._flush_all_pending
    ViewRuntime._dispatch_async_work ViewRuntime._extract_cache_config
    ViewRuntime._extract_handler_config ViewRuntime._CLIENT_RATE_LIMIT_KEYS
    LiveView._strip_comments_and_whitespace LiveView._extract_liveview_content
    LiveView._apply_context_processors LiveView._sync_state_to_rust
    LiveView._flush_deferred_activity_events LiveView._cancel_all_waiters
    LiveView._get_all_child_views
    djust.uploads.UploadMixin._cleanup_uploads
    runtime._rate_limiter
    consumer._rate_limiter consumer._client_ip consumer._runtime consumer._view_group
    consumer._presence_group consumer._db_notify_channels
    LiveViewConsumer._next_version_armed LiveViewConsumer._dispatch_async_work
    WSConsumerTransport._join_listen_channels WSConsumerTransport._leave_view_groups
    djust.db.decorators._validate_channel
    djust.db.notifications.PostgresNotifyListener._dispatch
    handler._djust_decorators
    """.split()
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
        super().__init__(cast(Any, transport), rate_limiter=connection_rate_limiter())
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
            task_name, recording(callback, record), args, kwargs, event_name
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
    from djust.backends.registry import reset_presence_backend
    from djust.observability.tracebacks import _clear_tracebacks
    from djust.rate_limit import ip_tracker, reset_handler_buckets

    for reset in _djust_global_resets():
        reset()
    reset_presence_backend()
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

    The old view leaves its push group (only that one: its presence and db_notify
    groups stay joined) and its uploads are cleaned up, the new view is mounted with its
    page's ``<title>`` recorded, queued when the view set none, and every
    queued side effect is then sent (``handle_live_redirect_mount``).
    """
    from djust.runtime import _queued_title

    old_view = runtime.view_instance
    port = runtime.recorder.port
    if port is not None:
        await port.leave_view_group()
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


# ------------------------------------------------------ the consumer's own code


class ConsumerCode(LiveViewConsumer):
    """djust's consumer, never connected, on a test runtime: its view, version, work, limiter.

    The private seams of ``consumer.ConsumerPort``, which is the rest.
    """

    __test__ = False

    def __init__(self, runtime: TestViewRuntime) -> None:
        super().__init__()
        # The consumer's server-turn re-check (reauth_on_event) asks the runtime's transport.
        self._runtime = runtime
        self._rate_limiter = runtime._rate_limiter
        self._client_ip = runtime.recorder.client_ip

    @property
    def view_instance(self) -> Any:
        return self._runtime.view_instance

    @view_instance.setter
    def view_instance(self, value: Any) -> None:
        pass  # the runtime owns the view

    def _next_version_armed(self, html: str) -> int:
        return self._runtime.recorder.next_client_version(html, 0)

    async def _dispatch_async_work(self, event_name: Any = None) -> None:
        self._runtime._dispatch_async_work(None)

    # -- channel groups, joined and left as WSConsumerTransport does (runtime.py)

    async def join_view_groups(self, view: Any) -> None:
        """The groups a mounted view joins before its mount() (``on_view_mounted``)."""
        if self.channel_layer is None:
            return
        from djust.presence import PresenceManager
        from djust.push import view_group_name

        self._view_group = view_group_name(getattr(view, "_djust_mount_view_path", None) or "")
        await self.channel_layer.group_add(self._view_group, self.channel_name)
        self._presence_group = None
        if hasattr(view, "get_presence_key"):
            try:
                self._presence_group = PresenceManager.presence_group_name(view.get_presence_key())
                await self.channel_layer.group_add(self._presence_group, self.channel_name)
            except Exception as exc:  # djust logs it and goes on
                logger.warning("Error setting up presence group: %s", exc)
        self._db_notify_channels: set[str] = set()
        await self.join_listen_channels(view)

    async def join_listen_channels(self, view: Any) -> None:
        """The ``djust_db_notify_<channel>`` groups of channels ``listen()`` added since."""
        if self.channel_layer is not None:
            await WSConsumerTransport(self)._join_listen_channels(view)

    async def leave_view_groups(self) -> None:
        """Leave the view, presence and db_notify groups (a disconnect, a refused mount)."""
        await WSConsumerTransport(self)._leave_view_groups()

    async def leave_view_group(self) -> None:
        """Leave the view's push group only, as a live redirect does (presence stays)."""
        if self.channel_layer is not None and self._view_group:
            await self.channel_layer.group_discard(self._view_group, self.channel_name)
            self._view_group = None


def listened_channels(view: Any) -> set[str]:
    """The channels the view called ``listen()`` on."""
    return set(getattr(view, "_listen_channels", None) or ())


async def notify(channel: str, payload: Any) -> None:
    """What djust's PostgreSQL listener does when a NOTIFY arrives on ``channel``.

    The payload travels as ``send_pg_notify`` writes it (JSON), and the
    listener's own ``_dispatch`` reads it and sends it to the channel's group.
    """
    from djust.db.decorators import _validate_channel
    from djust.db.notifications import PostgresNotifyListener

    _validate_channel(channel)
    body = json.dumps(payload, separators=(",", ":"), default=str)
    await PostgresNotifyListener()._dispatch(channel, body)
