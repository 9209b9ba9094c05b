"""Posting rate limits, counted from the database so every process and server agrees.

Limits come from settings (``WENDA_RATE_*`` environment variables) and are read on every call,
so a changed setting applies without touching code. New accounts get a tighter limit because a
spammer's or scammer's first hour is when they post the most; moderators and staff are exempt.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.roles import is_moderator
from forum.models import Answer, Thread

WINDOW = timedelta(hours=1)
QUESTION = "question"
ANSWER = "answer"


def _limit_for(user, kind: str, now) -> tuple[int, bool]:
    """(posts allowed per hour, whether the tighter new-account limit applies)."""
    is_new = user.date_joined > now - timedelta(hours=settings.WENDA_RATE_NEW_ACCOUNT_HOURS)
    if kind == QUESTION:
        limits = (
            settings.WENDA_RATE_NEW_QUESTIONS_PER_HOUR,
            settings.WENDA_RATE_QUESTIONS_PER_HOUR,
        )
    else:
        limits = (settings.WENDA_RATE_NEW_ANSWERS_PER_HOUR, settings.WENDA_RATE_ANSWERS_PER_HOUR)
    # The new-account limit never loosens the general one, whatever the settings say.
    return (min(limits), True) if is_new else (limits[1], False)


def rate_limit_check(*, user, kind: str) -> None:
    """Refuse a new question or answer when ``user`` already posted their hourly allowance.

    Call inside the service's transaction: the user row is locked so two posts racing from two
    processes are counted one after the other. Deleted and hidden posts still count.
    """
    if is_moderator(user):
        return
    now = timezone.now()
    limit, is_new = _limit_for(user, kind, now)
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    model = Thread if kind == QUESTION else Answer
    recent = list(
        model.objects.filter(author=user, created_at__gt=now - WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: max(limit, 1)]
    )
    if len(recent) < limit:
        return
    # The oldest of the last `limit` posts leaves the window first; then one more post fits.
    free_at = (recent[limit - 1] if limit else now) + WINDOW
    raise ValidationError(_message(kind, limit, is_new, free_at, now), code="rate_limited")


def _message(kind: str, limit: int, is_new: bool, free_at, now) -> str:
    params = {"limit": limit}
    if kind == QUESTION and is_new:
        rule = ngettext(
            "New accounts can post %(limit)d question per hour.",
            "New accounts can post %(limit)d questions per hour.",
            limit,
        )
    elif kind == QUESTION:
        rule = ngettext(
            "You can post at most %(limit)d question per hour.",
            "You can post at most %(limit)d questions per hour.",
            limit,
        )
    elif is_new:
        rule = ngettext(
            "New accounts can post %(limit)d answer per hour.",
            "New accounts can post %(limit)d answers per hour.",
            limit,
        )
    else:
        rule = ngettext(
            "You can post at most %(limit)d answer per hour.",
            "You can post at most %(limit)d answers per hour.",
            limit,
        )
    minutes = max(1, -(-int((free_at - now).total_seconds()) // 60))  # round up
    when = ngettext(
        "You can post again in %(minutes)d minute (at %(time)s). Your text has been kept.",
        "You can post again in %(minutes)d minutes (at %(time)s). Your text has been kept.",
        minutes,
    )
    params.update(minutes=minutes, time=date_format(timezone.localtime(free_at), "H:i T"))
    # One msgid joins the two sentences, so Chinese can drop the space between them.
    return _("%(first)s %(second)s") % {"first": rule % params, "second": when % params}
