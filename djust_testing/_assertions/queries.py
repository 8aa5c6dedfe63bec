"""Query budgets: an action (or a whole test) runs at most so many database queries.

A failure lists every query, and says when one query ran again and again
with other parameters: the shape of an N+1, a query per row of a list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .._live.action import Action
from .._live.queries import RecordedQuery
from ..exceptions import DjustTestingError

__unittest = True
__tracebackhide__ = True

# Listed in full up to this many; longer lists keep their head and tail.
_LISTED = 30
_SQL_LIMIT = 300


def check_budget(name: str, budget: object) -> int:
    """``budget`` as a query count, or the error saying what ``name`` takes."""
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 0:
        raise DjustTestingError(f"{name} takes a number of queries (0 or more), got {budget!r}")
    return budget


def action_label(action: Action) -> str:
    return action.kind + (f" {action.name!r}" if action.name else "")


def assert_max_queries(action: Action, budget: int) -> None:
    """``action`` ran at most ``budget`` queries."""
    check_budget("assert_max_queries()", budget)
    if len(action.queries) > budget:
        raise AssertionError(
            over_budget(f"The last action ({action_label(action)})", action.queries, budget)
        )


def over_budget(what: str, queries: Sequence[RecordedQuery], budget: int) -> str:
    """The message for ``what`` having run ``queries``, more than ``budget``."""
    count = len(queries)
    message = (
        f"{what} ran {count} database {_plural(count, 'query', 'queries')}, more than the "
        f"{budget} allowed."
    )
    repeated = [(template, n) for template, n in _repeats(queries) if n > 1]
    if repeated:
        message += "\nRepeated with other parameters (an N+1: one query per row?):\n" + "\n".join(
            f"  {n} times: {_cut(template)}" for template, n in repeated
        )
    return message + "\nQueries, in order:\n" + _listing(queries)


def _repeats(queries: Sequence[RecordedQuery]) -> list[tuple[str, int]]:
    counts = Counter((query.using, query.template) for query in queries)
    return [(template, n) for (_using, template), n in counts.most_common()]


def _listing(queries: Sequence[RecordedQuery]) -> str:
    aliases = {query.using for query in queries}
    numbered = [
        f"  {number}. {_cut(str(query))}" + (f"  [{query.using}]" if len(aliases) > 1 else "")
        for number, query in enumerate(queries, 1)
    ]
    if len(numbered) > _LISTED:
        half = _LISTED // 2
        numbered = [
            *numbered[:half],
            f"  ... ({len(numbered) - 2 * half} more)",
            *numbered[-half:],
        ]
    return "\n".join(numbered)


def _cut(sql: str) -> str:
    sql = " ".join(sql.split())
    return sql if len(sql) <= _SQL_LIMIT else sql[: _SQL_LIMIT - 1] + "…"


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many
