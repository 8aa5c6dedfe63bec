"""Table-driven probe cases: a call, what a careful user expects of it, and the verdict.

A case is ``Case(name, call, expect)``. ``call`` receives a :class:`Probe`
(the running test case plus helpers that close what they open) and does one
thing through djust_testing's public API. ``expect`` says what should
happen:

* ``raises(SomeDjustTestingError, "text", ...)``: an error of that class whose
  message names the problem (every text must occur, case-insensitively; a
  tuple of texts means any one of them);
* ``fails("text", ...)``: an ``AssertionError`` whose message contains the texts;
* ``user_error(ValueError, "text")``: the user's own exception, re-raised as itself;
* ``passes(check)``: no exception, and ``check(result)`` (if given) finds
  nothing wrong;
* ``one_of(...)``: any of those.

The verdict is one of:

* ``handled``: what was expected happened;
* ``raw_error``: an exception that is not the expected one (a ``TypeError``
  from inside djust or Python, a ``DjustTestingError`` whose message does not
  say what was wrong), or any exception where a pass was expected;
* ``silent_pass``: nothing was raised where an error or a failure was
  expected, or a pass that left something wrong (``check`` says what).

``PROBE_REPORT=1`` prints ``cases=N handled=H raw_errors=R silent_passes=S``
for each probe module and for the whole run; ``PROBE_REPORT=2`` also lists
each case that is not handled. ``PROBE_REPORT_JSON=path`` writes every
verdict to a file.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import sys
import traceback
import unittest
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from djust_testing import DjustTestingError, LiveViewTestClient

HANDLED = "handled"
RAW_ERROR = "raw_error"
SILENT_PASS = "silent_pass"

Text = str | tuple[str, ...]
Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Expect:
    kind: str
    types: tuple[type[BaseException], ...] = ()
    contains: tuple[Text, ...] = ()
    excludes: tuple[str, ...] = ()
    check: Check | None = None
    alternatives: tuple[Expect, ...] = ()

    def describe(self) -> str:
        if self.kind == "one_of":
            return " or ".join(alt.describe() for alt in self.alternatives)
        names = "/".join(t.__name__ for t in self.types)
        texts = ", ".join(
            " | ".join(map(repr, t)) if isinstance(t, tuple) else repr(t) for t in self.contains
        )
        text = {
            "raises": f"raises {names}",
            "fails": "fails with AssertionError",
            "user_error": f"re-raises the user's {names}",
            "passes": "passes",
        }[self.kind]
        if texts:
            text += f" whose message contains {texts}"
        if self.excludes:
            text += f" and not {', '.join(map(repr, self.excludes))}"
        return text


def raises(
    *types: type[BaseException],
    contains: Sequence[Text] = (),
    excludes: Sequence[str] = (),
    check: Check | None = None,
) -> Expect:
    return Expect("raises", types or (DjustTestingError,), tuple(contains), tuple(excludes), check)


def fails(*contains: Text, excludes: Sequence[str] = (), check: Check | None = None) -> Expect:
    return Expect("fails", (AssertionError,), contains, tuple(excludes), check)


def user_error(exc_type: type[BaseException], *contains: Text) -> Expect:
    return Expect("user_error", (exc_type,), contains)


def passes(check: Check | None = None) -> Expect:
    return Expect("passes", check=check)


def one_of(*alternatives: Expect) -> Expect:
    return Expect("one_of", alternatives=alternatives)


@dataclass
class Case:
    name: str
    call: Callable[[Probe], Any]
    expect: Expect


@dataclass
class Verdict:
    kind: str
    detail: str = ""
    origin: str = ""


@dataclass
class Record:
    module: str
    table: str
    case: str
    kind: str
    expected: str
    detail: str
    origin: str


RECORDS: list[Record] = []


# ------------------------------------------------------------------ judging


def origin_of(exc: BaseException) -> str:
    """Where ``exc`` was raised: the innermost frame, and the innermost in djust_testing."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""

    def short(frame: traceback.FrameSummary) -> str:
        path = frame.filename
        for marker in ("site-packages/", "issue10-probe/", "/lib/python3.11/"):
            if marker in path:
                path = path.split(marker, 1)[1]
                break
        return f"{path}:{frame.lineno} in {frame.name}"

    innermost = frames[-1]
    ours = [f for f in frames if "djust_testing/" in f.filename]
    parts = [f"raised at {short(innermost)}"]
    if ours and ours[-1] is not innermost:
        parts.append(f"from {short(ours[-1])}")
    return "; ".join(parts)


def _message(exc: BaseException) -> str:
    return str(exc)


def _missing_texts(message: str, contains: Iterable[Text]) -> list[str]:
    lowered = message.lower()
    missing = []
    for text in contains:
        options = text if isinstance(text, tuple) else (text,)
        if not any(option.lower() in lowered for option in options):
            missing.append(" | ".join(map(repr, options)))
    return missing


def _present_texts(message: str, excludes: Iterable[str]) -> list[str]:
    lowered = message.lower()
    return [repr(text) for text in excludes if text.lower() in lowered]


def _short(value: Any, limit: int = 300) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def judge(expect: Expect, value: Any, exc: BaseException | None) -> Verdict:
    if expect.kind == "one_of":
        verdicts = [judge(alt, value, exc) for alt in expect.alternatives]
        for verdict in verdicts:
            if verdict.kind == HANDLED:
                return verdict
        return verdicts[0]
    if exc is None:
        if expect.kind != "passes":
            return Verdict(SILENT_PASS, f"nothing was raised; the call returned {_short(value)}")
        problem = expect.check(value) if expect.check else None
        if problem:
            return Verdict(SILENT_PASS, problem)
        return Verdict(HANDLED)
    described = f"{type(exc).__module__}.{type(exc).__qualname__}: {_short(_message(exc), 600)}"
    origin = origin_of(exc)
    if expect.kind == "passes":
        return Verdict(RAW_ERROR, f"expected a pass, got {described}", origin)
    if expect.kind == "user_error":
        if type(exc) is not expect.types[0]:
            return Verdict(RAW_ERROR, f"expected the user's exception, got {described}", origin)
    elif not isinstance(exc, expect.types):
        return Verdict(RAW_ERROR, f"got {described}", origin)
    message = _message(exc)
    missing = _missing_texts(message, expect.contains)
    if missing:
        return Verdict(
            RAW_ERROR, f"the message does not name {', '.join(missing)}: {described}", origin
        )
    present = _present_texts(message, expect.excludes)
    if present:
        return Verdict(
            RAW_ERROR, f"the message wrongly says {', '.join(present)}: {described}", origin
        )
    if expect.check is not None:
        problem = expect.check(exc)
        if problem:
            return Verdict(RAW_ERROR, f"{problem}: {described}", origin)
    return Verdict(HANDLED)


# ------------------------------------------------------------------ running


class Probe:
    """What a case's call gets: the test, and helpers whose clients are closed afterwards."""

    def __init__(self, test: unittest.TestCase) -> None:
        self.test = test
        self.opened: list[LiveViewTestClient] = []

    def live(self, view: Any, /, **params: Any) -> LiveViewTestClient:
        live_client: LiveViewTestClient = self.test.live(view, **params)  # type: ignore[attr-defined]
        self.opened.append(live_client)
        return live_client

    def client(self, view: Any, *args: Any, **kwargs: Any) -> LiveViewTestClient:
        """A client built directly (not mounted); closed after the case."""
        live_client = LiveViewTestClient(view, *args, **kwargs)
        self.opened.append(live_client)
        return live_client

    def closed(self, view: Any, /, **params: Any) -> LiveViewTestClient:
        """A mounted client, then closed."""
        live_client = self.live(view, **params)
        live_client.close()
        return live_client

    def close_all(self) -> None:
        for live_client in self.opened:
            with contextlib.suppress(Exception):  # a case may leave a client half-built
                live_client.close()
        self.opened.clear()


def run_case(test: unittest.TestCase, case: Case) -> Verdict:
    probe = Probe(test)
    value: Any = None
    caught: BaseException | None = None
    try:
        try:
            value = case.call(probe)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            caught = exc
        # Judged before the clients close, so a check can read the live client.
        try:
            return judge(case.expect, value, caught)
        except Exception as exc:
            return Verdict(
                RAW_ERROR, f"checking the result raised {type(exc).__name__}: {exc}", origin_of(exc)
            )
    finally:
        probe.close_all()


def record(test: unittest.TestCase, table: str, case: Case, verdict: Verdict) -> None:
    RECORDS.append(
        Record(
            type(test).__module__,
            table,
            case.name,
            verdict.kind,
            case.expect.describe(),
            verdict.detail,
            verdict.origin,
        )
    )


def run_table(test: unittest.TestCase, cases: Sequence[Case], table: str | None = None) -> None:
    """Run each case as its own subTest; a case that is not handled fails its subTest."""
    table = table or test._testMethodName
    names = [case.name for case in cases]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise AssertionError(f"probe table {table} repeats case names: {duplicates}")
    for case in cases:
        with test.subTest(case=case.name):
            verdict = run_case(test, case)
            record(test, table, case, verdict)
            if verdict.kind != HANDLED:
                test.fail(
                    f"[{verdict.kind}] {case.name}\n  expected: {case.expect.describe()}\n"
                    f"  got: {verdict.detail}" + (f"\n  {verdict.origin}" if verdict.origin else "")
                )


def record_outcome(
    test: unittest.TestCase, name: str, expected: str, kind: str, detail: str = ""
) -> None:
    """Record a case checked by hand (a leak pair, a file-system check); fail unless handled."""
    RECORDS.append(
        Record(type(test).__module__, test._testMethodName, name, kind, expected, detail, "")
    )
    if kind != HANDLED:
        test.fail(f"[{kind}] {name}\n  expected: {expected}\n  got: {detail}")


# ------------------------------------------------------------------ reporting


def counts(records: Iterable[Record]) -> str:
    records = list(records)
    tally = {
        kind: sum(1 for r in records if r.kind == kind)
        for kind in (HANDLED, RAW_ERROR, SILENT_PASS)
    }
    return (
        f"cases={len(records)} handled={tally[HANDLED]} raw_errors={tally[RAW_ERROR]} "
        f"silent_passes={tally[SILENT_PASS]}"
    )


def _level() -> int:
    raw = os.environ.get("PROBE_REPORT", "").strip()
    return int(raw) if raw.isdigit() else (1 if raw else 0)


def module_report(module: str) -> Callable[[], None]:
    """A ``tearDownModule`` printing the module's counts under ``PROBE_REPORT``."""

    def report() -> None:
        if _level():
            mine = [r for r in RECORDS if r.module == module]
            sys.stderr.write(f"\nprobe {module}: {counts(mine)}\n")

    return report


@atexit.register
def _final_report() -> None:
    level = _level()
    if level and RECORDS:
        modules = sorted({r.module for r in RECORDS})
        lines = [""]
        lines += [f"probe {m}: {counts(r for r in RECORDS if r.module == m)}" for m in modules]
        lines.append(f"probe total: {counts(RECORDS)}")
        if level >= 2:
            for r in RECORDS:
                if r.kind != HANDLED:
                    lines.append(f"  [{r.kind}] {r.module.rsplit('.', 1)[-1]}/{r.table}: {r.case}")
                    lines.append(f"      expected: {r.expected}")
                    lines.append(f"      got: {r.detail}")
                    if r.origin:
                        lines.append(f"      {r.origin}")
        sys.stderr.write("\n".join(lines) + "\n")
    path = os.environ.get("PROBE_REPORT_JSON")
    if path and RECORDS:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump([r.__dict__ for r in RECORDS], handle, indent=1)
