"""The pytest plugin's own tests (tests/pytest_plugin), run from Django's runner.

They are pytest tests: each runs real pytest sessions, serial and under
pytest-xdist, with pytester. This runs them all in one ``python -m pytest``
subprocess, so the README's test command and tox run them too. Without
pytest, pytest-django and pytest-xdist installed (the ``test`` extra) the
test is skipped, except in CI, where it fails.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import SkipTest

from django.test import SimpleTestCase, tag

from djust_testing.snapshots import in_ci

REPO = Path(__file__).resolve().parents[2]
NEEDED = {"pytest": "pytest", "pytest_django": "pytest-django", "xdist": "pytest-xdist"}
#: What the pytest session must not inherit from this run.
INHERITED = re.compile(r"^(CI|DJANGO_SETTINGS_MODULE|DJUST_TESTING_.*|PYTEST_.*)$")


@tag("slow")
class PytestPluginTests(SimpleTestCase):
    def test_the_pytest_plugins_tests_pass(self) -> None:
        missing = [name for module, name in NEEDED.items() if not importlib.util.find_spec(module)]
        if missing:
            reason = f"{', '.join(missing)} not installed: pip install -e '.[dev]'"
            if in_ci():
                self.fail(f"the pytest plugin's tests cannot run in CI: {reason}")
            raise SkipTest(reason)
        env = {name: value for name, value in os.environ.items() if not INHERITED.match(name)}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/pytest_plugin"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        self.assertEqual(run.returncode, 0, f"python -m pytest tests/pytest_plugin:\n{run.stdout}")
        self.assertRegex(run.stdout, r"\n\d+ passed in ")
