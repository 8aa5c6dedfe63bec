"""What djust's browser client does with the files a user chooses (static/djust/src/15-uploads.js).

* Binding (``bindUploadHandlers``, run at page load and after every DOM
  update): each ``[dj-upload]`` element is bound once per slot name. Bound
  when its slot has a config, the client sets ``accept`` (when the element
  has none) and ``multiple`` (when the slot takes more than one entry). The
  first binding runs as the page loads (14-init.js), before the mount frame
  brings the configs (03-websocket.js ``setConfigs``), so an input on the
  page from the start keeps its own attributes: only an input a later patch
  inserts gets them. The page's DOM is left as djust renders it; the
  attributes the client added are kept here.
* Sending (``handleFileSelect``, ``uploadFile``): the files go one at a time,
  in order. With a config, a file over the slot's ``max_file_size`` is
  refused before anything is sent, and the next one goes. Otherwise: an
  ``upload_register`` text frame, the content as binary chunk frames
  (``0x01``, the 16-byte ref, a big-endian uint32 index, at most
  ``chunk_size`` bytes: ``DEFAULT_CHUNK_SIZE`` without a config), then a
  complete frame (``0x02`` and the ref); an empty file sends no chunk. The
  next file goes once djust answered this one's progress with ``complete``
  or ``error`` (``handleUploadProgress``); with no such answer the client
  waits for ever.
"""

from __future__ import annotations

import json
import struct
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..exceptions import DomEventError
from . import controls
from .controls import describe
from .nodes import Element

FRAME_CHUNK = 0x01
FRAME_COMPLETE = 0x02
#: 63 KiB: a chunk and its 21-byte header stay under djust's default 64 KiB message limit.
DEFAULT_CHUNK_SIZE = 63 * 1024
HEADER_BYTES = 21

Frame = dict[str, Any]


@dataclass(frozen=True)
class ChosenFile:
    """A file the user picks: its name, its bytes, and the type the browser gives it."""

    name: str
    content: bytes
    content_type: str


@dataclass
class UploadedFile:
    """What became of one file of an ``upload()``.

    ``status`` is ``"complete"`` (djust stored it), ``"truncated"`` (djust
    stored what was left after dropping chunk frames over its message size
    limit), ``"error"`` (djust refused it or it failed), ``"refused"``
    (djust's browser client sent nothing of it: too large), ``"unanswered"``
    (djust answered none of its frames, so the client waits for ever) or
    ``"not sent"`` (a file after an unanswered one). ``error`` says why for
    all but ``"complete"`` and ``"not sent"``; ``received`` is what djust sent
    back while it handled this file's frames; ``ref`` is the upload's id
    (None when nothing was sent).
    """

    name: str
    size: int
    content_type: str
    status: str
    ref: str | None = None
    error: str | None = None
    received: list[Frame] = field(default_factory=list)


class UploadBindings:
    """The page's upload configs (from the mount frame) and the inputs djust's client bound."""

    def __init__(self) -> None:
        self.configs: dict[str, Frame] = {}
        # Each bound element: its slot, and the attributes the client added to it.
        self._bound: weakref.WeakKeyDictionary[Element, tuple[str, dict[str, str]]] = (
            weakref.WeakKeyDictionary()
        )

    def take_configs(self, frame: Frame) -> None:
        configs = frame.get("upload_configs")
        if frame.get("type") == "mount" and configs:
            self.configs = dict(configs)

    def bind(self, root: Element) -> None:
        """What ``bindUploadHandlers`` does now to every ``[dj-upload]`` element."""
        for element in root.elements():
            slot = element.attrs.get("dj-upload")
            if slot is None:
                continue
            bound = self._bound.get(element)
            if bound is not None and bound[0] == slot:
                continue
            added: dict[str, str] = {}
            config = self.configs.get(slot)
            if config and config.get("accept") and not element.attrs.get("accept"):
                added["accept"] = str(config["accept"])
            entries = int(config.get("max_entries") or 0) if config else 0
            if entries > 1 and "multiple" not in element.attrs:
                added["multiple"] = ""
            self._bound[element] = (slot, added)

    def added(self, element: Element) -> dict[str, str]:
        """The attributes djust's client set on ``element`` (``accept``, ``multiple``)."""
        bound = self._bound.get(element)
        return dict(bound[1]) if bound is not None else {}


def chosen_files(files: Any) -> list[ChosenFile]:
    """``files`` as ``upload()`` takes them: ``(filename, content, content_type)`` tuples."""
    shape = "upload() takes a list of (filename, content: bytes, content_type) tuples"
    if isinstance(files, (str, bytes)) or not isinstance(files, Iterable):
        raise DomEventError(f"{shape}, got {type(files).__name__}")
    chosen = []
    for item in files:
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise DomEventError(f"{shape}, got {item!r}")
        name, content, content_type = item
        if not isinstance(name, str) or not name:
            raise DomEventError(f"{shape}: a file's name is a non-empty str, got {name!r}")
        if not isinstance(content, (bytes, bytearray, memoryview)):
            raise DomEventError(
                f"{shape}: the content of {name!r} is {type(content).__name__}, not bytes "
                "(encode text first, e.g. 'hello'.encode())"
            )
        if not isinstance(content_type, str):
            raise DomEventError(
                f"{shape}: the content_type of {name!r} is a str such as 'text/plain' "
                f"('' when the browser knows none), got {content_type!r}"
            )
        chosen.append(ChosenFile(name, bytes(content), content_type))
    if not chosen:
        raise DomEventError(f"{shape}: choose at least one file")
    return chosen


def refusal(element: Element, files: list[ChosenFile], bindings: UploadBindings) -> str | None:
    """Why a user cannot choose ``files`` in ``element`` for djust to upload (None: they can)."""
    what = describe(element)
    if element.tag != "input" or controls.input_type(element) != "file":
        return f'{what} is not a file input: upload() chooses files in an <input type="file">'
    slot = element.attrs.get("dj-upload")
    if slot is None:
        return (
            f"{what} has no dj-upload: djust's client uploads the files of [dj-upload] inputs "
            "only (15-uploads.js bindUploadHandlers), so choosing files here sends djust nothing"
        )
    reason = controls.disabled_reason(element)
    if reason is not None:
        return f"{what} {reason}: a user cannot choose files in it"
    for binding in ("dj-change", "dj-input"):
        if binding in element.attrs:
            return (
                f"{what} also has {binding}: choosing files fires it besides the upload, "
                "which upload() does not emulate; move the event to another element"
            )
    config = bindings.configs.get(slot)
    multiple = "multiple" in element.attrs or "multiple" in bindings.added(element)
    if len(files) > 1 and not multiple:
        entries = int(config.get("max_entries") or 1) if config else 1
        why = (
            f" djust's client adds multiple (the slot {slot!r} takes {entries} entries) only "
            "to a dj-upload input a patch inserts after the mount: one on the page when it "
            "loads keeps its own attributes (15-uploads.js bindUploadHandlers). Write "
            "multiple in the template."
            if entries > 1
            else ""
        )
        return f"{what} has no multiple attribute: a user chooses one file in it.{why}"
    if config is not None and config.get("auto_upload") is False:
        return (
            f"the slot {slot!r} has auto_upload=False: djust's client sends nothing when files "
            "are chosen; the page's own JavaScript uploads them (window.djust.uploads."
            "uploadFile), which the test client cannot run"
        )
    return None


def choose(element: Element, files: list[ChosenFile]) -> None:
    """The input holds the chosen files: its ``.value`` is what browsers show for the first."""
    element.value = "C:\\fakepath\\" + files[0].name


def too_large(file: ChosenFile, config: Frame | None) -> bool:
    """Whether djust's client refuses ``file`` before sending anything (handleFileSelect)."""
    return config is not None and len(file.content) > int(config.get("max_file_size") or 0)


def frames(slot: str, file: ChosenFile, config: Frame | None, ref: bytes) -> list[str | bytes]:
    """What ``uploadFile`` sends for ``file``: the register text frame, the chunks, complete."""
    chunk_size = int((config or {}).get("chunk_size") or DEFAULT_CHUNK_SIZE)
    register = {
        "type": "upload_register",
        "upload_name": slot,
        "ref": ref_text(ref),
        "client_name": file.name,
        "client_type": file.content_type,
        "client_size": len(file.content),
        "resumable": bool((config or {}).get("resumable")),
    }
    sent: list[str | bytes] = [json.dumps(register, separators=(",", ":"), ensure_ascii=False)]
    content = file.content
    for index, offset in enumerate(range(0, len(content), chunk_size)):
        header = bytes([FRAME_CHUNK]) + ref + struct.pack(">I", index)
        sent.append(header + content[offset : offset + chunk_size])
    sent.append(bytes([FRAME_COMPLETE]) + ref)
    return sent


def ref_text(ref: bytes) -> str:
    """The 16 bytes of a ref as the client writes them in text (``uuidToString``)."""
    text = ref.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def settled(ref: str, received: list[Frame]) -> Frame | None:
    """djust's progress frame that settles the upload ``ref`` (complete or error), if any."""
    for frame in received:
        if (
            frame.get("type") == "upload_progress"
            and frame.get("ref") == ref
            and frame.get("status") in ("complete", "error")
        ):
            return frame
    return None
