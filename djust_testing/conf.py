"""The ``DJUST_TESTING`` settings dict, read at use so ``override_settings`` works."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

RENDER_ENGINES = ("rust", "python", "compare")

DEFAULTS: dict[str, Any] = {
    "RENDER_ENGINE": "rust",
}


def _user_settings() -> dict[str, Any]:
    value = getattr(settings, "DJUST_TESTING", None)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ImproperlyConfigured(
            f"settings.DJUST_TESTING must be a dict, got {type(value).__name__}."
        )
    return value


def get_setting(name: str) -> Any:
    """Return one ``DJUST_TESTING`` entry, or its default."""
    return _user_settings().get(name, DEFAULTS[name])


def validate_render_engine(value: object, *, source: str) -> str:
    """Return ``value`` if it names a render engine, else raise naming ``source``."""
    if not isinstance(value, str) or value not in RENDER_ENGINES:
        allowed = ", ".join(repr(engine) for engine in RENDER_ENGINES)
        raise ImproperlyConfigured(f"{source} is {value!r}; expected one of {allowed}.")
    return value


def render_engine() -> str:
    """The engine ``render()`` uses when the test names none."""
    return validate_render_engine(
        get_setting("RENDER_ENGINE"), source='settings.DJUST_TESTING["RENDER_ENGINE"]'
    )


def unknown_keys() -> list[str]:
    """``DJUST_TESTING`` keys djust_testing does not know (a likely typo)."""
    return sorted(set(_user_settings()) - set(DEFAULTS))
