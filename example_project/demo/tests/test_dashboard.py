"""The dashboard: a login_required LiveView, mounted as the user self.client logged in."""

from __future__ import annotations

from django.contrib.auth.models import User
from djust_testing import LiveViewTestCase, MountRedirectedError

from demo.models import Todo
from demo.views import DashboardView


class DashboardTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.ann = User.objects.create_user("ann")

    def test_shows_the_logged_in_user(self) -> None:
        Todo.objects.create(title="Buy milk")
        self.client.force_login(self.ann)  # the live client shares this session
        live = self.live(DashboardView)
        live.assert_state(username="ann", todos=1, orders=0)
        self.assertEqual(live.page_title, "ann's dashboard")
        html = live.render()
        self.assertIn("Hello, ann", html)
        self.assertIn("1 todo<", html)

    def test_anonymous_visitors_are_sent_to_the_login_page(self) -> None:
        with self.assertRaises(MountRedirectedError) as caught:
            self.live(DashboardView)
        # The first page load, over HTTP, redirects with ?next= as Django does;
        # the browser never opens the live connection.
        self.assertEqual(caught.exception.url, "/login/?next=%2Fdashboard%2F")
        self.assertRedirects(
            self.client.get("/dashboard/"),
            "/login/?next=/dashboard/",
            fetch_redirect_response=False,
        )

    def test_logging_out_over_http_ends_the_live_session_too(self) -> None:
        self.client.force_login(self.ann)
        self.live(DashboardView)
        self.client.post("/logout/")
        with self.assertRaises(MountRedirectedError):
            self.live(DashboardView)
