"""The tracker app's LiveViews, written as a djust user writes them.

Each view serves one or more items of issue 9; the tests say which.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from djust import LiveView, event_handler
from djust.components import AlertComponent, Tabs
from djust.rust_components import Button

from .components import TaskCounter
from .models import Project, Task

# ----------------------------------------------------------- item 1: routing


class ProjectListView(LiveView):
    """Routed as ``tracker:project-list`` (the app's ``app_name`` namespace)."""

    login_required = False
    template_name = "tracker/project_list.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.projects = list(Project.objects.values_list("name", flat=True))


class ProjectDetailView(LiveView):
    """Routed as ``tracker:projects:detail``: a namespace inside a namespace."""

    login_required = False
    template_name = "tracker/project_detail.html"

    def mount(self, request: Any, pk: int = 0, **kwargs: Any) -> None:
        project = get_object_or_404(Project, pk=pk)
        self.project_id = project.pk
        self.name = project.name


class AboutView(LiveView):
    """Routed inside the namespace without a URL name."""

    login_required = False
    template_name = "tracker/about.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.heading = "About the tracker"


class ArchiveView(LiveView):
    """Routed by a ``re_path`` with a named group, inside the namespace."""

    login_required = False
    template_name = "tracker/archive.html"

    def mount(self, request: Any, year: str = "", **kwargs: Any) -> None:
        self.year = year


class BoardView(LiveView):
    """Two routes: ``board/`` and ``board/<slug:column>/``."""

    login_required = False
    template_name = "tracker/board.html"

    def mount(self, request: Any, column: str = "todo", **kwargs: Any) -> None:
        self.column = column


# ------------------------------------------------------- item 2: components


class TeamView(LiveView):
    """Holds djust's Python AlertComponent, an app LiveComponent and a Rust Button."""

    login_required = False
    template_name = "tracker/team.html"
    # A class-level component (djust's descriptor pattern): its state lives in
    # the view's ``_component_nav`` slot and reads as ``self.nav``.
    nav = Tabs(active="members")

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.alert = AlertComponent(message="Welcome to the team", type="info")
        self.counter = TaskCounter(count=2)
        # djust's Rust button (djust.rust_components); its state lives in Rust.
        self.save_button = Button("save", "Save")
        self.members = ["ann"]

    @event_handler
    def add_member(self, name: str = "", **kwargs: Any) -> None:
        self.members.append(name)  # in place: state_before must still show the old list

    @event_handler
    def warn(self, **kwargs: Any) -> None:
        self.alert.show("Mind the deadline", "warning")


# ---------------------------------------------------- item 3: __init__ state


class FilteredTasksView(LiveView):
    """Sets part of its state in ``__init__``, as many djust apps do."""

    login_required = False
    template_name = "tracker/filtered_tasks.html"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.filters: dict[str, str] = {"status": "open"}
        self.page = 1

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.tasks = list(Task.objects.values_list("title", flat=True))

    @event_handler
    def next_page(self, **kwargs: Any) -> None:
        self.page += 1

    @event_handler
    def show_done(self, **kwargs: Any) -> None:
        self.filters["status"] = "done"


# --------------------------------------------------- item 4: dj-virtual lists


class BacklogView(LiveView):
    """A windowed ``dj-virtual`` list keyed by ``dj-key`` (djust's 29-virtual-list.js)."""

    login_required = False
    template_name = "tracker/backlog.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.rows = [{"id": n, "title": f"Task {n}"} for n in range(1, 7)]
        self.next_id = 7

    @event_handler
    def insert_at(self, position: int = 0, **kwargs: Any) -> None:
        self.rows.insert(position, {"id": self.next_id, "title": f"Task {self.next_id}"})
        self.next_id += 1

    @event_handler
    def remove(self, row_id: int = 0, **kwargs: Any) -> None:
        self.rows = [row for row in self.rows if row["id"] != row_id]

    @event_handler
    def reverse(self, **kwargs: Any) -> None:
        self.rows = list(reversed(self.rows))

    @event_handler
    def rename(self, row_id: int = 0, title: str = "", **kwargs: Any) -> None:
        self.rows = [dict(row, title=title) if row["id"] == row_id else row for row in self.rows]

    @event_handler
    def retag(self, row_id: int = 0, **kwargs: Any) -> None:
        # A row that changes tag: the differ sends VirtualUpdate with Replace at path [].
        self.rows = [dict(row, flag="urgent") if row["id"] == row_id else row for row in self.rows]


# ------------------------------------------- item 5: object-permission denial


class PrivateProjectView(LiveView):
    """Only the project's owner may see it (djust's ADR-017 object permission)."""

    login_required = False
    template_name = "tracker/private_project.html"

    def mount(self, request: Any, pk: int = 0, **kwargs: Any) -> None:
        self.project_id = pk

    def get_object(self) -> Project:
        project: Project = Project.objects.get(pk=self.project_id)
        return project

    def has_object_permission(self, request: Any, obj: Project) -> bool:
        return obj.owner_id is not None and obj.owner_id == request.user.pk


# --------------------------------------------- item 6: the page's own dj-view


class MilestoneView(LiveView):
    """Its template was copied from the project list and still names ProjectListView."""

    login_required = False
    template_name = "tracker/milestones.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.milestones = ["alpha"]

    @event_handler
    def add_milestone(self, name: str = "", **kwargs: Any) -> None:
        self.milestones.append(name)


# ------------------------------------------- item 7: login() inside a handler


class SignInView(LiveView):
    """Logs the user in from a socket handler: the trap djust's docs warn about."""

    login_required = False
    template_name = "tracker/sign_in.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.error = ""

    @event_handler
    def sign_in(self, username: str = "", password: str = "", **kwargs: Any) -> None:
        from django.contrib.auth import authenticate, login

        user = authenticate(self.request, username=username, password=password)
        if user is None:
            self.error = "Wrong username or password"
            return
        login(self.request, user)
        self.live_redirect("/tracker/account/")


class AccountView(LiveView):
    """Behind the login."""

    login_required = True
    template_name = "tracker/account.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.username = request.user.get_username()

    @event_handler
    def sign_out(self, **kwargs: Any) -> None:
        from django.contrib.auth import logout

        logout(self.request)
        self.live_redirect("/tracker/account/")


# ------------------------------------------------ items 8-10: the wire


class EstimateView(LiveView):
    """Numbers from the browser, and payloads, params and flash sent back to it."""

    login_required = False
    template_name = "tracker/estimate.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.points = 0
        self.ticket_id = 0
        self.ratio = 0.0

    @event_handler
    def add(self, amount: int = 0, **kwargs: Any) -> None:
        self.points += amount

    @event_handler
    def link_ticket(self, ticket_id: int = 0, **kwargs: Any) -> None:
        self.ticket_id = ticket_id

    @event_handler
    def set_ratio(self, ratio: float = 0.0, **kwargs: Any) -> None:
        self.ratio = ratio

    @event_handler
    def price(self, **kwargs: Any) -> None:
        from decimal import Decimal

        self.push_event("priced", {"amount": Decimal("1.50")})

    @event_handler
    def push_object(self, **kwargs: Any) -> None:
        self.points += 1
        self.push_event("opaque", {"thing": object()})

    @event_handler
    def filter_by(self, **kwargs: Any) -> None:
        self.live_patch(params={"sort": {"by": "points"}, "tags": ["a", "b"], "exact": True})

    @event_handler
    def go_offsite(self, **kwargs: Any) -> None:
        self.live_redirect("https://evil.example/dashboard/")

    @event_handler
    def patch_offsite(self, **kwargs: Any) -> None:
        self.live_patch(path="//evil.example/dashboard/")

    @event_handler
    def patch_to_script(self, **kwargs: Any) -> None:
        self.live_patch(path="javascript:alert(1)")

    @event_handler
    def go_dashboard(self, **kwargs: Any) -> None:
        self.live_redirect("/dashboard/")

    @event_handler
    def schedule(self, **kwargs: Any) -> None:
        import datetime

        due = datetime.datetime(2030, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)
        self.live_redirect("/tracker/deadlines/", params={"due": due})

    @event_handler
    def patch_object(self, **kwargs: Any) -> None:
        self.points += 1
        self.live_patch(params={"thing": object()})


# ------------------------------------- item 11: checks production makes


class NotesView(LiveView):
    """Takes free text from the browser (a frame can exceed max_message_size)."""

    login_required = False
    template_name = "tracker/notes.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.notes: list[str] = []

    @event_handler
    def add_note(self, text: str = "", **kwargs: Any) -> None:
        self.notes.append(text[:20])


class ReportsView(LiveView):
    """Needs a permission that can be revoked while the page is open."""

    permission_required = "tracker.view_project"
    template_name = "tracker/reports.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.refreshed = 0

    @event_handler
    def refresh(self, **kwargs: Any) -> None:
        self.refreshed += 1


# ------------------------------------------- item 12: the browser's zone


class DeadlinesView(LiveView):
    """Shows a deadline in the zone djust got from the browser's mount frame."""

    login_required = False
    template_name = "tracker/deadlines.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        import datetime
        from zoneinfo import ZoneInfo

        self.zone = getattr(self, "client_timezone", None) or "UTC"
        due = datetime.datetime(2030, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)
        self.due_local = due.astimezone(ZoneInfo(self.zone)).strftime("%H:%M")


# ------------------------------------------- item 13: the compare engine


class TaskBoardView(LiveView):
    """Renders model instances, and a tuple djust's Rust engine renders as a list."""

    login_required = False
    template_name = "tracker/task_board.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.task = Task.objects.select_related("project").first()
        self.tasks = list(Task.objects.all())
        self.size: tuple[int, int] | None = None

    @event_handler
    def measure(self, **kwargs: Any) -> None:
        self.size = (3, 4)


class DimensionsView(LiveView):
    """A tuple on the page: Django renders ``(3, 4)``, djust's Rust engine ``[3, 4]``."""

    login_required = False
    template_name = "tracker/dimensions.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.size = (3, 4)


class OfficeView(LiveView):
    """One app (``region``) deployed twice: instance namespaces ``region-eu``, ``region-us``."""

    login_required = False
    template_name = "tracker/office.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.path = request.path


# ------------------------------------------- item 14: from djust.testing


class TallyView(LiveView):
    """A counter as djust's own client tests write them, made valid for production."""

    login_required = False
    template_name = "tracker/tally.html"

    def mount(self, request: Any, **kwargs: Any) -> None:
        self.count = 0
        self.mount_kwargs = sorted(kwargs)

    @event_handler
    def increment(self, by: int = 1, **kwargs: Any) -> None:
        self.count += by

    @event_handler
    def nothing(self, **kwargs: Any) -> None:
        pass
