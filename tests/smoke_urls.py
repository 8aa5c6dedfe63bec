"""The URLconf the smoke tests run against: a view for each kind of finding, some in a namespace."""

from django.urls import include, path

from .urls import plain_view
from .views import smoke

shop = (
    [
        path("fragile/", smoke.FragileView.as_view(), name="fragile"),
        path("items/<int:pk>/", smoke.ItemPageView.as_view(), name="item"),
    ],
    "shop",
)

urlpatterns = [
    path("sturdy/", smoke.SturdyView.as_view(), name="sturdy"),
    path("shop/", include(shop)),
    path("leaky/", smoke.LeakyView.as_view()),
    path("crash/", smoke.CrashingMountView.as_view()),
    path("members/", smoke.MembersView.as_view()),
    path("eraser/", smoke.EraserView.as_view()),
    path("counting/", smoke.CountingView.as_view()),
    path("plain/", plain_view),
    path("login/", plain_view),
]
