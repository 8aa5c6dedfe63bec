from __future__ import annotations

from django.apps import AppConfig
from django.core import checks


class DjustTestingConfig(AppConfig):
    name = "djust_testing"
    verbose_name = "djust testing"

    def ready(self) -> None:
        from .checks import check_settings

        checks.register(check_settings)
