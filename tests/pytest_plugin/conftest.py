"""The pytest plugin's tests: each runs real pytest sessions, with pytester, in a scratch project.

The scratch project is what a pytest-django user has: settings named in
``pytest.ini``, an app with LiveViews, tests beside it. Every session runs
in a subprocess (``runpytest_subprocess``), so each has its own Django,
and the plugin is loaded as users get it, through its ``pytest11`` entry
point. Run them with ``python -m pytest tests/pytest_plugin`` (Django's
runner runs them too, from ``tests/integration/test_pytest_plugin.py``).
"""

from __future__ import annotations

import os
import re
import textwrap
from importlib.metadata import entry_points
from pathlib import Path

import pytest

SETTINGS = """
SECRET_KEY = "pytest-plugin-tests"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "djust",
    "shop",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
ROOT_URLCONF = "urls"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""

VIEWS = '''
import os

from djust import LiveView, event_handler


class CounterView(LiveView):
    login_required = False
    template = """<div dj-root><h1>{{ title }}</h1><p class="count">{{ count }}</p>
    <button dj-click="increment">+</button></div>"""

    def mount(self, request, **kwargs):
        self.title = os.environ.get("SHOP_TITLE", "Counter")
        self.count = int(request.GET.get("start", 0))

    @event_handler
    def increment(self, **kwargs):
        self.count += 1


class AccountView(LiveView):
    login_required = True
    template = """<div dj-root><p class="user">{{ username }}</p></div>"""

    def mount(self, request, **kwargs):
        self.username = request.user.username
'''

URLS = """
from django.urls import path

from shop.views import AccountView, CounterView

urlpatterns = [path("", CounterView.as_view()), path("account/", AccountView.as_view())]
"""

#: The variables a session must not inherit from the one running these tests.
_INHERITED = re.compile(r"^(CI|DJANGO_SETTINGS_MODULE|DJUST_TESTING_.*|PYTEST_.*|SHOP_.*)$")


def pytest_configure(config: pytest.Config) -> None:
    plugins = {entry.name: entry.value for entry in entry_points(group="pytest11")}
    if plugins.get("djust_testing") != "djust_testing.pytest_plugin":
        raise pytest.UsageError(
            "djust-testing's pytest11 entry point is not installed in this environment; "
            "reinstall the checkout: pip install -e '.[dev]'"
        )


class Project:
    """A pytest-django project in ``pytester.path``, and pytest sessions run in it."""

    def __init__(self, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pytester = pytester
        self.monkeypatch = monkeypatch
        self.path = pytester.path
        for name in list(os.environ):
            if _INHERITED.match(name):
                monkeypatch.delenv(name)
        self.write("settings.py", SETTINGS)
        self.write("urls.py", URLS)
        self.write("shop/__init__.py", "")
        self.write("shop/views.py", VIEWS)
        self.write(
            "pytest.ini",
            "[pytest]\n"
            "DJANGO_SETTINGS_MODULE = settings\n"
            "pythonpath = .\n"
            # No .pytest_cache in the project: each run is a first run.
            "addopts = -p no:cacheprovider\n",
        )

    def write(self, relative: str, text: str) -> Path:
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")
        return path

    def run(self, *args: str, **environ: str) -> pytest.RunResult:
        """``python -m pytest *args`` in the project, with ``environ`` set for it alone."""
        with self.monkeypatch.context() as patch:
            for name, value in environ.items():
                patch.setenv(name, value)
            return self.pytester.runpytest_subprocess(*args)

    def snapshots(self, module: str = "tests/test_pages") -> list[str]:
        """The files in ``module``'s snapshot folder."""
        folder = self.path / Path(module).parent / "__snapshots__" / Path(module).name
        return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []

    def snapshot(self, file_name: str, module: str = "tests/test_pages") -> str:
        folder = self.path / Path(module).parent / "__snapshots__" / Path(module).name
        return (folder / file_name).read_text("utf-8")

    def summary(self, result: pytest.RunResult) -> list[str]:
        """The lines of the run's "djust-testing snapshots" section."""
        lines = result.outlines
        starts = [i for i, line in enumerate(lines) if "djust-testing snapshots" in line]
        assert starts, "no snapshot summary in:\n" + "\n".join(lines)
        section = []
        for line in lines[starts[0] + 1 :]:
            if line.startswith("==="):
                break
            section.append(line)
        while section and not section[-1]:
            section.pop()
        return section


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Project:
    return Project(pytester, monkeypatch)
