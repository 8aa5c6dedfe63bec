"""Issue 9, items 8-12: the frames between browser and djust, both ways, and the checks on them.

The browser's side is djust's own JS (03-websocket.js, 18-navigation.js); the
JS values quoted here were computed with node (``JSON.stringify``,
``URLSearchParams``, ``new URL``). djust's side is pinned against the real
consumer in ``probe_production.py`` (``WireFacts``).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import Permission, User
from django.test import override_settings

from djust_testing import (
    ConnectionClosedError,
    DjustTestingError,
    EventRejectedError,
    LiveViewTestCase,
    LiveViewTestClient,
    MountError,
)

from . import views

# ------------------------------------------------------------------ item 8


class InboundJsonTests(LiveViewTestCase):
    """Item 8: event params arrive as the browser's ``JSON.stringify`` writes them.

    A JS number is a double and ``JSON.stringify`` writes an integral one
    without a fraction: ``3.0`` -> ``3``, ``-0.0`` -> ``0``,
    ``2**53 + 1`` -> ``9007199254740992``, ``1e21`` -> ``1e+21`` (a float
    again), ``NaN``/``Infinity`` -> ``null``. Python's ``json.loads`` then
    gives djust an ``int`` for the first three. djust validates against the
    handler's annotations (validation.py ``validate_handler_params``): an
    ``int`` parameter takes ``3``; a ``float`` parameter refuses ``2``
    ("expected float, got int", verified on the real consumer). Today
    ``client._as_sent`` round-trips through Python's ``json`` and keeps
    ``3.0`` a float.
    """

    def test_an_integral_float_arrives_as_an_int(self) -> None:
        live = self.live("/tracker/estimate/")
        live.send_event("add", amount=3.0)
        live.assert_state(points=3)
        assert live.last_action.sent is not None
        self.assertIs(type(live.last_action.sent["params"]["amount"]), int)

    def test_negative_zero_arrives_as_zero(self) -> None:
        live = self.live("/tracker/estimate/")
        live.send_event("add", amount=-0.0)
        assert live.last_action.sent is not None
        self.assertEqual(repr(live.last_action.sent["params"]["amount"]), "0")

    def test_integers_beyond_2_to_the_53_lose_precision_as_in_the_browser(self) -> None:
        live = self.live("/tracker/estimate/")
        live.send_event("link_ticket", ticket_id=2**53 + 1)
        live.assert_state(ticket_id=2**53)

    def test_an_integral_float_for_a_float_parameter_is_refused_as_production_refuses_it(
        self,
    ) -> None:
        live = self.live("/tracker/estimate/")
        with self.assertRaises(EventRejectedError) as caught:
            live.send_event("set_ratio", ratio=2.0)
        self.assertIn("ratio: expected float, got int (2)", caught.exception.reason)
        live.send_event("set_ratio", ratio=2.5)
        live.assert_state(ratio=2.5)


# ------------------------------------------------------------------ item 9


class OutboundJsonTests(LiveViewTestCase):
    """Item 9: assertions read the JSON djust sends, not the Python objects it was given.

    websocket.py ``send_json`` writes every frame with
    ``json.dumps(data, cls=djust.serialization.DjangoJSONEncoder)``: a
    ``Decimal`` is its digit string, a datetime Django's ISO spelling
    (``2030-01-01T12:00:00Z``), a set a sorted list, a model a dict. A frame
    that does not serialize never reaches the browser: a push_event is sent
    fire-and-forget (runtime.py ``_flush_push_events``,
    ``asyncio.ensure_future``) and is lost with only a logged "Task exception
    was never retrieved"; an awaited frame (a navigation) makes the consumer
    answer "An error occurred. Please try again." Today the recorder keeps the
    frames as Python objects.
    """

    def test_a_decimal_in_a_push_payload_is_its_string(self) -> None:
        live = self.live("/tracker/estimate/")
        live.send_event("price")
        live.assert_push_event("priced", {"amount": "1.50"})
        with self.assertRaises(AssertionError) as caught:
            live.assert_push_event("priced", {"amount": Decimal("1.50")})
        self.assertIn('"amount": "1.50"', str(caught.exception))

    def test_a_payload_production_cannot_serialize_fails_the_action(self) -> None:
        live = self.live("/tracker/estimate/")
        with self.assertRaises((DjustTestingError, AssertionError)) as caught:
            live.send_event("push_object")
        message = str(caught.exception)
        self.assertIn("opaque", message)
        self.assertIn("JSON", message)
        with self.assertRaises(AssertionError):
            live.assert_push_event("opaque")

    def test_an_unserializable_navigation_fails_the_action(self) -> None:
        live = self.live("/tracker/estimate/")
        result = live.send_event("patch_object", raise_errors=False)
        self.assertFalse(result["success"])
        self.assertIn("JSON", str(result["error"]))
        live.refute_patch()

    def test_redirect_params_are_the_json_strings(self) -> None:
        live = self.live("/tracker/estimate/")
        live.send_event("schedule")
        url = live.assert_redirect("/tracker/deadlines/", {"due": "2030-01-01T12:00:00Z"})
        self.assertEqual(url, "/tracker/deadlines/?due=2030-01-01T12%3A00%3A00Z")

    def test_live_patch_params_are_written_as_url_search_params_writes_them(self) -> None:
        """18-navigation.js handleLivePatch: ``searchParams.set(key, String(value))``.

        ``String({by: "points"})`` is ``[object Object]``, ``String(["a", "b"])``
        is ``a,b``; URLSearchParams encodes ``~`` and keeps ``*``.
        """
        live = self.live("/tracker/estimate/")
        live.send_event("filter_by")
        expected = "/tracker/estimate/?sort=%5Bobject+Object%5D&tags=a%2Cb&exact=true"
        self.assertEqual(live.url, expected)
        self.assertEqual(live.assert_patch("/tracker/estimate/"), expected)


# ------------------------------------------------------------------ item 10


class NavigationOriginTests(LiveViewTestCase):
    """Item 10: a path given alone matches only this site.

    18-navigation.js resolves the frame's ``path`` with ``new URL(data.path,
    window.location.origin)``: ``https://evil.example/dashboard/`` and
    ``//evil.example/dashboard/`` both leave the site
    (``window.location.href = safe``, a full page load off-site). Today
    ``effects.assert_navigation`` compares ``urlsplit(url).path`` only, and
    ``effects.patched_url`` drops the other origin altogether.
    """

    def test_assert_redirect_with_a_path_refuses_another_site(self) -> None:
        live = self.live("/tracker/estimate/")
        live.send_event("go_offsite")
        with self.assertRaises(AssertionError) as caught:
            live.assert_redirect("/dashboard/")
        self.assertIn("https://evil.example/dashboard/", str(caught.exception))

    def test_assert_redirect_matches_the_full_url_of_another_site(self) -> None:
        live = self.live("/tracker/estimate/")
        live.send_event("go_offsite")
        url = live.assert_redirect("https://evil.example/dashboard/")
        self.assertEqual(url, "https://evil.example/dashboard/")

    def test_assert_patch_with_a_path_refuses_a_scheme_relative_url(self) -> None:
        live = self.live("/tracker/estimate/")
        live.send_event("patch_offsite")
        with self.assertRaises(AssertionError) as caught:
            live.assert_patch("/dashboard/")
        self.assertIn("//evil.example/dashboard/", str(caught.exception))

    def test_a_live_patch_to_another_site_leaves_the_page(self) -> None:
        live = self.live("/tracker/estimate/")
        live.send_event("patch_offsite")
        self.assertEqual(live.url, "http://evil.example/dashboard/")
        live.assert_patch("http://evil.example/dashboard/")
        with self.assertRaisesMessage(
            ConnectionClosedError,
            "left this site: djust's live_patch to 'http://evil.example/dashboard/' is a page "
            "load there (18-navigation.js handleLivePatch), which ends this page and its live "
            "connection",
        ):
            live.send_event("patch_offsite")

    def test_a_live_patch_to_a_script_url_does_nothing(self) -> None:
        live = self.live("/tracker/estimate/")
        live.send_event("patch_to_script")
        self.assertEqual(live.url, "/tracker/estimate/")
        live.send_event("patch_to_script")  # the page is still there


# ------------------------------------------------------------------ item 11


class ProductionChecksTests(LiveViewTestCase):
    """Item 11: checks djust's consumer makes on every frame, which the client skips.

    websocket.py ``LiveViewConsumer.receive`` refuses a frame whose UTF-8 size
    exceeds ``LIVEVIEW_CONFIG["max_message_size"]`` (default 65536) with
    ``send_error(f"Message too large ({raw_size} bytes)")`` before decoding it;
    the size is that of the text the browser sent (``JSON.stringify``:
    compact, non-ASCII unescaped). runtime.py
    ``WSConsumerTransport.recheck_event_auth`` re-checks a
    ``login_required`` / ``permission_required`` view before each event when
    ``reauth_on_event`` is on, with the user re-read from the session
    (``channels.auth.get_user``), and on failure sends ``navigate`` to the
    login URL and closes 4403. (The consumer's per-message wall-clock limiter,
    ``ConnectionRateLimiter.check`` in ``receive``, stays off in the client,
    by design: tests send at machine speed.)
    """

    def test_a_frame_over_max_message_size_is_refused_with_djusts_message(self) -> None:
        live = self.live("/tracker/notes/")
        with self.assertRaises(EventRejectedError) as caught:
            live.send_event("add_note", text="x" * 70000)
        self.assertEqual(caught.exception.reason, "Message too large (70064 bytes)")
        live.assert_state(notes=[])

    def test_the_size_is_the_utf8_size_of_the_browsers_json(self) -> None:
        live = self.live("/tracker/notes/")
        with self.assertRaises(EventRejectedError) as caught:
            live.send_event("add_note", text="é" * 40000)
        self.assertEqual(caught.exception.reason, "Message too large (80064 bytes)")

    @override_settings(LIVEVIEW_CONFIG={"max_message_size": 200})
    def test_the_limit_is_the_setting_and_a_frame_at_the_limit_passes(self) -> None:
        # The page load's mount frame is about 140 bytes: under this limit too.
        live = self.live("/tracker/notes/")
        live.send_event("add_note", text="y" * 136)  # exactly 200 bytes
        with self.assertRaises(EventRejectedError) as caught:
            live.send_event("add_note", text="y" * 137)  # 201 bytes
        self.assertEqual(caught.exception.reason, "Message too large (201 bytes)")

    @override_settings(LIVEVIEW_CONFIG={"max_message_size": 100})
    def test_a_limit_under_the_mount_frame_refuses_the_mount_as_in_production(self) -> None:
        with self.assertRaises(MountError) as caught:
            self.live("/tracker/notes/")
        self.assertIn("Message too large", str(caught.exception))

    def test_a_mount_frame_over_the_limit_mounts_nothing(self) -> None:
        with self.assertRaises(MountError) as caught:
            self.live("/tracker/notes/", q="z" * 70000)
        self.assertRegex(
            str(caught.exception),
            r"^djust refused the mount frame of NotesView at '/tracker/notes/\?q=z+': "
            r"Message too large \(\d+ bytes\), over LIVEVIEW_CONFIG\['max_message_size'\]\. "
            r"The frame carries the page's query as the view's params, so production refuses "
            r"a page with a query this long too\.$",
        )

    @override_settings(LIVEVIEW_CONFIG={"reauth_on_event": True})
    def test_reauth_on_event_closes_the_connection_when_the_permission_is_revoked(self) -> None:
        user = User.objects.create_user("rita")
        user.user_permissions.add(Permission.objects.get(codename="view_project"))
        self.client.force_login(user)
        live = self.live("/tracker/reports/")
        live.send_event("refresh")
        user.user_permissions.clear()
        with self.assertRaises(ConnectionClosedError) as caught:
            live.send_event("refresh")
        self.assertEqual(caught.exception.code, 4403)
        self.assertIn({"type": "navigate", "to": "/login/"}, live.last_action.frames)
        self.assertEqual(live.view_instance.refreshed, 1)


# ------------------------------------------------------------------ item 12


class ClientTimezoneTests(LiveViewTestCase):
    """Item 12: the mount frame carries the browser's zone.

    03-websocket.js ``mount()`` sends ``client_timezone:
    Intl.DateTimeFormat().resolvedOptions().timeZone``; runtime.py
    ``dispatch_mount`` validates it with ``ZoneInfo`` and sets
    ``view.client_timezone`` (None when absent or invalid) before ``mount()``.
    The test stand-in for the browser's zone is ``settings.TIME_ZONE``, or
    ``timezone=`` on the client. Today the frame has no ``client_timezone``.
    """

    @override_settings(TIME_ZONE="Asia/Tokyo")
    def test_the_mount_frame_carries_settings_time_zone(self) -> None:
        live = self.live("/tracker/deadlines/")
        assert live.last_action.sent is not None
        self.assertEqual(live.last_action.sent.get("client_timezone"), "Asia/Tokyo")
        self.assertEqual(live.view_instance.client_timezone, "Asia/Tokyo")
        self.assertIn("Due at 21:00 (Asia/Tokyo)", live.render())

    def test_timezone_on_the_client(self) -> None:
        live = LiveViewTestClient(
            views.DeadlinesView,
            client=self.client,
            url="/tracker/deadlines/",
            timezone="America/New_York",
        ).mount()
        try:
            self.assertIn("Due at 07:00 (America/New_York)", live.render())
        finally:
            live.close()
