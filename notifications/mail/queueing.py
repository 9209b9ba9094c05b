"""Owing a member an e-mail: the OutgoingMail row is written in the transaction that stored the
notification, and the task that sends it is enqueued only after that commits (a rolled-back
answer owes no mail). The row, not the task, is the record: `send_queued_mail` finds any mail
whose task was lost."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from notifications.mail import tasks
from notifications.mail.preferences import frequency_for, topic_for
from notifications.models import Frequency, MailStatus, Notification, OutgoingMail


def mail_queue_for(notification: Notification) -> OutgoingMail | None:
    """Queue the mail for a new (or newly bumped) notification when its topic is 'immediately'.

    A notice already mailed and still unread ("3 new answers", bumped) is mailed again at most
    once per WENDA_MAIL_THROTTLE_SECONDS; one with a mail still queued gets none (that mail is
    written at send time, so it tells the latest count)."""
    user = notification.recipient
    if not user.email or not user.is_active:
        return None
    topic = topic_for(notification)
    if topic is None or frequency_for(user=user, topic=topic) != Frequency.IMMEDIATELY:
        return None
    if notification.mails.filter(status=MailStatus.QUEUED).exists():
        return None
    throttle = timedelta(seconds=settings.WENDA_MAIL_THROTTLE_SECONDS)
    if notification.emailed_at is not None and notification.emailed_at > timezone.now() - throttle:
        return None
    return mail_create(
        recipient=user, frequency=Frequency.IMMEDIATELY, notifications=[notification]
    )


def mail_create(*, recipient, frequency: str, notifications: list[Notification]) -> OutgoingMail:
    mail = OutgoingMail.objects.create(recipient=recipient, frequency=frequency)
    mail.notifications.add(*notifications)
    tasks.mail_enqueue_after_commit(mail.pk)
    return mail


@transaction.atomic
def mail_retry(*, mail: OutgoingMail) -> OutgoingMail:
    """Staff send a failed (or waiting) mail again now, with a fresh allowance of attempts; the
    last error stays shown until an attempt succeeds."""
    mail.status = MailStatus.QUEUED
    mail.attempts = 0
    mail.next_attempt_at = None
    mail.save(update_fields=["status", "attempts", "next_attempt_at"])
    tasks.mail_enqueue_after_commit(mail.pk)
    return mail


def mail_list_due() -> QuerySet[OutgoingMail]:
    """Queued mail whose next attempt is due (or that never had one)."""
    return OutgoingMail.objects.filter(status=MailStatus.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )


def mail_list_unsent() -> QuerySet[OutgoingMail]:
    """What staff need to look at: mail still queued or given up on."""
    return (
        OutgoingMail.objects.exclude(status=MailStatus.SENT)
        .select_related("recipient")
        .order_by("-status", "-created_at", "-pk")
    )
