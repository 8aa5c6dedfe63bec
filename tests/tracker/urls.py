"""The tracker app's URLconf: an ``app_name`` namespace with a nested include."""

from django.urls import include, path, re_path

from . import views

app_name = "tracker"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project-list"),
    path("projects/", include("tests.tracker.project_urls")),
    path("about/", views.AboutView.as_view()),
    path("eu/", include(("tests.tracker.region_urls", "region"), namespace="region-eu")),
    path("us/", include(("tests.tracker.region_urls", "region"), namespace="region-us")),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", views.ArchiveView.as_view(), name="archive"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("board/<slug:column>/", views.BoardView.as_view(), name="board-column"),
    path("team/", views.TeamView.as_view(), name="team"),
    path("tasks/", views.FilteredTasksView.as_view(), name="tasks"),
    path("backlog/", views.BacklogView.as_view(), name="backlog"),
    path("milestones/", views.MilestoneView.as_view(), name="milestones"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("account/", views.AccountView.as_view(), name="account"),
    path("estimate/", views.EstimateView.as_view(), name="estimate"),
    path("notes/", views.NotesView.as_view(), name="notes"),
    path("reports/", views.ReportsView.as_view(), name="reports"),
    path("deadlines/", views.DeadlinesView.as_view(), name="deadlines"),
    path("task-board/", views.TaskBoardView.as_view(), name="task-board"),
    path("dimensions/", views.DimensionsView.as_view(), name="dimensions"),
    path("tally/", views.TallyView.as_view(), name="tally"),
]
