"""Every write to members and their log-in records."""

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import LoginAttempt
from accounts.validators import validate_public_name


def _check_public_names(*, user, fields: dict[str, str]) -> None:
    """Members may not pose as staff; staff (created by admins) choose their names freely."""
    if user.is_staff:
        return
    errors = {}
    for field, value in fields.items():
        if not value:
            continue
        try:
            validate_public_name(value, exclude_user=user)
        except ValidationError as error:
            errors[field] = error.error_list
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def user_signup(
    *, username: str, email: str, password: str, display_name: str = "", language: str = ""
):
    """A new member; ``language`` is the one they signed up in (their mail's, until they pick
    another)."""
    user = get_user_model()(username=username, email=email, display_name=display_name.strip())
    if language in dict(settings.LANGUAGES):
        user.language = language
    _check_public_names(user=user, fields={"username": username, "display_name": display_name})
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def user_profile_update(*, user, display_name: str):
    display_name = display_name.strip()
    _check_public_names(user=user, fields={"display_name": display_name})
    user.display_name = display_name
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name"])
    return user


def login_username_key(username: str) -> str:
    """One counter per name however it is capitalised or padded.

    NUL characters go too: the form refuses them anyway, and PostgreSQL cannot even query them.
    """
    key = unicodedata.normalize("NFKC", username.replace("\x00", ""))
    return key.strip().casefold()[:150]


def login_failure_record(*, username: str, ip_address: str | None) -> LoginAttempt:
    now = timezone.now()
    # Rows older than the window never count again; dropping them here keeps the table small
    # without a periodic job.
    window = timedelta(minutes=settings.WENDA_LOGIN_FAILURE_WINDOW_MINUTES)
    LoginAttempt.objects.filter(attempted_at__lt=now - window).delete()
    return LoginAttempt.objects.create(
        username=login_username_key(username), ip_address=ip_address, attempted_at=now
    )


def login_failures_clear(*, username: str, ip_address: str | None) -> None:
    """A successful log-in forgives the typos made for that account from the same address.

    Failures from other addresses stay: they may be someone else guessing the password.
    """
    LoginAttempt.objects.filter(
        username=login_username_key(username), ip_address=ip_address
    ).delete()


def user_language_set(*, user, language: str) -> None:
    """Remember the language the member reads the site in: mail is written outside any request,
    in this language."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
