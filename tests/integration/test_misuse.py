"""Misuse of the public API is named: the argument, what it takes, what was given.

Each case here used to fail deep inside djust, urllib or Python, or to pass
for the wrong reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings

from djust_testing import (
    ConnectionClosedError,
    DjustTestingError,
    DomEventError,
    EventRejectedError,
    LiveViewTestCase,
    LiveViewTestClient,
    NotMountedError,
)
from tests.views.basics import CounterView, ItemView
from tests.views.effects import EffectsView
from tests.views.page import DomEventsView


class EventNameTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.counter = self.live(CounterView)

    def test_a_name_that_is_not_a_str_is_named(self) -> None:
        for name, shown in (
            (b"increment", "bytes b'increment'"),
            (["increment"], "list ['increment']"),
            (1.5, "float 1.5"),
            (True, "bool True"),
            (123, "int 123"),
        ):
            with (
                self.subTest(name=name),
                self.assertRaisesMessage(
                    DjustTestingError, f"send_event() takes the event's name as a str, got {shown}"
                ),
            ):
                self.counter.send_event(name)  # type: ignore[arg-type]
        self.counter.assert_state(count=0)

    def test_none_is_named_with_what_djust_answers(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError,
            "send_event() takes the event's name as a str, got NoneType None (djust refuses a "
            "frame without one: \"Missing 'event' field\")",
        ):
            self.counter.send_event(None)  # type: ignore[arg-type]

    def test_an_empty_name_gets_djusts_own_reason(self) -> None:
        with self.assertRaises(EventRejectedError) as caught:
            self.counter.send_event("")
        self.assertEqual(caught.exception.reason, "Missing 'event' field")
        self.assertEqual(
            str(caught.exception),
            "djust refused the event '' on CounterView: Missing 'event' field (the event's name "
            'is empty; a binding such as dj-click="" sends one)',
        )

    def test_strict_mode_refuses_an_undecorated_method(self) -> None:
        with self.assertRaisesMessage(EventRejectedError, "is not decorated with @event_handler"):
            self.counter.send_event("not_a_handler")

    def test_open_and_warn_modes_dispatch_it_as_djust_does(self) -> None:
        for mode in ("open", "warn"):
            with self.subTest(mode), override_settings(LIVEVIEW_CONFIG={"event_security": mode}):
                live = self.live(CounterView)
                live.send_event("not_a_handler")
                live.assert_state(count=999)
                with self.assertRaises(EventRejectedError) as caught:
                    live.send_event("mount")
                self.assertEqual(
                    caught.exception.reason,
                    "Handler 'mount' missing required parameters: ['request']",
                )
                self.assertIn(
                    "djust refused event 'mount' on CounterView: Handler 'mount' missing required "
                    f"parameters: ['request'] (event_security is '{mode}', so djust dispatched the "
                    "undecorated method mount() with the event's parameters.)",
                    str(caught.exception),
                )
                self.assertNotIn("not decorated", str(caught.exception))


class ConstructorArgumentTests(TestCase):
    def build(self, **kwargs: Any) -> LiveViewTestClient:
        live = LiveViewTestClient(CounterView, **kwargs)
        self.addCleanup(live.close)
        return live

    def test_user_must_be_a_user(self) -> None:
        for user, shown in (("bob", "str 'bob'"), (123, "int 123"), ({"a": 1}, "dict {'a': 1}")):
            with (
                self.subTest(user=user),
                self.assertRaisesMessage(
                    DjustTestingError,
                    "LiveViewTestClient(user=...) takes a user object (a User or AnonymousUser), "
                    f"got {shown}. To mount as a user, pass the User instance, or log in with "
                    "self.client.force_login(user) and pass client=self.client.",
                ),
            ):
                self.build(user=user)

    def test_a_user_or_an_anonymous_user_mounts(self) -> None:
        user = User.objects.create_user("ann")
        # Logged in as a browser would be: the same user, read back from its session.
        self.assertEqual(self.build(user=user).mount().view_instance.request.user, user)
        self.build(user=AnonymousUser()).mount()

    def test_client_must_be_a_django_test_client(self) -> None:
        for client, shown in (
            ("notaclient", "str 'notaclient'"),
            (RequestFactory(), "RequestFactory"),
        ):
            with (
                self.subTest(client=client),
                self.assertRaisesMessage(
                    DjustTestingError,
                    "LiveViewTestClient(client=...) takes a django.test.Client (such as "
                    f"self.client), got {shown}",
                ),
            ):
                self.build(client=client)

    def test_url_must_be_a_str(self) -> None:
        for url, shown in ((123, "int 123"), (b"/", "bytes b'/'"), (["/"], "list ['/']")):
            with (
                self.subTest(url=url),
                self.assertRaisesMessage(
                    DjustTestingError,
                    "LiveViewTestClient() takes url= as a str (the page's path, such as "
                    f"'/items/7/'), got {shown}",
                ),
            ):
                self.build(url=url)


class PatchArgumentTests(LiveViewTestCase):
    def test_the_url_must_be_a_str(self) -> None:
        live = self.live(ItemView, pk=4)
        for url, shown in ((123, "int 123"), (b"/", "bytes b'/'"), ({"page": 2}, "dict")):
            with (
                self.subTest(url=url),
                self.assertRaisesMessage(
                    DjustTestingError,
                    "patch() takes the URL as a str such as '/items/?page=2' or '?page=2' (or "
                    f"None), got {shown}",
                ),
            ):
                live.patch(url)  # type: ignore[arg-type]

    def test_a_relative_url_is_resolved_as_a_dj_patch_link_resolves_it(self) -> None:
        live = self.live("/items/4/?tab=specs")
        live.patch("?page=2")
        # 18-navigation.js _executePatch: the params are set over the current URL's.
        self.assertEqual(live.url, "/items/4/?tab=specs&page=2")
        live.assert_state(params={"tab": "specs", "page": "2"}, uri="/items/4/?tab=specs&page=2")
        live.patch("?tab=reviews")
        self.assertEqual(live.url, "/items/4/?tab=reviews&page=2")
        live.patch("")
        self.assertEqual(live.url, "/items/4/?tab=reviews&page=2")

    def test_a_path_replaces_the_url_as_the_back_button_does(self) -> None:
        live = self.live("/items/4/?tab=specs")
        live.patch("/items/4/?page=3")
        self.assertEqual(live.url, "/items/4/?page=3")

    def test_another_site_is_refused(self) -> None:
        live = self.live(ItemView, pk=4)
        for url in ("http://evil.example/x", "javascript:alert(1)", "//evil.example/"):
            with self.subTest(url=url), self.assertRaisesMessage(DjustTestingError, repr(url)):
                live.patch(url)


class AssertionArgumentTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.live_client = self.live(EffectsView)
        self.live_client.send_event("save")

    def assert_named(self, call: Callable[[], object], message: str) -> None:
        with self.assertRaisesMessage(DjustTestingError, message) as caught:
            call()
        self.assertNotIsInstance(caught.exception, AssertionError)

    def test_push_event_arguments(self) -> None:
        live: Any = self.live_client
        self.assert_named(
            lambda: live.assert_push_event(123),
            "assert_push_event() takes the pushed event's name as a str, got int 123",
        )
        self.assert_named(
            lambda: live.assert_push_event("flash", "notadict"),
            "assert_push_event() takes params as a dict (a subset of the payload), got str "
            "'notadict'",
        )
        # A refutation must not pass because its argument matches nothing.
        self.assert_named(
            lambda: live.refute_push_event("flash", ["type"]),
            "refute_push_event() takes params as a dict (a subset of the payload), got list "
            "['type']",
        )

    def test_navigation_arguments(self) -> None:
        live: Any = self.live_client
        self.assert_named(
            lambda: live.assert_patch(123),
            "assert_patch() takes path as a str (the URL's path, such as '/items/'), got int 123",
        )
        self.assert_named(
            lambda: live.assert_patch("/", "page=2"),
            "assert_patch() takes params as a dict (a subset of the live_patch params), got str "
            "'page=2'",
        )
        self.assert_named(
            lambda: live.assert_redirect(params=["x"]),
            "assert_redirect() takes params as a dict (a subset of the live_redirect params), "
            "got list ['x']",
        )

    def test_flash_arguments(self) -> None:
        live: Any = self.live_client
        self.assert_named(
            lambda: live.assert_flash("success", None),
            "assert_flash() takes message_substring as a str ('' matches any message), got "
            "NoneType None",
        )
        self.assert_named(
            lambda: live.assert_flash(123),
            "assert_flash() takes kind as a str (the flash's level, such as 'success'), got int "
            "123",
        )
        self.assert_named(
            lambda: live.refute_flash(123),
            "refute_flash() takes kind as a str (the flash's level, such as 'success') or None, "
            "got int 123",
        )

    def test_stream_arguments(self) -> None:
        live: Any = self.live_client
        self.assert_named(
            lambda: live.assert_stream_insert(None),
            "assert_stream_insert() takes the stream's name as a str, got NoneType None",
        )
        self.assert_named(
            lambda: live.assert_stream_delete("messages", None),
            "assert_stream_delete() takes the deleted item or its dom id, got None",
        )

    def test_right_arguments_still_assert(self) -> None:
        self.live_client.assert_push_event("flash", {"type": "success"})
        with self.assertRaisesMessage(AssertionError, "Expected the last action to show"):
            self.live_client.assert_flash("success", "")


class FormAndInputArgumentTests(LiveViewTestCase):
    def test_form_data_must_be_a_dict(self) -> None:
        live = self.live(DomEventsView)
        for data, shown in (("notadict", "str 'notadict'"), (["a"], "list ['a']"), (1, "int 1")):
            with (
                self.subTest(data=data),
                self.assertRaisesMessage(
                    DjustTestingError,
                    f"form() takes data as a dict of field names to values (or None), got {shown}",
                ),
            ):
                live.form("form", data)  # type: ignore[arg-type]

    def test_input_takes_the_text_typed(self) -> None:
        live = self.live(DomEventsView)
        with self.assertRaisesMessage(
            DomEventError,
            "input() takes the text the user types, as a str, got NoneType None (to tick a "
            "checkbox, use change())",
        ):
            live.element("input").input(None)  # type: ignore[arg-type]
        with self.assertRaisesMessage(DomEventError, "got int 5"):
            live.element("input").input(5)  # type: ignore[arg-type]


class ClosedAndUnmountedTests(SimpleTestCase):
    def test_a_closed_clients_view_and_state_are_gone(self) -> None:
        live = LiveViewTestClient(CounterView).mount()
        live.close()
        closed = "was closed (close(), the end of its with block, or the end of the test), which "
        calls: dict[str, Callable[[], object]] = {
            "view_instance": lambda: live.view_instance,
            "get_state": live.get_state,
            "assert_state": lambda: live.assert_state(count=0),
            "assert_state_contains": lambda: live.assert_state_contains(count=0),
            "render('python')": lambda: live.render("python"),
            "a dj-patch link": lambda: live.patch("?page=2"),
        }
        for name, call in calls.items():
            with self.subTest(name), self.assertRaisesMessage(ConnectionClosedError, "was closed"):
                call()
        with self.assertRaisesMessage(ConnectionClosedError, closed + "released its view"):
            live.get_state()
        # The browser still shows the last page.
        self.assertIn("Count: 0", live.render())

    def test_a_link_click_after_close_is_refused(self) -> None:
        live = LiveViewTestClient(DomEventsView).mount()
        live.close()
        with self.assertRaisesMessage(ConnectionClosedError, "was closed"):
            live.element("#page3").click()

    def test_last_action_needs_a_mount(self) -> None:
        live = LiveViewTestClient(CounterView)
        with self.assertRaisesMessage(NotMountedError, "is not mounted: call mount() first"):
            live.last_action  # noqa: B018
        live.mount()
        self.assertEqual(live.last_action.kind, "mount")
        live.close()
