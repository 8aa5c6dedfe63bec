"""How a snapshot failure tells the reader to rerun its test, in the words of the runner in use.

Under Django's runner the commands repeat how the run was started
(``python manage.py test``, ``python -m django test`` or ``django-admin
test``, keeping ``--settings`` and ``--pythonpath``) and name the test by
its unittest id. Under pytest they name the test by its node id, relative to
the directory pytest was started in: ``pytest tests/test_cart.py::test_empty
--update-snapshots``. The pytest plugin says how pytest was started
(``use_pytest()``); a pytest run without the plugin is recognised by the
``PYTEST_CURRENT_TEST`` variable pytest sets during each test.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from .modes import UPDATE_VARIABLE

#: Set by pytest while a test runs: ``<node id> (<phase>)``.
PYTEST_VARIABLE = "PYTEST_CURRENT_TEST"


@dataclass(frozen=True)
class PytestInvocation:
    """How this pytest run was started, as the plugin saw it."""

    #: The command and the options a rerun keeps, e.g. ``("pytest", "--ds=proj.settings")``.
    command: tuple[str, ...]
    #: The directory node ids are relative to.
    rootdir: Path
    #: The directory pytest was started in, where the printed commands are meant to run.
    directory: Path


_pytest: list[PytestInvocation] = []


def use_pytest(invocation: PytestInvocation | None) -> None:
    """Say that tests now run under pytest, started as ``invocation`` (None: no longer)."""
    _pytest.clear()
    if invocation is not None:
        _pytest.append(invocation)


def pytest_invocation() -> PytestInvocation | None:
    """How pytest was started, when the plugin said so."""
    return _pytest[0] if _pytest else None


def pytest_node() -> str | None:
    """The node id of the pytest test running now, or None outside pytest."""
    value = os.environ.get(PYTEST_VARIABLE, "")
    if not value or (not _pytest and "pytest" not in sys.modules):
        return None
    node, _, _phase = value.rpartition(" (")
    return node or None


def selector(node_id: str, invocation: PytestInvocation | None = None) -> str:
    """``node_id`` as a pytest argument that works where pytest was started."""
    invocation = invocation or pytest_invocation()
    if invocation is None:
        return node_id
    file, separator, rest = node_id.partition("::")
    path = invocation.rootdir / file
    try:
        relative = os.path.relpath(path, invocation.directory)
    except ValueError:  # another drive (Windows)
        relative = str(path)
    return Path(relative).as_posix() + separator + rest


def _pytest_command() -> list[str]:
    invocation = pytest_invocation()
    return list(invocation.command) if invocation is not None else ["pytest"]


def run_command(test_id: str) -> str:
    """The command that runs the test ``test_id`` (its unittest id) again."""
    node = pytest_node()
    if node is not None:
        return shlex.join([*_pytest_command(), selector(node)])
    return shlex.join([*test_command(), test_id])


def update_commands(test_id: str) -> list[str]:
    """The commands that rerun ``test_id`` updating its snapshots: env var form, flag form."""
    node = pytest_node()
    if node is not None:
        base, target = _pytest_command(), selector(node)
        return [
            shlex.join([f"{UPDATE_VARIABLE}=1", *base, target]),
            shlex.join([*base, target, "--update-snapshots"]),
        ]
    base = test_command()
    return [
        shlex.join([f"{UPDATE_VARIABLE}=1", *base, test_id]),
        shlex.join([*base, "--update-snapshots", test_id]),
    ]


def update_flag_note(runner_configured: bool) -> str | None:
    """What ``--update-snapshots`` needs that this run lacks, or None when it has it."""
    if pytest_node() is not None:
        if pytest_invocation() is not None:
            return None
        return (
            "(--update-snapshots needs djust-testing's pytest plugin, which is on where "
            "pytest-django is installed and configured: DJANGO_SETTINGS_MODULE or --ds.)"
        )
    if runner_configured:
        return None
    return (
        '(--update-snapshots needs TEST_RUNNER = "djust_testing.runner.LiveViewTestRunner" '
        "in the settings.)"
    )


def test_command() -> list[str]:
    """How this Django test run was started, without its labels, and its options kept."""
    argv = sys.argv
    program = argv[0] if argv else ""
    name = os.path.basename(program)
    if name == "__main__.py" and os.path.basename(os.path.dirname(program)) == "django":
        base = ["python", "-m", "django", "test"]
    elif name.startswith("django-admin"):
        base = ["django-admin", "test"]
    elif name == "manage.py":
        base = ["python", program, "test"]
    else:
        return ["python", "manage.py", "test"]
    options = argv[1:]
    kept: list[str] = []
    for index, option in enumerate(options):
        if option.startswith(("--settings=", "--pythonpath=")):
            kept.append(option)
        elif option in ("--settings", "--pythonpath") and index + 1 < len(options):
            kept.append(f"{option}={options[index + 1]}")
    return base + kept


#: pytest's options a rerun of one test needs, each followed by its value.
PYTEST_KEPT_OPTIONS = ("--ds", "--dc", "-c", "--config-file", "--rootdir", "-p")


def pytest_command(program: str, args: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """How pytest was started (``pytest``, ``python -m pytest``) with the options a rerun keeps.

    ``program`` is ``sys.argv[0]``; ``args`` are the arguments pytest was given.
    """
    name = os.path.basename(program)
    if name == "__main__.py" and os.path.basename(os.path.dirname(program)) == "pytest":
        words = ["python", "-m", "pytest"]
    else:
        words = ["pytest"]
    index = 0
    while index < len(args):
        arg = args[index]
        if arg.partition("=")[0] in PYTEST_KEPT_OPTIONS and arg.startswith("--") and "=" in arg:
            words.append(arg)
        elif arg in PYTEST_KEPT_OPTIONS and index + 1 < len(args):
            words += [arg, args[index + 1]]
            index += 1
        index += 1
    return tuple(words)
