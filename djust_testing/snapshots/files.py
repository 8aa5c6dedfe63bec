"""Where snapshots live and how they are read and written.

One file per assertion,
``__snapshots__/<test module>/<TestClass>.<test_method>.<name>.html``
(``.txt`` for text), next to the test module, so code review shows how a
change alters the page.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import unittest
from pathlib import Path

from ..exceptions import DjustTestingError

DIRECTORY = "__snapshots__"
SUFFIXES = (".html", ".txt")

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def module_directory(module_name: str) -> Path:
    """The directory holding the snapshots of the test module ``module_name``."""
    module = sys.modules.get(module_name)
    file = getattr(module, "__file__", None)
    if not file:
        raise DjustTestingError(
            f"cannot place snapshots for {module_name!r}: the test module has no file"
        )
    short = module_name.rpartition(".")[2]
    if short == "__main__":
        short = Path(file).stem
    return Path(file).resolve().parent / DIRECTORY / short


def snapshot_path(test: unittest.TestCase, name: str, suffix: str) -> Path:
    """Where ``test`` stores its snapshot ``name``."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise DjustTestingError(
            f"snapshot name {name!r} cannot be part of a file name: use letters, digits, "
            "'_', '-' and '.', starting with a letter, digit or '_'"
        )
    directory = module_directory(type(test).__module__)
    return directory / f"{file_prefix(test)}{name}{suffix}"


def file_prefix(test: unittest.TestCase) -> str:
    """How the names of ``test``'s snapshot files begin, which also tells their owner."""
    return f"{type(test).__name__}.{test._testMethodName}."


def is_snapshot_file(path: Path) -> bool:
    # Dot files include the temporary files of writes in progress.
    return path.is_file() and path.suffix in SUFFIXES and not path.name.startswith(".")


def read_snapshot(path: Path) -> str | None:
    """The stored text, without the final newline the file ends with; None if missing."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    text = data.decode("utf-8").replace("\r\n", "\n")
    return text[:-1] if text.endswith("\n") else text


def write_snapshot(path: Path, text: str) -> None:
    """Store ``text`` at ``path`` atomically.

    The text goes to a temporary file in the same directory, which then
    replaces ``path`` in one rename: a reader, or another worker writing the
    same snapshot, sees the old file or a complete new one, never part of one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write((text + "\n").encode("utf-8"))
        # mkstemp makes the file private; a snapshot is a shared source file.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
