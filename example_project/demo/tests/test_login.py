"""Logging in: errors shown live, then the session cookie set over HTTP.

The live client shares ``self.client``'s session: once ``follow_redirect()``
has made the HTTP request that logs in, ``self.live()`` mounts as that user.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import override_settings
from djust_testing import LiveViewTestCase

from demo.views import LoginView

# The default hasher is slow on purpose; these tests hash a password each.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class LoginTests(LiveViewTestCase):
    def setUp(self) -> None:
        User.objects.create_user("ann", password="correct horse")

    def test_a_wrong_password_is_shown_without_leaving_the_page(self) -> None:
        live = self.live(LoginView)
        live.send_event("log_in", username="ann", password="not-my-password")
        live.assert_state(errors={"form": ["Wrong username or password."]}, username="ann")
        live.refute_redirect()
        self.assertIn("Wrong username or password.", live.render())
        self.assertNotIn("not-my-password", str(live.get_state()))  # never kept as view state

    def test_the_page_s_own_form(self) -> None:
        # Filled in and submitted as a user does: the field names the template sends.
        live = self.live("/login/")
        live.form("form", {"username": "ann", "password": "wrong"}).submit()
        live.assert_state_contains(errors={"form": ["Wrong username or password."]})
        live.form("form", {"password": "correct horse"}).submit()  # the username stays typed
        live.assert_redirect("/login/complete/")

    def test_empty_fields_are_flagged_next_to_each_field(self) -> None:
        live = self.live(LoginView)
        live.send_event("log_in", username="", password="")
        live.assert_state_contains(
            errors={
                "username": ["This field is required."],
                "password": ["This field is required."],
            }
        )

    def test_the_right_password_logs_in_over_http_and_opens_the_dashboard(self) -> None:
        live = self.live("/login/")
        live.send_event("log_in", username="ann", password="correct horse")
        live.assert_state(errors={})
        url = live.assert_redirect("/login/complete/")
        self.assertIn("token=", url)
        # The browser leaves the LiveView for a plain Django view: a full page
        # load, made here through self.client, which keeps the session cookie.
        response = live.follow_redirect()
        self.assertRedirects(response, "/dashboard/")  # and the dashboard page loads (200)
        dashboard = self.live("/dashboard/")
        dashboard.assert_state(username="ann")
        self.assertEqual(dashboard.page_title, "ann's dashboard")

    def test_the_sign_in_link_works_once(self) -> None:
        live = self.live(LoginView)
        live.send_event("log_in", username="ann", password="correct horse")
        url = live.assert_redirect("/login/complete/")
        live.follow_redirect()
        self.client.logout()
        self.assertRedirects(self.client.get(url), "/login/?expired=1")

    def test_an_expired_link_brings_the_user_back_with_a_notice(self) -> None:
        live = self.live("/login/?expired=1")  # handle_params reads the query
        live.assert_state(expired=True)
        self.assertIn("That sign-in link has expired", live.render())
