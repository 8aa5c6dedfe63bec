"""djust's side of an upload: the browser's frames through the consumer's own ``receive()``.

Uploads are consumer code only (websocket.py ``receive``: the message-size
check every frame passes, the upload rate bucket, ``_handle_upload_register``,
``_handle_upload_frame``; djust.uploads ``UploadManager``). Each frame goes to
the connection's ``ConsumerPort`` as the socket would hand it over, and what
djust answered to each is kept with it, with what djust logged: the reason
``register_entry`` rejected a file is only in its log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from .action import Frame
from .logs import captured, text

#: Where djust says why it rejected an upload, and that a frame was too large.
UPLOAD_LOGGERS = ("djust.uploads", "djust.websocket")
_TOO_LARGE = "Message too large"


@dataclass
class Sent:
    """One frame the browser sent, and what djust answered to it."""

    frame: str | bytes
    replies: list[Frame] = field(default_factory=list)

    @property
    def is_chunk(self) -> bool:
        return isinstance(self.frame, bytes) and self.frame[:1] == b"\x01"

    @property
    def too_large(self) -> bool:
        return any(
            reply.get("type") == "error" and str(reply.get("error", "")).startswith(_TOO_LARGE)
            for reply in self.replies
        )

    @property
    def rate_limited(self) -> bool:
        return any(reply.get("type") == "rate_limit_exceeded" for reply in self.replies)

    @property
    def dropped(self) -> bool:
        return self.too_large or self.rate_limited


@dataclass
class FileSent:
    """Every frame of one file, and the warnings djust logged meanwhile."""

    frames: list[Sent]
    warnings: list[str]

    @property
    def replies(self) -> list[Frame]:
        return [reply for sent in self.frames for reply in sent.replies]

    @property
    def chunks(self) -> list[Sent]:
        return [sent for sent in self.frames if sent.is_chunk]

    @property
    def dropped_chunks(self) -> list[Sent]:
        return [sent for sent in self.chunks if sent.dropped]

    def rejection(self) -> str | None:
        """The reason djust.uploads logged for refusing the file, if it did."""
        for warning in self.warnings:
            if not warning.startswith((_TOO_LARGE, "Upload-frame rate limit")):
                return warning
        return None


async def send_file(port: Any, frames: list[str | bytes], action: Any) -> FileSent:
    """Hand each of the browser's frames to djust's consumer, as the socket would.

    Once djust closed the connection (a flood of upload frames: 4429), the
    rest never reaches it.
    """
    sent: list[Sent] = []
    with captured(*UPLOAD_LOGGERS) as records:
        for frame in frames:
            if action.close_code is not None:
                break
            mark = len(action.frames)
            if isinstance(frame, str):
                await port.receive(text_data=frame)
            else:
                await port.receive(bytes_data=frame)
            sent.append(Sent(frame, action.frames[mark:]))
    return FileSent(sent, [text(r) for r in records if r.levelno >= logging.WARNING])


def message_limit() -> int:
    """``max_message_size``: the largest frame djust's consumer reads (0: no limit)."""
    from djust.config import config

    return int(config.get("max_message_size", 65536) or 0)
