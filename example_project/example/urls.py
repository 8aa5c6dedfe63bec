from django.urls import path

from demo import views

urlpatterns = [
    path("", views.CounterView.as_view(), name="counter"),
]
