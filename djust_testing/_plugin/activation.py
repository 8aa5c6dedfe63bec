"""Whether the pytest plugin is on in a run, and the message of a fixture used where it is off.

Nothing here imports djust or Django: pytest imports the plugin before
pytest-django has configured Django.
"""

from __future__ import annotations

import os
import sys

import pytest

#: The name the session plugin is registered under once the plugin is on.
SESSION_PLUGIN = "djust_testing.session"
#: The name the ``snapshot`` fixture's module is registered under (see ``snapshot_fixture``).
SNAPSHOT_PLUGIN = "djust_testing.snapshot"


def why_off(config: pytest.Config) -> str | None:
    """Why the plugin is off in this run, or None when it is on."""
    if not config.pluginmanager.hasplugin("django"):
        return "pytest-django is not installed (pip install pytest-django), or was turned off"
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        return None
    django_conf = sys.modules.get("django.conf")
    if django_conf is not None and django_conf.settings.configured:
        return None
    return (
        "pytest-django has no Django settings: set DJANGO_SETTINGS_MODULE in the pytest ini "
        "file (pytest.ini, pyproject.toml's [tool.pytest.ini_options]), in the environment, "
        "or with --ds"
    )


def require_on(request: pytest.FixtureRequest, what: str) -> None:
    """Fail the test, saying why, when the plugin is off."""
    if not request.config.pluginmanager.has_plugin(SESSION_PLUGIN):
        reason = why_off(request.config) or "it was not started"
        pytest.fail(
            f"{what} needs djust-testing's pytest plugin, which is off: {reason}.", pytrace=False
        )


def snapshot_owner(config: pytest.Config) -> str | None:
    """The name of another plugin with a ``snapshot`` fixture (syrupy, pytest-snapshot), if any."""
    for name, plugin in config.pluginmanager.list_name_plugin():
        # A conftest's own snapshot fixture overrides ours below it, as pytest does.
        if plugin is None or name.startswith("djust_testing") or name.endswith("conftest.py"):
            continue
        if getattr(plugin, "__name__", "").startswith("djust_testing"):
            continue
        if callable(getattr(plugin, "snapshot", None)):
            return name
    return None
