"""The demo's notifications, delivered explicitly through the notification services.

The demo loads in one transaction, so the events its services announce are delivered only after
it commits (and never in tests, which roll the load back). Delivering them here, inside the load,
lets the notices be dated like the posts they are about; the later delivery of the same events
finds each notice already given and adds nothing (notifications.services is idempotent)."""

from datetime import timedelta

from django.db.models import F

from faq.models import FaqEntry
from forum.models import Answer
from notifications.models import Notification, Watch
from notifications.services import (
    notify_answer_accepted,
    notify_answer_promoted,
    notify_new_answer,
)
from notifications.watching import watch_thread_auto

# Older news has been read: a demo member's bell shows the last fortnight's.
READ_AFTER = timedelta(days=14)


def load_notifications(loader) -> None:
    given = []
    for thread in loader.threads:
        thread.refresh_from_db(fields=["accepted_answer"])
        answers = (
            Answer.objects.filter(thread=thread)
            .exclude(author_id=thread.author_id)
            .select_related("thread__author", "author")
            .order_by("pk")
        )
        # Asking and answering watch the thread, from the first post on: answerers hear of
        # the answers after theirs. All watches first, so a second run finds the same ones.
        _watch_dated(thread.author, thread, thread.created_at)
        for answer in answers:
            _watch_dated(answer.author, thread, answer.created_at)
        for answer in answers:
            for notice in notify_new_answer(answer=answer):
                given.append(_dated(notice, answer.created_at))
        if thread.accepted_answer_id:
            accepted = Answer.objects.select_related("author").get(pk=thread.accepted_answer_id)
            latest = loader.now - timedelta(hours=1)
            accepted_at = min(accepted.created_at + timedelta(hours=6), latest)
            notice = notify_answer_accepted(answer=accepted, accepted_by_id=thread.author_id)
            given.append(_dated(notice, accepted_at))
    promoted = FaqEntry.objects.filter(
        source_thread__in=loader.threads, promoted_at__isnull=False
    ).select_related("credited_author")
    for entry in promoted:
        notice = notify_answer_promoted(entry=entry, promoted_by_id=entry.promoted_by_id)
        given.append(_dated(notice, entry.promoted_at))
    given = {notice.pk for notice in given if notice is not None}
    Notification.objects.filter(
        pk__in=given, read_at__isnull=True, updated_at__lt=loader.now - READ_AFTER
    ).update(read_at=F("updated_at") + timedelta(hours=2))
    for _ in given:
        loader.count("notifications", True)


def _watch_dated(user, thread, at) -> None:
    """A watch as old as the post that began it (an existing one keeps its date): a watcher
    hears only of answers after that."""
    watch = watch_thread_auto(user=user, thread=thread)
    if watch is not None and watch.created_at > at:
        Watch.objects.filter(pk=watch.pk).update(created_at=at)


def _dated(notice: Notification | None, at) -> Notification | None:
    """Demo-only backdating, as for posts: the notice is as old as the news it carries."""
    if notice is not None:
        first = {"created_at": at} if notice.count == 1 else {}
        Notification.objects.filter(pk=notice.pk).update(updated_at=at, **first)
    return notice
