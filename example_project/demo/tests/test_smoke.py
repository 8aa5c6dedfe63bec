"""Every page of the example: it loads, mounts and survives its handlers being fuzzed."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import User
from django.test import TestCase, override_settings
from djust_testing import LiveViewSmokeTest

from catalog.tests.seeds import seed_catalog
from catalog.views import ProductDetailView
from demo.models import Order, Todo


# Logging in is fuzzed too: each attempt hashes a password, which the default
# hasher makes slow on purpose.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class SiteSmokeTests(LiveViewSmokeTest, TestCase):
    """Both apps, demo and catalog, as a logged-in user sees them."""

    view_config: ClassVar = {ProductDetailView: {"url": "/catalog/desk-lamp/"}}
    max_queries = 10

    @classmethod
    def setUpTestData(cls) -> None:
        seed_catalog()
        Todo.objects.create(title="Buy milk")
        Order.objects.create(customer="Ann", total="30.00")
        cls.ann = User.objects.create_user("ann", password="correct horse")

    def setUp(self) -> None:
        self.client.force_login(self.ann)  # the dashboard is behind the login
