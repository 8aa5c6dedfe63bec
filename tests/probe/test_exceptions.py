"""Exceptions: the user's own exception surfaces as itself; djust's failures name the view.

A failure the user caused (a mount, handler, ``handle_params``,
``get_context_data``, ``handle_info`` or background task that raises) must
reach the test as that exception. A template that does not compile must fail
with an error naming the view and the template. ``render_async()`` must see a
failed task whatever the logging configuration.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.test import SimpleTestCase
from djust import LiveView, event_handler

from djust_testing import DjustTestingError, LiveViewTestMixin, MountDeniedError, MountError

from . import harness
from .harness import Case, one_of, passes, raises, user_error
from .views import (
    AsyncMountErrorView,
    BrokenTemplateFileView,
    ContextErrorView,
    FailingWorkView,
    HandleParamsErrorView,
    InfoErrorView,
    InlineTemplateSyntaxErrorView,
    MissingTemplateView,
    ProbeCounterView,
    SyncMountErrorView,
    UnclosedTagView,
    UnknownTagView,
)

tearDownModule = harness.module_report(__name__)


class AsyncMountView(LiveView):
    """An async def mount that works: production cannot run it (sync_to_async refuses it)."""

    login_required = False
    template = "<div dj-root>{{ n }}</div>"

    async def mount(self, request: Any, **kwargs: Any) -> None:
        self.n = 1


class PermissionMountView(LiveView):
    login_required = False
    template = "<div dj-root></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        raise PermissionDenied("not for you")


class NotFoundMountView(LiveView):
    login_required = False
    template = "<div dj-root></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        raise Http404("no such item")


class InitErrorView(LiveView):
    login_required = False
    template = "<div dj-root></div>"

    def __init__(self, **kwargs: Any) -> None:
        raise ZeroDivisionError("the constructor failed")


class LockStateView(LiveView):
    login_required = False
    template = "<div dj-root></div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        import threading

        self.guard = threading.Lock()


class RenderErrorView(LiveView):
    """A template that compiles, but whose render raises in the user's own code."""

    login_required = False
    template = "<div dj-root>{{ boom }}</div>"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.n = 0

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        if self.n:
            raise OverflowError("the second render failed")
        return context

    @event_handler
    def bump(self, **kwargs: Any) -> None:
        self.n += 1


TEMPLATE_ERRORS = (DjustTestingError, TemplateSyntaxError, TemplateDoesNotExist)


@contextlib.contextmanager
def logging_disabled() -> Iterator[None]:
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


@contextlib.contextmanager
def logger_state(name: str, **changes: Any) -> Iterator[logging.Logger]:
    logger = logging.getLogger(name)
    saved: dict[str, Any] = {
        "disabled": logger.disabled,
        "level": logger.level,
        "propagate": logger.propagate,
    }
    filters = list(logger.filters)
    for attribute, value in changes.items():
        if attribute == "filter":
            logger.addFilter(value)
        elif attribute == "level":
            logger.setLevel(value)
        else:
            setattr(logger, attribute, value)
    try:
        yield logger
    finally:
        logger.disabled = saved["disabled"]
        logger.setLevel(saved["level"])
        logger.propagate = saved["propagate"]
        logger.filters[:] = filters


def background(
    event: str, quiet: Callable[[], Any] | None = None, **kwargs: Any
) -> Callable[[harness.Probe], Any]:
    def call(p: harness.Probe) -> Any:
        live = p.live(FailingWorkView)
        live.send_event(event)
        with quiet() if quiet else contextlib.nullcontext():
            return live.render_async(**kwargs)

    return call


class UserExceptionTests(LiveViewTestMixin, SimpleTestCase):
    def test_mount_and_lifecycle(self) -> None:
        cases = [
            Case(
                "async def mount that raises",
                lambda p: p.live(AsyncMountErrorView),
                one_of(
                    user_error(ValueError, "the async mount failed"),
                    raises(MountError, contains=["AsyncMountErrorView", "async def mount"]),
                ),
            ),
            Case(
                "async def mount that works (production cannot call it)",
                lambda p: p.live(AsyncMountView),
                one_of(
                    passes(), raises(MountError, contains=["AsyncMountView", "async def mount"])
                ),
            ),
            Case(
                "def mount that raises",
                lambda p: p.live(SyncMountErrorView),
                user_error(ValueError, "the sync mount failed"),
            ),
            Case(
                "handle_params that raises",
                lambda p: p.live(HandleParamsErrorView),
                user_error(KeyError, "handle_params failed"),
            ),
            Case(
                "get_context_data that raises",
                lambda p: p.live(ContextErrorView),
                user_error(RuntimeError, "get_context_data failed"),
            ),
            Case(
                "__init__ that raises",
                lambda p: p.live(InitErrorView),
                user_error(ZeroDivisionError, "the constructor failed"),
            ),
            Case(
                "mount raising PermissionDenied",
                lambda p: p.live(PermissionMountView),
                one_of(
                    raises(MountDeniedError, contains=["not for you"]),
                    user_error(PermissionDenied, "not for you"),
                ),
            ),
            Case(
                "mount raising Http404",
                lambda p: p.live(NotFoundMountView),
                one_of(
                    user_error(Http404, "no such item"),
                    raises(MountError, contains=["no such item"]),
                ),
            ),
            Case(
                "a render that raises after an event",
                lambda p: p.live(RenderErrorView).send_event("bump"),
                user_error(OverflowError, "the second render failed"),
            ),
            Case(
                # Issue 9: a snapshot never fails; what cannot be copied shows as itself.
                "state deepcopy refuses: the value shows as itself",
                lambda p: p.live(LockStateView).get_state(),
                passes(lambda state: None if "guard" in state else f"no guard in {state!r}"),
            ),
        ]
        harness.run_table(self, cases)

    def test_handlers(self) -> None:
        def failed_envelope(exc_name: str) -> Callable[[Any], str | None]:
            def check(result: Any) -> str | None:
                if result.get("success") is not False or not str(
                    result.get("error", "")
                ).startswith(exc_name):
                    success, error = result.get("success"), result.get("error")
                    return f"the envelope says success={success!r} error={error!r}"
                return None

            return check

        cases = [
            Case(
                "handler that raises",
                lambda p: p.live(ProbeCounterView).send_event("explode"),
                user_error(ValueError, "the probe handler blew up"),
            ),
            Case(
                "async handler that raises",
                lambda p: p.live(ProbeCounterView).send_event("async_explode"),
                user_error(LookupError, "the async probe handler blew up"),
            ),
            Case(
                "handler that raises, raise_errors=False",
                lambda p: p.live(ProbeCounterView).send_event("explode", raise_errors=False),
                passes(failed_envelope("ValueError")),
            ),
            Case(
                "handle_info that raises",
                lambda p: p.live(InfoErrorView).trigger_info({"type": "x"}),
                user_error(RuntimeError, "handle_info failed"),
            ),
            Case(
                "handle_info that raises, raise_errors=False",
                lambda p: p.live(InfoErrorView).trigger_info({"type": "x"}, raise_errors=False),
                passes(failed_envelope("RuntimeError")),
            ),
        ]
        harness.run_table(self, cases)

    def test_background_work(self) -> None:
        failed = user_error(LookupError, "the background job failed")
        loader_failed = user_error(LookupError, "the assign_async loader failed")
        cases = [
            Case("render_async() after a failing start_async", background("start"), failed),
            Case(
                "render_async() after a failing assign_async",
                background("load"),
                one_of(loader_failed, passes()),
            ),
            Case(
                "render_async() under logging.disable()",
                background("start", logging_disabled),
                failed,
            ),
            Case(
                "render_async() with the djust logger disabled",
                background("start", lambda: logger_state("djust", disabled=True)),
                failed,
            ),
            Case(
                "render_async() with djust.runtime disabled",
                background("start", lambda: logger_state("djust.runtime", disabled=True)),
                failed,
            ),
            Case(
                "render_async() with the djust logger at CRITICAL",
                background("start", lambda: logger_state("djust", level=logging.CRITICAL)),
                failed,
            ),
            Case(
                "render_async() with a filter dropping djust.runtime records",
                background(
                    "start", lambda: logger_state("djust.runtime", filter=lambda record: False)
                ),
                failed,
            ),
            Case(
                "render_async() with the root logger at CRITICAL",
                background("start", lambda: logger_state("", level=logging.CRITICAL)),
                failed,
            ),
            Case(
                "render_async(raise_errors=False) after a failing task",
                background("start", raise_errors=False),
                passes(),
            ),
        ]
        harness.run_table(self, cases)


class TemplateErrorTests(LiveViewTestMixin, SimpleTestCase):
    def test_templates_that_do_not_compile(self) -> None:
        cases = [
            Case(
                "inline {% if %} without a condition",
                lambda p: p.live(InlineTemplateSyntaxErrorView),
                raises(*TEMPLATE_ERRORS, contains=["InlineTemplateSyntaxErrorView", "template"]),
            ),
            Case(
                "inline {% for %} never closed",
                lambda p: p.live(UnclosedTagView),
                raises(*TEMPLATE_ERRORS, contains=["UnclosedTagView", "template"]),
            ),
            Case(
                "inline unknown tag",
                lambda p: p.live(UnknownTagView),
                raises(*TEMPLATE_ERRORS, contains=["UnknownTagView", "no_such_tag"]),
            ),
            Case(
                "template file with an unclosed {% if %}",
                lambda p: p.live(BrokenTemplateFileView),
                raises(*TEMPLATE_ERRORS, contains=["BrokenTemplateFileView", "probe/broken.html"]),
            ),
            Case(
                "template file that does not exist",
                lambda p: p.live(MissingTemplateView),
                raises(
                    *TEMPLATE_ERRORS,
                    contains=["MissingTemplateView", "probe/no_such_template.html"],
                ),
            ),
        ]
        harness.run_table(self, cases)
