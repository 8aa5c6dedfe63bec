"""The rerun commands a snapshot failure prints, for the runner in use (snapshots/commands.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from djust_testing.snapshots import commands

REPO = Path(__file__).resolve().parents[2]
ROOT = Path("/work/shop")


class PytestCommandTests(SimpleTestCase):
    def test_it_repeats_how_pytest_was_started_keeping_the_options_a_rerun_needs(self) -> None:
        for program, args, expected in [
            ("/venv/bin/pytest", ["-x", "-n", "2", "tests"], ("pytest",)),
            ("/venv/lib/pytest/__main__.py", ["-q"], ("python", "-m", "pytest")),
            (
                "/venv/bin/pytest",
                ["--ds=shop.settings", "-c", "ci.ini", "-p", "no:randomly", "-k", "x"],
                ("pytest", "--ds=shop.settings", "-c", "ci.ini", "-p", "no:randomly"),
            ),
            (
                "/venv/bin/pytest",
                ["--ds", "shop.test_settings"],
                ("pytest", "--ds", "shop.test_settings"),
            ),
            ("/venv/bin/pytest", ["--rootdir=/work", "--dsx=1"], ("pytest", "--rootdir=/work")),
            ("ide_runner.py", ["-c"], ("pytest",)),
        ]:
            with self.subTest(program=program, args=args):
                self.assertEqual(commands.pytest_command(program, args), expected)

    def test_a_node_id_is_given_relative_to_where_pytest_was_started(self) -> None:
        for directory, expected in [
            (ROOT, "tests/test_cart.py::test_empty[eur]"),
            (ROOT / "tests", "test_cart.py::test_empty[eur]"),
            (ROOT / "docs", "../tests/test_cart.py::test_empty[eur]"),
        ]:
            invocation = commands.PytestInvocation(("pytest",), ROOT, directory)
            with self.subTest(directory=directory):
                self.assertEqual(
                    commands.selector("tests/test_cart.py::test_empty[eur]", invocation), expected
                )


class UnderPytestTests(SimpleTestCase):
    def setUp(self) -> None:
        super().setUp()
        patcher = mock.patch.dict(os.environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop(commands.PYTEST_VARIABLE, None)
        self.addCleanup(commands.use_pytest, None)
        argv = mock.patch.object(sys, "argv", ["manage.py", "test"])
        argv.start()
        self.addCleanup(argv.stop)

    def under_pytest(self, node: str, *command: str) -> None:
        os.environ[commands.PYTEST_VARIABLE] = f"{node} (call)"
        commands.use_pytest(commands.PytestInvocation(command or ("pytest",), ROOT, ROOT))

    def test_the_commands_name_the_running_test_by_node_id(self) -> None:
        self.under_pytest("tests/test_cart.py::CartTests::test_empty", "python", "-m", "pytest")
        self.assertEqual(
            commands.update_commands("shop.tests.test_cart.CartTests.test_empty"),
            [
                "DJUST_TESTING_UPDATE_SNAPSHOTS=1 python -m pytest "
                "tests/test_cart.py::CartTests::test_empty",
                "python -m pytest tests/test_cart.py::CartTests::test_empty --update-snapshots",
            ],
        )
        self.assertEqual(
            commands.run_command("shop.tests.test_cart.CartTests.test_empty"),
            "python -m pytest tests/test_cart.py::CartTests::test_empty",
        )
        self.assertIsNone(commands.update_flag_note(runner_configured=False))

    def test_a_node_id_the_shell_would_expand_is_quoted(self) -> None:
        self.under_pytest("tests/test_cart.py::test_total[eur-2]")
        self.assertEqual(
            commands.update_commands("x")[1],
            "pytest 'tests/test_cart.py::test_total[eur-2]' --update-snapshots",
        )

    def test_a_phase_in_the_variable_is_not_part_of_the_node_id(self) -> None:
        self.under_pytest("tests/test_cart.py::test_total[a (b]")
        self.assertEqual(commands.pytest_node(), "tests/test_cart.py::test_total[a (b]")

    def test_pytest_without_the_plugin_says_what_update_snapshots_needs(self) -> None:
        os.environ[commands.PYTEST_VARIABLE] = "tests/test_cart.py::test_empty (call)"
        with mock.patch.dict(sys.modules, {"pytest": mock.Mock()}):
            self.assertEqual(
                commands.update_commands("x"),
                [
                    "DJUST_TESTING_UPDATE_SNAPSHOTS=1 pytest tests/test_cart.py::test_empty",
                    "pytest tests/test_cart.py::test_empty --update-snapshots",
                ],
            )
            self.assertEqual(
                commands.update_flag_note(runner_configured=True),
                "(--update-snapshots needs djust-testing's pytest plugin, which is on where "
                "pytest-django is installed and configured: DJANGO_SETTINGS_MODULE or --ds.)",
            )

    def test_a_django_run_started_from_a_pytest_test_keeps_djangos_commands(self) -> None:
        # The variable is inherited by a `manage.py test` a pytest test starts.
        os.environ[commands.PYTEST_VARIABLE] = "tests/test_cart.py::test_empty (call)"
        with mock.patch.dict(sys.modules):
            sys.modules.pop("pytest", None)
            self.assertIsNone(commands.pytest_node())
            self.assertEqual(
                commands.update_commands("shop.tests.CartTests.test_empty")[1],
                "python manage.py test --update-snapshots shop.tests.CartTests.test_empty",
            )
            self.assertEqual(
                commands.update_flag_note(runner_configured=False),
                '(--update-snapshots needs TEST_RUNNER = "djust_testing.runner.LiveViewTestRunner" '
                "in the settings.)",
            )
            self.assertIsNone(commands.update_flag_note(runner_configured=True))


class LazyImportTests(SimpleTestCase):
    def test_importing_the_package_imports_nothing_of_djust_until_a_name_is_used(self) -> None:
        # pytest imports the plugin, and so the package, before Django's settings are
        # known; djust reads them once, when it is imported.
        script = (
            "import sys, djust_testing\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'djust', 'django'}))\n"
            "djust_testing.LiveViewTestClient\n"
            "print('djust' in sys.modules, djust_testing.__all__ == sorted(djust_testing._EXPORTS))"
            "\n"
        )
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env["PYTHONPATH"] = str(REPO)
        run = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
        )
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout, "[]\nTrue True\n")

    def test_every_public_name_resolves(self) -> None:
        import djust_testing

        for name in djust_testing.__all__:
            with self.subTest(name=name):
                self.assertIs(
                    getattr(djust_testing, name),
                    getattr(sys.modules[f"djust_testing{djust_testing._EXPORTS[name]}"], name),
                )
        with self.assertRaisesMessage(AttributeError, "has no attribute 'LiveViewTestClinet'"):
            djust_testing.LiveViewTestClinet  # type: ignore[attr-defined]  # noqa: B018
