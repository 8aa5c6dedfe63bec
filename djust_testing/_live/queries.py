"""The database queries an action runs, recorded as Django runs them.

Every query Django's cursors execute passes through the wrappers installed
with ``connection.execute_wrapper()`` (the hook Django documents for
instrumenting queries), on every configured database. Handlers, renders and
background work run on the test's own thread and connections (see
``loop``), so what an action does to the database is recorded here, and
only that.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections


@dataclass(frozen=True)
class RecordedQuery:
    """One query an action ran: its SQL as the database got it, and where it went."""

    #: The SQL with its parameters filled in, as the database backend reports it
    #: (``connection.ops.last_executed_query``), e.g. ``SELECT ... WHERE "id" = 3``.
    sql: str
    #: The SQL as Django wrote it, with placeholders: equal for the same query
    #: run with other parameters, which is how an N+1 shows.
    template: str
    #: The database alias the query ran on.
    using: str
    #: How many parameter sets it ran with: 1, or more for an ``executemany``.
    times: int = 1

    def __str__(self) -> str:
        return self.sql if self.times == 1 else f"{self.sql} ({self.times} times)"


@contextlib.contextmanager
def recording() -> Iterator[list[RecordedQuery]]:
    """Record every query run on any database meanwhile, in order, in the list yielded."""
    recorded: list[RecordedQuery] = []
    with contextlib.ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(_Recorder(alias, recorded)))
        yield recorded


class _Recorder:
    """An execute wrapper that appends what it ran to a list."""

    def __init__(self, alias: str, recorded: list[RecordedQuery]) -> None:
        self.alias = alias
        self.recorded = recorded

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        try:
            return execute(sql, params, many, context)
        finally:
            self.recorded.append(_recorded(self.alias, sql, params, many, context))


def _recorded(
    alias: str, sql: str, params: Any, many: bool, context: dict[str, Any]
) -> RecordedQuery:
    times = len(params) if many and isinstance(params, Sequence) else 1
    shown = sql
    if not many:
        connection = context.get("connection")
        cursor = context.get("cursor")
        try:
            shown = str(connection.ops.last_executed_query(cursor, sql, params))  # type: ignore[union-attr]
        except Exception:  # a backend that cannot say: the SQL as written will do
            shown = sql
    return RecordedQuery(sql=shown, template=str(sql), using=alias, times=times)
