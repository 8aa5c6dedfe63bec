"""Hand a login checked over the WebSocket to HTTP, which alone can set the session cookie.

The login LiveView verifies the password, then sends the browser to
``complete_login`` with a token from ``token_for``. The token is signed,
expires after a minute and holds the user's ``last_login``, which logging in
changes: like Django's password reset links, it works once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing

SALT = "demo.signin"
MAX_AGE_SECONDS = 60


def _stamp(user: AbstractBaseUser) -> str:
    return user.last_login.isoformat() if user.last_login else ""


def token_for(user: AbstractBaseUser) -> str:
    return signing.dumps({"user": user.pk, "stamp": _stamp(user)}, salt=SALT)


def user_for(token: str) -> Any:
    """The user ``token`` signs in, or ``None`` if it is forged, expired or used."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or _stamp(user) != data.get("stamp"):
        return None
    return user
