"""Warnings that point at the test's own line, not at djust_testing's."""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

_PACKAGE = str(Path(__file__).resolve().parent)


def warn_at_test(message: str, category: type[Warning]) -> None:
    """Warn with the location of the first caller outside djust_testing."""
    level = 2
    frame = inspect.currentframe()
    frame = frame.f_back if frame is not None else None
    while frame is not None and str(Path(frame.f_code.co_filename).resolve()).startswith(_PACKAGE):
        level += 1
        frame = frame.f_back
    warnings.warn(message, category, stacklevel=level)
