"""Tracebacks that show the user's code: djust_testing's, djust's and asyncio's frames left out.

Every djust_testing module a failure passes through says ``__unittest =
True`` (and ``__tracebackhide__ = True`` for pytest), so a failed
assertion's traceback ends at the test's own line. unittest cuts a failure's
traceback at the first such frame, which would also hide the frames of a
handler that raised ``AssertionError`` itself: ``keep_user_frames`` writes
those frames into the exception's notes, which tracebacks print.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import traceback
from pathlib import Path

import asgiref
import djust

__unittest = True
__tracebackhide__ = True

# Code between the test and the user's views and handlers.
_PACKAGES = (asyncio, concurrent.futures, asgiref, djust)
_FILES = [module.__file__ for module in _PACKAGES] + [__file__]
_MACHINERY = tuple(str(Path(path).resolve().parent) + "/" for path in _FILES if path)


def is_machinery(filename: str) -> bool:
    """Whether ``filename`` is djust_testing's, djust's, asgiref's or asyncio's."""
    return str(Path(filename).resolve()).startswith(_MACHINERY)


def user_frames(error: BaseException) -> traceback.StackSummary:
    """The frames of ``error``'s traceback in the user's code (all of them if none is)."""
    frames = traceback.extract_tb(error.__traceback__)
    kept = [frame for frame in frames if not is_machinery(frame.filename)]
    return traceback.StackSummary.from_list(kept or frames)


def format_user_traceback(error: BaseException) -> str:
    """``error`` as a traceback of the user's frames, and its ``Type: message`` line."""
    lines = ["Traceback (most recent call last):\n", *user_frames(error).format()]
    lines += traceback.format_exception_only(type(error), error)
    return "".join(lines).rstrip("\n")


def keep_user_frames(error: BaseException) -> None:
    """Note where a handler's own ``AssertionError`` was raised, which unittest would cut."""
    if type(error) is not AssertionError:
        return
    frames = traceback.extract_tb(error.__traceback__)
    if not frames or is_machinery(frames[-1].filename):
        return  # djust_testing's own assertion: the test's line is the place
    note = "Raised in the view's code:\n" + "".join(user_frames(error).format()).rstrip("\n")
    if hasattr(error, "add_note"):
        if note not in getattr(error, "__notes__", ()):
            error.add_note(note)
    elif len(error.args) <= 1 and note not in str(error):
        # Python 3.10 has no notes: the message carries the frames instead.
        error.args = (f"{error}\n\n{note}" if error.args else note,)
