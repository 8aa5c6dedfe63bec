"""``open_browser()``: the page as the browser holds it now, in a file, opened in a browser.

The file is written to the system's temporary directory and kept: it is
there to be looked at. A browser opens it only outside CI (the ``CI``
environment variable unset or empty) and where Python's ``webbrowser``
finds one.
"""

from __future__ import annotations

import os
import sys
import tempfile
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

from ._browser.page import Page
from ._browser.query import shown_html
from ._browser.saved_page import saved_page
from ._live.render import render_document

Opener = Callable[[str], object]


def open_browser(view: Any, page: Page, url: str, opener: Opener | None) -> str:
    """Write the page to a temporary file, print its path, open it (see the module); return it."""
    try:
        document: str | None = render_document(view)
    except Exception:  # a template only djust's engine renders: the dj-root alone, then
        document = None
    html = saved_page(
        document,
        shown_html(page.document.root),
        title=page.title,
        static_file=static_file_uri,
        note=f"djust_testing open_browser(): {type(view).__qualname__} at {url}, scripts removed",
    )
    handle, path = tempfile.mkstemp(prefix="djust-testing-", suffix=".html")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(html)
    sys.stdout.write(f"open_browser(): the page is in {path}\n")
    (opener or open_in_browser)(path)
    return path


def open_in_browser(path: str) -> None:
    """Open ``path`` in the user's browser, unless in CI or where there is none."""
    if os.environ.get("CI"):
        return
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return
    browser.open(Path(path).as_uri())


def static_file_uri(url: str) -> str | None:
    """The ``file:`` URI of the static file ``url`` points at, if it is one the project has."""
    prefix = settings.STATIC_URL
    if not prefix or not url.startswith(prefix):
        return None
    relative = unquote(urlsplit(url[len(prefix) :]).path)
    found = finders.find(relative)
    if isinstance(found, list):
        found = found[0] if found else None
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / relative
        found = str(candidate) if candidate.is_file() else None
    return Path(found).resolve().as_uri() if found else None
