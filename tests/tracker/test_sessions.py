"""Issue 9, item 7: ``login()`` / ``logout()`` inside a socket handler.

Production loses both (probe_production ``SessionFacts``): ``login()`` calls
``cycle_key()``, which deletes the session row the browser's cookie names and
creates one the browser never hears of (a WebSocket cannot set a cookie); the
socket keeps the user channels' ``AuthMiddlewareStack`` put in its scope at
connect. So after ``login()`` the next view on the socket sees the anonymous
user and a full page load is anonymous too; after ``logout()`` the socket's
next view still sees the old user while a page load is anonymous.

djust_testing already reproduces those results (``follow_redirect`` mounts
with the connection's user, the shared test client keeps the old cookie).
What is missing is the warning at the action: a ``DjustTestingWarning`` (a
``UserWarning``, exported from ``djust_testing``) saying why, and showing the
pattern that works: check the credentials in the handler, then send the
browser over HTTP to a plain Django view that calls ``login()`` and
redirects (example_project ``demo/views/accounts.py``), or in a test log in
with ``self.client.force_login(user)`` before ``self.live()``.
"""

from __future__ import annotations

import warnings

from django.contrib.auth.models import User

import djust_testing
from djust_testing import LiveViewTestCase, LiveViewTestClient, MountRedirectedError


def warning_class() -> type[Warning]:
    found = getattr(djust_testing, "DjustTestingWarning", None)
    if not (isinstance(found, type) and issubclass(found, UserWarning)):
        raise AssertionError("djust_testing exports no DjustTestingWarning (a UserWarning)")
    return found


class LoginInHandlerTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.user = User.objects.create_user("ann", password="pw")

    def test_login_in_a_handler_warns_at_the_action_and_is_lost_as_in_production(self) -> None:
        live = self.live("/tracker/sign-in/")
        with self.assertWarns(warning_class()) as caught:
            live.send_event("sign_in", username="ann", password="pw")
        message = str(caught.warning)
        self.assertIn("login()", message)
        self.assertIn("SignInView.sign_in", message)
        self.assertIn("cookie", message)
        self.assertIn("force_login", message)  # the pattern that works, in a test
        self.assertEqual(caught.filename, __file__)  # warns where the test acted
        # Production's result stays: the next view on the socket is anonymous...
        with self.assertRaises(MountRedirectedError):
            live.follow_redirect()
        # ...and so is a full page load with the browser's cookie.
        self.assertEqual(self.client.get("/tracker/account/").status_code, 302)

    def test_logout_in_a_handler_warns_and_the_socket_keeps_the_user(self) -> None:
        self.client.force_login(self.user)
        live = self.live("/tracker/account/")
        with self.assertWarns(warning_class()) as caught:
            live.send_event("sign_out")
        self.assertIn("logout()", str(caught.warning))
        following = live.follow_redirect()
        assert isinstance(following, LiveViewTestClient)
        following.assert_state(username="ann")
        self.assertEqual(self.client.get("/tracker/account/").status_code, 302)

    def test_a_handler_that_does_not_touch_the_session_does_not_warn(self) -> None:
        """The warning is about login()/logout(), not every event (needs the class to exist)."""
        warning = warning_class()
        live = self.live("/tracker/sign-in/")
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            live.send_event("sign_in", username="ann", password="wrong")
        self.assertEqual([w for w in seen if issubclass(w.category, warning)], [])
        live.assert_state(error="Wrong username or password")
