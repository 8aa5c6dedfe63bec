"""The lobby: two people on one page see each other come, talk and go."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from djust_testing import LiveViewTestCase, LiveViewTestClient

from demo.views import LobbyView


class LobbyTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.client.force_login(User.objects.create_user("ann"))

    def guest(self) -> LiveViewTestClient:
        """The lobby in another browser, signed out."""
        return LiveViewTestClient(LobbyView, client=Client()).mount()

    def test_each_sees_who_is_here(self) -> None:
        ann = self.live("/lobby/")
        self.assertEqual(ann.element("#here").text, "ann")
        guest = self.guest()
        for live in (ann, guest):
            self.assertEqual(live.element("#online").text, "2")
            self.assertEqual(live.element("#here").text, "ann, guest")
        self.assertEqual(ann.last_action.kind, "broadcast")  # djust pushed it to ann's page

    def test_what_one_says_reaches_the_other(self) -> None:
        ann, guest = self.live("/lobby/"), self.guest()
        ann.form("form", data={"text": "hello"}).submit()
        self.assertEqual(
            ann.element("#messages").text, "ann: hello"
        )  # once: djust skips the sender
        self.assertEqual(guest.element("#messages").text, "ann: hello")
        self.assertEqual(guest.last_action.name, "server_push handle_message")
        guest.form("form", data={"text": "hi ann"}).submit()
        self.assertEqual(
            [li.text for li in ann.elements("#messages li")], ["ann: hello", "guest: hi ann"]
        )

    def test_leaving_updates_the_others(self) -> None:
        ann, guest = self.live("/lobby/"), self.guest()
        guest.close()
        self.assertEqual((ann.element("#online").text, ann.element("#here").text), ("1", "ann"))

    def test_two_tabs_of_one_user_count_once(self) -> None:
        first, second = self.live("/lobby/"), self.live("/lobby/")
        self.assertEqual(
            (first.element("#online").text, second.element("#online").text), ("1", "1")
        )
