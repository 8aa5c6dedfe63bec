"""A 1,000-test ``manage.py test`` suite, on djust_testing and on djust.testing.

Each test mounts the Counter view, sends two events and checks the count; the
two suites differ only in the client. Each is run serially and with
``--parallel 2``, in interleaved rounds; the table gives median wall-clock
seconds for the whole ``python -m django test`` process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASSES, METHODS = 10, 100

# client -> (module name, imports, how a test mounts the view)
SUITES = {
    "djust_testing": (
        "bench_djust_testing_suite",
        "from djust_testing import LiveViewTestCase as Base\n",
        "        live = self.live(CounterView)\n",
    ),
    "djust.testing": (
        "bench_djust_builtin_suite",
        "from django.test import TestCase as Base\nfrom djust.testing import LiveViewTestClient\n",
        "        live = LiveViewTestClient(CounterView).mount()\n",
    ),
}


def write_suite(directory: Path, name: str) -> str:
    module, imports, mount = SUITES[name]
    lines = [imports, "from tests.views.basics import CounterView\n"]
    for number in range(CLASSES):
        lines.append(f"\n\nclass Suite{number}(Base):\n")
        for method in range(METHODS):
            lines.append(
                f"    def test_{method}(self):\n{mount}"
                '        live.send_event("increment")\n'
                '        live.send_event("increment")\n'
                "        live.assert_state(count=2)\n"
            )
    (directory / f"{module}.py").write_text("".join(lines))
    return module


def run_suite(directory: Path, module: str, parallel: int) -> float:
    command = [sys.executable, "-m", "django", "test", module, "--settings=benchmarks.settings"]
    command += ["--parallel", str(parallel)] if parallel > 1 else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(directory), str(ROOT)])}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or f"Ran {CLASSES * METHODS} tests" not in done.stderr:
        raise RuntimeError(f"{module} (parallel {parallel}) failed:\n{done.stderr[-3000:]}")
    return elapsed


def measure(rounds: int) -> dict[tuple[str, int], float]:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        modules = {name: write_suite(directory, name) for name in SUITES}
        samples: dict[tuple[str, int], list[float]] = {}
        for _ in range(rounds):
            for parallel in (1, 2):
                for name, module in modules.items():
                    samples.setdefault((name, parallel), []).append(
                        run_suite(directory, module, parallel)
                    )
    return {key: statistics.median(values) for key, values in samples.items()}


def report(medians: dict[tuple[str, int], float]) -> list[str]:
    lines = [
        f"| {CLASSES * METHODS} tests through manage.py test | serial (s) | --parallel 2 (s) |",
        "|---|---:|---:|",
    ]
    for name in SUITES:
        lines.append(f"| {name} | {medians[(name, 1)]:.2f} | {medians[(name, 2)]:.2f} |")
    ratio_serial = medians[("djust_testing", 1)] / medians[("djust.testing", 1)]
    ratio_parallel = medians[("djust_testing", 2)] / medians[("djust.testing", 2)]
    lines.append(f"| djust_testing / djust.testing | {ratio_serial:.2f} | {ratio_parallel:.2f} |")
    return lines
