"""Several clients on one page: push_to_view, presence and database notifications between them."""

from __future__ import annotations

import weakref
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.models import User
from django.test import Client, override_settings
from djust import push_to_view
from djust.push import view_group_name

from djust_testing import (
    BroadcastError,
    DjustTestingError,
    DjustTestingWarning,
    LiveViewTestCase,
    LiveViewTestClient,
    deliver_broadcasts,
    send_db_notification,
)
from djust_testing._live import broadcasts
from tests.support.live import connection_of
from tests.views.broadcasts import BOARD, BoardView, LaterNewsView, NewsView, RoomView


class SeveralClientsCase(LiveViewTestCase):
    def another(self, view: type[Any], **params: Any) -> LiveViewTestClient:
        """The same page in another browser: its own session."""
        return LiveViewTestClient(view, client=Client()).mount(**params)


class PushTests(SeveralClientsCase):
    def test_a_handlers_push_reaches_the_other_client_and_skips_the_sender(self) -> None:
        ann, bob = self.live(BoardView), self.another(BoardView)
        ann.element("#say").click()
        self.assertEqual(ann.element("#msg").text, "I said hello")
        self.assertEqual([f["type"] for f in ann.last_action.frames], ["patch"])
        self.assertNotIn("broadcast", ann.last_action.frames[0])
        self.assertEqual(bob.element("#msg").text, "someone said hello")
        bob.assert_state(msg="someone said hello")
        self.assertEqual((bob.last_action.kind, bob.last_action.name), ("broadcast", "server_push"))
        [frame] = bob.last_action.frames
        self.assertEqual(
            {key: frame[key] for key in ("type", "version", "broadcast", "source")},
            {"type": "patch", "version": 2, "broadcast": True, "source": "broadcast"},
        )
        [message] = bob.last_action.received
        self.assertEqual(message["state"], {"msg": "someone said hello"})
        self.assertIsNotNone(message["sender_channel"])
        self.assertEqual(bob.get_event_history()[-1]["type"], "broadcast")

    def test_an_async_handlers_apush_calls_the_other_clients_handler(self) -> None:
        ann, bob = self.live(BoardView), self.another(BoardView)
        ann.element("#shout").click()
        self.assertEqual((ann.element("#hits").text, bob.element("#hits").text), ("0", "10"))
        self.assertEqual(bob.last_action.name, "server_push handle_ping")

    def test_a_push_from_the_test_waits_for_deliver_broadcasts(self) -> None:
        ann, bob = self.live(BoardView), self.another(BoardView)
        push_to_view(BOARD, handler="handle_ping", payload={"n": 3})  # as a Celery task would
        ann.assert_state(hits=0)
        deliver_broadcasts()
        self.assertEqual((ann.element("#hits").text, bob.element("#hits").text), ("3", "3"))
        self.assertEqual((ann.last_action.kind, bob.last_action.kind), ("broadcast", "broadcast"))

    def test_the_next_action_delivers_what_the_test_sent_first(self) -> None:
        ann, bob = self.live(BoardView), self.another(BoardView)
        push_to_view(BOARD, handler="handle_ping", payload={"n": 2})
        ann.element("#say").click()
        self.assertEqual(
            [entry["type"] for entry in ann.get_event_history()][-2:], ["broadcast", "event"]
        )
        ann.assert_state(hits=2, msg="I said hello")
        bob.assert_state(hits=2, msg="someone said hello")

    def test_a_push_reaches_only_the_views_of_its_path(self) -> None:
        board, news = self.live(BoardView), self.live(NewsView)
        board.element("#say").click()
        self.assertEqual(news.last_action.kind, "mount")

    def test_a_streamed_insert_reaches_the_other_page(self) -> None:
        ann, bob = self.live(BoardView), self.another(BoardView)
        ann.element("#stream").click()
        bob.assert_stream_insert("news", {"text": "fresh"})
        self.assertEqual(bob.element("#news-1").text, "fresh")
        self.assertEqual(ann.element("#news").text, "")  # the sender's own push is skipped

    def test_a_closed_client_receives_nothing(self) -> None:
        ann, bob = self.live(BoardView), self.another(BoardView)
        bob.close()
        ann.element("#say").click()
        self.assertEqual(bob.last_action.kind, "mount")

    def test_a_push_event_sent_to_the_views_group_reaches_each_page(self) -> None:
        ann, bob = self.live(BoardView), self.another(BoardView)
        layer = get_channel_layer()
        message = {"type": "client_push_event", "event": "toast", "payload": {"text": "hi"}}
        async_to_sync(layer.group_send)(view_group_name(BOARD), message)
        deliver_broadcasts()
        for live in (ann, bob):
            live.assert_push_event("toast", {"text": "hi"})
            self.assertEqual(live.last_action.name, "client_push_event")

    def test_an_invalid_view_path_is_refused_by_djust(self) -> None:
        with self.assertRaisesMessage(ValueError, "Invalid view_path: 'BoardView'"):
            push_to_view("BoardView", state={"msg": "x"})


class PushFailureTests(SeveralClientsCase):
    def test_a_push_naming_a_handler_djust_will_not_call_fails_the_sending_action(self) -> None:
        ann, bob = self.live(BoardView), self.another(BoardView)
        with self.assertRaises(BroadcastError) as raised:
            ann.element("#poke").click()
        self.assertEqual(
            str(raised.exception),
            f"While {ann!r} ran its event 'poke', a push_to_view reached {bob!r} naming the "
            "handler 'count_hit', which djust refuses to call: a push calls only methods named "
            "handle_* or decorated with @event_handler (websocket.py _apply_server_push). djust "
            "logs it and re-renders that page without calling it.",
        )
        bob.assert_state(hits=0)
        self.assertEqual(bob.last_action.frames[0]["patches"], [])  # djust still renders

    def test_a_receiving_handler_that_raises_fails_the_sending_action(self) -> None:
        ann, bob = self.live(BoardView), self.another(BoardView)
        with self.assertRaises(BroadcastError) as raised:
            ann.element("#break").click()
        self.assertEqual(
            str(raised.exception),
            f"While {ann!r} ran its event 'break_others', djust delivered 'server_push "
            f"handle_explode' to {bob!r}, whose handle_explode raised ValueError: the board "
            "exploded. djust's consumer only logs it ('Error in server_push') and sends that "
            "page nothing for it.",
        )
        self.assertIsInstance(raised.exception.__cause__, ValueError)
        self.assertEqual(bob.last_action.frames, [])
        self.assertIsInstance(bob.last_action.exception, ValueError)
        ann.assert_state(msg="")  # the sender's own page was answered before

    def test_a_failure_from_the_tests_own_push_raises_from_deliver_broadcasts(self) -> None:
        self.live(BoardView)
        push_to_view(BOARD, handler="handle_explode")
        with self.assertRaisesMessage(
            BroadcastError, "While deliver_broadcasts() delivered the waiting messages, djust"
        ):
            deliver_broadcasts()

    def test_a_receiving_page_that_goes_wrong_fails_the_sending_action(self) -> None:
        ann, bob = self.live(BoardView), self.another(BoardView)

        class BrokenPage:
            def follow(self, action: Any) -> None:
                raise AssertionError("the page could not apply the patch")

        page = BrokenPage()
        connection_of(bob).listener = weakref.WeakMethod(page.follow)
        with self.assertRaises(BroadcastError) as raised:
            ann.element("#say").click()
        self.assertEqual(
            str(raised.exception),
            f"While {ann!r} ran its event 'say', djust sent {bob!r} a broadcast, and its page "
            "went wrong with it:\nthe page could not apply the patch",
        )
        self.assertIsInstance(raised.exception.__cause__, AssertionError)

    def test_handlers_pushing_to_each_other_for_ever_are_stopped(self) -> None:
        ann = self.live(BoardView)
        push_to_view(BOARD, handler="handle_echo")
        with self.assertRaisesMessage(
            BroadcastError,
            "While deliver_broadcasts() delivered the waiting messages, the clients kept "
            f"sending each other channel messages for {broadcasts.MAX_ROUNDS} rounds (a push "
            "handler that pushes to its own view again?). In production this loop would "
            "never end.",
        ):
            deliver_broadcasts()
        ann.assert_state(hits=broadcasts.MAX_ROUNDS)


class PresenceTests(SeveralClientsCase):
    def test_each_client_sees_the_count_and_only_the_joiner_runs_its_join(self) -> None:
        ann = self.live(RoomView, name="ann")
        # The joiner's own push after mount() comes back to it: mount is not an event.
        self.assertEqual([f["type"] for f in ann.last_action.frames], ["mount", "patch"])
        bob = self.another(RoomView, name="bob")
        self.assertEqual((ann.element("#count").text, bob.element("#count").text), ("2", "2"))
        self.assertEqual(ann.get_state()["log"], ["joined as ann"])
        self.assertEqual(bob.get_state()["log"], ["joined as bob"])
        self.assertEqual(ann.last_action.name, "server_push _on_presence_change")

    def test_leaving_updates_the_others_and_runs_leave_on_the_leaver_only(self) -> None:
        ann, bob = self.live(RoomView, name="ann"), self.another(RoomView, name="bob")
        leaving = bob.view_instance
        bob.close()
        self.assertEqual(ann.element("#count").text, "1")
        self.assertEqual(ann.last_action.kind, "broadcast")
        self.assertEqual(ann.get_state()["log"], ["joined as ann"])
        self.assertEqual(leaving.log, ["joined as bob", "left"])

    def test_list_presences_has_everyone(self) -> None:
        ann = self.live(RoomView, name="ann")
        self.another(RoomView, name="bob")
        ann.send_event("who")
        self.assertEqual(ann.get_state()["log"][-1], "ann, bob")

    def test_broadcast_to_presence_reaches_every_member_the_sender_too(self) -> None:
        ann, bob = self.live(RoomView, name="ann"), self.another(RoomView, name="bob")
        ann.element("#wave").click()
        [sent] = ann.last_action.frames_of("presence_event")
        self.assertEqual(sent["event"], "wave")
        [received] = bob.last_action.frames
        self.assertEqual(received, sent)

    def test_two_tabs_of_one_user_are_one_presence(self) -> None:
        self.client.force_login(User.objects.create_user("ann"))
        first, second = self.live(RoomView), self.live(RoomView)
        self.assertEqual((first.element("#count").text, second.element("#count").text), ("1", "1"))
        second.close()  # its leave removes the user for both tabs, as in djust
        first.send_event("who")
        self.assertEqual((first.get_state()["online_count"], first.get_state()["log"][-1]), (0, ""))


class NotificationTests(SeveralClientsCase):
    def test_a_notification_reaches_every_client_listening_on_its_channel(self) -> None:
        first, second, board = self.live(NewsView), self.another(NewsView), self.live(BoardView)
        send_db_notification("news", {"title": "hi"})
        for live in (first, second):
            self.assertEqual((live.element("#seen").text, live.element("#last").text), ("1", "hi"))
            self.assertEqual(live.last_action.name, "db_notify news")
            [frame] = live.last_action.frames
            self.assertEqual((frame["broadcast"], frame["source"]), (True, "broadcast"))
        self.assertEqual(board.last_action.kind, "mount")

    def test_a_notification_on_another_channel_reaches_no_listener(self) -> None:
        news = self.live(NewsView)
        send_db_notification("sports", {"title": "goal"})
        news.assert_state(seen=0)

    def test_a_channel_listened_to_in_a_handler_is_joined_when_the_event_ends(self) -> None:
        later = self.live(LaterNewsView)
        send_db_notification("news")
        later.assert_state(seen=0)
        later.send_event("follow")
        send_db_notification("news")
        later.assert_state(seen=1)

    def test_a_handle_info_that_raises_is_reported(self) -> None:
        news = self.live(NewsView)
        with self.assertRaises(BroadcastError) as raised:
            send_db_notification("news", {"boom": True})
        self.assertIn(
            f"djust delivered 'db_notify news' to {news!r}, whose handle_info raised "
            "RuntimeError: the news was too much. djust's consumer only logs it",
            str(raised.exception),
        )
        self.assertEqual(news.last_action.frames, [])

    def test_djust_refuses_a_channel_name_postgresql_would(self) -> None:
        self.live(NewsView)
        with self.assertRaisesMessage(ValueError, "Invalid pg_notify channel name: 'Bad-News'"):
            send_db_notification("Bad-News")

    def test_the_arguments_are_a_channel_name_and_a_dict(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "takes the channel's name as a str"):
            send_db_notification(5)  # type: ignore[arg-type]
        with self.assertRaisesMessage(DjustTestingError, "takes the payload as a dict"):
            send_db_notification("news", ["x"])  # type: ignore[arg-type]


@override_settings(
    CHANNEL_LAYERS={"default": {"BACKEND": "tests.support.layers.ElsewhereChannelLayer"}}
)
class OtherChannelLayerTests(SeveralClientsCase):
    def setUp(self) -> None:
        broadcasts._warned_about.discard("ElsewhereChannelLayer")

    def test_a_layer_other_than_the_in_memory_one_warns_and_delivers_nothing(self) -> None:
        with self.assertWarnsMessage(
            DjustTestingWarning,
            "CHANNEL_LAYERS['default'] is ElsewhereChannelLayer: djust_testing delivers "
            "push_to_view, presence and database notifications between test clients only "
            "through channels.layers.InMemoryChannelLayer",
        ):
            ann = self.live(BoardView)
        bob = self.another(BoardView)
        ann.element("#say").click()
        bob.assert_state(msg="")
        with self.assertRaisesMessage(
            DjustTestingError,
            "deliver_broadcasts() needs channels.layers.InMemoryChannelLayer as "
            "CHANNEL_LAYERS['default'] in the test settings, but it is ElsewhereChannelLayer",
        ):
            deliver_broadcasts()
