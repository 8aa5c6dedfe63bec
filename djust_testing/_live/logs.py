"""What djust logs while it handles something, read back where its logs are its only word.

djust's consumer reports some outcomes only in its logs: a push handler that
raised (``Error in server_push``), a push handler it refused to call, the
reason an upload was rejected (``djust.uploads``). ``captured`` collects those
records whatever the project's logging configuration, so the test can say
exactly what production did.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


class _Keep(logging.Handler):
    def __init__(self, records: list[logging.LogRecord], level: int) -> None:
        super().__init__(level)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def captured(*names: str, level: int = logging.WARNING) -> Iterator[list[logging.LogRecord]]:
    """The records of ``level`` and above the loggers ``names`` emit meanwhile, in order.

    A logger the project silenced (a higher level, or disabled) is opened for
    the while, and then keeps its records to itself, so nothing the project
    hid reaches its handlers.
    """
    records: list[logging.LogRecord] = []
    keep = _Keep(records, level)
    saved = []
    for name in names:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.disabled, logger.propagate))
        if logger.disabled or logger.getEffectiveLevel() > level:
            logger.disabled = False
            logger.setLevel(level)
            logger.propagate = False
        logger.addHandler(keep)
    try:
        yield records
    finally:
        for logger, old_level, disabled, propagate in saved:
            logger.removeHandler(keep)
            logger.setLevel(old_level)
            logger.disabled = disabled
            logger.propagate = propagate


def text(record: logging.LogRecord) -> str:
    """The record's message, its arguments filled in."""
    return record.getMessage()
