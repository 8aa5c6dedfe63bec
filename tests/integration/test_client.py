from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied, SynchronousOnlyOperation
from django.test import SimpleTestCase, TestCase, override_settings
from djust import LiveView

from djust_testing import (
    ConnectionClosedError,
    DjustTestingError,
    EventRejectedError,
    LiveViewTestClient,
    MountDeniedError,
    MountError,
    MountRedirectedError,
    NoHandlerFoundError,
    NotMountedError,
)
from tests.models import Widget
from tests.views.access import BrokenMountView, LoginRequiredView, PermissionView
from tests.views.basics import (
    AsyncHandlerView,
    CounterView,
    EchoView,
    ItemView,
    ListView,
    LockView,
    RateLimitedView,
    TaggedLabelView,
    ThreadView,
    WidgetView,
)


def raised_by(call: Any, *args: Any) -> BaseException:
    """The exception ``call`` raises, traceback intact (assertRaises clears it)."""
    try:
        call(*args)
    except Exception as exc:
        return exc
    raise AssertionError(f"{call} raised nothing")


def traceback_frames(error: BaseException) -> list[tuple[str, str]]:
    return [
        (frame.filename.rsplit("/", 1)[-1], frame.name)
        for frame in traceback.extract_tb(error.__traceback__)
    ]


class ClientTestCase(TestCase):
    def client_for(self, view: type[LiveView], **kwargs: Any) -> LiveViewTestClient:
        live = LiveViewTestClient(view, **kwargs)
        self.addCleanup(live.close)
        return live


class ConstructionTests(ClientTestCase):
    def test_rejects_a_class_that_is_not_a_liveview(self) -> None:
        with self.assertRaisesMessage(
            DjustTestingError, "needs a djust LiveView subclass, got <class 'dict'>"
        ):
            LiveViewTestClient(dict)  # type: ignore[arg-type]

    def test_rejects_user_and_client_together(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "pass user= or client=, not both"):
            LiveViewTestClient(CounterView, user=User(username="u"), client=self.client)


class MountTests(ClientTestCase):
    def test_mount_returns_the_client_with_the_view_mounted(self) -> None:
        live = self.client_for(CounterView)
        self.assertIs(live.mount(), live)
        self.assertIsInstance(live.view_instance, CounterView)
        live.assert_state(count=0)

    def test_mount_runs_mount_and_handle_params_with_the_url(self) -> None:
        live = self.client_for(ItemView).mount(pk=7, tab="specs")
        self.assertEqual(live.url, "/items/7/?tab=specs")
        live.assert_state(
            pk=7, params={"tab": "specs"}, uri="/items/7/?tab=specs", path="/items/7/"
        )

    def test_using_the_client_before_mount_raises(self) -> None:
        live = self.client_for(CounterView)
        calls: dict[str, Callable[[], object]] = {
            "send_event": lambda: live.send_event("increment"),
            "get_state": live.get_state,
            "assert_state": lambda: live.assert_state(count=0),
            "assert_state_contains": lambda: live.assert_state_contains(count=0),
            "render": live.render,
            "view_instance": lambda: live.view_instance,
        }
        for name, call in calls.items():
            with (
                self.subTest(name),
                self.assertRaisesMessage(NotMountedError, "is not mounted: call mount() first"),
            ):
                call()

    def test_the_mount_binds_the_csrf_cookie_the_browser_got_with_the_page(self) -> None:
        # djust binds the socket request's CSRF cookie (security/csrf.py), so a form
        # rendered over the socket posts a token for the browser's secret.
        live = self.client_for(CounterView, client=self.client).mount()
        cookie = self.client.cookies[settings.CSRF_COOKIE_NAME].value
        self.assertEqual(live.view_instance.request.META["CSRF_COOKIE"], cookie)

    def test_mounting_twice_raises(self) -> None:
        live = self.client_for(CounterView).mount()
        with self.assertRaisesMessage(DjustTestingError, "is already mounted"):
            live.mount()

    def test_an_exception_in_mount_reaches_the_test_with_its_traceback(self) -> None:
        error = raised_by(self.client_for(BrokenMountView).mount)
        self.assertIsInstance(error, KeyError)
        self.assertEqual(error.args, ("missing-config",))
        self.assertIn(("access.py", "mount"), traceback_frames(error))

    def test_anonymous_mount_of_a_login_required_view_fails_clearly(self) -> None:
        with self.assertRaises(MountRedirectedError) as caught:
            self.client_for(LoginRequiredView).mount()
        self.assertEqual(caught.exception.url, "/login/?next=%2Fsecret%2F")
        self.assertEqual(
            str(caught.exception),
            "The page '/secret/' (LoginRequiredView) answered 302, redirecting to "
            "'/login/?next=%2Fsecret%2F': a browser goes there and never opens the live "
            "connection. The view is login_required and the browser is anonymous: log in "
            "first, e.g. self.client.force_login(user).",
        )

    def test_a_logged_in_user_mounts_a_login_required_view(self) -> None:
        user = User.objects.create_user("ann")
        self.client_for(LoginRequiredView, user=user).mount().assert_state(secret="s3cret")

    def test_a_user_without_the_permission_is_refused(self) -> None:
        user = User.objects.create_user("bob")
        with self.assertRaises(MountDeniedError) as caught:
            self.client_for(PermissionView, user=user).mount()
        self.assertIsInstance(caught.exception, PermissionDenied)
        self.assertEqual(
            str(caught.exception),
            "The page '/admin-only/' (PermissionView) answered 403 Forbidden for user 'bob' "
            "(permission_required = 'tests.change_widget').",
        )

    def test_a_user_with_the_permission_mounts(self) -> None:
        user = User.objects.create_user("cy")
        user.user_permissions.add(Permission.objects.get(codename="change_widget"))
        user = User.objects.get(pk=user.pk)  # drop the permission cache
        self.client_for(PermissionView, user=user).mount().assert_state(ok=True)

    def test_a_view_outside_the_mount_allowlist_is_refused_as_in_production(self) -> None:
        class Stray(CounterView):
            pass

        Stray.__module__, Stray.__qualname__ = "not_an_app.views", "Stray"
        with (
            override_settings(LIVEVIEW_ALLOWED_MODULES=["tests"]),
            self.assertRaises(MountError) as caught,
        ):
            self.client_for(Stray).mount()
        self.assertEqual(
            str(caught.exception),
            "djust refused to mount Stray: its module 'not_an_app.views' is not in "
            "settings.LIVEVIEW_ALLOWED_MODULES (which, once set, is the whole allowlist: "
            "installed apps no longer count), so production would refuse it too. Add the "
            "module or its package to LIVEVIEW_ALLOWED_MODULES.",
        )
        with (
            override_settings(LIVEVIEW_ALLOWED_MODULES=[]),
            self.assertRaises(MountError) as caught,
        ):
            self.client_for(Stray).mount()
        self.assertEqual(
            str(caught.exception),
            "djust refused to mount Stray: its module 'not_an_app.views' is under no "
            "installed app (settings.LIVEVIEW_ALLOWED_MODULES is not set), so production "
            "would refuse it too. Add its package to INSTALLED_APPS, or list it in "
            "LIVEVIEW_ALLOWED_MODULES.",
        )

    def test_an_actor_view_is_refused_with_the_reason(self) -> None:
        class Actor(CounterView):
            use_actors = True

        with self.assertRaises(MountError) as caught:
            self.client_for(Actor).mount()
        message = str(caught.exception)
        self.assertIn("djust-testing cannot mount ", message)
        self.assertIn("Actor: it sets use_actors = True", message)
        self.assertIn("WebsocketCommunicator", message)

    def test_a_view_defined_inside_a_test_mounts(self) -> None:
        class Local(LiveView):
            login_required = False
            template = "<div dj-root>{{ n }}</div>"

            def mount(self, request: Any, **kwargs: Any) -> None:
                self.n = 3

        self.client_for(Local).mount().assert_state(n=3)

    def test_a_view_mounted_for_a_user_sees_that_user(self) -> None:
        user = User.objects.create_user("dee")
        live = self.client_for(ItemView, user=user).mount(pk=1)
        self.assertEqual(live.view_instance.request.user, user)


class SendEventTests(ClientTestCase):
    def test_returns_the_envelope(self) -> None:
        live = self.client_for(CounterView).mount()
        result = live.send_event("increment")
        self.assertEqual(
            set(result), {"state_before", "state_after", "duration_ms", "success", "error"}
        )
        self.assertEqual(result["state_before"], {"count": 0})
        self.assertEqual(result["state_after"], {"count": 1})
        self.assertIs(result["success"], True)
        self.assertIsNone(result["error"])
        self.assertIsInstance(result["duration_ms"], float)
        self.assertGreater(result["duration_ms"], 0)

    def test_snapshots_are_deep_copies(self) -> None:
        live = self.client_for(ListView).mount()
        added = live.send_event("add", item="milk")
        self.assertEqual(added["state_before"]["items"], [])
        self.assertEqual(added["state_after"]["items"], ["milk"])
        retagged = live.send_event("retag")
        self.assertEqual(retagged["state_before"]["meta"]["tags"], ["a", "b"])
        self.assertEqual(retagged["state_after"]["meta"]["tags"], ["a", "b", "c"])
        retagged["state_after"]["items"].append("not in the view")
        live.assert_state(items=["milk"])

    def test_string_parameters_are_coerced_by_the_handler_annotations(self) -> None:
        live = self.client_for(CounterView).mount()
        live.send_event("set_count", value="5")
        live.assert_state(count=5)

    def test_a_parameter_djust_cannot_coerce_is_refused(self) -> None:
        live = self.client_for(CounterView).mount()
        with self.assertRaises(EventRejectedError) as caught:
            live.send_event("set_count", value="five")
        message = str(caught.exception)
        self.assertIn("djust refused event 'set_count' on CounterView", message)
        self.assertIn("value: expected int, got str ('five')", message)
        self.assertIn('"type_errors"', message)
        live.assert_state(count=0)

    def test_an_undecorated_method_is_refused_and_does_not_run(self) -> None:
        live = self.client_for(CounterView).mount()
        with self.assertRaisesMessage(
            EventRejectedError,
            "djust refused 'not_a_handler' on CounterView: the method is not decorated with "
            "@event_handler, and djust only dispatches event handlers.",
        ):
            live.send_event("not_a_handler")
        live.assert_state(count=0)

    def test_an_unknown_event_names_the_handlers_and_the_closest(self) -> None:
        live = self.client_for(CounterView).mount()
        with self.assertRaises(NoHandlerFoundError) as caught:
            live.send_event("incremnt")
        self.assertEqual(
            str(caught.exception),
            "CounterView has no handler for event 'incremnt'. Did you mean 'increment'? "
            "Its event handlers: decrement, explode, increment, set_count, update_model.",
        )

    def test_an_unsafe_event_name_is_refused(self) -> None:
        live = self.client_for(CounterView).mount()
        with self.assertRaisesMessage(
            EventRejectedError, "djust refused '_private' on CounterView: not a safe event name"
        ):
            live.send_event("_private")

    def test_a_handler_exception_is_reraised_with_its_traceback(self) -> None:
        live = self.client_for(CounterView).mount()
        error = raised_by(live.send_event, "explode")
        self.assertIsInstance(error, ValueError)
        self.assertEqual(str(error), "the handler blew up")
        self.assertIn(("basics.py", "explode"), traceback_frames(error))
        # As in production, what the handler changed before raising stays.
        live.assert_state(count=-1)

    def test_raise_errors_false_returns_the_failure(self) -> None:
        live = self.client_for(CounterView).mount()
        result = live.send_event("explode", raise_errors=False)
        self.assertIs(result["success"], False)
        self.assertEqual(result["error"], "ValueError: the handler blew up")
        self.assertEqual(result["state_after"], {"count": -1})

    def test_raise_errors_false_returns_refusals_too(self) -> None:
        live = self.client_for(CounterView).mount()
        result = live.send_event("nope", raise_errors=False)
        self.assertIs(result["success"], False)
        self.assertTrue(
            str(result["error"]).startswith("NoHandlerFoundError: CounterView has no handler")
        )
        self.assertEqual(result["state_before"], result["state_after"])

    def test_the_view_keeps_working_after_a_handler_raised(self) -> None:
        live = self.client_for(CounterView).mount()
        live.send_event("explode", raise_errors=False)
        live.send_event("increment")
        live.assert_state(count=0)

    def test_async_handlers_are_awaited(self) -> None:
        live = self.client_for(AsyncHandlerView).mount()
        live.send_event("load")
        live.assert_state(status="loaded")

    def test_an_async_handler_using_the_orm_directly_fails_as_in_production(self) -> None:
        live = self.client_for(AsyncHandlerView).mount()
        with self.assertRaises(SynchronousOnlyOperation):
            live.send_event("count_widgets_unsafely")

    def test_handlers_see_the_test_transaction(self) -> None:
        Widget.objects.create(name="anvil")
        live = self.client_for(WidgetView).mount()
        live.assert_state(names=["anvil"])
        live.send_event("create", name="bolt")
        live.assert_state(names=["anvil", "bolt"])
        self.assertEqual(Widget.objects.count(), 2)

    def test_sync_code_runs_on_the_test_thread(self) -> None:
        live = self.client_for(ThreadView).mount()
        live.send_event("record")
        here = threading.get_ident()
        live.assert_state(mount_thread=here, handler_thread=here)

    def test_many_events_are_not_throttled(self) -> None:
        live = self.client_for(CounterView).mount()
        for _ in range(300):
            live.send_event("increment")
        live.assert_state(count=300)

    def test_parameters_arrive_as_json_would_carry_them(self) -> None:
        live = self.client_for(EchoView).mount()
        live.send_event("echo", pair=(1, 2), flag=True, nothing=None)
        live.assert_state(received={"pair": [1, 2], "flag": True, "nothing": None})

    def test_nan_and_infinity_arrive_as_null_as_json_stringify_writes_them(self) -> None:
        live = self.client_for(EchoView).mount()
        live.send_event("echo", nan=float("nan"), inf=float("inf"), whole=2.0)
        live.assert_state(received={"nan": None, "inf": None, "whole": 2})

    def test_a_parameter_a_browser_cannot_send_is_refused(self) -> None:
        live = self.client_for(EchoView).mount()
        with self.assertRaisesMessage(
            DjustTestingError,
            "send_event('echo'): parameter 'when' is a object, which a browser cannot send",
        ):
            live.send_event("echo", when=object())

    def test_a_per_handler_rate_limit_applies_and_closes_the_connection(self) -> None:
        live = self.client_for(RateLimitedView).mount()
        live.send_event("click")
        live.send_event("click")
        for _ in range(2):
            with self.assertRaisesMessage(
                EventRejectedError,
                "djust refused event 'click' on RateLimitedView: "
                "Rate limit exceeded, event dropped",
            ):
                live.send_event("click")
        # The third refusal reaches djust's max_warnings: it closes the socket.
        with self.assertRaises(ConnectionClosedError) as caught:
            live.send_event("click")
        self.assertEqual(caught.exception.code, 4429)
        self.assertEqual(
            str(caught.exception),
            "djust closed the live connection instead of running 'click' on RateLimitedView "
            "(code 4429: rate limited).",
        )
        with self.assertRaisesMessage(
            ConnectionClosedError,
            "(code 4429: rate limited); a closed socket carries no more events",
        ):
            live.send_event("click")
        live.assert_state(clicks=2)

    def test_events_after_close_raise(self) -> None:
        live = self.client_for(CounterView).mount()
        live.close()
        with self.assertRaisesMessage(ConnectionClosedError, "was closed"):
            live.send_event("increment")


class GetStateTests(ClientTestCase):
    def test_returns_the_views_own_public_state(self) -> None:
        live = self.client_for(ListView).mount()
        self.assertEqual(
            live.get_state(),
            {
                "items": [],
                "meta": {"owner": "ann", "tags": ["a", "b"], "count": 2},
                "label": "shopping list",
                "ids": (1, 2, 3),
                "flags": {"x", "y"},
            },
        )

    def test_is_a_deep_copy(self) -> None:
        live = self.client_for(ListView).mount()
        state = live.get_state()
        state["meta"]["tags"].append("z")
        live.assert_state(meta={"owner": "ann", "tags": ["a", "b"], "count": 2})

    def test_a_subclass_of_an_atomic_type_is_copied_with_its_attributes(self) -> None:
        live = self.client_for(TaggedLabelView).mount()
        live.get_state()["label"].tags.append("z")
        self.assertEqual(live.view_instance.label.tags, ["a"])

    def test_state_that_cannot_be_copied_shows_as_itself(self) -> None:
        live = self.client_for(LockView).mount()
        self.assertIs(live.get_state()["guard"], live.view_instance.guard)


class AssertStateTests(ClientTestCase):
    def setUp(self) -> None:
        self.live = self.client_for(ListView).mount()
        self.live.send_event("add", item="milk")

    def test_passes_on_equal_values(self) -> None:
        self.live.assert_state(items=["milk"], label="shopping list", ids=(1, 2, 3))

    def test_fails_on_a_different_value(self) -> None:
        with self.assertRaises(AssertionError) as caught:
            self.live.assert_state(label="groceries")
        self.assertEqual(
            str(caught.exception),
            "ListView state does not match (==):\n"
            "  label: expected 'groceries' (str), got 'shopping list' (str)\n"
            "    expected: 'groceries' (str)\n"
            "    actual:   'shopping list' (str)",
        )

    def test_is_type_sensitive(self) -> None:
        counter = self.client_for(CounterView).mount()
        counter.send_event("increment")
        for wrong in ("1", 1.0, True):
            with self.subTest(wrong=wrong), self.assertRaises(AssertionError) as caught:
                counter.assert_state(count=wrong)
            self.assertIn(
                f"count: expected {wrong!r} ({type(wrong).__name__}), got 1 (int)",
                str(caught.exception),
            )

    def test_a_tuple_is_not_a_list(self) -> None:
        with self.assertRaisesMessage(
            AssertionError, "ids: expected [1, 2, 3] (list), got (1, 2, 3) (tuple)"
        ):
            self.live.assert_state(ids=[1, 2, 3])

    def test_shows_a_diff_for_containers(self) -> None:
        with self.assertRaises(AssertionError) as caught:
            self.live.assert_state(meta={"owner": "ann", "tags": ["a"], "count": 2})
        message = str(caught.exception)
        self.assertIn("meta['tags']: expected 1 items, got 2", message)
        self.assertIn("diff (- expected, + actual):", message)
        self.assertIn("- {'count': 2, 'owner': 'ann', 'tags': ['a']}", message)
        self.assertIn("+ {'count': 2, 'owner': 'ann', 'tags': ['a', 'b']}", message)

    def test_names_unknown_state_and_the_closest(self) -> None:
        with self.assertRaisesMessage(
            AssertionError,
            "itmes: ListView has no public state 'itmes' (did you mean 'items'?); "
            "it has: flags, ids, items, label, meta",
        ):
            self.live.assert_state(itmes=["milk"])

    def test_reports_every_mismatch_at_once(self) -> None:
        with self.assertRaises(AssertionError) as caught:
            self.live.assert_state(items=[], label="x")
        message = str(caught.exception)
        self.assertIn("items: expected 0 items, got 1", message)
        self.assertIn("label: expected 'x' (str)", message)

    def test_needs_at_least_one_expectation(self) -> None:
        with self.assertRaisesMessage(DjustTestingError, "name at least one attribute"):
            self.live.assert_state()

    def test_does_not_see_framework_configuration(self) -> None:
        with self.assertRaisesMessage(AssertionError, "has no public state 'template'"):
            self.live.assert_state(template=ListView.template)


class AssertStateContainsTests(ClientTestCase):
    def setUp(self) -> None:
        self.live = self.client_for(ListView).mount()
        self.live.send_event("add", item="milk")
        self.live.send_event("add", item="bread")

    def test_passes(self) -> None:
        cases: dict[str, Any] = {
            "substring": {"label": "shopping"},
            "dict subset": {"meta": {"owner": "ann"}},
            "nested subset": {"meta": {"tags": ["b"]}},
            "list elements": {"items": ["bread"]},
            "tuple elements": {"ids": (3, 1)},
            "set elements": {"flags": {"y"}},
            "list given as tuple": {"items": ("milk",)},
        }
        for name, expected in cases.items():
            with self.subTest(name):
                self.live.assert_state_contains(**expected)

    def test_fails_with_the_place_that_differs(self) -> None:
        cases: dict[str, tuple[dict[str, Any], str]] = {
            "substring": ({"label": "garden"}, "label: 'shopping list' does not contain 'garden'"),
            "dict value": (
                {"meta": {"owner": "bob"}},
                "meta['owner']: expected 'bob' (str), got 'ann' (str)",
            ),
            "dict key": ({"meta": {"size": 1}}, "meta: key 'size' is missing"),
            "list element": (
                {"items": ["eggs"]},
                "items: ['milk', 'bread'] has no element matching 'eggs'",
            ),
            "repeated element": (
                {"items": ["milk", "milk"]},
                "has no element left matching 'milk' (str): each expected element needs an "
                "actual element of its own",
            ),
            "substring inside a dict": (
                {"meta": {"owner": "an"}},
                "meta['owner']: expected 'an' (str), got 'ann' (str)",
            ),
            "substring inside a list": (
                {"items": ["mil"]},
                "items: ['milk', 'bread'] has no element matching 'mil' (str)",
            ),
            "set element": ({"flags": {"z"}}, "has no element matching 'z'"),
            "number": ({"meta": {"count": 3}}, "meta['count']: expected 3 (int), got 2 (int)"),
        }
        for name, (expected, message) in cases.items():
            with self.subTest(name), self.assertRaisesMessage(AssertionError, message):
                self.live.assert_state_contains(**expected)

    def test_never_raises_type_error_on_mismatched_types(self) -> None:
        cases: dict[str, tuple[dict[str, Any], str]] = {
            "list in a string": (
                {"label": ["a"]},
                "label: expected a collection containing list ['a'], got 'shopping list' (str)",
            ),
            "string in a dict": (
                {"meta": "owner"},
                "meta: expected a string containing 'owner', got {",
            ),
            "dict in a list": (
                {"items": {"a": 1}},
                "items: expected a mapping containing {'a': 1}, got ['milk', 'bread'] (list)",
            ),
            "string for a number": (
                {"ids": "1"},
                "ids: expected a string containing '1', got (1, 2, 3) (tuple)",
            ),
        }
        for name, (expected, message) in cases.items():
            with self.subTest(name), self.assertRaisesMessage(AssertionError, message):
                self.live.assert_state_contains(**expected)


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies")
class StandaloneClientTests(SimpleTestCase):
    """The client outside LiveViewTestCase, with no database access allowed."""

    def test_mounts_and_handles_events(self) -> None:
        with LiveViewTestClient(CounterView).mount() as live:
            live.send_event("increment")
            live.assert_state(count=1)
