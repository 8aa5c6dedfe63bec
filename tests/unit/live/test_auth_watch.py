"""The login/logout watch an action runs under (``connection.auth_changes``)."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.test import SimpleTestCase

from djust_testing._live.connection import auth_changes

# Django's own receiver saves the user's last_login: a stand-in that saves nothing.
USER = SimpleNamespace(last_login=None, save=lambda **kwargs: None)


def log_in() -> None:
    user_logged_in.send(sender=type(USER), request=None, user=USER)


def log_out() -> None:
    user_logged_out.send(sender=type(USER), request=None, user=USER)


class AuthWatchTests(SimpleTestCase):
    def test_notes_each_login_and_logout_in_order(self) -> None:
        seen: list[str] = []
        with auth_changes(seen):
            log_in()
            log_out()
            log_in()
        self.assertEqual(seen, ["login", "logout", "login"])

    def test_notes_nothing_before_or_after_the_action(self) -> None:
        log_in()
        seen: list[str] = []
        with auth_changes(seen):
            pass
        log_out()
        self.assertEqual(seen, [])

    def test_a_watch_inside_another_leaves_both_noting(self) -> None:
        outer: list[str] = []
        inner: list[str] = []
        with auth_changes(outer):
            with auth_changes(inner):
                log_in()
            log_out()
        self.assertEqual((outer, inner), (["login", "logout"], ["login"]))

    def test_stops_noting_when_the_action_raises(self) -> None:
        seen: list[str] = []
        with self.assertRaises(KeyError), auth_changes(seen):
            raise KeyError("in the handler")
        log_in()
        self.assertEqual(seen, [])

    def test_the_receivers_are_connected_once(self) -> None:
        with auth_changes([]):
            pass
        before = len(user_logged_in.receivers), len(user_logged_out.receivers)
        for _ in range(3):
            with auth_changes([]):
                pass
        self.assertEqual((len(user_logged_in.receivers), len(user_logged_out.receivers)), before)
