"""Devices a member has logged in from before ("known devices", as Discourse calls them).

A successful log-in leaves a signed cookie naming the account. An attacker guessing passwords
from many addresses can push an account over its per-account failure limit, and that limit
would then lock the owner out too; the owner's known device is exempt from the per-username
limits, so they can still log in. The cookie proves nothing by itself: the password is still
checked, and the per-IP limit still applies to it.
"""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE_NAME = "wenda_known_device"
SALT = "accounts.devices.known"
MAX_ACCOUNTS = 5  # a shared family computer; keeps the cookie small


def _max_age() -> int:
    return settings.WENDA_LOGIN_KNOWN_DEVICE_DAYS * 24 * 60 * 60


def known_username_keys(request: HttpRequest) -> list[str]:
    value = request.get_signed_cookie(COOKIE_NAME, default=None, salt=SALT, max_age=_max_age())
    if not value:
        return []
    try:
        keys = json.loads(value)
    except ValueError:
        return []
    return [key for key in keys if isinstance(key, str)] if isinstance(keys, list) else []


def is_known_device(request: HttpRequest, *, username_key: str) -> bool:
    return bool(username_key) and username_key in known_username_keys(request)


def remember_device(request: HttpRequest, response: HttpResponse, *, username_key: str) -> None:
    keys = [key for key in known_username_keys(request) if key != username_key]
    keys = [username_key, *keys][:MAX_ACCOUNTS]
    response.set_signed_cookie(
        COOKIE_NAME,
        json.dumps(keys),
        salt=SALT,
        max_age=_max_age(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
