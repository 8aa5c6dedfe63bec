"""djust's configuration follows override_settings."""

from __future__ import annotations

from django.test import override_settings
from djust.config import config

from djust_testing import LiveViewTestCase
from tests.views.page import DomEventsView


class OverrideSettingsTests(LiveViewTestCase):
    def setUp(self) -> None:
        self.addCleanup(config.reset)

    def test_an_overridden_liveview_config_reaches_the_client(self) -> None:
        with override_settings(LIVEVIEW_CONFIG={"auto_navigate": False}):
            live = self.live(DomEventsView)
            self.assertIsNone(live.element("#page3").click())
            live.assert_redirect("/", params={"page": "3"})
            self.assertEqual(live.url, "/")
        live = self.live(DomEventsView)
        live.element("#page3").click()
        live.assert_patch("/", params={"page": "3"})
        self.assertEqual(live.url, "/?page=3")

    def test_the_configuration_before_the_override_comes_back(self) -> None:
        config.update({"css_framework": "tailwind"})
        with override_settings(DJUST_CONFIG={"auto_navigate": False}):
            self.assertEqual(config.get("css_framework"), "bootstrap5")
            self.assertIs(config.get("auto_navigate"), False)
            with override_settings(LIVEVIEW_CONFIG={"css_framework": "plain"}):
                self.assertEqual(config.get("css_framework"), "plain")
                self.assertIs(config.get("auto_navigate"), False)
            self.assertEqual(config.get("css_framework"), "bootstrap5")
        self.assertEqual(config.get("css_framework"), "tailwind")
        self.assertIs(config.get("auto_navigate"), True)

    def test_other_settings_leave_the_configuration_alone(self) -> None:
        config.update({"css_framework": "tailwind"})
        with override_settings(LOGIN_URL="/elsewhere/"):
            self.assertEqual(config.get("css_framework"), "tailwind")
