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
from dataclasses import dataclass
from pathlib import Path

from ..exceptions import DjustTestingError

DIRECTORY = "__snapshots__"
SUFFIXES = (".html", ".txt")

# A refused name ends its traceback at the test's line (pytest).
__tracebackhide__ = True

#: What a snapshot name may be.
NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


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


def check_name(name: object) -> str:
    """``name`` if it can be a snapshot's name, the part of its file name it gives."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise DjustTestingError(
            f"snapshot name {name!r} cannot be part of a file name: use letters, digits, "
            "'_', '-' and '.', starting with a letter, digit or '_'"
        )
    return name


def snapshot_path(test: unittest.TestCase, name: str, suffix: str) -> Path:
    """Where ``test`` stores its snapshot ``name``; never outside its module's folder.

    The file is named after the test's class and method, so each must be a
    Python identifier (no ``/``, ``.`` or NUL can reach the file system), and
    the whole name must fit the file system's limit.
    """
    check_name(name)
    for kind, value in (
        ("the test class's name", type(test).__name__),
        ("the test method's name", test._testMethodName),
    ):
        if not (isinstance(value, str) and value.isidentifier()):
            raise DjustTestingError(
                f"snapshot files are named after the test class and method, and {kind} "
                f"{value!r} cannot be part of a file name: use a Python identifier"
            )
    _refuse_twin_classes(type(test))
    return place(
        module_directory(type(test).__module__),
        f"{file_prefix(test)}{name}{suffix}",
        name,
        "the snapshot name, the test method's name or the class's name",
    )


def place(directory: Path, file_name: str, name: str, shorten: str) -> Path:
    """``directory / file_name``, once sure the name fits the file system and stays inside."""
    size, limit = len(file_name.encode("utf-8")), _name_limit(directory)
    if size > limit:
        raise DjustTestingError(
            f"the snapshot file name {file_name!r} is {size} bytes, and the file system allows "
            f"{limit}: shorten {shorten}"
        )
    path = directory / file_name
    if path.parent.resolve() != directory.resolve():  # cannot happen with checked names
        raise DjustTestingError(
            f"snapshot {name!r} would be stored outside {display_path(directory)}"
        )
    return path


def _refuse_twin_classes(test_class: type[unittest.TestCase]) -> None:
    """Two test classes of one module with one ``__name__`` would share snapshot files."""
    module = sys.modules.get(test_class.__module__)
    if module is None:
        return
    twins = sorted(
        attribute
        for attribute, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, unittest.TestCase)
        and value.__name__ == test_class.__name__
        and value.__module__ == test_class.__module__
        and value is not test_class
    )
    if twins:
        own = [attribute for attribute, value in vars(module).items() if value is test_class]
        bound = ", ".join(sorted(own + twins))
        raise DjustTestingError(
            f"two test classes in {test_class.__module__} are named {test_class.__name__} "
            f"({bound}); their snapshot files would share names "
            f"({test_class.__name__}.<test>.<snapshot>.html), and one would overwrite the "
            "other's. Give each class its own __name__."
        )


def _name_limit(directory: Path) -> int:
    """The longest file name, in bytes, the file system under ``directory`` allows."""
    existing = next((p for p in (directory, *directory.parents) if p.exists()), None)
    try:
        return int(os.pathconf(existing or "/", "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):  # AttributeError: no pathconf (Windows)
        return 255


def file_prefix(test: unittest.TestCase) -> str:
    """How the names of ``test``'s snapshot files begin, which also tells their owner."""
    return f"{type(test).__name__}.{test._testMethodName}."


def is_snapshot_file(path: Path) -> bool:
    # Dot files include the temporary files of writes in progress.
    return path.is_file() and path.suffix in SUFFIXES and not path.name.startswith(".")


@dataclass(frozen=True)
class SnapshotName:
    """What a snapshot file's name says: ``<Class>.<method>.<name><suffix>``."""

    class_name: str
    method: str
    name: str
    suffix: str

    @property
    def prefix(self) -> str:
        return f"{self.class_name}.{self.method}."


def parse_file_name(file_name: str, method_prefix: str = "test") -> SnapshotName | None:
    """The parts of a snapshot file's name, or None when it cannot be one.

    The class and method are identifiers, the method starts with
    ``method_prefix`` (the loader's ``testMethodPrefix``), the name is a
    valid snapshot name, and the suffix one of ``SUFFIXES``.
    """
    suffix = next((s for s in SUFFIXES if file_name.endswith(s)), None)
    if suffix is None:
        return None
    class_name, _, rest = file_name[: -len(suffix)].partition(".")
    method, _, name = rest.partition(".")
    if not (
        class_name.isidentifier()
        and method.isidentifier()
        and method.startswith(method_prefix)
        and NAME.fullmatch(name)
    ):
        return None
    return SnapshotName(class_name, method, name, suffix)


@dataclass(frozen=True)
class Undecodable:
    """A stored snapshot that is not UTF-8: its first bad byte, and where it is."""

    byte: int
    offset: int


def read_snapshot(path: Path) -> str | Undecodable | None:
    """The stored text, without the final newline the file ends with; None if missing.

    A file that is not UTF-8 comes back as ``Undecodable``, which update
    mode can rewrite; a path that cannot be read raises ``DjustTestingError``
    naming the snapshot.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DjustTestingError(
            f"Snapshot {display_path(path)} cannot be read: it is a directory, not a file. "
            "Remove or rename it."
        ) from None
    except NotADirectoryError:
        raise DjustTestingError(
            f"Snapshot {display_path(path)} cannot be stored: {_not_a_folder(path)} exists "
            "and is not a directory."
        ) from None
    except OSError as exc:
        raise DjustTestingError(
            f"Snapshot {display_path(path)} cannot be read: {_reason(exc, path)}"
        ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Undecodable(data[exc.start], exc.start)
    text = text.replace("\r\n", "\n")
    return text[:-1] if text.endswith("\n") else text


def write_snapshot(path: Path, text: str) -> None:
    """Store ``text`` at ``path`` atomically.

    The text goes to a temporary file in the same directory, which then
    replaces ``path`` in one rename: a reader, or another worker writing the
    same snapshot, sees the old file or a complete new one, never part of one.
    A failure raises ``DjustTestingError`` naming the snapshot (not the
    temporary file).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=".djust-snapshot-", suffix=".tmp"
        )
    except OSError as exc:
        raise _write_error(path, exc) from exc
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write((text + "\n").encode("utf-8"))
        # mkstemp makes the file private; a snapshot is a shared source file.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from exc
        raise


def _write_error(path: Path, error: OSError) -> DjustTestingError:
    return DjustTestingError(
        f"Snapshot {display_path(path)} could not be written: {_reason(error, path)}"
    )


def _reason(error: OSError, path: Path) -> str:
    if isinstance(error, PermissionError):
        return f"permission denied ({display_path(path.parent)} is not writable)"
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        return f"{_not_a_folder(path)} exists and is not a directory"
    if isinstance(error, IsADirectoryError):
        return "it is a directory, not a file"
    return error.strerror or str(error)


def _not_a_folder(path: Path) -> str:
    """The nearest folder of ``path`` that exists as something else than a directory."""
    for folder in reversed(path.parents):
        if folder.exists() and not folder.is_dir():
            return display_path(folder)
    return display_path(path.parent)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
