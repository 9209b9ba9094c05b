"""How many images a member may upload: per rolling hour and in all (bytes stored), tighter for
new accounts, like posting (forum/ratelimits.py). Counted from the database, so every process
agrees; moderators and staff are exempt."""

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.roles import is_moderator
from uploads import selectors
from uploads.models import Upload

WINDOW = timedelta(hours=1)
MEGABYTE = 1024 * 1024


class UploadRateLimited(ValidationError):
    """Refused for the hourly limit; ``retry_after`` is seconds until one more upload fits."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


def _is_new(user, now) -> bool:
    return user.date_joined > now - timedelta(hours=settings.WENDA_RATE_NEW_ACCOUNT_HOURS)


def upload_limits_check(*, user, incoming_bytes: int) -> None:
    """Refuse one more upload of ``incoming_bytes`` when ``user`` is past a limit. Call inside
    the upload's transaction: the user row is locked so two uploads racing are counted in turn."""
    if is_moderator(user):
        return
    now = timezone.now()
    is_new = _is_new(user, now)
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    per_hour = settings.WENDA_RATE_UPLOADS_PER_HOUR
    if is_new:
        per_hour = min(per_hour, settings.WENDA_RATE_NEW_UPLOADS_PER_HOUR)
    recent = list(
        Upload.objects.filter(owner=user, created_at__gt=now - WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: max(per_hour, 1)]
    )
    if len(recent) >= per_hour:
        free_at = (recent[per_hour - 1] if per_hour else now) + WINDOW
        seconds = max(1, math.ceil((free_at - now).total_seconds()))
        raise UploadRateLimited(_rate_message(per_hour, is_new, seconds), retry_after=seconds)
    quota_mb = settings.WENDA_UPLOAD_QUOTA_MB
    if is_new:
        quota_mb = min(quota_mb, settings.WENDA_UPLOAD_NEW_QUOTA_MB)
    if selectors.upload_bytes_stored(owner=user) + incoming_bytes > quota_mb * MEGABYTE:
        raise ValidationError(
            _(
                "You have used your storage for images (%(megabytes)d MB). Images of your "
                "posts that moderators removed no longer count; ask a moderator if you need more."
            )
            % {"megabytes": quota_mb},
            code="quota",
        )


def _rate_message(limit: int, is_new: bool, seconds: int) -> str:
    if is_new:
        rule = ngettext(
            "New accounts can upload %(limit)d image per hour.",
            "New accounts can upload %(limit)d images per hour.",
            limit,
        )
    else:
        rule = ngettext(
            "You can upload at most %(limit)d image per hour.",
            "You can upload at most %(limit)d images per hour.",
            limit,
        )
    minutes = max(1, math.ceil(seconds / 60))
    when = ngettext(
        "You can upload again in %(minutes)d minute.",
        "You can upload again in %(minutes)d minutes.",
        minutes,
    )
    return _("%(first)s %(second)s") % {
        "first": rule % {"limit": limit},
        "second": when % {"minutes": minutes},
    }
