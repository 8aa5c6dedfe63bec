"""djust's ``update_model`` refusals, which it only logs, turned into errors.

``ModelBindingMixin.update_model`` (``mixins/model_binding.py``), the
handler every LiveView has for ``dj-model``, refuses a field in this
order, each time with a WARNING on the ``djust.mixins.model_binding``
logger and nothing else: no field name; a private field; a forbidden one
(``request``, ``template_name``, ...); one neither bound by a literal
``dj-model="field"`` in the view's template source nor listed in
``allowed_model_fields`` (the mass-assignment guard); one the view does
not have; a value it cannot convert to the current value's type (bool,
int, float). djust answers ``noop`` either way, so the browser shows what
the user typed while the view keeps its old value.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from ..exceptions import ModelBindingRefusedError
from . import targets
from .action import Action

LOGGER = "djust.mixins.model_binding"
#: The event djust's client sends for dj-model, and the handler that takes it.
EVENT = "update_model"


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def refusals(event: str | None) -> Iterator[list[str]]:
    """The refusals djust logs meanwhile, whatever logging keeps (none unless ``event`` is
    ``update_model``)."""
    if event != EVENT:
        yield []
        return
    logger = logging.getLogger(LOGGER)
    collector = _Collector()
    level, disabled = logger.level, logger.disabled
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.disabled = False
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
        logger.disabled = disabled


def refusal(view: Any, action: Action, refused: list[str]) -> ModelBindingRefusedError | None:
    """The error for an ``update_model`` djust refused (None when it set the field)."""
    if not refused:
        return None
    reason = refused[0]
    sent = action.sent or {}
    params = sent.get("params") if isinstance(sent.get("params"), dict) else {}
    field = params.get("field") if isinstance(params, dict) else None
    view = targets.target_of(view, params).owner or view
    name = type(view).__name__
    message = (
        f"djust refused to set {name}.{field} from dj-model: {reason.removeprefix('[dj-model] ')}"
        f". djust only logs this and answers noop, so in production the page keeps what the "
        f"user typed while {name}.{field} keeps its value."
    )
    message += _hint(view, reason, field)
    return ModelBindingRefusedError(message, reason=reason, frames=action.frames)


def _hint(view: Any, reason: str, field: Any) -> str:
    if "mass-assignment guard" in reason:
        return (
            " djust reads the fields a page may set from the view's template source: only a "
            f'literal dj-model="{field}" there (its includes and extends too) counts. A binding '
            "written dj-model.lazy or dj-model.debounce-N, made with {{ }}, or rendered by a "
            "component or an embedded view does not; list the field in the view's "
            "allowed_model_fields to allow it."
        )
    if "does not exist" in reason:
        return f" Give {type(view).__name__} the attribute {field!r} in mount()."
    if "Could not coerce" in reason:
        return (
            " djust converts the value to the type of the field's current value (bool, int, "
            "float), and a browser sends a field's text as a str."
        )
    return ""
