"""System checks for the ``DJUST_TESTING`` settings, reported at startup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.checks import CheckMessage, Error, Warning
from django.core.exceptions import ImproperlyConfigured

from . import conf


def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        unknown = conf.unknown_keys()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="djust_testing.E001")]
    messages: list[CheckMessage] = []
    readers: list[tuple[Callable[[], object], str]] = [
        (conf.render_engine, "djust_testing.E002"),
        (conf.check_patches, "djust_testing.E003"),
        (conf.snapshot_normalizers, "djust_testing.E004"),
    ]
    for read, check_id in readers:
        try:
            read()
        except ImproperlyConfigured as exc:
            messages.append(Error(str(exc), id=check_id))
    if unknown:
        known = ", ".join(sorted(conf.DEFAULTS))
        messages.append(
            Warning(
                f"settings.DJUST_TESTING has unknown keys {unknown!r}; known keys: {known}.",
                id="djust_testing.W001",
            )
        )
    return messages
