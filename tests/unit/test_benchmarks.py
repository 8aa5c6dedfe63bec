"""The benchmarks (benchmarks/) still run: one tiny run of each part, no figures checked.

The benchmark itself is not part of the suite; ``python benchmarks/run.py`` runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase, tag

ROOT = Path(__file__).resolve().parents[2]
LAST_LINE = re.compile(
    r"send_event/floor=\S+ send_event/djust\.testing=\S+ send_event/production_path=\S+ "
    r"suite/djust\.testing=\S+ suite_parallel/djust\.testing=\S+"
)


def run(*command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True
    )


class BenchmarkSmokeTests(SimpleTestCase):
    @tag("slow")  # a few whole test processes: about a minute
    def test_a_tiny_run_prints_every_table_and_the_tracked_line(self) -> None:
        done = run(
            "benchmarks/run.py",
            *("--rounds", "1", "--events", "2", "--mounts", "1"),
            *("--suite-rounds", "1", "--suite-size", "1", "--no-instructions"),
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = done.stdout.strip().splitlines()
        for title in ("## Per event", "### Where one `send_event` goes", "## Per mount"):
            self.assertTrue(any(line.startswith(title) for line in lines), title)
        self.assertIn("## Whole suites", lines)
        self.assertRegex(lines[-1], LAST_LINE)
        self.assertNotIn("n/a", lines[-1])

    def test_the_cachegrind_probe_runs_a_contender(self) -> None:
        done = run("-m", "benchmarks.instructions", "probe", "djust_testing", "1", "1")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("probe done", done.stdout)

    def test_reads_cachegrind_summary(self) -> None:
        from benchmarks.instructions import summary

        stderr = "==1== I   refs:      1,782,533,953\n==1== I1  misses:       20,803,190\n"
        self.assertEqual(summary(stderr), {"ir": 1782533953, "i1": 20803190})
        self.assertEqual(summary("==1== I   refs:      1,000\n"), {"ir": 1000})
        self.assertIsNone(summary("valgrind: no summary"))
