"""System checks for the ``DJUST_TESTING`` settings, reported at startup.

The same rules apply whenever a test reads the settings (``conf``); the
checks report every problem at once, before any test runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.checks import CheckMessage, Error

from . import conf
from .exceptions import SettingsError


def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        configured = conf.configured_settings()
    except SettingsError as exc:
        return [Error(str(exc), id="djust_testing.E001")]
    validators: list[tuple[str, Callable[[object], object], str]] = [
        (
            "RENDER_ENGINE",
            lambda value: conf.validate_render_engine(value, source=conf.source("RENDER_ENGINE")),
            "djust_testing.E002",
        ),
        ("CHECK_PATCHES", conf.validate_check_patches, "djust_testing.E003"),
        (
            "SNAPSHOT_NORMALIZERS",
            lambda value: conf.validate_normalizers(
                value, source=conf.source("SNAPSHOT_NORMALIZERS")
            ),
            "djust_testing.E004",
        ),
    ]
    messages: list[CheckMessage] = []
    for name, validate, check_id in validators:
        try:
            validate(configured.get(name, conf.DEFAULTS[name]))
        except SettingsError as exc:
            messages.append(Error(str(exc), id=check_id))
    unknown = conf.unknown_keys(configured)
    if unknown:
        messages.append(Error(conf.unknown_keys_message(unknown), id="djust_testing.E005"))
    return messages
