"""An app included twice: instance namespaces ``tracker:region-eu`` and ``tracker:region-us``."""

from django.urls import path

from . import views

urlpatterns = [
    path("office/", views.OfficeView.as_view(), name="office"),
]
