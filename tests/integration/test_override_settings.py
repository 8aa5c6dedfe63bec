"""djust's configuration, and djust_testing's settings, follow override_settings."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from djust.config import config

from djust_testing import DjustTestingError, LiveViewTestCase, SettingsError
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


class UnknownKeyTests(LiveViewTestCase):
    """A misspelt DJUST_TESTING key is an error when the settings are read, not only at start-up."""

    message = (
        "settings.DJUST_TESTING has an unknown key 'CHECK_PATCH' (did you mean "
        "'CHECK_PATCHES'?); known keys: CHECK_PATCHES, RENDER_ENGINE, SNAPSHOT_NORMALIZERS."
    )

    @override_settings(DJUST_TESTING={"CHECK_PATCH": False})
    def test_a_mount_reads_the_settings(self) -> None:
        with self.assertRaisesMessage(SettingsError, self.message) as caught:
            self.live(DomEventsView)
        self.assertIsInstance(caught.exception, ImproperlyConfigured)
        self.assertIsInstance(caught.exception, DjustTestingError)

    def test_so_does_a_render_inside_an_override(self) -> None:
        live = self.live(DomEventsView)
        misspelt = override_settings(DJUST_TESTING={"RENDER_ENGINE": "rust", "render_engine": "x"})
        with (
            misspelt,
            self.assertRaisesMessage(
                SettingsError, "unknown key 'render_engine' (did you mean 'RENDER_ENGINE'?)"
            ),
        ):
            live.render()
        live.render()

    @override_settings(DJUST_TESTING={"RENDER_ENGINE": "rust", "CHECK_PATCHES": True})
    def test_known_keys_are_fine(self) -> None:
        self.live(DomEventsView).render()
