"""Issue 9, items 1-6: mounting views of an app written the way djust users write them.

Every test here fails on djust_testing as of aa9d286 and states the behaviour
that must hold once the item is fixed. Production facts they rely on are pinned
against djust's real consumer in ``probe_production.py``.
"""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from djust_testing import (
    DjustTestingError,
    LiveViewTestCase,
    LiveViewTestClient,
    MountDeniedError,
    MountRedirectedError,
)

from . import views
from .models import Project

# ------------------------------------------------------------------ item 1


class NamespacedRouteTests(LiveViewTestCase):
    """Item 1: a view routed under an ``app_name`` namespace (nested includes too) mounts by class.

    Today ``routing.page_for_view`` finds the patterns by walking
    ``get_resolver().url_patterns`` but builds the path with
    ``reverse(callback)``, which only knows the root (un-namespaced)
    patterns, so every namespaced view fails with "is routed, but no route
    can be built". After the fix the walk itself builds the path: the
    pattern's own route (or ``reverse("ns:inner:name")`` with the instance
    namespaces met on the way). Of several routes, the one whose URL kwargs
    the parameters fill, the one taking the most of them first (today's
    rule), then URLconf order.
    """

    def test_a_view_under_an_app_namespace_mounts_by_class(self) -> None:
        Project.objects.create(name="Apollo")
        live = self.live(views.ProjectListView)
        self.assertEqual(live.url, reverse("tracker:project-list"))
        self.assertEqual(live.url, "/tracker/")
        live.assert_state(projects=["Apollo"])

    def test_a_view_in_a_nested_namespace_gets_its_url_kwargs_in_the_path(self) -> None:
        project = Project.objects.create(name="Apollo")
        live = self.live(views.ProjectDetailView, pk=project.pk)
        self.assertEqual(live.url, reverse("tracker:projects:detail", kwargs={"pk": project.pk}))
        live.assert_state(project_id=project.pk, name="Apollo")

    def test_an_unnamed_route_in_a_namespace_is_built_from_its_pattern(self) -> None:
        """``path("about/", AboutView.as_view())`` has no name: no reverse() can build it."""
        live = self.live(views.AboutView)
        self.assertEqual(live.url, "/tracker/about/")
        self.assertIn("About the tracker", live.render())

    def test_a_regex_route_in_a_namespace_is_built_and_djust_passes_the_group_as_a_string(
        self,
    ) -> None:
        """mount() gets the resolver's kwargs (runtime.py ``_resolve_url_kwargs``): strings."""
        live = self.live(views.ArchiveView, year=2024)
        self.assertEqual(live.url, "/tracker/archive/2024/")
        live.assert_state(year="2024")

    def test_of_two_routes_for_one_view_the_one_the_parameters_fill(self) -> None:
        self.assertEqual(self.live(views.BoardView).url, "/tracker/board/")
        live = self.live(views.BoardView, column="doing")
        self.assertEqual(live.url, "/tracker/board/doing/")
        live.assert_state(column="doing")

    def test_an_app_deployed_twice_mounts_at_its_first_instance(self) -> None:
        """Two instance namespaces of one app: the first route in URLconf order.

        ``reverse("tracker:region:office")`` would give the *last* deployed
        instance (Django's default-instance rule), so the route must be built
        through the instance namespaces the walk met (``tracker:region-eu``).
        """
        self.assertEqual(reverse("tracker:region:office"), "/tracker/us/office/")
        live = self.live(views.OfficeView)
        self.assertEqual(live.url, "/tracker/eu/office/")
        live.assert_state(path="/tracker/eu/office/")

    def test_the_client_class_mounts_a_namespaced_view(self) -> None:
        project = Project.objects.create(name="Apollo")
        live = LiveViewTestClient(views.ProjectDetailView, client=self.client).mount(pk=project.pk)
        try:
            self.assertEqual(live.url, f"/tracker/projects/{project.pk}/")
        finally:
            live.close()


# ------------------------------------------------------------------ item 2


class ComponentStateTests(LiveViewTestCase):
    """Item 2: views holding LiveComponents and djust's Rust components.

    ``TeamView`` holds djust's ``AlertComponent`` and an app ``LiveComponent``
    (both reach the view's RustLiveView through ``_parent``, which
    ``copy.deepcopy`` cannot copy), djust's Rust ``Button``
    (``djust.rust_components``, wrapping an unpicklable ``RustButton``) and a
    class-level ``Tabs`` descriptor component. Today every ``send_event`` and
    ``get_state`` raises "cannot snapshot TeamView.alert: copy.deepcopy()
    refused its AlertComponent (cannot pickle 'builtins.RustLiveView' object)".

    After the fix a snapshot never fails on such objects: a component appears
    as its own public state (a dict of its public attributes, for a
    class-level component the dict of its ``State``, as djust's
    ``ComponentMixin._extract_component_state`` saves them), plain data is
    still deep-copied.
    """

    def test_get_state_shows_each_component_as_its_public_state(self) -> None:
        live = self.live("/tracker/team/")
        state = live.get_state()
        self.assertEqual(
            {key: state["alert"][key] for key in ("message", "type", "visible")},
            {"message": "Welcome to the team", "type": "info", "visible": True},
        )
        self.assertEqual(state["counter"]["count"], 2)
        self.assertEqual(state["nav"], {"active": "members"})
        self.assertIn("save_button", state)
        self.assertEqual(state["members"], ["ann"])

    def test_in_place_changes_to_plain_data_still_show_before_and_after(self) -> None:
        live = self.live("/tracker/team/")
        result = live.send_event("add_member", name="bo")
        self.assertEqual(result["state_before"]["members"], ["ann"])
        self.assertEqual(result["state_after"]["members"], ["ann", "bo"])

    def test_a_change_to_a_component_shows_before_and_after(self) -> None:
        live = self.live("/tracker/team/")
        result = live.send_event("warn")
        self.assertEqual(result["state_before"]["alert"]["message"], "Welcome to the team")
        self.assertEqual(result["state_after"]["alert"]["message"], "Mind the deadline")
        live.assert_state_contains(alert={"type": "warning"})

    def test_a_component_event_from_the_page(self) -> None:
        """The click carries the component's ``data-component-id`` (09-event-binding.js)."""
        live = self.live("/tracker/team/")
        result = live.element(".counter button").click()
        assert result is not None
        self.assertEqual(result["state_before"]["counter"]["count"], 2)
        self.assertEqual(result["state_after"]["counter"]["count"], 3)
        self.assertEqual(live.element(".tally").text, "3")

    def test_a_class_level_component_event(self) -> None:
        live = self.live("/tracker/team/")
        result = live.element("button", text="Activity").click()
        assert result is not None
        self.assertEqual(result["state_after"]["nav"], {"active": "activity"})
        self.assertEqual(live.element(".tab").text, "Tab: activity")

    def test_the_snapshot_is_a_copy(self) -> None:
        live = self.live("/tracker/team/")
        state = live.get_state()
        state["counter"]["count"] = 99
        state["members"].append("intruder")
        self.assertEqual(live.view_instance.counter.count, 2)
        live.assert_state(members=["ann"])


# ------------------------------------------------------------------ item 3


class InitStateTests(LiveViewTestCase):
    """Item 3: attributes a view assigns in ``__init__`` are state.

    djust leaves out only ``view._framework_attrs`` (the keys
    ``LiveView.__init__`` itself set, snapshotted at its end, live_view.py) and
    ``_FRAMEWORK_INTERNAL_ATTRS`` (websocket.py ``_snapshot_assigns``); a
    subclass's ``__init__`` runs after that snapshot, so its attributes are
    state, and an in-place change to them re-renders in production
    (probe_production ``test_item3_state_set_in_init_is_state_to_djust``).
    Today ``RecordingTransport.on_view_mounted`` drops every key present
    before ``mount()``, so ``get_state()`` is ``{"tasks": []}``.
    """

    def test_get_state_has_what_init_assigned_and_nothing_of_djusts(self) -> None:
        live = self.live("/tracker/tasks/")
        self.assertEqual(live.get_state(), {"filters": {"status": "open"}, "page": 1, "tasks": []})

    def test_assert_state_reads_init_state(self) -> None:
        live = self.live("/tracker/tasks/")
        live.assert_state(page=1, filters={"status": "open"})

    def test_handlers_changing_init_state_show_before_and_after(self) -> None:
        live = self.live("/tracker/tasks/")
        result = live.send_event("next_page")
        self.assertEqual((result["state_before"]["page"], result["state_after"]["page"]), (1, 2))
        result = live.send_event("show_done")
        self.assertEqual(result["state_before"]["filters"], {"status": "open"})
        self.assertEqual(result["state_after"]["filters"], {"status": "done"})


# ------------------------------------------------------------------ item 4


class VirtualListTests(LiveViewTestCase):
    """Item 4: ``dj-virtual`` keyed lists (``virtual_keyed_ops``, on by default, config.py).

    djust's differ addresses a ``[dj-virtual]`` container's rows by key:
    ``VirtualInsert {path, d, key, node, before_key?}``, ``VirtualMove {key,
    before_key}``, ``VirtualRemove {key}``, ``VirtualUpdate {key, patches}``
    (inner patches relative to the row; ``Replace`` at ``path: []`` swaps the
    row). 12-vdom-patch.js ``applySinglePatch`` hands them to
    29-virtual-list.js ``virtualKeyedOp`` / ``virtualNodeForKey`` /
    ``virtualReplaceByKey``, which work on the list's item pool: the row is
    found by ``dj-virtual-key-attr`` / ``dj-key`` / ``data-key``; a missing or
    unknown ``before_key`` means the tail; inserting a key already present
    replaces it; removing or moving an absent key is a no-op. Today the page
    model answers "unknown patch type 'VirtualInsert'" and the patch check
    fails every structural event on such a list.
    """

    def rows(self, live: LiveViewTestClient) -> list[str]:
        return re.findall(r"<li[^>]*>\s*([^<]*?)\s*</li>", live.element("#rows").render())

    def patch_types(self, live: LiveViewTestClient) -> set[str]:
        return {
            p["type"] for frame in live.last_action.frames_of("patch") for p in frame["patches"]
        }

    def test_insert_in_the_middle(self) -> None:
        live = self.live("/tracker/backlog/")
        live.send_event("insert_at", position=2)
        self.assertEqual(self.patch_types(live), {"VirtualInsert"})
        self.assertEqual(
            self.rows(live), ["Task 1", "Task 2", "Task 7", "Task 3", "Task 4", "Task 5", "Task 6"]
        )

    def test_append_at_the_tail(self) -> None:
        live = self.live("/tracker/backlog/")
        live.send_event("insert_at", position=6)
        self.assertEqual(self.rows(live)[-2:], ["Task 6", "Task 7"])

    def test_remove(self) -> None:
        live = self.live("/tracker/backlog/")
        live.send_event("remove", row_id=3)
        self.assertEqual(self.patch_types(live), {"VirtualRemove"})
        self.assertEqual(self.rows(live), ["Task 1", "Task 2", "Task 4", "Task 5", "Task 6"])

    def test_reverse_moves_every_row(self) -> None:
        live = self.live("/tracker/backlog/")
        live.send_event("reverse")
        self.assertEqual(self.patch_types(live), {"VirtualMove"})
        self.assertEqual(self.rows(live), [f"Task {n}" for n in range(6, 0, -1)])

    def test_an_attribute_change_on_one_row(self) -> None:
        live = self.live("/tracker/backlog/")
        live.send_event("retag", row_id=4)
        self.assertEqual(self.patch_types(live), {"VirtualUpdate"})
        self.assertTrue(live.has_element('li[dj-key="4"].row.urgent'))
        self.assertFalse(live.has_element('li[dj-key="3"].urgent'))


# ------------------------------------------------------------------ item 5


class ObjectPermissionMountTests(LiveViewTestCase):
    """Item 5: ``get_object`` + ``has_object_permission`` refusing the mount.

    runtime.py ``dispatch_mount`` answers with ``send_error("Access denied for
    this object.", code="permission_denied")`` and the WS transport closes
    4403 (``finalize_mount_auth``); over HTTP it is a 403
    (mixins/request.py ``get``). Today ``explain.mount_refusal`` only knows the
    "Permission denied" frame and raises a plain ``MountError``.
    """

    def test_an_object_permission_refusal_is_a_mount_denied_error(self) -> None:
        owner = User.objects.create_user("owner")
        project = Project.objects.create(name="Secret", owner=owner)
        url = f"/tracker/projects/{project.pk}/private/"
        self.client.force_login(User.objects.create_user("stranger"))
        with self.assertRaises(MountDeniedError) as caught:
            self.live(url)
        self.assertIsInstance(caught.exception, PermissionDenied)
        message = str(caught.exception)
        self.assertIn("PrivateProjectView", message)
        self.assertIn("Access denied for this object.", message)
        self.client.force_login(owner)
        self.live(url).assert_state(project_id=project.pk)


# ------------------------------------------------------------------ item 6


class PageViewTests(LiveViewTestCase):
    """Item 6: the browser mounts the view the page's ``dj-view`` names.

    03-websocket.js ``autoMount`` takes ``findPageViewContainer()`` (the first
    ``[dj-view]`` that is not a sticky root or an embedded child) of the page
    the HTTP GET returned and sends ``{"type": "mount", "view":
    container.getAttribute("dj-view"), ...}``; djust mounts whatever view the
    frame names (runtime.py ``dispatch_mount`` -> ``resolve_view_class``, the
    allowlist being the only gate). ``MilestoneView``'s template was copied
    from the project list and still says
    ``dj-view="tests.tracker.views.ProjectListView"``: in production the page
    mounts ProjectListView and every MilestoneView event is "Event rejected"
    (probe ``test_item6_the_browser_mounts_what_the_pages_dj_view_names``).
    Today the client mounts the class it was given and the test passes.
    """

    def test_a_page_naming_another_view_fails_loudly_naming_both(self) -> None:
        with self.assertRaises(DjustTestingError) as caught:
            self.live("/tracker/milestones/")
        message = str(caught.exception)
        self.assertIn('dj-view="tests.tracker.views.ProjectListView"', message)
        self.assertIn("MilestoneView", message)

    def test_the_client_class_checks_the_page_too(self) -> None:
        live = LiveViewTestClient(
            views.MilestoneView, client=self.client, url="/tracker/milestones/"
        )
        with self.assertRaises(DjustTestingError) as caught:
            live.mount()
        self.assertIn("ProjectListView", str(caught.exception))
        live.close()

    def test_a_login_redirect_goes_where_the_browser_goes(self) -> None:
        """HTTP first, as Phoenix's ``live(conn, path)``: the GET's 302 keeps ``?next=``.

        A browser never opens the socket for this page: mixins/request.py
        ``get`` answers ``302 /login/?next=%2Ftracker%2Freports%2F``. Today the
        client reports the socket's ``navigate`` target, ``/login/``.
        """
        with self.assertRaises(MountRedirectedError) as caught:
            self.live("/tracker/reports/")
        self.assertEqual(caught.exception.url, "/login/?next=%2Ftracker%2Freports%2F")
