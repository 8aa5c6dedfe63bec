"""The snapshot assertions themselves, shared by the unittest mixin and the pytest fixture.

``SnapshotAssertions`` holds ``assert_html_snapshot()`` and
``assert_snapshot()``: it normalizes, compares with the stored file, writes
or fails as ``modes`` decides, logs the outcome for the report, and says in
a failure how to rerun the test (``commands``). Where the files go and how
they are named, its subclass says (``_snapshot_path``): by test class and
method for ``SnapshotTestMixin``, by node id for pytest's ``snapshot``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .. import conf
from .._browser import markup
from .._diff import text_diff
from ..client import LiveViewTestClient
from ..exceptions import DjustTestingError
from .commands import run_command, update_commands, update_flag_note
from .files import Undecodable, display_path, read_snapshot, write_snapshot
from .modes import in_ci, update_mode
from .report import Outcome, record_outcome
from .runner import LiveViewTestRunner

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True

# How many lines of a snapshot a missing-snapshot failure shows.
_SHOWN_LINES = 40


def _runner_configured() -> bool:
    try:
        runner = import_string(settings.TEST_RUNNER)
    except (ImportError, ImproperlyConfigured):
        return False
    return isinstance(runner, type) and issubclass(runner, LiveViewTestRunner)


def _how_to_update(test_id: str) -> str:
    env_form, flag_form = update_commands(test_id)
    text = f"  {env_form}\n  {flag_form}"
    note = update_flag_note(_runner_configured())
    if note:
        text += "\n" + note
    return text


def _excerpt(text: str) -> str:
    lines = text.splitlines() or [""]
    shown = "\n".join("  " + line for line in lines[:_SHOWN_LINES])
    if len(lines) > _SHOWN_LINES:
        shown += f"\n  ... ({len(lines) - _SHOWN_LINES} more lines)"
    return shown


class SnapshotAssertions:
    """``assert_html_snapshot()`` and ``assert_snapshot()``, for any test that names its files."""

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

    # What a subclass provides.

    def _snapshot_path(self, name: str, suffix: str) -> Path:
        """The file of the snapshot ``name``; raises ``DjustTestingError`` if it cannot be one."""
        raise NotImplementedError

    def _snapshot_test_id(self) -> str:
        """The test, as the outcome log and the rerun commands name it."""
        raise NotImplementedError

    def _seen(self) -> dict[Path, str]:
        """What each snapshot of this test held when it last passed, forgotten after the test."""
        raise NotImplementedError

    # The comparison.

    def _check_snapshot(
        self,
        name: str,
        text: str,
        suffix: str,
        normalizers: Sequence[conf.NormalizerSpec],
        method: str,
    ) -> None:
        path = self._snapshot_path(name, suffix)
        received = _normalized(text, normalizers, method)
        test_id = self._snapshot_test_id()
        # A unittest.TestCase's own, else what pytest and plain asserts raise.
        failure: type[BaseException] = getattr(self, "failureException", AssertionError)
        update = update_mode()
        seen = self._seen()
        earlier = seen.get(path)
        if earlier is not None and earlier != received:
            record_outcome(test_id, path, "failed")
            raise failure(
                f"Snapshot {name!r} was asserted earlier in this test with different "
                f"content; a name holds one snapshot per test, so give each its own name.\n"
                f"  snapshot: {display_path(path)}\n"
                + text_diff(earlier, received, "earlier", "now")
            )
        stored = read_snapshot(path)
        if isinstance(stored, Undecodable) and not update:
            record_outcome(test_id, path, "failed")
            raise failure(
                f"Snapshot {name!r} is not valid UTF-8 (byte 0x{stored.byte:02x} at offset "
                f"{stored.offset}): {display_path(path)}\n"
                "Snapshots are UTF-8 text; if the change is intended, rewrite it with either "
                "command:\n" + _how_to_update(test_id)
            )
        if stored == received:
            outcome: Outcome = "matched"
        elif stored is None and not update and in_ci():
            record_outcome(test_id, path, "failed")
            raise failure(
                f"Snapshot {name!r} does not exist: {display_path(path)}\n"
                f"CI is set (CI={os.environ.get('CI', '')!r}), so a missing snapshot fails "
                "instead of being written. Create it by running the test where CI is not set, "
                "then commit the file:\n"
                f"  {run_command(test_id)}\n"
                "or write it even here with either command:\n"
                + _how_to_update(test_id)
                + "\nReceived:\n"
                + _excerpt(received)
            )
        elif isinstance(stored, str) and not update:
            record_outcome(test_id, path, "failed")
            raise failure(
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
        record_outcome(test_id, path, outcome)


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
