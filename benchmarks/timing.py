"""Wall-clock cost per unit of work, in interleaved rounds, as medians.

Each round runs every contender once for ``n`` units and once for none, and
takes the difference, so what a contender pays once per call (a connection,
a settings override) drops out, as it does from the instruction counts.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

from .events import Run, timed


def measure(
    makers: dict[str, Callable[[], Run]], units: dict[str, int], rounds: int
) -> dict[str, float]:
    """Median microseconds per unit for each contender, rounds interleaved."""
    runners = {key: make() for key, make in makers.items()}
    for key, run in runners.items():  # warm up
        run(max(units[key] // 5, 10))
    samples: dict[str, list[float]] = {key: [] for key in runners}
    for _ in range(rounds):
        for key, run in runners.items():
            n = units[key]
            elapsed = timed(run, n) - timed(run, 0)
            samples[key].append(elapsed / n * 1e6)
    return {key: statistics.median(values) for key, values in samples.items()}
