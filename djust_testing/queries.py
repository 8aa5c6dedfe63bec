"""``max_queries``: a query budget for a whole test, or for a block of one."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from ._assertions.queries import check_budget, over_budget
from ._live import queries

__unittest = True
__tracebackhide__ = True

F = TypeVar("F", bound=Callable[..., Any])


class max_queries:
    """Fail when the decorated test (or the ``with`` block) runs more than ``budget`` queries.

    Every query on every database counts, whoever runs it: the live
    clients' mounts and events, and the test's own ORM calls (``setUp`` and
    ``setUpTestData`` are outside a decorated test method). The failure
    lists the queries in order and points out a query repeated with other
    parameters, the shape of an N+1::

        @max_queries(10)
        def test_the_catalog_page(self):
            live = self.live("/catalog/")
            live.element("a", text="Next").click()

        with max_queries(3):
            live.send_event("load_more")

    ``LiveViewTestClient.assert_max_queries()`` checks one action instead.
    """

    def __init__(self, budget: int) -> None:
        self.budget = check_budget("max_queries()", budget)
        self._stack: contextlib.ExitStack | None = None
        self._recorded: list[queries.RecordedQuery] = []
        #: How a failure names what ran the queries.
        self.label = "The block"

    def __call__(self, test: F) -> F:
        if not callable(test):
            raise TypeError(f"max_queries({self.budget}) decorates a test function, got {test!r}")
        budget = self.budget
        what = f"The test {getattr(test, '__name__', test)!r}"

        @functools.wraps(test)
        def budgeted(*args: Any, **kwargs: Any) -> Any:
            limit = max_queries(budget)
            limit.label = what
            with limit:
                return test(*args, **kwargs)

        return budgeted  # type: ignore[return-value]

    def __enter__(self) -> list[queries.RecordedQuery]:
        """Start counting; the list given fills with the queries run meanwhile."""
        if self._stack is not None:
            raise TypeError("a max_queries() block is already open; use a new max_queries()")
        self._stack = contextlib.ExitStack()
        self._recorded = self._stack.enter_context(queries.recording())
        return self._recorded

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        stack, self._stack = self._stack, None
        assert stack is not None
        stack.close()
        if exc_type is None and len(self._recorded) > self.budget:
            raise AssertionError(over_budget(self.label, self._recorded, self.budget))
