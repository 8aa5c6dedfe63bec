"""Run every benchmark and print its tables; the last line carries the tracked ratios.

python benchmarks/run.py [--rounds N] [--events N] [--mounts N] [--suite-rounds N]
                         [--suite-size N] [--ir-events N] [--ir-mounts N] [--ir-warmup N]
                         [--suite-ir N] [--suite-ir-warm N] [--jobs N]
                         [--no-instructions] [--json PATH]

Every figure comes from this run: wall-clock medians over interleaved rounds,
instruction counts from cachegrind (see instructions.py), suite times from
whole ``manage.py test`` processes. The last line reads
``send_event/floor=A send_event/djust.testing=B send_event/production_path=C
suite/djust.testing=D suite_parallel/djust.testing=E``, wall-clock ratios;
the line before it gives the instruction-count ratios.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

from benchmarks import events, instructions, mounts, suite, timing  # noqa: E402
from benchmarks.events import Run  # noqa: E402

Table = list[str]


def all_contenders() -> dict[str, tuple[str, Callable[[], Run]]]:
    """Every contender and part this checkout can run, by key."""
    return {**events.available(), **events.PARTS, **mounts.CONTENDERS, **mounts.PARTS}


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


def machine(valgrind: str | None) -> str:
    """The machine, the versions and the date, for the line under every table."""
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    versions = ", ".join(
        f"{name} {_version(dist)}"
        for name, dist in (
            ("Django", "django"),
            ("djust", "djust"),
            ("asgiref", "asgiref"),
            ("selectolax", "selectolax"),
            ("djust-testing", "djust-testing"),
        )
    )
    text = (
        f"{date} on {platform.node()} ({_cpu()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}), Python {platform.python_version()}, "
        f"{versions}"
    )
    return text + (f", {valgrind}" if valgrind else "")


def _ratio(value: float | None, base: float | None) -> str:
    return "n/a" if value is None or not base else f"{value / base:.2f}"


def _share(value: float | None, whole: float | None) -> str:
    return "n/a" if value is None or not whole else f"{value / whole:.0%}"


def _k(value: float | None) -> str:
    return "n/a" if value is None else f"{value / 1000:,.0f}"


def _us(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f}"


class Figures:
    """One run's figures by contender key: wall-clock µs and cachegrind counts per unit."""

    def __init__(
        self,
        wall: dict[str, float],
        counts: dict[str, instructions.Count],
        hops: dict[str, int],
        labels: dict[str, str],
    ) -> None:
        self.wall, self.counts, self.hops, self.labels = wall, counts, hops, labels

    def ir(self, key: str) -> float | None:
        count = self.counts.get(key)
        return None if count is None else count.ir

    def i1(self, key: str) -> float | None:
        count = self.counts.get(key)
        return None if count is None else count.i1_misses

    def us(self, key: str) -> float | None:
        return self.wall.get(key)

    def comparison(self, keys: list[str], floor: str, unit: str, title: str) -> Table:
        lines = [
            f"| {title} | kIr per {unit} | ratio to floor | I1 misses per {unit} "
            f"| µs per {unit} (median) | ratio to floor |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for key in keys:
            if key not in self.labels:
                continue
            i1 = self.i1(key)
            ir, us = self.ir(key), self.us(key)
            lines.append(
                f"| {self.labels[key]} | {_k(ir)} | {_ratio(ir, self.ir(floor))} "
                f"| {'n/a' if i1 is None else f'{i1:,.0f}'} | {_us(us)} "
                f"| {_ratio(us, self.us(floor))} |"
            )
        return lines

    def breakdown(self, whole: str, rows: list[tuple[str, float | None, float | None]]) -> Table:
        """Rows of (label, instructions, µs) as shares of ``whole``."""
        lines = [
            f"| part of {self.labels[whole]} | kIr | share | µs | share |",
            "|---|---:|---:|---:|---:|",
        ]
        for label, ir, us in rows:
            lines.append(
                f"| {label} | {_k(ir)} | {_share(ir, self.ir(whole))} | {_us(us)} "
                f"| {_share(us, self.us(whole))} |"
            )
        return lines

    def both(self, key: str, times: float = 1.0) -> tuple[float | None, float | None]:
        ir, us = self.ir(key), self.us(key)
        return (None if ir is None else ir * times, None if us is None else us * times)

    def minus(
        self, key: str, *others: tuple[float | None, float | None]
    ) -> tuple[float | None, float | None]:
        return _difference(self.both(key), *others)

    def event_breakdown(self) -> Table:
        hops = self.hops["event"]
        own = self.minus("djust_testing", self.both("production_path"))
        patch = self.minus("djust_testing", self.both("unchecked"))
        parts = [
            ("  the patch check: `send_event` minus `CHECK_PATCHES` off", patch),
            ("  two state snapshots (`get_state()` twice)", self.both("get_state", 2)),
            ("  applying djust's patches to the page's DOM", self.both("dom_patches")),
            ("  the frame-size check", self.both("frame_size")),
            ("  recording the database queries", self.both("query_recording")),
            ("  watching for login()/logout()", self.both("auth_watch")),
            ("  delivering waiting channel messages, twice", self.both("broadcast_delivery")),
        ]
        rest = _difference(own, *(part for _, part in parts))
        rows = [
            ("production path (djust's event path on the bridge)", *self.both("production_path")),
            ("the client's own work: `send_event` minus the production path", *own),
            *((label, *part) for label, part in parts),
            ("  the rest (the action's record, the result, the proxy's turn)", *rest),
            (
                f"within the production path: {hops} `sync_to_async` hops",
                *self.both("sync_hop", hops),
            ),
        ]
        return self.breakdown("djust_testing", rows)

    def mount_breakdown(self) -> Table:
        hops = self.hops["mount"]
        outside_floor = [
            ("djust's handler metadata for the mount frame", self.both("mount:handler_metadata")),
            (f"{hops} `sync_to_async` hops", self.both("sync_hop", hops)),
            (
                "the page over HTTP first, as a browser loads it (production work)",
                self.both("mount:page_load"),
            ),
            ("DOM load + patch check", self.both("mount:dom")),
            ("`page_for_view` over the URLconf", self.both("mount:page_for_view")),
            ("the loop bridge running the action", self.both("mount:bridge_action")),
        ]
        rest = self.minus(
            "mount:djust_testing", self.both("mount:floor"), *(part for _, part in outside_floor)
        )
        production = self.both("mount:production_path")
        rows = [
            ("production path (the page over HTTP, djust's mount, the disconnect)", *production),
            (
                "the client's own work: `mount()` minus the production path",
                *self.minus("mount:djust_testing", production),
            ),
            ("floor: request, view, `mount()`, first render", *self.both("mount:floor")),
        ]
        rows += [
            ("  of which building the request", *self.both("mount:build_request")),
            ("  of which a fresh CSRF secret and its mask", *self.both("mount:csrf")),
        ]
        rows += [
            (
                "in the mount itself instead: the request's CSRF cookie bound, then masked",
                *self.both("mount:csrf_as_mounted"),
            )
        ]
        rows += [(label, *part) for label, part in outside_floor]
        rows.append(("the rest of djust's production mount (auth, hooks, the frame, close)", *rest))
        return self.breakdown("mount:djust_testing", rows)

    def production_bound(self, counts: dict[str, tuple[float, float]], size: int) -> Table:
        """The suite of a client with no work of its own: production's per test, in instructions.

        A test mounts the view and sends two events; production's part of each
        is its production path. The start-up stays djust_testing's own.
        """
        mount, event = self.ir("mount:production_path"), self.ir("production_path")
        if mount is None or event is None:
            return []
        per_test = mount + 2 * event
        ours_startup, ours_per_test = counts["djust_testing"]
        theirs_startup, theirs_per_test = counts["djust.testing"]
        bound = (ours_startup + size * per_test) / (theirs_startup + size * theirs_per_test)
        return [
            "| production's work per test (a mount and two events) | per test (kIr) "
            "| of djust_testing's test |",
            "|---|---:|---:|",
            f"| mount production path + 2 x event production path | {per_test / 1e3:,.0f} "
            f"| {_share(per_test, ours_per_test)} |",
            "",
            f"A client doing only production's work would run the {size:,}-test suite at "
            f"{bound:.2f}x djust.testing in instructions (with djust_testing's start-up).",
        ]


def _difference(
    whole: tuple[float | None, float | None], *parts: tuple[float | None, float | None]
) -> tuple[float | None, float | None]:
    ir, us = whole
    for part_ir, part_us in parts:
        ir = None if ir is None or part_ir is None else ir - part_ir
        us = None if us is None or part_us is None else us - part_us
    return ir, us


def suite_ir_ratio(counts: dict[str, tuple[float, float]], size: int) -> str:
    if not counts:
        return "n/a"
    totals = {name: startup + size * per_test for name, (startup, per_test) in counts.items()}
    return _ratio(totals["djust_testing"], totals["djust.testing"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="interleaved wall-clock rounds")
    parser.add_argument("--events", type=int, default=300, help="events (and part units) per round")
    parser.add_argument("--mounts", type=int, default=50, help="mounts per round")
    parser.add_argument("--suite-rounds", type=int, default=3, help="suite rounds (0 skips)")
    parser.add_argument("--suite-size", type=int, default=suite.SIZE, help="tests per suite")
    parser.add_argument("--ir-events", type=int, default=100, help="events per cachegrind run")
    parser.add_argument("--ir-mounts", type=int, default=20, help="mounts per cachegrind run")
    parser.add_argument("--ir-warmup", type=int, default=20, help="warm-up units before counting")
    parser.add_argument(
        "--suite-ir", type=int, default=30, help="tests per suite under cachegrind (0 skips)"
    )
    parser.add_argument(
        "--suite-ir-warm", type=int, default=10, help="tests of the cachegrind base run"
    )
    parser.add_argument("--jobs", type=int, default=2, help="cachegrind processes at a time")
    parser.add_argument("--no-instructions", action="store_true", help="skip cachegrind")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()

    contenders = all_contenders()
    labels = {key: label for key, (label, _make) in contenders.items()}
    mount_keys = {key for key in contenders if key in mounts.CONTENDERS}
    units = {key: args.mounts if key in mount_keys else args.events for key in contenders}
    hops = {"event": events.hops_per_event(), "mount": mounts.hops_per_mount()}

    wall = timing.measure({key: make for key, (_l, make) in contenders.items()}, units, args.rounds)
    valgrind = None if args.no_instructions else instructions.valgrind_version()
    counts: dict[str, instructions.Count] = {}
    if valgrind is not None:
        ir_units = {
            key: args.ir_mounts if key in mount_keys else args.ir_events for key in contenders
        }
        counts = instructions.measure(ir_units, args.ir_warmup, args.jobs)
    figures = Figures(wall, counts, hops, labels)

    stamp = machine(valgrind)
    method = (
        f"wall clock: medians of {args.rounds} interleaved rounds, {args.events} events "
        f"(parts: units) or {args.mounts} mounts per round; "
        + (
            f"instructions: cachegrind, {args.ir_events} events or {args.ir_mounts} mounts "
            f"minus none, after {args.ir_warmup} warm-up units, PYTHONHASHSEED="
            f"{instructions.HASH_SEED}, gc.freeze()"
            if valgrind
            else "instructions: not counted (no valgrind, or --no-instructions)"
        )
    )
    out: list[str] = []
    out += ["## Per event, Counter view", "", f"Measured {stamp}.", method + ".", ""]
    out += figures.comparison(list(events.CONTENDERS), "floor", "event", "way of sending the event")
    out += ["", "### Where one `send_event` goes", "", f"Measured {stamp}.", ""]
    out += figures.event_breakdown()
    out += ["", "## Per mount, Counter view", "", f"Measured {stamp}.", method + ".", ""]
    out += figures.comparison(list(mounts.CONTENDERS), "mount:floor", "mount", "way of mounting")
    out += ["", "### Where one djust_testing mount goes", "", f"Measured {stamp}.", ""]
    out += figures.mount_breakdown()
    # Printed now: the suites take a while, and what they raise must not lose these.
    print("\n".join(out), flush=True)
    out = []

    suites: dict[tuple[str, int], float] = {}
    if args.suite_rounds:
        suites = suite.measure(args.suite_rounds, args.suite_size)
    suite_counts: dict[str, tuple[float, float]] = {}
    if valgrind is not None and args.suite_ir > args.suite_ir_warm:
        try:
            suite_counts = suite.count(args.suite_ir_warm, args.suite_ir, args.jobs)
        except RuntimeError as exc:
            print(f"warning: the suites under cachegrind failed: {exc}", file=sys.stderr)
    if suites:
        out += ["", "## Whole suites", "", f"Measured {stamp}.", ""]
        out += [
            f"Medians of {args.suite_rounds} interleaved rounds of whole "
            "`python -m django test` processes.",
            "",
        ]
        out += suite.report(suites, args.suite_size)
    if suite_counts:
        out += ["", "### Whole suites in instructions", "", f"Measured {stamp}.", ""]
        out += [
            f"Serial runs under cachegrind of {args.suite_ir} tests minus "
            f"{args.suite_ir_warm} (one test), and of {args.suite_ir_warm} tests less "
            f"theirs (the start-up); the {args.suite_size:,}-test column adds them up.",
            "",
        ]
        out += suite.count_report(suite_counts, args.suite_size)
        out += ["", *figures.production_bound(suite_counts, args.suite_size)]
    print("\n".join(out))

    def suite_ratio(parallel: int) -> str:
        if not suites:
            return "n/a"
        return _ratio(suites[("djust_testing", parallel)], suites[("djust.testing", parallel)])

    ours = "djust_testing"
    ir = figures.ir
    print(
        f"\ninstructions: send_event/floor={_ratio(ir(ours), ir('floor'))} "
        f"send_event/djust.testing={_ratio(ir(ours), ir('djust.testing'))} "
        f"send_event/production_path={_ratio(ir(ours), ir('production_path'))} "
        f"mount/djust.testing={_ratio(ir('mount:djust_testing'), ir('mount:djust.testing'))} "
        f"mount/production_path="
        f"{_ratio(ir('mount:djust_testing'), ir('mount:production_path'))} "
        f"suite/djust.testing={suite_ir_ratio(suite_counts, args.suite_size)}"
    )
    if args.json is not None:
        args.json.write_text(
            json.dumps(
                {
                    "machine": stamp,
                    "wall_us": wall,
                    "instructions": {key: vars(count) for key, count in counts.items()},
                    "hops": hops,
                    "suites_s": {f"{name}/parallel{p}": s for (name, p), s in suites.items()},
                    "suite_instructions": suite_counts,
                    "args": {key: str(value) for key, value in vars(args).items()},
                },
                indent=2,
            )
        )
    print(
        f"send_event/floor={_ratio(figures.us(ours), figures.us('floor'))} "
        f"send_event/djust.testing={_ratio(figures.us(ours), figures.us('djust.testing'))} "
        f"send_event/production_path={_ratio(figures.us(ours), figures.us('production_path'))} "
        f"suite/djust.testing={suite_ratio(1)} suite_parallel/djust.testing={suite_ratio(2)}"
    )


if __name__ == "__main__":
    main()
