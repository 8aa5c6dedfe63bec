"""Failures production shares are named: async lifecycle methods, broken templates, lost tasks."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from django.template import TemplateDoesNotExist, TemplateSyntaxError
from djust import LiveView, event_handler

from djust_testing import LiveViewTestCase, MountError
from tests.views.effects import ResultHandlerFailsView, UnhandledWorkView, WorkView


class AsyncMountView(LiveView):
    login_required = False
    template = "<div dj-root>{{ n }}</div>"

    async def mount(self, request: Any, **kwargs: Any) -> None:
        self.n = 1


class AsyncHandleParamsView(LiveView):
    login_required = False
    template = "<div dj-root>{{ n }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.n = 1

    async def handle_params(self, params: Any, uri: str) -> None:
        self.n = 2


class InlineSyntaxErrorView(LiveView):
    login_required = False
    template = "<div dj-root>{% if %}broken{% endif %}</div>"


class BrokenFileView(LiveView):
    login_required = False
    template_name = "probe/broken.html"


class MissingFileView(LiveView):
    login_required = False
    template_name = "tests/no_such_template.html"


class AsyncLifecycleTests(LiveViewTestCase):
    def test_an_async_mount_fails_as_in_production(self) -> None:
        with self.assertRaises(MountError) as caught:
            self.live(AsyncMountView)
        self.assertEqual(
            str(caught.exception),
            "AsyncMountView has an async def mount(), and djust calls it through "
            "sync_to_async(view.mount), which refuses coroutine functions, so production fails "
            "this mount too (its error frame: 'TypeError: sync_to_async can only be applied to "
            "sync functions.'). Make mount() a plain def; do async work in an async event "
            "handler or with start_async().",
        )
        # asgiref's own error stays attached.
        self.assertIsInstance(caught.exception.__cause__, TypeError)

    def test_so_does_an_async_handle_params(self) -> None:
        with self.assertRaisesMessage(
            MountError, "AsyncHandleParamsView has an async def handle_params(), and djust"
        ):
            self.live(AsyncHandleParamsView)


class TemplateErrorTests(LiveViewTestCase):
    def test_an_inline_template_that_does_not_compile(self) -> None:
        with self.assertRaises(MountError) as caught:
            self.live(InlineSyntaxErrorView)
        self.assertEqual(
            str(caught.exception),
            "InlineSyntaxErrorView could not render its template (the inline template string, "
            "InlineSyntaxErrorView.template): Invalid {% if %} condition: unexpected end of "
            "expression",
        )
        self.assertIsInstance(caught.exception.__cause__, RuntimeError)

    def test_a_template_file_that_does_not_compile(self) -> None:
        with self.assertRaises(MountError) as caught:
            self.live(BrokenFileView)
        self.assertEqual(
            str(caught.exception),
            "BrokenFileView could not render its template 'probe/broken.html' (template_name): "
            "TemplateSyntaxError: Unclosed tag on line 3: 'if'. Looking for one of: elif, else, "
            "endif.",
        )
        self.assertIsInstance(caught.exception.__cause__, TemplateSyntaxError)

    def test_a_template_file_that_does_not_exist(self) -> None:
        with self.assertRaises(MountError) as caught:
            self.live(MissingFileView)
        self.assertIn(
            "MissingFileView could not render its template 'tests/no_such_template.html' "
            "(template_name): TemplateDoesNotExist: tests/no_such_template.html (",
            str(caught.exception),
        )
        self.assertIsInstance(caught.exception.__cause__, TemplateDoesNotExist)


@contextlib.contextmanager
def logging_disabled() -> Iterator[None]:
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


@contextlib.contextmanager
def logger_changed(name: str, change: Callable[[logging.Logger], Any]) -> Iterator[None]:
    logger = logging.getLogger(name)
    level, filters, disabled = logger.level, list(logger.filters), logger.disabled
    change(logger)
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.filters[:] = filters
        logger.disabled = disabled


class RenderFailsView(LiveView):
    login_required = False
    template = "<div dj-root>{{ status }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.status = "idle"
        self.broken = False

    @event_handler
    def start(self, **kwargs: Any) -> None:
        self.start_async(self._work)

    def _work(self) -> None:
        self.broken = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if self.broken:
            raise OverflowError("the render after the task failed")
        context: dict[str, Any] = super().get_context_data(**kwargs)
        return context


class BackgroundFailureTests(LiveViewTestCase):
    quiet: ClassVar[dict[str, Callable[[], contextlib.AbstractContextManager[Any]]]] = {
        "logging.disable()": logging_disabled,
        "djust.runtime disabled": lambda: logger_changed(
            "djust.runtime", lambda logger: setattr(logger, "disabled", True)
        ),
        "djust at CRITICAL": lambda: logger_changed(
            "djust", lambda logger: logger.setLevel(logging.CRITICAL)
        ),
        "a filter dropping every record": lambda: logger_changed(
            "djust.runtime", lambda logger: logger.addFilter(lambda record: False)
        ),
        "the root logger at CRITICAL": lambda: logger_changed(
            "", lambda logger: logger.setLevel(logging.CRITICAL)
        ),
    }

    def test_a_failed_task_is_seen_whatever_logging_does(self) -> None:
        for name, quiet in self.quiet.items():
            with self.subTest(name):
                live = self.live(UnhandledWorkView)
                live.send_event("start")
                with quiet(), self.assertRaisesMessage(LookupError, "nobody handles this"):
                    live.render_async()

    def test_a_failure_handle_async_result_receives_stays_quiet(self) -> None:
        with logging_disabled():
            live = self.live(WorkView)
            live.send_event("start_failing")
            live.render_async()
        live.assert_state(status="failed: the job failed")

    def test_a_failing_result_handler_is_raised(self) -> None:
        live = self.live(ResultHandlerFailsView)
        live.send_event("start")
        with (
            logging_disabled(),
            self.assertRaisesMessage(ArithmeticError, "handle_async_result failed for job"),
        ):
            live.render_async()

    def test_a_failing_render_after_the_task_is_raised(self) -> None:
        live = self.live(RenderFailsView)
        live.send_event("start")
        with (
            logging_disabled(),
            self.assertRaisesMessage(OverflowError, "the render after the task failed"),
        ):
            live.render_async()
