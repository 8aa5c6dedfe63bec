from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from . import seed_support, views


def plain_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("plain")


urlpatterns = [
    path("counter/", views.CounterView.as_view(), name="counter"),
    path("items/<int:pk>/", views.ItemView.as_view(), name="item"),
    path("whoami/", views.WhoAmIView.as_view()),
    path("secret/", views.LoginRequiredView.as_view()),
    path("admin-only/", views.PermissionView.as_view()),
    path("file/", views.TemplateFileView.as_view()),
    path("plain/", plain_view),
    path("dashboard/", seed_support.DashboardView.as_view()),
    path("probe/", include("tests.probe.urls")),
]
