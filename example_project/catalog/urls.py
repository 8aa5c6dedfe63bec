"""The catalog's pages, under the "catalog" namespace: catalog:products, catalog:product."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.ProductListView.as_view(), name="products"),
    path("<slug:slug>/", views.ProductDetailView.as_view(), name="product"),
]
