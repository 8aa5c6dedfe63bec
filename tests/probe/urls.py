from django.urls import path

from . import views

urlpatterns = [
    path("counter/", views.ProbeCounterView.as_view(), name="probe-counter"),
    path("state/", views.StateView.as_view()),
    path("effects/", views.ProbeEffectsView.as_view()),
    path("items/<int:pk>/", views.ProbeItemView.as_view(), name="probe-item"),
    path("other/", views.OtherView.as_view()),
    path("presence/", views.PresenceProbeView.as_view()),
    path("rate/", views.RateProbeView.as_view()),
]
