"""The ``DJUST_TESTING`` settings dict, read at use so ``override_settings`` works.

Every read checks the whole dict: a key djust_testing does not know, or a
value of the wrong kind, raises ``SettingsError`` (an ``ImproperlyConfigured``)
naming it, whenever and however the settings were set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeAlias

from django.conf import settings

from ._diff import closest
from .exceptions import SettingsError

# A settings error ends its traceback at the test's line (pytest).
__tracebackhide__ = True

RENDER_ENGINES = ("rust", "python", "compare")

DEFAULTS: dict[str, Any] = {
    "RENDER_ENGINE": "rust",
    "SNAPSHOT_NORMALIZERS": [],
    "CHECK_PATCHES": True,
}


def source(name: str) -> str:
    """How a message names the setting ``name``."""
    return f'settings.DJUST_TESTING["{name}"]'


def configured_settings() -> dict[str, Any]:
    """``settings.DJUST_TESTING`` as it is now (``{}`` when unset), its keys not yet checked."""
    value = getattr(settings, "DJUST_TESTING", None)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SettingsError(f"settings.DJUST_TESTING must be a dict, got {type(value).__name__}.")
    return value


def unknown_keys(value: dict[str, Any]) -> list[Any]:
    """The keys of ``value`` djust_testing does not know (a likely typo)."""
    return sorted((key for key in value if key not in DEFAULTS), key=repr)


def unknown_keys_message(unknown: list[Any]) -> str:
    """What is wrong with ``unknown`` keys, each with the known key it was likely meant to be."""
    described = []
    for key in unknown:
        hint = _meant(key)
        described.append(f"{key!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
    noun = "an unknown key" if len(unknown) == 1 else "unknown keys"
    return (
        f"settings.DJUST_TESTING has {noun} {', '.join(described)}; known keys: "
        f"{', '.join(sorted(DEFAULTS))}."
    )


def _meant(key: object) -> str | None:
    if not isinstance(key, str):
        return None
    if key.upper() in DEFAULTS:
        return key.upper()
    return closest(key.upper(), sorted(DEFAULTS))


def _user_settings() -> dict[str, Any]:
    value = configured_settings()
    unknown = unknown_keys(value)
    if unknown:
        raise SettingsError(unknown_keys_message(unknown))
    return value


def get_setting(name: str) -> Any:
    """Return one ``DJUST_TESTING`` entry, or its default, after checking every key is known.

    Read at use, so a misspelt key inside ``override_settings`` is an error
    as soon as anything reads the settings (every mount does).
    """
    return _user_settings().get(name, DEFAULTS[name])


def validate_render_engine(value: object, *, source: str) -> str:
    """Return ``value`` if it names a render engine, else raise naming ``source``."""
    if not isinstance(value, str) or value not in RENDER_ENGINES:
        allowed = ", ".join(repr(engine) for engine in RENDER_ENGINES)
        raise SettingsError(f"{source} is {value!r}; expected one of {allowed}.")
    return value


#: The engine the running test is pinned to, and by what (pytest's djust_engine marker).
_pinned: list[tuple[str, str]] = []


def pin_render_engine(engine: str | None, by: str = "") -> None:
    """Pin the running test to ``engine``, named ``by`` in messages (None: unpin).

    A later ``DJUST_TESTING`` that renders with another engine is then an
    error, raised by the first mount or render that reads it, where it would
    otherwise run the test with an engine it was not marked for.
    """
    _pinned.clear()
    if engine is not None:
        _pinned.append((engine, by))


def render_engine() -> str:
    """The engine ``render()`` uses when the test names none."""
    engine = validate_render_engine(get_setting("RENDER_ENGINE"), source=source("RENDER_ENGINE"))
    if _pinned and engine != _pinned[0][0]:
        pinned, by = _pinned[0]
        raise SettingsError(
            f"this test is marked {by}, and settings.DJUST_TESTING now renders with "
            f'{engine!r}: {configured_settings()!r}. Keep "RENDER_ENGINE": {pinned!r} in it '
            "(settings.DJUST_TESTING = {**settings.DJUST_TESTING, ...} does), or drop the marker."
        )
    return engine


#: What a regex given without a replacement leaves in the snapshot.
NORMALIZED_PLACEHOLDER = "[normalized]"

Normalizer: TypeAlias = Callable[[str], str]
#: One entry of ``SNAPSHOT_NORMALIZERS``: a regex, a (regex, replacement) tuple, or a callable.
NormalizerSpec: TypeAlias = (
    str | re.Pattern[str] | tuple[str | re.Pattern[str], str] | Callable[[str], str]
)


def validate_normalizers(value: object, *, source: str) -> list[Normalizer]:
    """Turn snapshot normalizer specs into callables, or raise naming the bad entry.

    An entry is a regex (str or compiled; matches become ``[normalized]``), a
    ``(regex, replacement)`` tuple (``re.sub`` semantics, so ``\\1`` works),
    or a callable taking and returning the text.
    """
    if not isinstance(value, (list, tuple)):
        raise SettingsError(
            f"{source} is {value!r}; expected a list of regexes, (regex, replacement) tuples "
            "or callables."
        )
    return [_normalizer(entry, f"{source}[{index}]") for index, entry in enumerate(value)]


def _normalizer(entry: object, source: str) -> Normalizer:
    if isinstance(entry, (str, re.Pattern)):
        pattern: object = entry
        replacement: object = NORMALIZED_PLACEHOLDER
    elif isinstance(entry, tuple) and len(entry) == 2:
        pattern, replacement = entry
    elif callable(entry):
        return entry
    else:
        pattern = replacement = None
    if not isinstance(pattern, (str, re.Pattern)) or not isinstance(replacement, str):
        raise SettingsError(
            f"{source} is {entry!r}; expected a regex, a (regex, replacement) tuple of strings, "
            "or a callable taking and returning a str."
        )
    try:
        compiled = re.compile(pattern)
        compiled.sub(replacement, "")  # rejects a bad group reference such as \\2
    except (re.error, TypeError) as exc:
        raise SettingsError(f"{source} is {entry!r}, which re rejects: {exc}.") from None

    def substitute(text: str) -> str:
        return compiled.sub(replacement, text)

    return substitute


def snapshot_normalizers() -> list[Normalizer]:
    """The normalizers every snapshot goes through, from the settings."""
    return validate_normalizers(
        get_setting("SNAPSHOT_NORMALIZERS"), source=source("SNAPSHOT_NORMALIZERS")
    )


def validate_check_patches(value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(f"{source('CHECK_PATCHES')} is {value!r}; expected True or False.")
    return value


def check_patches() -> bool:
    """Whether each action's patched DOM is checked against djust's fresh render."""
    return validate_check_patches(get_setting("CHECK_PATCHES"))
