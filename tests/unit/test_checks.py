from __future__ import annotations

from django.core import checks
from django.test import SimpleTestCase, override_settings

from djust_testing.checks import check_settings


class CheckSettingsTests(SimpleTestCase):
    def test_passes_without_settings(self) -> None:
        self.assertEqual(check_settings(), [])

    @override_settings(DJUST_TESTING={"RENDER_ENGINE": "python"})
    def test_passes_with_a_known_engine(self) -> None:
        self.assertEqual(check_settings(), [])

    @override_settings(DJUST_TESTING={"RENDER_ENGINE": "jinja"})
    def test_reports_an_unknown_engine(self) -> None:
        [error] = check_settings()
        self.assertEqual(error.id, "djust_testing.E002")
        self.assertEqual(
            error.msg,
            "settings.DJUST_TESTING[\"RENDER_ENGINE\"] is 'jinja'; "
            "expected one of 'rust', 'python', 'compare'.",
        )

    @override_settings(DJUST_TESTING={"CHECK_PATCHES": "yes"})
    def test_reports_a_check_patches_that_is_not_a_bool(self) -> None:
        [error] = check_settings()
        self.assertEqual(error.id, "djust_testing.E003")
        self.assertEqual(
            error.msg, "settings.DJUST_TESTING[\"CHECK_PATCHES\"] is 'yes'; expected True or False."
        )

    @override_settings(DJUST_TESTING=["rust"])
    def test_reports_a_setting_that_is_not_a_dict(self) -> None:
        [error] = check_settings()
        self.assertEqual(error.id, "djust_testing.E001")
        self.assertEqual(error.msg, "settings.DJUST_TESTING must be a dict, got list.")

    @override_settings(DJUST_TESTING={"RENDER_ENGIN": "rust"})
    def test_reports_an_unknown_key_as_an_error(self) -> None:
        [error] = check_settings()
        self.assertEqual(error.id, "djust_testing.E005")
        self.assertEqual(error.level, checks.ERROR)
        self.assertEqual(
            error.msg,
            "settings.DJUST_TESTING has an unknown key 'RENDER_ENGIN' (did you mean "
            "'RENDER_ENGINE'?); known keys: CHECK_PATCHES, RENDER_ENGINE, SNAPSHOT_NORMALIZERS.",
        )

    @override_settings(DJUST_TESTING={"render_engine": "rust", "EXTRA": 1, "CHECK_PATCHES": "x"})
    def test_reports_every_problem_at_once(self) -> None:
        self.assertEqual(
            [(message.id, message.msg) for message in check_settings()],
            [
                (
                    "djust_testing.E003",
                    "settings.DJUST_TESTING[\"CHECK_PATCHES\"] is 'x'; expected True or False.",
                ),
                (
                    "djust_testing.E005",
                    "settings.DJUST_TESTING has unknown keys 'EXTRA', 'render_engine' (did you "
                    "mean 'RENDER_ENGINE'?); known keys: CHECK_PATCHES, RENDER_ENGINE, "
                    "SNAPSHOT_NORMALIZERS.",
                ),
            ],
        )

    @override_settings(DJUST_TESTING={"RENDER_ENGINE": "jinja"})
    def test_is_registered_with_djangos_checks(self) -> None:
        ids = [message.id for message in checks.run_checks()]
        self.assertIn("djust_testing.E002", ids)
