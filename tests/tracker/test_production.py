"""What production does, pinned against djust's real consumer (evidence for issue 9).

Not collected by the default test run (the file name does not start with
``test``); run it by label:

    python -m django test --settings=tests.settings tests.tracker.probe_production

Each probe drives djust's ``LiveViewConsumer`` behind channels'
``AuthMiddlewareStack`` with the session cookie of an HTTP GET, as a browser
does (see ``production.py``), and asserts the fact the failing tests in this
package rely on. These pass today: they describe djust, not djust_testing.
"""

from __future__ import annotations

import gc
import re
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.models import Permission, User
from django.contrib.sessions.models import Session
from django.test import TestCase, override_settings

from . import production
from .models import Project
from .production import Socket, of_type

VIEWS = "tests.tracker.views."


def _texts(frames: list[dict[str, Any]]) -> str:
    return repr(frames)


class MountingFacts(TestCase):
    def test_item2_component_events_run_in_production(self) -> None:
        """Views holding LiveComponents work: a component event re-renders the page."""

        async def scenario(ws: Socket) -> None:
            mount = await ws.mount(VIEWS + "TeamView", "/tracker/team/")
            ids = re.findall(r'data-component-id=\\?"(taskcounter_[0-9a-f]+)', repr(mount))
            frames = await ws.event("bump", component_id=ids[0])
            self.assertIn('class="tally" dj-id="5">3<', _texts(frames))
            frames = await ws.event("set_tab", value="activity", component_id="nav")
            self.assertIn("Tab: activity", _texts(frames))

        production.run(scenario, page="/tracker/team/")

    def test_item3_state_set_in_init_is_state_to_djust(self) -> None:
        """An in-place change to an attribute set in ``__init__`` re-renders: djust tracks it.

        websocket.py ``_snapshot_assigns`` skips only ``view._framework_attrs``
        (the keys ``LiveView.__init__`` itself set, live_view.py) and
        ``_FRAMEWORK_INTERNAL_ATTRS``.
        """

        async def scenario(ws: Socket) -> None:
            await ws.mount(VIEWS + "FilteredTasksView", "/tracker/tasks/")
            frames = await ws.event("show_done")
            self.assertEqual(
                of_type(frames, "patch")[0]["patches"],
                [{"type": "SetText", "path": [0, 0], "text": "Status: done, page 1"}],
            )

        production.run(scenario, page="/tracker/tasks/")

    def test_item4_dj_virtual_lists_get_keyed_ops(self) -> None:
        """virtual_keyed_ops (on by default, config.py): Virtual* ops for a [dj-virtual] list."""

        async def scenario(ws: Socket) -> None:
            await ws.mount(VIEWS + "BacklogView", "/tracker/backlog/")
            inserted = of_type(await ws.event("insert_at", position=2), "patch")[0]["patches"]
            self.assertEqual(
                [(p["type"], p["key"], p.get("before_key")) for p in inserted],
                [("VirtualInsert", "7", "3")],
            )
            removed = of_type(await ws.event("remove", row_id=3), "patch")[0]["patches"]
            self.assertEqual(
                removed, [{"type": "VirtualRemove", "path": [1], "d": "2", "key": "3"}]
            )
            moved = of_type(await ws.event("reverse"), "patch")[0]["patches"]
            self.assertEqual({p["type"] for p in moved}, {"VirtualMove"})
            updated = of_type(await ws.event("retag", row_id=4), "patch")[0]["patches"]
            self.assertEqual(updated[0]["type"], "VirtualUpdate")
            self.assertEqual(updated[0]["patches"][0]["type"], "SetAttr")

        production.run(scenario, page="/tracker/backlog/")

    def test_item5_object_permission_denial_at_mount(self) -> None:
        """runtime.py dispatch_mount: 'Access denied for this object.' (permission_denied), 4403."""
        owner = User.objects.create_user("owner")
        project = Project.objects.create(name="Secret", owner=owner)
        url = f"/tracker/projects/{project.pk}/private/"

        async def scenario(ws: Socket) -> list[dict[str, Any]]:
            return await ws.mount(VIEWS + "PrivateProjectView", url)

        frames = production.run(scenario)
        self.assertEqual(
            frames,
            [
                {
                    "type": "error",
                    "error": "Access denied for this object.",
                    "code": "permission_denied",
                },
                {"type": "<closed>", "code": 4403},
            ],
        )
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_item6_the_browser_mounts_what_the_pages_dj_view_names(self) -> None:
        """03-websocket.js autoMount reads [dj-view] off the HTTP page; djust trusts the frame."""
        page = self.client.get("/tracker/milestones/").content.decode()
        named = re.findall(r'<div dj-root dj-view="([^"]+)">', page)
        self.assertEqual(named, [VIEWS + "ProjectListView"])

        async def scenario(ws: Socket) -> None:
            mount = await ws.mount(named[0], "/tracker/milestones/")
            self.assertEqual(mount[0]["view"], VIEWS + "ProjectListView")
            self.assertIn('<h1 dj-id="1">Projects</h1>', mount[0]["html"])
            frames = await ws.event("add_milestone", name="beta")
            self.assertEqual(frames, [{"type": "error", "error": "Event rejected"}])

        production.run(scenario, http=self.client)

    def test_item6_http_get_answers_before_any_socket(self) -> None:
        """mixins/request.py get(): 302 to LOGIN_URL?next=..., 403 without the permission."""
        response = self.client.get("/tracker/reports/")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/login/?next=%2Ftracker%2Freports%2F")
        self.client.force_login(User.objects.create_user("noperm"))
        self.assertEqual(self.client.get("/tracker/reports/").status_code, 403)


class SessionFacts(TestCase):
    def setUp(self) -> None:
        self.user = User.objects.create_user("ann", password="pw")

    def test_item7_login_in_a_handler_is_lost(self) -> None:
        """login() cycles the session key (old one deleted); the socket user stays anonymous."""
        self.client.get("/tracker/sign-in/")
        old_key = self.client.cookies["sessionid"].value

        async def scenario(ws: Socket) -> list[dict[str, Any]]:
            await ws.mount(VIEWS + "SignInView", "/tracker/sign-in/")
            await ws.event("sign_in", username="ann", password="pw")
            return await ws.send(
                {
                    "type": "live_redirect_mount",
                    "view": VIEWS + "AccountView",
                    "params": {},
                    "url": "/tracker/account/",
                },
                until=lambda frame: frame.get("type") in ("mount", "navigate", "error"),
            )

        frames = production.run(scenario, http=self.client)
        self.assertEqual(
            frames, [{"type": "navigate", "to": "/login/"}, {"type": "<closed>", "code": 4403}]
        )
        self.assertFalse(Session.objects.filter(session_key=old_key).exists())
        response = self.client.get("/tracker/account/")  # a full page load, the same cookie
        self.assertEqual(response["Location"], "/login/?next=%2Ftracker%2Faccount%2F")

    def test_item7_logout_in_a_handler_is_lost_on_the_socket(self) -> None:
        """logout() flushes the session; the socket's next view still sees the old user."""
        self.client.force_login(self.user)

        async def scenario(ws: Socket) -> list[dict[str, Any]]:
            await ws.mount(VIEWS + "AccountView", "/tracker/account/")
            await ws.event("sign_out")
            return await ws.send(
                {
                    "type": "live_redirect_mount",
                    "view": VIEWS + "AccountView",
                    "params": {},
                    "url": "/tracker/account/",
                },
                until=lambda frame: frame.get("type") in ("mount", "navigate", "error"),
            )

        frames = production.run(scenario, http=self.client, page="/tracker/account/")
        self.assertIn("Signed in as ann", of_type(frames, "mount")[0]["html"])
        self.assertEqual(self.client.get("/tracker/account/").status_code, 302)


class WireFacts(TestCase):
    def test_item8_params_arrive_as_the_browsers_json(self) -> None:
        """JSON.stringify({amount: 3.0}) is '{"amount":3}': an int; 2**53+1 becomes 2**53."""

        async def scenario(ws: Socket) -> None:
            await ws.mount(VIEWS + "EstimateView", "/tracker/estimate/")
            # The text 03-websocket.js sendMessage sends (verified with node).
            added = await ws.send_text(
                '{"type":"event","event":"add","params":{"amount":3},"ref":1}',
                until=lambda frame: frame.get("ref") == 1,
            )
            self.assertIn("3 points", _texts(added))
            ratio = await ws.send_text(
                '{"type":"event","event":"set_ratio","params":{"ratio":2},"ref":2}',
                until=lambda frame: frame.get("type") == "error",
            )
            self.assertIn("ratio: expected float, got int (2)", ratio[0]["error"])

        production.run(scenario, page="/tracker/estimate/")

    def test_item9_outbound_frames_are_djangojsonencoder_json(self) -> None:
        """websocket.py send_json: json.dumps(data, cls=djust.serialization.DjangoJSONEncoder)."""

        async def scenario(ws: Socket) -> None:
            await ws.mount(VIEWS + "EstimateView", "/tracker/estimate/")
            priced = of_type(await ws.event("price"), "push_event")
            self.assertEqual(
                priced, [{"type": "push_event", "event": "priced", "payload": {"amount": "1.50"}}]
            )
            # runtime.py _flush_push_events sends with asyncio.ensure_future: the
            # TypeError is only logged ("Task exception was never retrieved").
            opaque = await ws.event("push_object")
            self.assertEqual(of_type(opaque, "push_event"), [])
            self.assertEqual(len(of_type(opaque, "patch")), 1)
            # A navigation is awaited (_flush_navigation): the browser gets an error frame.
            patched = await ws.event("patch_object")
            self.assertEqual(of_type(patched, "navigation"), [])
            self.assertEqual(
                of_type(patched, "error"),
                [{"type": "error", "error": "An error occurred. Please try again."}],
            )
            scheduled = of_type(await ws.event("schedule"), "navigation")
            self.assertEqual(scheduled[0]["params"], {"due": "2030-01-01T12:00:00Z"})

        # The lost push's TypeError is only logged by asyncio, once the task is collected.
        with self.assertLogs("asyncio", "ERROR") as logged:
            production.run(scenario, page="/tracker/estimate/")
            gc.collect()
        self.assertIn("Object of type object is not JSON serializable", logged.output[0])

    def test_item11_max_message_size(self) -> None:
        """websocket.py receive(): 'Message too large (N bytes)', N the UTF-8 size of the text."""

        async def scenario(ws: Socket) -> None:
            await ws.mount(VIEWS + "NotesView", "/tracker/notes/")
            frames = await ws.event("add_note", text="x" * 70000)
            self.assertEqual(
                frames, [{"type": "error", "error": "Message too large (70064 bytes)"}]
            )
            frames = await ws.event("add_note", text="é" * 40000)
            self.assertEqual(
                frames, [{"type": "error", "error": "Message too large (80064 bytes)"}]
            )

        production.run(scenario, page="/tracker/notes/")

    @override_settings(LIVEVIEW_CONFIG={"reauth_on_event": True})
    def test_item11_reauth_on_event(self) -> None:
        """runtime.py WSConsumerTransport.recheck_event_auth: navigate to LOGIN_URL, close 4403."""
        user = User.objects.create_user("rita")
        user.user_permissions.add(Permission.objects.get(codename="view_project"))
        self.client.force_login(user)

        async def scenario(ws: Socket) -> None:
            await ws.mount(VIEWS + "ReportsView", "/tracker/reports/")
            self.assertEqual(len(of_type(await ws.event("refresh"), "patch")), 1)
            await sync_to_async(user.user_permissions.clear)()
            frames = await ws.event("refresh")
            self.assertEqual(
                frames, [{"type": "navigate", "to": "/login/"}, {"type": "<closed>", "code": 4403}]
            )

        production.run(scenario, http=self.client, page="/tracker/reports/")

    def test_item12_client_timezone(self) -> None:
        """runtime.py dispatch_mount sets view.client_timezone from the frame (IANA-validated)."""

        async def scenario(ws: Socket) -> None:
            mount = await ws.mount(
                VIEWS + "DeadlinesView", "/tracker/deadlines/", client_timezone="Asia/Tokyo"
            )
            self.assertIn("Due at 21:00 (Asia/Tokyo)", mount[0]["html"])

        production.run(scenario, page="/tracker/deadlines/")

        async def invalid(ws: Socket) -> None:
            mount = await ws.mount(
                VIEWS + "DeadlinesView", "/tracker/deadlines/", client_timezone="Mars/Base"
            )
            self.assertIn("Due at 12:00 (UTC)", mount[0]["html"])

        production.run(invalid, page="/tracker/deadlines/")
