from __future__ import annotations

import gc

from django.contrib.auth.models import User
from django.http import HttpResponse
from djust.state_backend import get_backend

from djust_testing import (
    DjustTestingError,
    DjustTestingWarning,
    LiveViewTestCase,
    LiveViewTestClient,
    MountRedirectedError,
)
from tests.views.basics import ItemView
from tests.views.effects import (
    EffectsView,
    InfoView,
    NoFlashContainerView,
    SocketLoginView,
    UnhandledWorkView,
    WorkView,
)
from tests.views.templates import TitledView


class PushEventTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(EffectsView)
        self.live_client.send_event("save")

    def test_assert_push_event_matches_name_and_payload_subset(self) -> None:
        self.live_client.assert_push_event("flash")
        self.live_client.assert_push_event("flash", {"type": "success"})
        self.live_client.assert_push_event("flash", {"meta": {"id": 7}})
        self.live_client.assert_push_event("track", {"what": "save"})

    def test_assert_push_event_fails_listing_what_was_sent(self) -> None:
        with self.assertRaises(AssertionError) as caught:
            self.live_client.assert_push_event("flash", {"type": "error"})
        self.assertEqual(
            str(caught.exception),
            "Expected the last action to send a push event 'flash' with payload containing "
            '{"type": "error"}.\n'
            "The last action (event 'save') sent:\n"
            "  patch (1 DOM patches)\n"
            '  push_event \'flash\' {"message": "saved", "meta": {"id": 7}, "type": "success"}\n'
            '  push_event \'track\' {"what": "save"}',
        )

    def test_a_payload_value_is_never_a_substring(self) -> None:
        with self.assertRaisesMessage(
            AssertionError,
            "Expected the last action to send a push event 'flash' with payload containing "
            '{"type": "succ"}.',
        ):
            self.live_client.assert_push_event("flash", {"type": "succ"})
        self.live_client.refute_push_event("flash", {"type": "succ"})
        with self.assertRaisesMessage(AssertionError, 'payload containing {"meta": {"id": 7.0}}'):
            self.live_client.assert_push_event("flash", {"meta": {"id": 7.0}})

    def test_reads_only_the_last_action(self) -> None:
        self.live_client.send_event("nothing")
        with self.assertRaisesMessage(
            AssertionError, "The last action (event 'nothing') sent:\n  noop"
        ):
            self.live_client.assert_push_event("flash")

    def test_refute_push_event(self) -> None:
        self.live_client.refute_push_event("other")
        self.live_client.refute_push_event("flash", {"type": "error"})
        with self.assertRaisesMessage(
            AssertionError, "Expected the last action not to send a push event 'track'."
        ):
            self.live_client.refute_push_event("track")


class PatchTests(LiveViewTestCase):
    def test_assert_patch_returns_the_url_the_browser_moves_to(self) -> None:
        live = self.live(EffectsView)
        live.send_event("filter")
        url = live.assert_patch("/items/3/", {"page": 2})
        # djust's browser client replaces the query and drops empty values.
        self.assertEqual(url, "/items/3/?page=2&category=books")
        self.assertEqual(live.url, url)
        self.assertEqual(live.assert_patch(), url)

    def test_a_patch_with_only_params_keeps_the_path(self) -> None:
        live = self.live(EffectsView)
        live.send_event("next_page")
        self.assertEqual(live.assert_patch("/", {"page": 3}), "/?page=3")

    def test_a_patch_with_only_a_path_takes_its_query(self) -> None:
        live = self.live(EffectsView)
        live.send_event("keep_query")
        self.assertEqual(live.url, "/items/9/?tab=x")

    def test_a_patch_does_not_run_handle_params(self) -> None:
        # djust's browser client only rewrites its URL after a live_patch.
        live = self.live(ItemView, pk=1)
        live.send_event("show_tab", tab="reviews")
        self.assertEqual(live.url, "/items/1/?tab=reviews")
        live.assert_state(tab="")

    def test_assert_patch_fails_on_another_path_or_params(self) -> None:
        live = self.live(EffectsView)
        live.send_event("filter")
        with self.assertRaises(AssertionError) as caught:
            live.assert_patch("/items/4/")
        self.assertEqual(
            str(caught.exception),
            "Expected the last action to send a live_patch to '/items/4/'.\n"
            "The browser goes to: http://testserver/items/3/?page=2&category=books\n"
            "The last action (event 'filter') sent:\n"
            "  navigation live_patch path='/items/3/' "
            "params={'page': 2, 'category': 'books', 'empty': ''} replace=False\n"
            "  noop",
        )
        with self.assertRaisesMessage(
            AssertionError, 'live_patch with params containing {"page": 5}'
        ):
            live.assert_patch(params={"page": 5})

    def test_params_are_matched_exactly_not_by_substring(self) -> None:
        live = self.live(EffectsView)
        live.send_event("filter")
        live.assert_patch(params={"category": "books"})
        for params in ({"category": "book"}, {"page": "2"}, {"page": 2.0}):
            with (
                self.subTest(params=params),
                self.assertRaisesMessage(
                    AssertionError, "Expected the last action to send a live_patch with params"
                ),
            ):
                live.assert_patch(params=params)

    def test_refute_patch(self) -> None:
        live = self.live(EffectsView)
        live.send_event("save")
        live.refute_patch()
        live.send_event("filter")
        with self.assertRaisesMessage(
            AssertionError, "Expected the last action not to send a live_patch."
        ):
            live.refute_patch()


class PatchActionTests(LiveViewTestCase):
    def test_patch_runs_handle_params_like_a_dj_patch_link(self) -> None:
        live = self.live(ItemView, pk=4)
        result = live.patch("/items/4/?tab=reviews")
        self.assertTrue(result["success"])
        self.assertEqual(live.url, "/items/4/?tab=reviews")
        live.assert_state(tab="reviews", params={"tab": "reviews"}, uri="/items/4/?tab=reviews")
        self.assertIn("tab reviews", live.render())

    def test_patch_without_a_url_replays_the_current_one(self) -> None:
        live = self.live(ItemView, pk=4)
        live.send_event("show_tab", tab="specs")
        self.assertEqual(live.url, "/items/4/?tab=specs")
        live.patch()
        live.assert_state(tab="specs")


class RedirectTests(LiveViewTestCase):
    def test_assert_redirect_returns_the_url_the_browser_goes_to(self) -> None:
        live = self.live(EffectsView)
        live.send_event("go_item")
        self.assertEqual(
            live.assert_redirect("/items/5/", {"from": "effects"}), "/items/5/?tab=a&from=effects"
        )
        live.refute_patch()

    def test_assert_redirect_fails_listing_what_was_sent(self) -> None:
        live = self.live(EffectsView)
        live.send_event("save")
        with self.assertRaisesMessage(
            AssertionError,
            "Expected the last action to send a live_redirect to '/items/5/'.\n"
            "The last action (event 'save') sent:",
        ):
            live.assert_redirect("/items/5/")

    def test_refute_redirect(self) -> None:
        live = self.live(EffectsView)
        live.send_event("save")
        live.refute_redirect()
        live.send_event("go_item")
        with self.assertRaisesMessage(AssertionError, "not to send a live_redirect"):
            live.refute_redirect()

    def test_follow_redirect_mounts_the_destination_on_the_same_connection(self) -> None:
        self.client.force_login(User.objects.create_user("ann"))
        live = self.live(EffectsView)
        live.send_event("save")  # a render: version 2
        live.send_event("go_item")  # no render, no version
        item = live.follow_redirect()
        assert isinstance(item, LiveViewTestClient)
        self.assertIsInstance(item.view_instance, ItemView)
        self.assertEqual(item.url, "/items/5/?tab=a&from=effects")
        item.assert_state(pk=5, tab="a", params={"tab": "a", "from": "effects"})
        self.assertEqual(item.view_instance.request.user.get_username(), "ann")
        # The mount continues the connection's frame versions.
        self.assertEqual(item.last_action.frames_of("mount")[0]["version"], 3)
        with self.assertRaisesMessage(
            DjustTestingError, "use the client follow_redirect() returned"
        ):
            live.send_event("save")

    def test_the_followed_client_outlives_the_one_it_came_from(self) -> None:
        live = self.live(EffectsView)
        live.send_event("go_item")
        item = live.follow_redirect()
        del live
        self._live_clients.clear()  # drop the case's reference too
        gc.collect()
        assert isinstance(item, LiveViewTestClient)
        item.send_event("show_tab", tab="x")
        item.assert_patch(params={"tab": "x"})
        item.close()

    def test_closing_releases_every_view_the_connection_hosted(self) -> None:
        keys = get_backend().get_stats()["total_sessions"]
        live = LiveViewTestClient(EffectsView).mount()
        live.send_event("go_item")
        item = live.follow_redirect()
        assert isinstance(item, LiveViewTestClient)
        self.assertEqual(get_backend().get_stats()["total_sessions"], keys + 2)
        item.close()
        self.assertEqual(get_backend().get_stats()["total_sessions"], keys)

    def test_a_login_over_the_socket_does_not_reach_the_redirected_mount(self) -> None:
        # djust mounts the destination with the connection's user, which a
        # handler's login() cannot change: only a new page load (HTTP) can.
        User.objects.create_user("bea")
        live = self.live(SocketLoginView)
        with self.assertWarnsMessage(DjustTestingWarning, "SocketLoginView.sign_in called login()"):
            live.send_event("sign_in", username="bea")
        with self.assertRaisesMessage(
            MountRedirectedError, "djust redirected the mount of LoginRequiredView"
        ) as raised:
            live.follow_redirect()
        self.assertIn(
            " The view is login_required and the live connection's user is anonymous: log in "
            "first, e.g. self.client.force_login(user).",
            str(raised.exception),
        )

    def test_follow_redirect_to_a_plain_view_returns_its_response(self) -> None:
        live = self.live(EffectsView)
        live.send_event("go_plain")
        response = live.follow_redirect()
        assert isinstance(response, HttpResponse)
        self.assertEqual(response.content, b"plain")

    def test_follow_redirect_needs_exactly_one_redirect(self) -> None:
        live = self.live(EffectsView)
        live.send_event("save")
        with self.assertRaisesMessage(
            AssertionError,
            "follow_redirect() needs exactly one live_redirect in the last action, which sent "
            "no live_redirect.",
        ):
            live.follow_redirect()
        live.send_event("go_twice")
        with self.assertRaisesMessage(AssertionError, "which sent 2 live_redirects."):
            live.follow_redirect()

    def test_follow_redirect_to_an_unrouted_path(self) -> None:
        live = self.live(EffectsView)
        live.send_event("go_nowhere")
        with self.assertRaisesMessage(
            AssertionError, "The live_redirect goes to '/nowhere/', which no URL pattern matches."
        ):
            live.follow_redirect()

    def test_follow_redirect_to_a_view_the_user_may_not_see(self) -> None:
        live = self.live(EffectsView)
        live.send_event("go_secret")
        with self.assertRaisesMessage(
            MountRedirectedError, "djust redirected the mount of LoginRequiredView"
        ):
            live.follow_redirect()


class FlashTests(LiveViewTestCase):
    def test_assert_flash_sees_what_stays_on_screen(self) -> None:
        live = self.live(EffectsView)
        live.send_event("notify")
        live.assert_flash("success", "Saved")
        live.assert_flash("success")
        with self.assertRaisesMessage(
            AssertionError, "Expected the last action to show a 'error' flash containing ''."
        ):
            live.assert_flash("error")  # cleared by the same handler

    def test_assert_flash_fails_listing_what_was_sent(self) -> None:
        live = self.live(EffectsView)
        live.send_event("notify")
        with self.assertRaisesMessage(
            AssertionError,
            "Expected the last action to show a 'success' flash containing 'Deleted'.\n"
            "The last action (event 'notify') sent:\n"
            "  flash put 'success' 'Saved it!'\n"
            "  flash put 'error' 'Gone soon'\n"
            "  flash clear 'error'\n"
            "  noop",
        ):
            live.assert_flash("success", "Deleted")

    def test_a_page_without_a_flash_container_shows_nothing(self) -> None:
        live = self.live(NoFlashContainerView)
        live.send_event("notify")
        with self.assertRaisesMessage(
            AssertionError,
            "djust sent the 'info' flash, but NoFlashContainerView's page has no flash "
            "container ({% dj_flash %}), so the browser drops it.",
        ):
            live.assert_flash("info", "nobody")

    def test_refute_flash(self) -> None:
        live = self.live(EffectsView)
        live.send_event("save")
        live.refute_flash()
        live.send_event("notify")
        live.refute_flash("error")
        with self.assertRaisesMessage(
            AssertionError, "Expected the last action to show no 'success' flash."
        ):
            live.refute_flash("success")


class PageTitleTests(LiveViewTestCase):
    def test_starts_with_the_pages_title_and_follows_page_title(self) -> None:
        live = self.live(EffectsView)
        self.assertEqual(live.page_title, "Effects")
        live.send_event("retitle", title="Inbox (3)")
        self.assertEqual(live.page_title, "Inbox (3)")

    def test_renders_the_title_with_the_views_values(self) -> None:
        self.assertEqual(self.live(TitledView).page_title, "Profile of Ada")


class StreamTests(LiveViewTestCase):
    def test_assert_stream_insert(self) -> None:
        live = self.live(EffectsView)
        live.assert_stream_insert("messages", {"text": "first"})  # mount's own stream()
        live.send_event("post_message", text="hello")
        live.assert_stream_insert("messages", {"text": "hello"})
        live.assert_stream_insert("messages")
        live.assert_stream_insert("messages", {"id": 11, "text": "hello"})

    def test_assert_stream_insert_fails_listing_the_operations(self) -> None:
        live = self.live(EffectsView)
        live.send_event("post_message", text="hello")
        with self.assertRaisesMessage(
            AssertionError,
            "Expected the last action to send an insert into stream 'messages' of an item "
            "matching {'text': 'bye'}.\n"
            "The last action (event 'post_message') sent:\n"
            "  patch (2 DOM patches)\n"
            '  stream_insert \'messages\' dom_id=\'messages-11\' item={"id": 11, "text": "hello"}',
        ):
            live.assert_stream_insert("messages", {"text": "bye"})
        with self.assertRaisesMessage(AssertionError, "an insert into stream 'other'"):
            live.assert_stream_insert("other")

    def test_an_item_field_is_never_a_substring(self) -> None:
        live = self.live(EffectsView)
        live.send_event("post_message", text="hello")
        with self.assertRaisesMessage(
            AssertionError,
            "Expected the last action to send an insert into stream 'messages' of an item "
            "matching {'text': 'hel'}.",
        ):
            live.assert_stream_insert("messages", {"text": "hel"})
        with self.assertRaisesMessage(AssertionError, "of an item matching {'id': '11'}."):
            live.assert_stream_insert("messages", {"id": "11"})

    def test_assert_stream_delete_by_item_or_dom_id(self) -> None:
        live = self.live(EffectsView)
        live.send_event("remove_message", message_id=1)
        live.assert_stream_delete("messages", "messages-1")
        live.assert_stream_delete("messages", {"id": 1})
        with self.assertRaisesMessage(
            AssertionError,
            "Expected the last action to delete 'messages-2' from stream 'messages'.",
        ):
            live.assert_stream_delete("messages", "messages-2")


class RenderAsyncTests(LiveViewTestCase):
    def test_runs_sync_work_then_handle_async_result_and_rerenders(self) -> None:
        live = self.live(WorkView)
        live.send_event("start")
        live.assert_state(status="working", result="")
        html = live.render_async()
        live.assert_state(status="done", result="sync result", log=["sync", "result:job"])
        self.assertIn("done sync result", html)
        [frame] = live.last_action.frames_of("patch")
        self.assertEqual(frame["source"], "async")

    def test_runs_async_callbacks(self) -> None:
        live = self.live(WorkView)
        live.send_event("start_async_job")
        live.render_async()
        live.assert_state(status="done", result="async result", log=["async", "result:job"])

    def test_runs_exactly_one_batch(self) -> None:
        live = self.live(WorkView)
        live.send_event("start_chain")
        live.render_async()
        live.assert_state(log=["first", "result:first"])
        live.render_async()
        live.assert_state(log=["first", "result:first", "second", "result:second"])

    def test_honours_cancel_async(self) -> None:
        live = self.live(WorkView)
        live.send_event("start")
        live.send_event("cancel")
        live.render_async()
        live.assert_state(status="working", log=[])

    def test_a_failure_handle_async_result_receives_is_not_raised(self) -> None:
        live = self.live(WorkView)
        live.send_event("start_failing")
        live.render_async()
        live.assert_state(status="failed: the job failed", log=["failing", "result:failing"])

    def test_a_failure_nothing_handles_is_raised(self) -> None:
        live = self.live(UnhandledWorkView)
        live.send_event("start")
        with self.assertRaisesMessage(LookupError, "nobody handles this"):
            live.render_async()
        live.assert_state(status="working")

    def test_raise_errors_false_keeps_the_failure_quiet(self) -> None:
        live = self.live(UnhandledWorkView)
        live.send_event("start")
        live.render_async(raise_errors=False)

    def test_assign_async(self) -> None:
        live = self.live(WorkView)
        live.send_event("load")
        self.assertTrue(live.view_instance.data.loading)
        live.render_async()
        self.assertEqual(live.view_instance.data.result, {"rows": 3})

    def test_with_nothing_pending_it_just_renders(self) -> None:
        live = self.live(WorkView)
        self.assertIn("idle", live.render_async())


class TriggerInfoTests(LiveViewTestCase):
    def test_delivers_to_handle_info_and_rerenders(self) -> None:
        live = self.live(InfoView)
        result = live.trigger_info({"type": "db_notify", "channel": "orders", "payload": {"id": 5}})
        self.assertEqual(result["state_before"]["count"], 0)
        self.assertEqual(result["state_after"]["count"], 1)
        self.assertTrue(result["success"])
        live.assert_state(count=1)
        self.assertIn("<p>1</p>", live.render())
        [frame] = live.last_action.frames_of("patch")
        self.assertEqual((frame["broadcast"], frame["source"]), (True, "broadcast"))
        live.assert_push_event("refreshed", {"count": 1})

    def test_a_handle_info_that_raises_reraises(self) -> None:
        live = self.live(InfoView)
        with self.assertRaisesMessage(RuntimeError, "handle_info failed"):
            live.trigger_info({"boom": True})
        result = live.trigger_info({"boom": True}, raise_errors=False)
        self.assertEqual(result["error"], "RuntimeError: handle_info failed")
        self.assertEqual(live.last_action.frames, [])

    def test_a_notification_on_a_channel_the_view_does_not_listen_to_is_refused(self) -> None:
        live = self.live(InfoView)
        with self.assertRaisesMessage(
            DjustTestingError,
            "trigger_info() delivers a db_notify on channel 'todos' to InfoView, which never "
            "called listen('todos') (it listens on 'orders'): djust delivers a database "
            "notification only to the views listening on its channel",
        ):
            live.trigger_info({"type": "db_notify", "channel": "todos", "payload": {}})
        live.assert_state(count=0)

    def test_a_view_that_listens_to_nothing_hears_no_notification(self) -> None:
        live = self.live(EffectsView)
        with self.assertRaisesMessage(DjustTestingError, "(it listens on no channel)"):
            live.trigger_info({"type": "db_notify", "channel": "orders", "payload": {}})

    def test_takes_a_message_dict(self) -> None:
        live = self.live(InfoView)
        with self.assertRaisesMessage(DjustTestingError, "trigger_info() takes the message dict"):
            live.trigger_info("orders")  # type: ignore[arg-type]
