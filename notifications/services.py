"""Every write to notifications. Each ``notify_*`` is safe to run twice for one event (the event
may be delivered again, and the demo delivers its own): a notice already given is not repeated."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from faq.models import FaqEntry
from forum.models import Answer
from forum.selectors import answer_list_public
from notifications.mail.queueing import mail_queue_for
from notifications.models import Kind, Notification
from notifications.watching import thread_watchers


def _is_public(answer: Answer) -> bool:
    return answer_list_public().filter(pk=answer.pk).exists()


@transaction.atomic
def notify_new_answer(*, answer: Answer) -> list[Notification]:
    """Tell the thread's watchers (its asker, unless they unwatched it) about an answer by
    someone else. While a watcher has not read it, one notification per thread counts the new
    answers ("3 new answers on …")."""
    if not _is_public(answer):
        return []
    watchers = thread_watchers(thread=answer.thread, since=answer.created_at)
    watchers = watchers.exclude(pk=answer.author_id)
    notices = [_notify_watcher_of_answer(watcher, answer) for watcher in watchers]
    return [notice for notice in notices if notice is not None]


def _notify_watcher_of_answer(recipient, answer: Answer) -> Notification | None:
    thread = answer.thread
    notices = Notification.objects.filter(recipient=recipient, kind=Kind.NEW_ANSWER, thread=thread)
    # Answer ids grow: a notice that already counts this answer or a later one has told them.
    if notices.filter(answer_id__gte=answer.pk).exists():
        return None
    unread = notices.select_for_update().filter(read_at__isnull=True).first()
    if unread is None:
        try:
            with transaction.atomic():
                return notification_add(
                    recipient=recipient,
                    kind=Kind.NEW_ANSWER,
                    actor=answer.author,
                    thread=thread,
                    answer=answer,
                )
        except IntegrityError:
            # Another answer's delivery opened the unread notice first: count this one in it.
            unread = notices.select_for_update().get(read_at__isnull=True)
    unread.count = F("count") + 1
    unread.answer = answer
    unread.actor = answer.author
    unread.save(update_fields=["count", "answer", "actor", "updated_at"])
    unread.refresh_from_db()
    mail_queue_for(unread)
    return unread


def notification_add(**fields) -> Notification:
    """Store a new notification. Every notification is created here, whatever its kind, so
    that what follows a new one (its e-mail) has one place to start from: a mail for an
    'immediately' topic is queued in this transaction and sent by a task after the commit."""
    notification = Notification.objects.create(**fields)
    mail_queue_for(notification)
    return notification


def notify_once(*, recipient, kind: str, actor_id: int | None, **about) -> Notification | None:
    """One notice per recipient, kind and subject, ever: an event delivered twice, or undone and
    done again (accepted, unaccepted, accepted), is still one piece of news. Nobody is told of
    their own act, nor is a deactivated account."""
    if recipient is None or recipient.pk == actor_id or not recipient.is_active:
        return None
    subject = {key: value for key, value in about.items() if key in ("answer", "faq_entry")}
    if Notification.objects.filter(recipient=recipient, kind=kind, **subject).exists():
        return None
    return notification_add(recipient=recipient, kind=kind, actor_id=actor_id, **about)


@transaction.atomic
def notify_answer_accepted(*, answer: Answer, accepted_by_id: int) -> Notification | None:
    return notify_once(
        recipient=answer.author,
        kind=Kind.ANSWER_ACCEPTED,
        actor_id=accepted_by_id,
        thread_id=answer.thread_id,
        answer=answer,
    )


@transaction.atomic
def notify_answer_promoted(*, entry: FaqEntry, promoted_by_id: int | None) -> Notification | None:
    return notify_once(
        recipient=entry.credited_author,
        kind=Kind.ANSWER_PROMOTED,
        actor_id=promoted_by_id,
        thread_id=entry.source_thread_id,
        answer_id=entry.source_answer_id,
        faq_entry=entry,
    )


def notification_mark_read(*, user, notification_ids=None) -> int:
    """Mark the user's unread notifications (all, or those ids) read; returns how many."""
    notifications = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        notifications = notifications.filter(pk__in=notification_ids)
    return notifications.update(read_at=timezone.now())
