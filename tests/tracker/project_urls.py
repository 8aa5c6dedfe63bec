from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<int:pk>/private/", views.PrivateProjectView.as_view(), name="private"),
]
