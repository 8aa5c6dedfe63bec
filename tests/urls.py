from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from .support import seeds
from .views import access, basics, templates


def plain_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("plain")


urlpatterns = [
    path("counter/", basics.CounterView.as_view(), name="counter"),
    path("items/<int:pk>/", basics.ItemView.as_view(), name="item"),
    path("whoami/", basics.WhoAmIView.as_view()),
    path("secret/", access.LoginRequiredView.as_view()),
    path("admin-only/", access.PermissionView.as_view()),
    path("file/", templates.TemplateFileView.as_view()),
    path("plain/", plain_view),
    path("dashboard/", seeds.DashboardView.as_view()),
    path("tracker/", include("tests.tracker.urls")),
    path("probe/", include("tests.probe.urls")),
]
