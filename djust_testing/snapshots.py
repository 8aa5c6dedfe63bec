"""Snapshot assertions: the page as a readable file beside the test, compared on every run.

A snapshot is stored as one file per assertion,
``__snapshots__/<test module>/<TestClass>.<test_method>.<name>.html`` (``.txt``
for text) next to the test module, so code review shows how a change alters
the page. HTML is normalized before it is compared or stored, so markup that
renders the same matches and the volatile parts of a render never cause a diff.

What a missing or different snapshot does is decided when the assertion runs:

* update mode (``DJUST_TESTING_UPDATE_SNAPSHOTS`` true, or the runner's
  ``--update-snapshots``): missing snapshots are written and different ones
  rewritten;
* in CI (``CI`` set to anything but empty, 0, false, no or off): a missing
  snapshot fails, as a test that writes its own expectation proves nothing;
* otherwise a missing snapshot is written, and the test passes saying so.

A different snapshot fails outside update mode.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import sys
import tempfile
import unittest
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from . import conf, markup
from .client import LiveViewTestClient
from .exceptions import DjustTestingError
from .matching import text_diff

UPDATE_VARIABLE = "DJUST_TESTING_UPDATE_SNAPSHOTS"
#: Set by the runner to a directory where each process logs its assertions' outcomes.
REPORT_VARIABLE = "DJUST_TESTING_SNAPSHOT_REPORT"
DIRECTORY = "__snapshots__"
SUFFIXES = (".html", ".txt")
RUNNER = "djust_testing.runner.LiveViewTestRunner"

Outcome = Literal["matched", "written", "updated", "failed"]

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# How many lines of a snapshot a missing-snapshot failure shows.
_SHOWN_LINES = 40


def update_mode() -> bool:
    """True when ``DJUST_TESTING_UPDATE_SNAPSHOTS`` asks to rewrite snapshots."""
    raw = os.environ.get(UPDATE_VARIABLE, "")
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise DjustTestingError(
        f"{UPDATE_VARIABLE} is {raw!r}; set it to 1, true, yes or on to update snapshots, "
        "or to 0, false, no, off or nothing not to."
    )


def in_ci() -> bool:
    """True when the ``CI`` variable is set to anything but empty, 0, false, no or off.

    CI services set it to ``true`` or ``1``, some to their own name; any of
    those means CI, so a missing snapshot fails rather than being written.
    """
    return os.environ.get("CI", "").strip().lower() not in _FALSE


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


def _report(test_id: str, path: Path, outcome: Outcome) -> None:
    """Log an outcome for the runner's summary; each process appends to its own file."""
    directory = os.environ.get(REPORT_VARIABLE)
    if not directory:
        return
    line = json.dumps({"test": test_id, "path": str(path), "outcome": outcome}) + "\n"
    descriptor = os.open(
        os.path.join(directory, f"{os.getpid()}.jsonl"), os.O_WRONLY | os.O_CREAT | os.O_APPEND
    )
    try:
        os.write(descriptor, line.encode("utf-8"))
    finally:
        os.close(descriptor)


def update_commands(test_id: str) -> list[str]:
    """The commands that rerun ``test_id`` updating its snapshots: env var form, flag form."""
    base = _test_command()
    env_form = shlex.join([f"{UPDATE_VARIABLE}=1", *base, test_id])
    flag_form = shlex.join([*base, "--update-snapshots", test_id])
    return [env_form, flag_form]


def _test_command() -> list[str]:
    """How this test run was started, without its labels: ``python manage.py test`` and options."""
    argv = sys.argv
    program = argv[0] if argv else ""
    name = os.path.basename(program)
    if name == "__main__.py" and os.path.basename(os.path.dirname(program)) == "django":
        base = ["python", "-m", "django", "test"]
    elif name.startswith("django-admin"):
        base = ["django-admin", "test"]
    elif name == "manage.py":
        base = ["python", program, "test"]
    else:
        return ["python", "manage.py", "test"]
    options = argv[1:]
    kept: list[str] = []
    for index, option in enumerate(options):
        if option.startswith(("--settings=", "--pythonpath=")):
            kept.append(option)
        elif option in ("--settings", "--pythonpath") and index + 1 < len(options):
            kept.append(f"{option}={options[index + 1]}")
    return base + kept


def _runner_configured() -> bool:
    from .runner import LiveViewTestRunner  # the runner imports this module

    try:
        runner = import_string(settings.TEST_RUNNER)
    except (ImportError, ImproperlyConfigured):
        return False
    return isinstance(runner, type) and issubclass(runner, LiveViewTestRunner)


def _how_to_update(test_id: str) -> str:
    env_form, flag_form = update_commands(test_id)
    text = f"  {env_form}\n  {flag_form}"
    if not _runner_configured():
        text += f'\n(--update-snapshots needs TEST_RUNNER = "{RUNNER}" in the settings.)'
    return text


def _excerpt(text: str) -> str:
    lines = text.splitlines() or [""]
    shown = "\n".join("  " + line for line in lines[:_SHOWN_LINES])
    if len(lines) > _SHOWN_LINES:
        shown += f"\n  ... ({len(lines) - _SHOWN_LINES} more lines)"
    return shown


class SnapshotTestMixin:
    """Adds ``assert_html_snapshot()`` and ``assert_snapshot()`` to any ``unittest.TestCase``.

    Works with ``LiveViewTestCase``, Django's test cases and plain
    ``unittest.TestCase``.
    """

    _snapshots_seen: dict[Path, str]

    def assert_html_snapshot(
        self,
        name: str,
        html_or_client: str | LiveViewTestClient,
        *,
        normalizers: Sequence[conf.NormalizerSpec] = (),
    ) -> None:
        """The page (a client's ``render()``, or HTML) matches the stored snapshot ``name``.

        The HTML is normalized first (attributes sorted, whitespace
        collapsed, one element per line, csrf tokens and djust's bookkeeping
        dropped), then passed through the ``SNAPSHOT_NORMALIZERS`` setting's
        normalizers and ``normalizers``, in that order.
        """
        if isinstance(html_or_client, LiveViewTestClient):
            html = html_or_client.render()
        elif isinstance(html_or_client, str):
            html = html_or_client
        else:
            raise DjustTestingError(
                "assert_html_snapshot() takes a LiveViewTestClient or an HTML string, got "
                f"{type(html_or_client).__name__}"
            )
        text = markup.normalize(html, volatile=True)
        self._check_snapshot(name, text, ".html", normalizers, "assert_html_snapshot")

    def assert_snapshot(
        self, name: str, text: str, *, normalizers: Sequence[conf.NormalizerSpec] = ()
    ) -> None:
        """``text`` matches the stored snapshot ``name``, after the normalizers."""
        if not isinstance(text, str):
            raise DjustTestingError(
                f"assert_snapshot() takes a str, got {type(text).__name__}; format the value "
                "first, e.g. json.dumps(value, indent=2, sort_keys=True)"
            )
        self._check_snapshot(
            name, text.replace("\r\n", "\n"), ".txt", normalizers, "assert_snapshot"
        )

    def _check_snapshot(
        self,
        name: str,
        text: str,
        suffix: str,
        normalizers: Sequence[conf.NormalizerSpec],
        method: str,
    ) -> None:
        if not isinstance(self, unittest.TestCase):
            raise DjustTestingError("SnapshotTestMixin works only in a unittest.TestCase")
        received = _normalized(text, normalizers, method)
        path = snapshot_path(self, name, suffix)
        test_id = self.id()
        update = update_mode()
        seen = self._seen()
        earlier = seen.get(path)
        if earlier is not None and earlier != received:
            _report(test_id, path, "failed")
            raise self.failureException(
                f"Snapshot {name!r} was asserted earlier in this test with different "
                f"content; a name holds one snapshot per test, so give each its own name.\n"
                f"  snapshot: {display_path(path)}\n"
                + text_diff(earlier, received, "earlier", "now")
            )
        stored = read_snapshot(path)
        if stored == received:
            outcome: Outcome = "matched"
        elif stored is None and not update and in_ci():
            _report(test_id, path, "failed")
            raise self.failureException(
                f"Snapshot {name!r} does not exist: {display_path(path)}\n"
                f"CI is set (CI={os.environ.get('CI', '')!r}), so a missing snapshot fails "
                "instead of being written. Create it by running the test where CI is not set, "
                "then commit the file:\n"
                f"  {shlex.join([*_test_command(), test_id])}\n"
                "or write it even here with either command:\n"
                + _how_to_update(test_id)
                + "\nReceived:\n"
                + _excerpt(received)
            )
        elif stored is not None and not update:
            _report(test_id, path, "failed")
            raise self.failureException(
                f"Snapshot {name!r} does not match the stored one.\n"
                f"  snapshot: {display_path(path)}\n"
                + text_diff(stored, received, "stored", "received")
                + "\nIf the change is intended, update the snapshot with either command:\n"
                + _how_to_update(test_id)
            )
        else:
            write_snapshot(path, received)
            outcome = "written" if stored is None else "updated"
            verb = "wrote new" if stored is None else "updated"
            sys.stderr.write(f"djust_testing: {verb} snapshot {display_path(path)}\n")
        seen[path] = received
        _report(test_id, path, outcome)

    def _seen(self) -> dict[Path, str]:
        """What each snapshot of this test held when it last passed, reset after the test."""
        if not hasattr(self, "_snapshots_seen"):
            self._snapshots_seen = {}
            self.addCleanup(self._forget_snapshots)  # type: ignore[attr-defined]
        return self._snapshots_seen

    def _forget_snapshots(self) -> None:
        del self._snapshots_seen


def _normalized(text: str, normalizers: Sequence[conf.NormalizerSpec], method: str) -> str:
    applied = conf.snapshot_normalizers() + conf.validate_normalizers(
        normalizers, source=f"{method}(normalizers=...)"
    )
    for normalizer in applied:
        result = normalizer(text)
        if not isinstance(result, str):
            raise DjustTestingError(
                f"snapshot normalizer {normalizer!r} returned {type(result).__name__}, not a str"
            )
        text = result
    return text
