"""Bad settings, read when they are used: a misspelt key inside ``override_settings`` too.

``DJUST_TESTING`` problems raise ``ImproperlyConfigured`` (documented) or a
``DjustTestingError``, naming the setting and what was wrong, when a test
reads the setting, not only in the system check at start-up.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings

from djust_testing import DjustTestingError, LiveViewTestMixin

from . import harness
from .harness import Case, fails, passes, raises
from .sandbox import Sandbox, environment
from .views import ProbeCounterView

tearDownModule = harness.module_report(__name__)

SETTINGS_ERRORS = (ImproperlyConfigured, DjustTestingError)


def bad(*texts: harness.Text) -> harness.Expect:
    return raises(*SETTINGS_ERRORS, contains=list(texts))


def under(value: Any, action: str) -> Callable[[harness.Probe], Any]:
    """Run ``action`` ("mount", "render", "snapshot", "html_snapshot") with DJUST_TESTING=value."""

    def call(p: harness.Probe) -> Any:
        with override_settings(DJUST_TESTING=value):
            if action in ("mount", "render", "event"):
                live = p.live(ProbeCounterView)
                if action == "render":
                    return live.render()
                if action == "event":
                    return live.send_event("increment")
                return live
            sandbox = Sandbox(p.test)
            with environment():
                case = sandbox.case()
                if action == "snapshot":
                    return case.assert_snapshot("page", "x 2024")
                return case.assert_html_snapshot("page", "<p>x</p>")

    return call


class MisspeltKeyTests(LiveViewTestMixin, SimpleTestCase):
    def test_unknown_keys_are_reported_when_read(self) -> None:
        cases = []
        for key, value in [
            ("RENDER_ENGIN", "python"),
            ("CHECK_PATCH", False),
            ("SNAPSHOT_NORMALISERS", []),
            ("render_engine", "python"),
        ]:
            for action in ("mount", "render", "snapshot"):
                cases.append(
                    Case(
                        f"DJUST_TESTING={{{key!r}: {value!r}}}, {action}",
                        under({key: value}, action),
                        bad(key),
                    )
                )
        cases.append(
            Case(
                "a known key next to an unknown one",
                under({"RENDER_ENGINE": "python", "EXTRA": 1}, "render"),
                bad("EXTRA"),
            )
        )
        harness.run_table(self, cases)


class BadValueTests(LiveViewTestMixin, SimpleTestCase):
    def test_bad_values(self) -> None:
        cases = [
            Case("DJUST_TESTING=['x'], mount", under(["x"], "mount"), bad("DJUST_TESTING", "list")),
            Case(
                "DJUST_TESTING='rust', render", under("rust", "render"), bad("DJUST_TESTING", "str")
            ),
            Case(
                "DJUST_TESTING=['x'], snapshot",
                under(["x"], "snapshot"),
                bad("DJUST_TESTING", "list"),
            ),
            Case(
                "RENDER_ENGINE='Rust'",
                under({"RENDER_ENGINE": "Rust"}, "render"),
                bad("RENDER_ENGINE", "'Rust'"),
            ),
            Case(
                "RENDER_ENGINE=None",
                under({"RENDER_ENGINE": None}, "render"),
                bad("RENDER_ENGINE", "None"),
            ),
            Case(
                "RENDER_ENGINE=''",
                under({"RENDER_ENGINE": ""}, "render"),
                bad("RENDER_ENGINE", "''"),
            ),
            Case(
                "RENDER_ENGINE=['rust']",
                under({"RENDER_ENGINE": ["rust"]}, "render"),
                bad("RENDER_ENGINE", "['rust']"),
            ),
            Case(
                "CHECK_PATCHES='yes', mount",
                under({"CHECK_PATCHES": "yes"}, "mount"),
                bad("CHECK_PATCHES", "'yes'"),
            ),
            Case(
                "CHECK_PATCHES=1, event",
                under({"CHECK_PATCHES": 1}, "event"),
                bad("CHECK_PATCHES", "1"),
            ),
            Case(
                "CHECK_PATCHES=None, mount",
                under({"CHECK_PATCHES": None}, "mount"),
                bad("CHECK_PATCHES", "None"),
            ),
            Case(
                "SNAPSHOT_NORMALIZERS='x'",
                under({"SNAPSHOT_NORMALIZERS": "x"}, "snapshot"),
                bad("SNAPSHOT_NORMALIZERS", "'x'"),
            ),
            Case(
                "SNAPSHOT_NORMALIZERS=[123]",
                under({"SNAPSHOT_NORMALIZERS": [123]}, "snapshot"),
                bad("SNAPSHOT_NORMALIZERS", "123"),
            ),
            Case(
                "SNAPSHOT_NORMALIZERS=['[unclosed']",
                under({"SNAPSHOT_NORMALIZERS": ["[unclosed"]}, "snapshot"),
                bad("SNAPSHOT_NORMALIZERS", "[unclosed"),
            ),
            Case(
                "SNAPSHOT_NORMALIZERS=[('a', 1)]",
                under({"SNAPSHOT_NORMALIZERS": [("a", 1)]}, "snapshot"),
                bad("SNAPSHOT_NORMALIZERS", "('a', 1)"),
            ),
            Case(
                "SNAPSHOT_NORMALIZERS=[('a',)]",
                under({"SNAPSHOT_NORMALIZERS": [("a",)]}, "snapshot"),
                bad("SNAPSHOT_NORMALIZERS", "('a',)"),
            ),
            Case(
                "SNAPSHOT_NORMALIZERS=[('(a)', '\\\\2')]",
                under({"SNAPSHOT_NORMALIZERS": [("(a)", "\\2")]}, "snapshot"),
                bad("SNAPSHOT_NORMALIZERS"),
            ),
            Case(
                "SNAPSHOT_NORMALIZERS=[a callable returning None]",
                under({"SNAPSHOT_NORMALIZERS": [lambda text: None]}, "snapshot"),
                bad("None"),
            ),
            Case(
                "SNAPSHOT_NORMALIZERS=[a callable returning None], HTML",
                under({"SNAPSHOT_NORMALIZERS": [lambda text: None]}, "html_snapshot"),
                bad("None"),
            ),
        ]
        harness.run_table(self, cases)

    def test_good_values(self) -> None:
        cases = [
            Case("DJUST_TESTING={}", under({}, "render"), passes()),
            Case("DJUST_TESTING=None", under(None, "render"), passes()),
            Case("RENDER_ENGINE='python'", under({"RENDER_ENGINE": "python"}, "render"), passes()),
            Case(
                "RENDER_ENGINE='compare'", under({"RENDER_ENGINE": "compare"}, "render"), passes()
            ),
            Case("CHECK_PATCHES=False", under({"CHECK_PATCHES": False}, "event"), passes()),
            Case(
                "SNAPSHOT_NORMALIZERS=[r'\\d+']",
                under({"SNAPSHOT_NORMALIZERS": [r"\d+"]}, "snapshot"),
                passes(),
            ),
        ]
        harness.run_table(self, cases)

    def test_render_engine_argument(self) -> None:
        def render(engine: Any) -> Callable[[harness.Probe], Any]:
            return lambda p: p.live(ProbeCounterView).render(engine)

        # Documented (docs/engines.md): an unknown engine raises ImproperlyConfigured.
        cases = [
            Case("render('bogus')", render("bogus"), bad("'bogus'")),
            Case("render('Rust')", render("Rust"), bad("'Rust'")),
            Case("render(123)", render(123), bad("123")),
            Case("render('')", render(""), bad("''")),
        ]
        harness.run_table(self, cases)

    def test_normalizers_argument(self) -> None:
        def snapshot(normalizers: Any) -> Callable[[harness.Probe], Any]:
            def call(p: harness.Probe) -> Any:
                sandbox = Sandbox(p.test)
                with environment():
                    return sandbox.case().assert_snapshot("page", "x", normalizers=normalizers)

            return call

        cases = [
            Case("normalizers='abc'", snapshot("abc"), bad("'abc'")),
            Case("normalizers=None", snapshot(None), bad("None")),
            Case("normalizers=[123]", snapshot([123]), bad("123")),
            Case("normalizers=['(']", snapshot(["("]), bad("'('")),
            Case("normalizers={'a': 'b'}", snapshot({"a": "b"}), bad("{'a': 'b'}")),
            Case("normalizers=[lambda t: 1]", snapshot([lambda text: 1]), bad("int")),
            Case("normalizers=[(r'x', 'y')] passes", snapshot([(r"x", "y")]), passes()),
        ]
        harness.run_table(self, cases)


class EnvironmentTests(SimpleTestCase):
    def test_environment_variables(self) -> None:
        def snapshot(**environ: str) -> Callable[[harness.Probe], Any]:
            def call(p: harness.Probe) -> Any:
                sandbox = Sandbox(p.test)
                with environment(), mock.patch.dict(os.environ, environ):
                    return sandbox.case().assert_snapshot("page", "x")

            return call

        update = "DJUST_TESTING_UPDATE_SNAPSHOTS"
        cases = [
            Case(
                f"{update}='maybe'",
                snapshot(**{update: "maybe"}),
                raises(DjustTestingError, contains=[update, "'maybe'"]),
            ),
            Case(
                f"{update}='2'",
                snapshot(**{update: "2"}),
                raises(DjustTestingError, contains=[update, "'2'"]),
            ),
            Case(f"{update}='TRUE'", snapshot(**{update: "TRUE"}), passes()),
            Case(f"{update}=' yes '", snapshot(**{update: " yes "}), passes()),
            Case(f"{update}='off'", snapshot(**{update: "off"}), passes()),
            Case(
                "CI='maybe' counts as CI: a missing snapshot fails",
                snapshot(CI="maybe"),
                fails("CI"),
            ),
            Case("CI='0' is not CI: a missing snapshot is written", snapshot(CI="0"), passes()),
            Case("CI='github-actions' counts as CI", snapshot(CI="github-actions"), fails("CI")),
        ]
        harness.run_table(self, cases)
