"""Sphinx configuration for the djust-testing documentation.

Build from the repository root, warnings as errors, offline:

    python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import configparser
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# autodoc imports djust_testing, which imports djust and Django: give them a
# minimal configuration so the build needs no project settings.
import django  # noqa: E402
from django.conf import settings  # noqa: E402

if not settings.configured:
    settings.configure(
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "djust",
            "djust_testing",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        SECRET_KEY="djust-testing-docs",
        USE_TZ=True,
    )
django.setup()

_setup = configparser.ConfigParser()
_setup.read(ROOT / "setup.cfg")

project = "djust-testing"
author = "djust-testing contributors"
copyright = "djust-testing contributors"
release = _setup["metadata"]["version"]
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "build.sh"]

# MyST: Markdown pages; ``{include}`` brings in CHANGELOG.md.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

# autodoc: signatures as written in the code, members in source order.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_default_options = {"show-inheritance": True}

# Objects the client hands out; a test never constructs them, so their
# constructor signatures would only mislead.
_NO_SIGNATURE = {"djust_testing.elements.ElementRef", "djust_testing.elements.FormRef"}

html_theme = "furo"
html_title = f"djust-testing {release}"
html_static_path: list[str] = []


def _drop_signature(app, what, name, obj, options, signature, return_annotation):
    if what == "class" and name in _NO_SIGNATURE:
        return "", None
    return None


def setup(app):
    app.connect("autodoc-process-signature", _drop_signature)
