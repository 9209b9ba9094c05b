"""The signed unsubscribe link in every mail. It names the member, the topics the mail was about
and their preference version; it works without logging in, so the signature is the only proof.
Refused: a forged or altered token, one older than WENDA_MAIL_UNSUBSCRIBE_MAX_AGE_DAYS, and one
issued before the member's latest preference change (which includes its own use: replayed)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.translation import gettext as _

from notifications.mail.preferences import DEFAULT_FREQUENCIES, preference_version

SALT = "notifications.mail.unsubscribe"


class TokenRefused(Exception):
    """The link cannot be used; str() is the reason, in the reader's language."""


@dataclass(frozen=True)
class Unsubscribe:
    user: object
    topics: list[str]


def unsubscribe_token(*, user, topics: list[str]) -> str:
    payload = {"u": user.pk, "t": sorted(topics), "v": preference_version(user=user)}
    return signing.dumps(payload, salt=SALT, compress=True)


def unsubscribe_token_read(token: str) -> Unsubscribe:
    max_age = settings.WENDA_MAIL_UNSUBSCRIBE_MAX_AGE_DAYS * 24 * 3600
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise TokenRefused(
            _("This unsubscribe link has expired. Change your e-mail settings after logging in.")
        ) from None
    except signing.BadSignature:
        raise TokenRefused(_("This unsubscribe link is not valid.")) from None
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    topics = payload.get("t")
    if user is None or not topics or not set(topics) <= set(DEFAULT_FREQUENCIES):
        raise TokenRefused(_("This unsubscribe link is not valid."))
    if payload.get("v") != preference_version(user=user):
        raise TokenRefused(
            _(
                "This unsubscribe link was already used, or your e-mail settings changed since"
                " it was sent. Change them after logging in."
            )
        )
    return Unsubscribe(user=user, topics=topics)
