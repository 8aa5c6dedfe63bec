"""A user chooses files in a ``dj-upload`` input, and djust's client uploads them to djust.

The browser's part (``_browser.uploads``: which inputs take files, the
frames djust's client sends, when it goes on to the next file) and djust's
(``_live.uploads``: each frame through the consumer's own ``receive()``) meet
here, as one action of the page, named after the upload slot.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from ._browser import uploads
from ._browser.query import Query
from ._browser.uploads import HEADER_BYTES, ChosenFile, UploadedFile
from ._live import uploads as djust_side
from ._live.explain import close_reason
from ._live.uploads import FileSent
from ._tracebacks import keep_user_frames
from .exceptions import DomEventError, UploadError

if TYPE_CHECKING:
    from ._proxy import ClientProxy

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True


def upload(proxy: ClientProxy, query: Query, files: Any, raise_errors: bool) -> list[UploadedFile]:
    """Choose ``files`` in the input ``query`` finds; return what became of each."""
    chosen = uploads.chosen_files(files)
    proxy.require_open()
    element = proxy.resolve(query)
    refusal = uploads.refusal(element, chosen, proxy.page.uploads)
    if refusal is not None:
        raise DomEventError(refusal)
    uploads.choose(element, chosen)
    slot = element.attrs["dj-upload"]
    config = proxy.page.uploads.configs.get(slot)
    port = proxy.connection.transport.port
    outcomes: list[UploadedFile] = []
    problems: list[str] = []

    async def run() -> None:
        action = proxy.connection.last_action
        waiting: UploadedFile | None = None
        for file in chosen:
            outcome = UploadedFile(file.name, len(file.content), file.content_type, "not sent")
            outcomes.append(outcome)
            if waiting is not None:
                continue
            if uploads.too_large(file, config):
                assert config is not None
                outcome.status = "refused"
                outcome.error = (
                    f"djust's client refused {file.name!r} before sending anything: its "
                    f"{outcome.size:,} bytes are over the slot {slot!r}'s max_file_size of "
                    f"{int(config['max_file_size']):,} (15-uploads.js handleFileSelect: 'File "
                    "too large'); it goes on with the next file"
                )
                problems.append(outcome.error)
                continue
            ref = uuid.uuid4().bytes
            outcome.ref = uploads.ref_text(ref)
            sent = await djust_side.send_file(port, uploads.frames(slot, file, config, ref), action)
            outcome.received = sent.replies
            _settle(outcome, slot, file, sent)
            closed = proxy.connection.transport.closed_code
            if closed is not None and outcome.status == "unanswered":
                outcome.error = (
                    f"djust closed the connection ({close_reason(closed)}) while {file.name!r} "
                    f"was being sent. {_dropped(file.name, sent)}"
                ).rstrip()
            if outcome.status == "unanswered":
                waiting = outcome
            if outcome.error is not None:
                problems.append(outcome.error)
        if waiting is not None:
            unsent = [o.name for o in outcomes if o.status == "not sent"]
            if unsent:
                problems.append(
                    f"so the files after {waiting.name!r} are never sent: "
                    + ", ".join(repr(name) for name in unsent)
                )

    with proxy.remembered():
        proxy.perform("upload", slot, run)
        if problems and raise_errors:
            error = UploadError("\n".join(problems), files=outcomes)
            keep_user_frames(error)
            raise error
    return outcomes


def _settle(
    outcome: UploadedFile,
    slot: str,
    file: ChosenFile,
    sent: FileSent,
) -> None:
    """The file's status and error from what djust answered (``handleUploadProgress``)."""
    assert outcome.ref is not None
    name = file.name
    settled = uploads.settled(outcome.ref, sent.replies)
    refused = [
        str(reply.get("error")) for reply in sent.frames[0].replies if reply.get("type") == "error"
    ]
    reason = sent.rejection()
    because = f"; djust.uploads logged why: {reason!r}" if refused and reason else ""
    if settled is None:
        outcome.status = "unanswered"
        said = f" (to its upload_register it answered {refused[0]!r}{because})" if refused else ""
        lost = _dropped(name, sent)
        last = sent.frames[-1]
        outcome.error = (
            f"djust answered none of the frames of {name!r} with its upload progress{said}, "
            "so djust's client waits for ever"
            + (f". {lost}" if lost else "")
            + (
                " Its complete frame was dropped too."
                if last.rate_limited and not last.is_chunk
                else ""
            )
        )
        return
    dropped = _dropped(name, sent)
    remedy = _remedy() if any(s.too_large for s in sent.dropped_chunks) else ""
    if settled.get("status") == "complete":
        outcome.status = "truncated" if dropped else "complete"
        if dropped:
            kept = sum(len(s.frame) - HEADER_BYTES for s in sent.chunks if not s.dropped)
            outcome.error = (
                f"{dropped} The upload still completed, with {kept:,} of its {len(file.content):,} "
                f"bytes: in production this file arrives truncated. {remedy}"
            ).rstrip()
        return
    outcome.status = "error"
    if refused:
        outcome.error = f"djust rejected {name!r} for the slot {slot!r}: {refused[0]!r}{because}"
        return
    failed = settled.get("error") or "an error without a message"
    outcome.error = f"djust refused {name!r} when it completed: {failed!r}" + (
        f". Before that, {dropped[0].lower()}{dropped[1:]} {remedy}".rstrip() if dropped else ""
    )


def _dropped(name: str, sent: FileSent) -> str:
    """What djust's message-size check and upload rate limit did to the chunk frames, or ''."""
    dropped = sent.dropped_chunks
    if not dropped:
        return ""
    chunks = len(sent.chunks)
    too_large = [s for s in dropped if s.too_large]
    parts = []
    if too_large:
        largest = max(len(s.frame) for s in too_large)
        errors = sorted({str(r.get("error")) for s in too_large for r in s.replies})
        errors = [error for error in errors if error.startswith("Message too large")]
        parts.append(
            f"djust dropped {len(too_large)} of the {chunks} chunk frames of {name!r}: a "
            f"frame of {largest:,} bytes (a {largest - HEADER_BYTES:,}-byte chunk and the "
            f"{HEADER_BYTES}-byte header) is over djust's max_message_size of "
            f"{djust_side.message_limit():,} bytes, so djust answered {errors[0]!r} and dropped "
            "it (websocket.py receive)."
        )
    limited = len(dropped) - len(too_large)
    if limited:
        parts.append(
            f"djust's upload rate limit dropped {limited} of the {chunks} chunk frames of "
            f"{name!r} ('Too many upload frames, some are being dropped'): djust's client sends "
            "a file's chunks as fast as the socket takes them, and djust takes "
            "LIVEVIEW_CONFIG['rate_limit']['upload_burst'] frames at once (400 by default), "
            "then upload_rate a second (200), and closes the connection after max_warnings "
            "(3) drops."
        )
    return " ".join(parts)


def _remedy() -> str:
    limit = djust_side.message_limit()
    return (
        f"Pass chunk_size={limit - HEADER_BYTES} (or less) to allow_upload(), or raise "
        "LIVEVIEW_CONFIG['max_message_size']."
    )
