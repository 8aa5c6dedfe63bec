"""The record of one action: what the browser sent and every frame djust sent back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

from .queries import RecordedQuery

Frame = dict[str, Any]


@dataclass(frozen=True)
class StreamOperation:
    """One stream operation djust recorded, with the item an insert added."""

    op: dict[str, Any]
    item: Any = None

    @property
    def type(self) -> str:
        return str(self.op.get("type", ""))

    @property
    def stream(self) -> str:
        return str(self.op.get("stream", ""))

    @property
    def dom_id(self) -> str | None:
        value = self.op.get("dom_id")
        return None if value is None else str(value)


@dataclass
class Action:
    """One thing the test did (a mount, an event, ...) and what djust sent for it."""

    kind: str
    name: str | None = None
    frames: list[Frame] = field(default_factory=list)
    # Frames djust sent through ``send_error``: refusals, not handler crashes.
    rejections: list[Frame] = field(default_factory=list)
    # The exception behind the first error frame, when djust caught one.
    exception: BaseException | None = None
    close_code: int | None = None
    stream_operations: list[StreamOperation] = field(default_factory=list)
    # Navigation the browser did itself (a dj-patch or dj-navigate click),
    # in the shape of djust's navigation frames.
    browser_navigations: list[Frame] = field(default_factory=list)
    # The frame the browser sent for this action (mount, event, url_change).
    sent: Frame | None = None
    # Frames djust sent that never reached the browser, each said in a sentence.
    undelivered: list[str] = field(default_factory=list)
    # "login" / "logout": Django's login() or logout() ran during the action.
    session_changes: list[str] = field(default_factory=list)
    # Every database query the action ran, in order (``queries.recording``).
    queries: list[RecordedQuery] = field(default_factory=list)

    def frames_of(self, frame_type: str) -> list[Frame]:
        return [frame for frame in self.frames if frame.get("type") == frame_type]


class EventResult(TypedDict):
    """What ``send_event()`` (and each event-like action) returns."""

    #: ``get_state()`` just before the action, and just after it.
    state_before: dict[str, Any]
    state_after: dict[str, Any]
    #: Wall-clock milliseconds the action took, djust's work included.
    duration_ms: float
    #: False when the handler raised or djust refused the event (``raise_errors=False``).
    success: bool
    #: ``"ExcType: message"`` when ``success`` is False, else None.
    error: str | None


class HistoryEntry(TypedDict):
    """One action in ``get_event_history()``."""

    #: The action's kind: ``mount``, ``event``, ``url_change``, ``info``, ...
    type: str
    #: The event's name, or the URL of a url_change (None for a mount).
    name: str | None
    #: What the browser sent: the event's params after its JSON, the query.
    params: dict[str, Any]
    #: ``"ExcType: message"`` when the action failed, else None.
    error: str | None
    #: The ``code`` of djust's error frame, when it sent one with a code.
    code: str | None
    duration_ms: float
