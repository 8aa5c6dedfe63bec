"""Running one list of steps on both sides and comparing them step by step.

Both sides use one database, so they take turns: production first, inside a
savepoint that is rolled back afterwards, then djust_testing's client on the
database as it was (SQLite rolls its AUTOINCREMENT counters back too, so rows
get the same ids on both sides). The Django test client's cookies are put
back as well, so both sides start as the same user with the same session.
Then the observations of each step are compared.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from . import node
from .compare import Difference, apply_to_run, compare
from .fuzz import Sequence
from .observe import Observation
from .production import Production
from .steps import Async, ClientSide, Follow, Step

#: Rate limits the harness cannot trip (see compare.DELIBERATE_SETTINGS).
UNLIMITED = {"rate": 1_000_000, "burst": 1_000_000, "max_warnings": 1_000_000}
#: Differences after which later steps no longer start from the same place.
DIVERGING = frozenset({"the view's public state", "the page (dj-root DOM)", "how the step ended"})


@dataclass
class Run:
    name: str
    steps: list[Step]
    production: list[Observation]
    client: list[Observation]
    differences: list[Difference] = field(default_factory=list)
    #: (step first reported, aspect) -> later steps with the very same difference.
    repeated: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    #: The first step after which the two sides no longer hold the same view state or page.
    diverged_at: int | None = None
    #: Differences after that step, named only (they follow from the first).
    later: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def report(self) -> str:
        lines = [f"{self.name}: production and djust_testing disagree"]
        lines += ["", "steps:"] + [
            f"  {number}. {step.describe()}" for number, step in enumerate(self.steps, 1)
        ]
        for difference in self.differences:
            lines += ["", difference.render()]
        if self.repeated:
            lines += ["", "the same difference again:"]
            for (first, aspect), steps in self.repeated.items():
                lines.append(f"  {aspect}, as in step {first}: steps {_ranges(steps)}")
        if self.later:
            lines += [
                "",
                f"after step {self.diverged_at} the sides no longer hold the same state or page; "
                "later differences, not shown:",
            ] + [f"  {line}" for line in self.later]
        return "\n".join(lines)


def fresh_djust_state() -> None:
    """Forget what djust keeps in the process between requests, so no side inherits it.

    The state backend holds the RustLiveView each HTTP render and WebSocket
    mount cached under the Django session key and path
    (mixins/rust_bridge.py: _initialize_rust_view): left in place, the
    client's mount would pick up production's VDOM baseline. @rate_limit keeps
    its buckets per caller in the process (rate_limit.py).
    """
    from djust.rate_limit import reset_handler_buckets
    from djust.state_backends import get_backend

    get_backend().delete_all()
    reset_handler_buckets()


def _application() -> Any:
    from example.asgi import application

    return application


def run(
    test: Any,
    name: str,
    steps: list[Step],
    *,
    sequence: Sequence | None = None,
    auto_steps: bool = False,
    tamper: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    production_hook: Callable[[int, Production], Any] | None = None,
) -> Run:
    """Run ``steps`` in production, then on the client; compare after every step.

    After ``steps``, ``sequence`` (if any) supplies more, for the view then on
    the page. ``auto_steps`` adds an ``Async`` step wherever production ran
    background work, and a ``Follow`` step wherever the page left for another
    URL (for generated sequences, which cannot know in advance). ``tamper``
    and ``production_hook`` exist for the self-tests: the first changes
    frames on their way to the page, the second runs after each production
    step.
    """
    started = time.perf_counter()
    browser = node.browser(str(settings.TIME_ZONE))
    cookies = copy.deepcopy(test.client.cookies)
    live_config = {**getattr(settings, "LIVEVIEW_CONFIG", {}), "rate_limit": UNLIMITED}

    async def in_production() -> tuple[list[Step], list[Observation]]:
        production = Production(test, browser, _application())
        production.tamper = tamper
        taken: list[Step] = []
        observed: list[Observation] = []
        try:
            queue = list(steps)
            while queue:
                step = queue.pop(0)
                taken.append(step)
                observed.append(await step.production(production))
                if production_hook is not None:
                    production_hook(len(taken), production)
                if auto_steps and production.pending_navigation and not _starts(queue, Follow):
                    queue.insert(0, Follow("the browser goes where djust sent it"))
                if auto_steps and production.has_background_frames and not _starts(queue, Async):
                    queue.insert(0, Async("background work finishes"))
                if not queue and sequence is not None:
                    following = sequence.next(
                        production.view_class, (production.page or {}).get("html")
                    )
                    if following is not None:
                        queue.append(following)
        finally:
            await production.close()
        return taken, observed

    fresh_djust_state()
    with override_settings(LIVEVIEW_CONFIG=live_config), transaction.atomic():
        try:
            taken, production_observed = async_to_sync(in_production)()
        finally:
            transaction.set_rollback(True)
    test.client.cookies = cookies
    fresh_djust_state()

    client = ClientSide(test)
    client_observed = [step.client(client) for step in taken]

    result = Run(name, taken, production_observed, client_observed)
    production_compared = [obs.copy() for obs in production_observed]
    client_compared = [obs.copy() for obs in client_observed]
    apply_to_run(production_compared, client_compared)
    seen: dict[tuple[str, str, str], int] = {}
    for number, (want, got) in enumerate(zip(production_compared, client_compared, strict=True), 1):
        for difference in compare(number, want, got):
            key = (difference.aspect, difference.production, difference.client)
            if key in seen:
                result.repeated.setdefault((seen[key], difference.aspect), []).append(number)
                continue
            seen[key] = number
            if result.diverged_at is not None and number > result.diverged_at:
                result.later.append(f"step {number} ({difference.label}): {difference.aspect}")
                continue
            result.differences.append(difference)
            if difference.aspect in DIVERGING and result.diverged_at is None:
                result.diverged_at = number
    result.seconds = time.perf_counter() - started
    return result


def _starts(queue: list[Step], kind: type) -> bool:
    return bool(queue) and isinstance(queue[0], kind)


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] -> "2-4, 7"."""
    spans: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        spans.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(spans)
