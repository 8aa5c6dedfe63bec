"""Instructions per unit of work, counted by valgrind's cachegrind.

Instruction counts do not move with the load of a shared machine, so they
compare runs that wall-clock times cannot. Each contender runs in a process
of its own under ``valgrind --tool=cachegrind``, twice: once taking ``n``
units of work and once taking none, after the same set-up and warm-up. The
difference, divided by ``n``, is the cost of one unit; start-up, set-up and
warm-up cancel out. Both processes run with a fixed ``PYTHONHASHSEED``,
freeze the objects the set-up left (``gc.freeze()``) so the collector's
passes over them do not depend on ``n``, and leave by ``os._exit`` before
the interpreter's teardown.

Cachegrind also simulates the instruction cache: the L1 instruction misses
per unit show when a path costs more than its instruction count says (a
large code footprint).

python -m benchmarks.instructions probe KEY N WARMUP   (what each process runs)
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HASH_SEED = "0"
_COUNTS = {
    "ir": re.compile(r"I\s+refs:\s+([\d,]+)"),
    "i1": re.compile(r"I1\s+misses:\s+([\d,]+)"),
}


@dataclass(frozen=True)
class Count:
    """Instructions and L1 instruction-cache misses, per unit of work."""

    ir: float
    i1_misses: float


def valgrind_version() -> str | None:
    binary = shutil.which("valgrind")
    if binary is None:
        return None
    done = subprocess.run([binary, "--version"], capture_output=True, text=True)
    return done.stdout.strip() or None


def _run_probe(key: str, n: int, warmup: int) -> dict[str, int]:
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=yes",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "benchmarks.instructions",
        "probe",
        key,
        str(n),
        str(warmup),
    ]
    env = {
        **os.environ,
        "PYTHONHASHSEED": HASH_SEED,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
    }
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0 or "probe done" not in done.stdout:
        raise RuntimeError(f"cachegrind probe {key} (n={n}) failed:\n{done.stderr[-3000:]}")
    counts = summary(done.stderr)
    if counts is None or "i1" not in counts:
        raise RuntimeError(f"no cachegrind summary for {key}:\n{done.stderr[-3000:]}")
    return counts


def summary(stderr: str) -> dict[str, int] | None:
    """The instruction count from cachegrind's summary, and its L1 instruction misses if simulated.

    None without an instruction count.
    """
    counts = {}
    for name, pattern in _COUNTS.items():
        found = pattern.search(stderr)
        if found is not None:
            counts[name] = int(found.group(1).replace(",", ""))
    return counts if "ir" in counts else None


def _try_probe(key: str, n: int, warmup: int) -> dict[str, int] | None:
    try:
        return _run_probe(key, n, warmup)
    except RuntimeError as exc:  # one failed contender leaves the others' counts
        print(f"warning: {exc}", file=sys.stderr)
        return None


def measure(units: dict[str, int], warmup: int, jobs: int) -> dict[str, Count]:
    """Instructions per unit for each contender key: a run of n units minus a run of none.

    A contender whose probe fails is left out, with a warning.
    """
    runs = [(key, n) for key in units for n in (units[key], 0)]
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        results = dict(
            zip(runs, pool.map(lambda run: _try_probe(run[0], run[1], warmup), runs), strict=True)
        )
    counts = {}
    for key, n in units.items():
        full, empty = results[(key, n)], results[(key, 0)]
        if full is None or empty is None:
            continue
        counts[key] = Count(
            ir=(full["ir"] - empty["ir"]) / n, i1_misses=(full["i1"] - empty["i1"]) / n
        )
    return counts


def probe(key: str, n: int, warmup: int) -> None:
    """Set up contender ``key``, warm it up, freeze the heap, then take ``n`` units."""
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from .run import all_contenders

    run = all_contenders()[key][1]()
    run(warmup)
    gc.collect()
    gc.freeze()
    run(n)
    print("probe done", flush=True)
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "probe":
        raise SystemExit(__doc__)
    probe(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
