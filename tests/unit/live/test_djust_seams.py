"""Pins for every djust (and asgiref, asyncio) internal that djust_testing relies on.

Each test names the internal and what breaks without it, so a release that
changes one fails here first, with a message saying where to look:
djust_testing/_live/djust.py (djust) or djust_testing/_live/loop.py (asgiref, asyncio).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import logging
from unittest import mock

from asgiref.sync import AsyncToSync
from django.contrib.auth.models import User
from django.test import TestCase
from djust.decorators import event_handler
from djust.live_view import LiveView
from djust.observability import tracebacks
from djust.rate_limit import ip_tracker, reset_handler_buckets
from djust.runtime import ViewRuntime
from djust.state_backend import get_backend

from djust_testing import LiveViewTestCase, ModelBindingRefusedError
from djust_testing._live import djust as _djust
from djust_testing._live import memo, model_binding, targets
from tests.support.live import connection_of
from tests.views.basics import BackgroundView, CounterView, WhoAmIView
from tests.views.bindings import ModelView
from tests.views.components import ComponentHostView, ParentView
from tests.views.effects import ResultHandlerFailsView
from tests.views.templates import TemplateFileView


class SeamTestCase(TestCase):
    def pin(self, condition: bool, internal: str, used_for: str) -> None:
        self.assertTrue(
            condition,
            f"djust_testing relies on {internal} ({used_for}) and this djust, asgiref or "
            "Python release changed it: update djust_testing/_live/djust.py or _live/loop.py.",
        )


def _assigned_on_views(name: str) -> bool:
    """Whether djust's LiveView (or a class it is built from) assigns ``self.<name>``.

    Or djust's runtime does, on the view it mounts (``view_instance.<name>``).
    """
    import djust.runtime

    if f"view_instance.{name} =" in inspect.getsource(djust.runtime):
        return True
    for klass in LiveView.__mro__:
        try:
            source = inspect.getsource(klass)
        except (OSError, TypeError):
            continue
        if f"self.{name} =" in source or f"self.{name}: " in source:
            return True
    return False


def _set_in_djust(owner: str, name: str) -> bool:
    """Whether djust's consumer or runtime code sets ``<owner>.<name>`` on an instance.

    ``consumer``: the WebSocket consumer (websocket.py sets ``self.x``, its
    runtime transport ``consumer.x``); ``runtime``: ``ViewRuntime`` (``self.x``).
    """
    import djust.runtime
    import djust.websocket

    if owner == "runtime":
        return f"self.{name} =" in inspect.getsource(ViewRuntime)
    sources = inspect.getsource(djust.websocket) + inspect.getsource(djust.runtime)
    return f"self.{name} =" in sources or f"consumer.{name} =" in sources


def _resolves(path: str) -> bool:
    """Whether ``path`` (a module, then attributes) names something that exists."""
    parts = path.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


class PrivateNamesTests(SeamTestCase):
    """Every name ``djust.PRIVATES`` lists still exists in the installed djust."""

    def test_each_listed_private_exists(self) -> None:
        classes = {
            "LiveView": "djust.live_view.LiveView",
            "ViewRuntime": "djust.runtime.ViewRuntime",
            "LiveViewConsumer": "djust.websocket.LiveViewConsumer",
            "WSConsumerTransport": "djust.runtime.WSConsumerTransport",
        }
        for entry in sorted(_djust.PRIVATES):
            owner, _, name = entry.partition(".")
            with self.subTest(entry):
                if owner == "view":
                    found = _assigned_on_views(name)
                elif owner in ("consumer", "runtime"):
                    found = _set_in_djust(owner, name)
                elif owner == "handler":
                    found = hasattr(event_handler(lambda self: None), name)
                else:
                    found = _resolves(f"{classes[owner]}.{name}" if owner in classes else entry)
                self.pin(found, entry, "listed in djust_testing._live.djust.PRIVATES")


class DjustViewInternalsTests(SeamTestCase, LiveViewTestCase):
    def test_framework_internal_attrs(self) -> None:
        attrs = _djust.FRAMEWORK_INTERNAL_ATTRS
        self.pin(
            isinstance(attrs, frozenset)
            and {"template_name", "http_method_names", "request"} <= attrs,
            "djust.live_view._FRAMEWORK_INTERNAL_ATTRS",
            "get_state() leaves djust's configuration out",
        )

    def test_page_html_steps(self) -> None:
        view = self.live(CounterView).view_instance
        for name in ("_strip_comments_and_whitespace", "_extract_liveview_content"):
            self.pin(
                callable(getattr(view, name, None)), f"LiveView.{name}", "the rust engine's HTML"
            )
        html = _djust.page_html(view, "<div dj-root>\n  <p>x</p>\n</div>")
        self.pin(html == "<p>x</p>", "LiveView._extract_liveview_content", "dj-root extraction")

    def test_template_context(self) -> None:
        view = self.live(TemplateFileView).view_instance
        self.pin(
            callable(getattr(view, "_apply_context_processors", None)),
            "LiveView._apply_context_processors",
            "the python engine's context",
        )
        self.pin(
            isinstance(getattr(view, "_cached_csrf_token", None), str),
            "LiveView._cached_csrf_token",
            "the python engine renders djust's csrf token",
        )
        self.pin("user" in _djust.template_context(view), "context processors", "python engine")

    def test_state_cache_key(self) -> None:
        view = self.live(CounterView).view_instance
        key = _djust.state_cache_key(view)
        self.pin(
            key is not None and get_backend().get(key) is not None,
            "LiveView._cache_key",
            "closing a client removes its state-backend entry",
        )


class DjustRuntimeInternalsTests(SeamTestCase, LiveViewTestCase):
    def test_runtime_methods(self) -> None:
        self.pin(
            inspect.iscoroutinefunction(ViewRuntime._flush_all_pending),
            "ViewRuntime._flush_all_pending",
            "sending queued side effects",
        )
        params = list(inspect.signature(ViewRuntime._execute_async_task).parameters)
        self.pin(
            params == ["self", "task_name", "callback", "args", "kwargs", "event_name"],
            "ViewRuntime._execute_async_task(task_name, callback, args, kwargs, event_name)",
            "gating background work until render_async()",
        )
        self.pin(
            list(inspect.signature(ViewRuntime._instantiate_view).parameters)
            == ["self", "view_path"],
            "ViewRuntime._instantiate_view(view_path)",
            "mounting the class the test passed",
        )

    def test_background_work_reaches_execute_async_task(self) -> None:
        live = self.live(BackgroundView)
        self.pin(
            connection_of(live).runtime.waiting_async_tasks() == 1,
            "ViewRuntime._dispatch_async_work -> _execute_async_task",
            "render_async()",
        )

    def test_a_failing_result_handler_passes_through_event_context(self) -> None:
        live = self.live(ResultHandlerFailsView)
        live.send_event("start")
        runtime = connection_of(live).runtime
        with _djust.async_failures(runtime) as failures, self.assertLogs("djust.runtime"):
            connection_of(live).bridge.run(_djust.run_async_batch(runtime))
        self.pin(
            [type(error) for error in failures.get("job", [])]
            == [ArithmeticError, ArithmeticError],
            "ViewRuntime._execute_async_task running handle_async_result inside "
            "transport.event_context",
            "render_async() seeing a failed result handler without logging",
        )

    def test_mount_instantiates_through_instantiate_view(self) -> None:
        class Local(LiveView):
            login_required = False
            template = "<div dj-root></div>"

        self.pin(
            isinstance(self.live(Local).view_instance, Local),
            "ViewRuntime._instantiate_view",
            "views defined inside tests",
        )

    def test_transport_hooks(self) -> None:
        live = self.live(CounterView)
        self.pin(
            connection_of(live).transport.latest_html
            == live.last_action.frames_of("mount")[0]["html"],
            "Transport.next_mount_version(html, version)",
            "the rust engine after mount",
        )
        live.send_event("increment")
        self.pin(
            "dj-root" in (connection_of(live).transport.latest_html or ""),
            "Transport.next_client_version(full_html, version)",
            "the rust engine after events",
        )
        self.pin(
            connection_of(live).transport.views == [live.view_instance],
            "Transport.on_view_instantiated",
            "releasing a view whose mount failed",
        )
        framework = _djust.framework_attrs(live.view_instance)
        self.pin(
            "request" in framework and "count" not in framework,
            "LiveView._framework_attrs (taken at the end of LiveView.__init__)",
            "telling djust's attributes from the user's",
        )
        self.pin(
            "client_timezone" in vars(live.view_instance),
            "ViewRuntime.dispatch_mount sets view.client_timezone",
            "leaving the connection's attributes out of the state",
        )

    def test_transport_request(self) -> None:
        self.client.force_login(User.objects.create_user("seam"))
        live = self.live(WhoAmIView)
        self.pin(
            live.view_instance.username == "seam",
            "Transport.build_request",
            "sharing self.client's user",
        )

    def test_error_frames_are_sent_while_handling_the_exception(self) -> None:
        live = self.live(CounterView)
        live.send_event("explode", raise_errors=False)
        self.pin(
            isinstance(live.last_action.exception, ValueError),
            "ViewRuntime sends handler error frames inside its except block",
            "re-raising the handler's own exception",
        )


class ComponentsAndEmbeddedViewsTests(SeamTestCase, LiveViewTestCase):
    """What live.component(), live.child() and the refusal messages read from djust."""

    def test_the_component_registry(self) -> None:
        live = self.live(ComponentHostView)
        registry = _djust.components_of(live.view_instance)
        self.pin(
            registry.get(live.view_instance.counter.component_id) is live.view_instance.counter
            and "toggle" in registry,
            "view._components",
            "finding a component by component_id, as djust routes its events",
        )

    def test_the_embedded_views(self) -> None:
        live = self.live(ParentView)
        children = _djust.child_views(live.view_instance)
        self.pin(
            "pinned" in children and type(children["pinned"]).__name__ == "ChildView",
            "LiveView._get_all_child_views",
            "finding an embedded view by view_id, as djust routes its events",
        )

    def test_the_refusals_the_messages_recognise(self) -> None:
        source = inspect.getsource(ViewRuntime)
        for reason in (targets.COMPONENT_NOT_FOUND, targets.EMBEDDED_NOT_FOUND):
            self.pin(reason in source, f"ViewRuntime's {reason!r}", "explaining the refusal")


class ModelBindingInternalsTests(SeamTestCase, LiveViewTestCase):
    """dj-model refusals are read from djust's log records (it sends nothing else)."""

    def test_the_logger_and_its_messages(self) -> None:
        from djust.mixins import model_binding as djust_model_binding

        source = inspect.getsource(djust_model_binding.ModelBindingMixin.update_model)
        self.pin(
            djust_model_binding.logger.name == model_binding.LOGGER,
            "djust.mixins.model_binding.logger",
            "reading update_model's refusals",
        )
        for words in ("mass-assignment guard", "does not exist", "Could not coerce"):
            self.pin(words in source, f"update_model's {words!r} warning", "the refusal's hint")

    def test_a_refusal_is_logged_whatever_the_logging_configuration(self) -> None:
        live = self.live(ModelView)
        logger = logging.getLogger(model_binding.LOGGER)
        logger.setLevel(logging.CRITICAL)
        self.addCleanup(logger.setLevel, logging.NOTSET)
        with self.assertRaises(ModelBindingRefusedError):
            live.send_event("update_model", field="secret", value="x")
        self.assertEqual(logger.level, logging.CRITICAL)


class ProcessStateInternalsTests(SeamTestCase):
    def test_rate_limit_state(self) -> None:
        tracker = ip_tracker
        self.pin(
            isinstance(getattr(tracker, "_cooldowns", None), dict)
            and isinstance(getattr(tracker, "_connections", None), dict),
            "djust.rate_limit.ip_tracker._cooldowns/_connections",
            "resetting between tests",
        )
        self.pin(
            callable(reset_handler_buckets),
            "djust.rate_limit.reset_handler_buckets",
            "resetting between tests",
        )

    def test_djust_global_resets(self) -> None:
        resets = _djust._djust_global_resets()
        self.pin(
            len(resets) == 7 and all(callable(reset) for reset in resets),
            "djust.test_isolation._reset_* functions",
            "resetting djust's process-wide state between tests",
        )

    def test_traceback_buffer(self) -> None:
        self.pin(
            callable(getattr(tracebacks, "_clear_tracebacks", None)),
            "djust.observability.tracebacks._clear_tracebacks",
            "resetting between tests",
        )


class MemoInternalsTests(SeamTestCase, LiveViewTestCase):
    """Where djust looks up what djust_testing/_live/memo.py remembers: each memo is consulted."""

    def test_the_mount_walks_the_views_class_through_the_runtimes_extract_methods(self) -> None:
        with mock.patch.object(memo, "public_members", wraps=memo.public_members) as walks:
            view = self.live(CounterView).view_instance
        self.pin(
            [call.args for call in walks.call_args_list] == [(view,), (view,)],
            "ViewRuntime._extract_cache_config / _extract_handler_config(view_instance) "
            "called by dispatch_mount",
            "the mount frame's handler metadata, its walk of dir() memoized per class",
        )
        self.pin(
            ViewRuntime._CLIENT_RATE_LIMIT_KEYS == ("debounce", "throttle"),
            "ViewRuntime._CLIENT_RATE_LIMIT_KEYS",
            "which decorators the handler_config override reports",
        )

    def test_change_detection_looks_up_deep_fingerprint_in_djust_websocket(self) -> None:
        from djust import websocket

        self.pin(
            websocket.deep_fingerprint is memo.FINGERPRINTS
            and "deep_fingerprint" in websocket._snapshot_assigns.__code__.co_names,
            "djust.websocket._snapshot_assigns calls its module's deep_fingerprint",
            "the memo of _framework_attrs' fingerprint",
        )
        live = self.live(CounterView)
        djusts = mock.Mock(wraps=memo.FINGERPRINTS.fingerprint)
        with mock.patch.object(memo.FINGERPRINTS, "fingerprint", djusts):
            live.send_event("increment")
            live.send_event("increment")
        walked = [call.args[0] for call in djusts.call_args_list]
        self.pin(
            live.view_instance._framework_attrs not in walked,
            "djust.websocket._snapshot_assigns fingerprints view._framework_attrs",
            "the memo of _framework_attrs' fingerprint",
        )

    def test_validation_looks_up_inspect_signature_in_its_module(self) -> None:
        from djust import validation

        code = validation.validate_handler_params.__code__
        self.pin(
            isinstance(validation.inspect, memo.InspectWithSignatureMemo)
            and {"inspect", "signature"} <= set(code.co_names),
            "djust.validation.validate_handler_params calls inspect.signature (module global)",
            "the memo of handler signatures",
        )
        live = self.live(CounterView)
        with mock.patch.object(memo, "signature", wraps=memo.signature) as signature:
            live.send_event("increment")
        self.pin(
            signature.called,
            "djust.validation.inspect.signature per event",
            "the memo of handler signatures",
        )


class LoopInternalsTests(SeamTestCase):
    def test_asyncio_running_loop_marker(self) -> None:
        self.pin(
            callable(getattr(asyncio, "_set_running_loop", None)),
            "asyncio._set_running_loop",
            "running sync code inline without a running loop",
        )

    def test_asgiref_executor_lookup(self) -> None:
        self.pin(
            hasattr(AsyncToSync, "executors"),
            "asgiref.sync.AsyncToSync.executors",
            "sending sync_to_async work to the test thread",
        )


class ConsumerInternalsTests(SeamTestCase, LiveViewTestCase):
    """The consumer code djust_testing runs for uploads and channel messages (ConsumerPort)."""

    def test_consumer_methods(self) -> None:
        from djust.websocket import LiveViewConsumer

        self.pin(
            list(inspect.signature(LiveViewConsumer.receive).parameters)
            == ["self", "text_data", "bytes_data"],
            "LiveViewConsumer.receive(text_data, bytes_data)",
            "upload frames through djust's own size check and handlers",
        )
        self.pin(
            list(inspect.signature(LiveViewConsumer._next_version_armed).parameters)
            == ["self", "html"],
            "LiveViewConsumer._next_version_armed(html)",
            "a broadcast's wire version counted with the runtime's",
        )
        for name in ("_dispatch_async_work", "server_push", "db_notify", "presence_event"):
            self.pin(
                inspect.iscoroutinefunction(getattr(LiveViewConsumer, name, None)),
                f"LiveViewConsumer.{name} (a coroutine)",
                "handling channel messages and background work",
            )
        self.pin(
            {"mount", "event", "url_change"} <= set(LiveViewConsumer.RUNTIME_OWNED_VERBS),
            "LiveViewConsumer.RUNTIME_OWNED_VERBS",
            "keeping runtime frames away from the consumer",
        )

    def test_transport_group_helpers(self) -> None:
        from djust.runtime import WSConsumerTransport

        for name in ("_join_listen_channels", "_leave_view_groups", "on_mount_failed"):
            self.pin(
                inspect.iscoroutinefunction(getattr(WSConsumerTransport, name, None)),
                f"WSConsumerTransport.{name} (a coroutine)",
                "joining and leaving channel groups as the WebSocket transport does",
            )

    def test_channel_names_and_groups(self) -> None:
        import contextvars

        from channels.consumer import get_handler_name
        from djust import push

        self.pin(
            get_handler_name({"type": "server_push"}) == "server_push",
            "channels.consumer.get_handler_name",
            "handing a channel message to its consumer handler",
        )
        self.pin(
            isinstance(push.origin_channel, contextvars.ContextVar),
            "djust.push.origin_channel",
            "a handler's push skipping its own session",
        )
        from tests.views.broadcasts import BoardView, NewsView

        port = connection_of(self.live(BoardView)).transport.port
        self.pin(
            port._view_group == "djust_view_tests_views_broadcasts_BoardView",
            "view._djust_mount_view_path and consumer._view_group",
            "joining the view's push group",
        )
        news = self.live(NewsView)
        self.pin(
            _djust.listened_channels(news.view_instance) == {"news"}
            and connection_of(news).transport.port._db_notify_channels == {"news"},
            "view._listen_channels and consumer._db_notify_channels",
            "joining the groups of the channels a view listens on",
        )

    def test_notification_dispatch(self) -> None:
        from djust.db.decorators import _validate_channel
        from djust.db.notifications import PostgresNotifyListener

        self.pin(
            list(inspect.signature(PostgresNotifyListener._dispatch).parameters)
            == ["self", "channel", "raw_payload"],
            "djust.db.notifications.PostgresNotifyListener._dispatch(channel, raw_payload)",
            "send_db_notification()",
        )
        with self.assertRaises(ValueError):
            _validate_channel("Not-A-Channel")

    def test_the_runtimes_rate_limiter_is_the_consumers(self) -> None:
        live = self.live(CounterView)
        connection = connection_of(live)
        self.pin(
            connection.transport.port._rate_limiter is connection.runtime._rate_limiter,
            "runtime._rate_limiter and consumer._rate_limiter",
            "one rate limiter per connection for events and upload frames",
        )
