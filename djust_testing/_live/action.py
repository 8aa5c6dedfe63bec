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
    """One thing the test did (a mount, an event, ...) and what djust sent for it.

    A user's step that sends several frames (a click that first leaves a
    typed-in field, Enter in a form) is one action too: see ``merged``.
    """

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
    # For a step of several exchanges with djust: each of them, in order.
    parts: list[Action] = field(default_factory=list)
    # The channel-layer messages djust's consumer received for this page during
    # the action (push_to_view, presence, db notifications), in order.
    received: list[Frame] = field(default_factory=list)
    # What went wrong where the messages this action sent reached other
    # clients (a ``BroadcastError`` each); raised once the action is done.
    broadcast_failures: list[BaseException] = field(default_factory=list)

    def frames_of(self, frame_type: str) -> list[Frame]:
        return [frame for frame in self.frames if frame.get("type") == frame_type]

    @property
    def sent_frames(self) -> list[Frame]:
        """Every frame the browser sent for the action, in order (``sent`` is the main one)."""
        if self.parts:
            return [part.sent for part in self.parts if part.sent is not None]
        return [self.sent] if self.sent is not None else []


def merged(parts: list[Action], main: Action) -> Action:
    """The exchanges of one user step as one action, named after its ``main`` one.

    Frames, refusals, queries and the rest follow each other in the order
    they happened; the exception is the first one djust caught.
    """
    return Action(
        kind=main.kind,
        name=main.name,
        frames=[frame for part in parts for frame in part.frames],
        rejections=[frame for part in parts for frame in part.rejections],
        exception=next((p.exception for p in parts if p.exception is not None), None),
        close_code=next((p.close_code for p in parts if p.close_code is not None), None),
        stream_operations=[op for part in parts for op in part.stream_operations],
        browser_navigations=[nav for part in parts for nav in part.browser_navigations],
        sent=main.sent,
        undelivered=[line for part in parts for line in part.undelivered],
        session_changes=[change for part in parts for change in part.session_changes],
        queries=[query for part in parts for query in part.queries],
        parts=list(parts),
        received=[message for part in parts for message in part.received],
        broadcast_failures=[error for part in parts for error in part.broadcast_failures],
    )


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

    #: The action's kind: ``mount``, ``event``, ``url_change``, ``handle_info``, ...
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
