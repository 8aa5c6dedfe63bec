"""Run every benchmark and print its tables; the last line carries the tracked ratios.

python benchmarks/run.py [--rounds N] [--events N] [--suite-rounds N]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")


def machine() -> str:
    import django
    import djust

    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.node()} ({cpu}, {os.cpu_count()} CPUs), Python {platform.python_version()}, "
        f"Django {django.get_version()}, djust {djust.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=9, help="interleaved rounds per event contender"
    )
    parser.add_argument("--events", type=int, default=300, help="events per contender per round")
    parser.add_argument(
        "--suite-rounds", type=int, default=3, help="rounds of the 1,000-test suites (0 skips)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from benchmarks import events, suite

    print(f"Machine: {machine()}\n")
    medians = events.measure(args.rounds, args.events)
    print(f"Per event, Counter view ({args.rounds} rounds of {args.events} events):\n")
    print("\n".join(events.report(medians)))
    if args.suite_rounds:
        print(f"\nWhole suites ({args.suite_rounds} rounds):\n")
        print("\n".join(suite.report(suite.measure(args.suite_rounds))))
    ours = medians["djust_testing"]
    print(
        f"\nsend_event/floor={ours / medians['floor']:.2f} "
        f"send_event/djust.testing={ours / medians['djust.testing']:.2f}"
    )


if __name__ == "__main__":
    main()
