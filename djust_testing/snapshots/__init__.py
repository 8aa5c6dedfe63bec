"""Snapshots: the assertions (``check``, the unittest mixin in ``assertion``), files (``files``),
modes (``modes``), rerun commands (``commands``), the report and the runner (``report``,
``runner``)."""

from __future__ import annotations

from .assertion import SnapshotTestMixin
from .commands import update_commands
from .files import (
    DIRECTORY,
    SUFFIXES,
    display_path,
    file_prefix,
    module_directory,
    read_snapshot,
    snapshot_path,
    write_snapshot,
)
from .modes import UPDATE_VARIABLE, in_ci, update_mode
from .report import REPORT_VARIABLE, Outcome

__all__ = [
    "DIRECTORY",
    "REPORT_VARIABLE",
    "SUFFIXES",
    "UPDATE_VARIABLE",
    "Outcome",
    "SnapshotTestMixin",
    "display_path",
    "file_prefix",
    "in_ci",
    "module_directory",
    "read_snapshot",
    "snapshot_path",
    "update_commands",
    "update_mode",
    "write_snapshot",
]
