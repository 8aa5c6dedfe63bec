"""Snapshot assertions: the page as a readable file beside the test, compared on every run.

HTML is normalized before it is compared or stored, so markup that renders
the same matches and the volatile parts of a render never cause a diff.
``modes`` decides what a missing or different snapshot does.
"""

from __future__ import annotations

import os
import shlex
import sys
import unittest
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
from .files import Undecodable, display_path, read_snapshot, snapshot_path, write_snapshot
from .modes import in_ci, test_command, update_commands, update_mode
from .report import Outcome, record_outcome
from .runner import LiveViewTestRunner

# Failed assertions end their tracebacks at the test's line (unittest, pytest).
__unittest = True
__tracebackhide__ = True

RUNNER = "djust_testing.runner.LiveViewTestRunner"
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
            record_outcome(test_id, path, "failed")
            raise self.failureException(
                f"Snapshot {name!r} was asserted earlier in this test with different "
                f"content; a name holds one snapshot per test, so give each its own name.\n"
                f"  snapshot: {display_path(path)}\n"
                + text_diff(earlier, received, "earlier", "now")
            )
        stored = read_snapshot(path)
        if isinstance(stored, Undecodable) and not update:
            record_outcome(test_id, path, "failed")
            raise self.failureException(
                f"Snapshot {name!r} is not valid UTF-8 (byte 0x{stored.byte:02x} at offset "
                f"{stored.offset}): {display_path(path)}\n"
                "Snapshots are UTF-8 text; if the change is intended, rewrite it with either "
                "command:\n" + _how_to_update(test_id)
            )
        if stored == received:
            outcome: Outcome = "matched"
        elif stored is None and not update and in_ci():
            record_outcome(test_id, path, "failed")
            raise self.failureException(
                f"Snapshot {name!r} does not exist: {display_path(path)}\n"
                f"CI is set (CI={os.environ.get('CI', '')!r}), so a missing snapshot fails "
                "instead of being written. Create it by running the test where CI is not set, "
                "then commit the file:\n"
                f"  {shlex.join([*test_command(), test_id])}\n"
                "or write it even here with either command:\n"
                + _how_to_update(test_id)
                + "\nReceived:\n"
                + _excerpt(received)
            )
        elif isinstance(stored, str) and not update:
            record_outcome(test_id, path, "failed")
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
        record_outcome(test_id, path, outcome)

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
