"""A 1,000-test ``manage.py test`` suite, on djust_testing and on djust.testing.

Each test mounts the Counter view, sends two events and checks the count; the
two suites differ only in the client (``size`` tests each, 1,000 by default).
Each is run serially and with ``--parallel 2``, in interleaved rounds; the
table gives median wall-clock seconds for the whole ``python -m django test``
process.

``count()`` gives the same comparison in instructions, which the load of a
shared machine does not move: each suite runs serially under cachegrind with
``size`` tests and with none; the run with none is the start-up (Django,
djust, the test database), the difference divided by ``size`` is one test,
and the two give the instructions of a 1,000-test process.
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
SIZE = 1000
CLASSES = 10

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


def write_suite(directory: Path, name: str, size: int) -> str:
    module, imports, mount = SUITES[name]
    module += f"_{size}"
    lines = [imports, "from tests.views.basics import CounterView\n"]
    classes = min(CLASSES, size)
    if not classes:
        lines.append("\n\nclass Suite0(Base):\n    pass\n")
    for number in range(classes):
        lines.append(f"\n\nclass Suite{number}(Base):\n")
        for method in range(size // classes + (number < size % classes)):
            lines.append(
                f"    def test_{method}(self):\n{mount}"
                '        live.send_event("increment")\n'
                '        live.send_event("increment")\n'
                "        live.assert_state(count=2)\n"
            )
    (directory / f"{module}.py").write_text("".join(lines))
    return module


def _run(
    directory: Path, module: str, parallel: int, size: int, prefix: list[str], seed: str | None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "django", "test", module, "--settings=benchmarks.settings"]
    command += ["--parallel", str(parallel)] if parallel > 1 else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(directory), str(ROOT)])}
    if seed is not None:
        env["PYTHONHASHSEED"] = seed
    done = subprocess.run(prefix + command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0 or f"Ran {size} test{'s' if size != 1 else ''} " not in done.stderr:
        raise RuntimeError(f"{module} (parallel {parallel}) failed:\n{done.stderr[-3000:]}")
    return done


def run_suite(directory: Path, module: str, parallel: int, size: int) -> float:
    started = time.perf_counter()
    _run(directory, module, parallel, size, [], None)
    return time.perf_counter() - started


def measure(rounds: int, size: int = SIZE) -> dict[tuple[str, int], float]:
    """Median seconds per (client, parallel) for the whole test process, rounds interleaved."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        modules = {name: write_suite(directory, name, size) for name in SUITES}
        samples: dict[tuple[str, int], list[float]] = {}
        for _ in range(rounds):
            for parallel in (1, 2):
                for name, module in modules.items():
                    samples.setdefault((name, parallel), []).append(
                        run_suite(directory, module, parallel, size)
                    )
    return {key: statistics.median(values) for key, values in samples.items()}


def report(medians: dict[tuple[str, int], float], size: int = SIZE) -> list[str]:
    lines = [
        f"| {size:,} tests through manage.py test | serial (s) | --parallel 2 (s) |",
        "|---|---:|---:|",
    ]
    for name in SUITES:
        lines.append(f"| {name} | {medians[(name, 1)]:.2f} | {medians[(name, 2)]:.2f} |")
    ratio_serial = medians[("djust_testing", 1)] / medians[("djust.testing", 1)]
    ratio_parallel = medians[("djust_testing", 2)] / medians[("djust.testing", 2)]
    lines.append(f"| djust_testing / djust.testing | {ratio_serial:.2f} | {ratio_parallel:.2f} |")
    return lines


def count(warm: int, size: int, jobs: int) -> dict[str, tuple[float, float]]:
    """Per client: (start-up instructions, instructions per test), serial, under cachegrind.

    A run of ``warm`` tests and one of ``size``: the difference over
    ``size - warm`` is one test, past what the first tests pay once (imports,
    template compilation); the ``warm`` run less its tests is the start-up.
    """
    from concurrent.futures import ThreadPoolExecutor

    from .instructions import HASH_SEED, summary

    valgrind = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        runs = [(name, n) for name in SUITES for n in (size, warm)]
        modules = {run: write_suite(directory, *run) for run in runs}

        def instructions(run: tuple[str, int]) -> int:
            done = _run(directory, modules[run], 1, run[1], valgrind, HASH_SEED)
            found = summary(done.stderr)
            if found is None:
                raise RuntimeError(f"no cachegrind summary for {run}:\n{done.stderr[-3000:]}")
            return found["ir"]

        with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
            counts = dict(zip(runs, pool.map(instructions, runs), strict=True))
    result = {}
    for name in SUITES:
        per_test = (counts[(name, size)] - counts[(name, warm)]) / (size - warm)
        result[name] = (counts[(name, warm)] - warm * per_test, per_test)
    return result


def count_report(counts: dict[str, tuple[float, float]], size: int = SIZE) -> list[str]:
    lines = [
        f"| suite, instructions | start-up (MIr) | per test (kIr) | {size:,} tests (MIr) |",
        "|---|---:|---:|---:|",
    ]
    totals = {}
    for name, (startup, per_test) in counts.items():
        totals[name] = startup + size * per_test
        lines.append(
            f"| {name} | {startup / 1e6:,.0f} | {per_test / 1e3:,.0f} | {totals[name] / 1e6:,.0f} |"
        )
    startup_ratio = counts["djust_testing"][0] / counts["djust.testing"][0]
    test_ratio = counts["djust_testing"][1] / counts["djust.testing"][1]
    total_ratio = totals["djust_testing"] / totals["djust.testing"]
    lines.append(
        f"| djust_testing / djust.testing | {startup_ratio:.2f} | {test_ratio:.2f} "
        f"| {total_ratio:.2f} |"
    )
    return lines
