"""open_browser(): the page as the browser holds it, in a file; a browser only outside CI."""

from __future__ import annotations

import contextlib
import io
import os
import webbrowser
from pathlib import Path
from unittest import mock

from django.test import override_settings

from djust_testing import LiveViewTestCase, LiveViewTestClient, NotMountedError
from tests.views.basics import CounterView
from tests.views.shelf import StyledView

STYLESHEET = Path(__file__).resolve().parents[1] / "static" / "tests" / "page.css"


@override_settings(STATIC_URL="/static/")
class OpenBrowserTests(LiveViewTestCase):
    def open(self, live: LiveViewTestClient) -> tuple[str, str, list[str]]:
        """``live.open_browser()`` with a recording opener: the path, the file, what was opened."""
        opened: list[str] = []
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            path = live.open_browser(opener=opened.append)
        self.addCleanup(os.remove, path)
        self.assertEqual(printed.getvalue(), f"open_browser(): the page is in {path}\n")
        return path, Path(path).read_text(encoding="utf-8"), opened

    def test_the_file_holds_the_page_as_the_browser_holds_it_now(self) -> None:
        live = self.live(StyledView)
        live.form("#search", {"q": "lamp", "all": True, "notes": "typed"}).submit()
        path, html, opened = self.open(live)
        self.assertEqual(opened, [path])
        self.assertTrue(path.endswith(".html"))
        self.assertIn("<title>Results for lamp</title>", html)  # the title djust set
        self.assertIn("<nav>The site's navigation</nav>", html)  # the layout around the dj-root
        self.assertIn('<p id="found">results for lamp</p>', html)
        # What the user entered, as attributes a browser shows from a file.
        self.assertIn('<input name="q" value="lamp">', html)
        self.assertIn('<input type="checkbox" name="all" checked="">', html)
        self.assertIn('<textarea name="notes">typed</textarea>', html)
        self.assertNotIn("dj-id", html)

    def test_static_stylesheets_are_linked_from_disk_and_scripts_dropped(self) -> None:
        _path, html, _opened = self.open(self.live(StyledView))
        self.assertIn(f'<link rel="stylesheet" href="{STYLESHEET.as_uri()}">', html)
        # Not a file of the project, or not a static one: left as written.
        self.assertIn('<link rel="stylesheet" href="/static/tests/missing.css">', html)
        self.assertIn('<link rel="stylesheet" href="https://cdn.example/site.css">', html)
        self.assertNotIn("<script", html)
        self.assertTrue(
            html.startswith(
                "<!-- djust_testing open_browser(): StyledView at /, scripts removed -->\n"
                "<!DOCTYPE html>"
            ),
            html[:200],
        )

    def test_the_title_djust_set_is_the_files(self) -> None:
        live = self.live(StyledView)
        live.send_event("search", q="x < y")
        self.assertEqual(live.page_title, "Results for x < y")
        _path, html, _opened = self.open(live)
        self.assertIn("<title>Results for x &lt; y</title>", html)

    def test_a_view_without_a_layout(self) -> None:
        _path, html, _opened = self.open(self.live(CounterView))
        self.assertIn('<div dj-root=""><h1>Count: 0</h1>', html)

    def test_not_mounted(self) -> None:
        with self.assertRaises(NotMountedError):
            LiveViewTestClient(CounterView).open_browser(opener=lambda path: None)


class DefaultOpenerTests(LiveViewTestCase):
    """The default opener: Python's webbrowser, never in CI; these tests mock it."""

    def open(self) -> str:
        with contextlib.redirect_stdout(io.StringIO()):
            path = self.live(CounterView).open_browser()
        self.addCleanup(os.remove, path)
        return path

    def test_outside_ci_the_users_browser_opens_the_file(self) -> None:
        environment = {key: value for key, value in os.environ.items() if key != "CI"}
        with (
            mock.patch.dict(os.environ, environment, clear=True),
            mock.patch("webbrowser.get") as get,
        ):
            path = self.open()
        get.return_value.open.assert_called_once_with(Path(path).as_uri())

    def test_in_ci_no_browser_opens(self) -> None:
        with mock.patch.dict(os.environ, {"CI": "true"}), mock.patch("webbrowser.get") as get:
            path = self.open()
        get.assert_not_called()
        self.assertTrue(Path(path).is_file())

    def test_without_a_browser_nothing_opens(self) -> None:
        environment = {key: value for key, value in os.environ.items() if key != "CI"}
        with (
            mock.patch.dict(os.environ, environment, clear=True),
            mock.patch(
                "webbrowser.get", side_effect=webbrowser.Error("could not locate runnable browser")
            ),
        ):
            path = self.open()
        self.assertTrue(Path(path).is_file())
