"""Daily and weekly digests (`manage.py send_digests --frequency daily|weekly`, run by cron).
One mail per member gathers their notifications of the topics they get at that frequency that
are still unread, openable and in no mail yet, created since their last digest of that
frequency (at most one period back for a first digest). A notification in a mail is never
gathered again, so running the command twice sends nothing the second time."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from notifications.mail.preferences import frequencies_for, topic_for
from notifications.mail.queueing import mail_create
from notifications.models import Frequency, OutgoingMail
from notifications.selectors import notification_list_unread

PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}


def _since(*, user, frequency: str, now):
    last = (
        OutgoingMail.objects.filter(recipient=user, frequency=frequency)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return last or now - PERIODS[frequency]


@transaction.atomic
def digest_queue_for(*, user, frequency: str, now) -> OutgoingMail | None:
    topics = {topic for topic, chosen in frequencies_for(user=user).items() if chosen == frequency}
    if not topics or not user.email:
        return None
    candidates = notification_list_unread(user=user).filter(
        emailed_at__isnull=True,
        mails__isnull=True,
        created_at__gte=_since(user=user, frequency=frequency, now=now),
    )
    gathered = [n for n in candidates.order_by("created_at", "pk") if topic_for(n) in topics]
    if not gathered:
        return None
    return mail_create(recipient=user, frequency=frequency, notifications=gathered)


def digests_send(*, frequency: str, now) -> int:
    """Queue this frequency's digest for every member who has news for one; returns how many."""
    if frequency not in PERIODS:
        raise ValueError(f"digests are daily or weekly, not {frequency!r}")
    members = (
        get_user_model()
        .objects.filter(
            is_active=True,
            notifications__read_at__isnull=True,
            notifications__emailed_at__isnull=True,
        )
        .exclude(email="")
    )
    queued = 0
    for user in members.distinct().order_by("pk"):
        if digest_queue_for(user=user, frequency=frequency, now=now) is not None:
            queued += 1
    return queued
