"""Sending one OutgoingMail, at most once: an attempt first claims the row (a short lease in
next_attempt_at), so the task, its retry and `send_queued_mail` running together send it once.
A failure is recorded on the row and retried with exponential backoff; after
WENDA_MAIL_MAX_ATTEMPTS the mail is marked failed, for staff to see and retry."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from notifications.mail.composing import mail_compose
from notifications.models import MailStatus, Notification, OutgoingMail
from notifications.selectors import notification_list_unread

logger = logging.getLogger(__name__)


def _lease() -> timedelta:
    # Longer than one SMTP attempt can take, so a claim only lapses when its sender died.
    return timedelta(seconds=max(60, 3 * settings.EMAIL_TIMEOUT))


def _claim(mail_id: int) -> OutgoingMail | None:
    now = timezone.now()
    claimed = (
        OutgoingMail.objects.filter(pk=mail_id, status=MailStatus.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + _lease())
    )
    if not claimed:
        return None
    return OutgoingMail.objects.select_related("recipient").get(pk=mail_id)


def _still_news(mail: OutgoingMail) -> list[Notification]:
    """Its notifications the member may still open and has not read in the app meanwhile."""
    user = mail.recipient
    if not user.email or not user.is_active:
        return []
    return list(
        notification_list_unread(user=user)
        .filter(pk__in=mail.notifications.values("pk"))
        .order_by("created_at", "pk")
    )


def mail_send(*, mail_id: int) -> datetime | None:
    """Send the mail if it is queued and due. Returns when to try again after a failure."""
    mail = _claim(mail_id)
    if mail is None:
        return None  # sent, failed for good, not due yet, or another sender has it
    notifications = _still_news(mail)
    if not notifications:
        # Nothing is owed any more (post hidden, notice read, address removed).
        logger.info("Mail %s dropped: nothing left to tell", mail.pk)
        mail.delete()
        return None
    try:
        mail_compose(mail=mail, notifications=notifications).send()
    except Exception as error:  # SMTP refusal, timeout, DNS, or a bug: recorded, never lost
        return _failed(mail, error)
    now = timezone.now()
    with transaction.atomic():
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=MailStatus.SENT, sent_at=now, next_attempt_at=None, attempts=F("attempts") + 1
        )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
    return None


def _failed(mail: OutgoingMail, error: Exception) -> datetime | None:
    logger.warning("Mail %s attempt %s failed: %r", mail.pk, mail.attempts + 1, error)
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts >= settings.WENDA_MAIL_MAX_ATTEMPTS:
        mail.status = MailStatus.FAILED
        mail.next_attempt_at = None
    else:
        delay = settings.WENDA_MAIL_RETRY_SECONDS * 2 ** (mail.attempts - 1)
        mail.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    return mail.next_attempt_at
