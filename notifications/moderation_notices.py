"""Telling people what moderators and staff did, and why (moderation.events): the author of a
post hidden, closed, moved or locked; the asker whose escalation staff updated; the member whose
flag was handled. The moderator's reason or the staff note is kept in ``detail`` as written.

Every action is news (hidden, unhidden, hidden again: two notices), so these are not
notify_once; a second delivery of the same event is recognised by its time instead: a notice of
that kind and subject created since the event happened has already told it.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from forum.models import Answer, Thread
from moderation.events import (
    EscalationUpdated,
    FlagResolved,
    ModeratorAction,
    PostHidden,
    ThreadClosed,
    ThreadLocked,
    ThreadMoved,
)
from moderation.models import Escalation, Flag, FlagStatus
from notifications.models import Kind, Notification
from notifications.services import notification_add

ACTION_KINDS = {
    PostHidden: Kind.POST_HIDDEN,
    ThreadClosed: Kind.THREAD_CLOSED,
    ThreadMoved: Kind.THREAD_MOVED,
    ThreadLocked: Kind.THREAD_LOCKED,
}


def escalation_detail(*, status: str, note: str) -> str:
    """The stored detail of an escalation notice: the status code on the first line (shown in
    the reader's language when read), the staff note as written below it."""
    return f"{status}\n{note}"


def escalation_detail_parts(detail: str) -> tuple[str, str]:
    status, _newline, note = detail.partition("\n")
    return status, note


def _notify_unless_told(
    *, recipient, kind: str, actor_id: int, at, subject: dict, **fields
) -> Notification | None:
    """A new notice about ``subject``, unless the recipient did it themselves, is deactivated,
    or was already told of this event (a notice of this kind and subject since ``at``)."""
    if recipient is None or recipient.pk == actor_id or not recipient.is_active:
        return None
    told = Notification.objects.filter(
        recipient=recipient, kind=kind, created_at__gte=at, **subject
    )
    if told.exists():
        return None
    return notification_add(recipient=recipient, kind=kind, actor_id=actor_id, **subject, **fields)


@transaction.atomic
def notify_moderator_action(event: ModeratorAction) -> Notification | None:
    """The author hears what a moderator did to their post; the notice links to the post (the
    author may open their own hidden post, forum.selectors.thread_list_readable)."""
    author = get_user_model().objects.filter(pk=event.author_id).first()
    thread = Thread.objects.filter(pk=event.thread_id, is_deleted=False).first()
    if author is None or thread is None:
        return None
    answer = None
    if event.answer_id is not None:
        answer = Answer.objects.filter(pk=event.answer_id, is_deleted=False).first()
        if answer is None:
            return None
    return _notify_unless_told(
        recipient=author,
        kind=ACTION_KINDS[type(event)],
        actor_id=event.moderator_id,
        at=event.at,
        subject={"thread": thread, "answer": answer},
        detail=event.reason,
    )


@transaction.atomic
def notify_escalation_update(event: EscalationUpdated) -> Notification | None:
    """Every staff update tells the asker the status and the note (a note is required)."""
    escalation = (
        Escalation.objects.select_related("thread__author").filter(pk=event.escalation_id).first()
    )
    if escalation is None or escalation.thread.is_deleted:
        return None
    return _notify_unless_told(
        recipient=escalation.thread.author,
        kind=Kind.ESCALATION_UPDATE,
        actor_id=event.staff_id,
        at=event.at,
        subject={"thread": escalation.thread, "escalation": escalation},
        detail=escalation_detail(status=event.status, note=event.note),
    )


@transaction.atomic
def notify_flag_outcome(event: FlagResolved) -> Notification | None:
    """The flagger hears what became of their flag. A post hidden on their report is out of
    their sight, so that notice names the flag only (and stays on the list, where it says what
    happened) instead of linking to a page they cannot open."""
    flag = Flag.objects.select_related("user", "thread", "answer").filter(pk=event.flag_id).first()
    if flag is None:
        return None
    post = {}
    if event.status != FlagStatus.ACTIONED:
        post = {"thread_id": flag.thread_id or flag.answer.thread_id, "answer": flag.answer}
    return _notify_unless_told(
        recipient=flag.user,
        kind=Kind.FLAG_OUTCOME,
        actor_id=event.moderator_id,
        at=event.at,
        subject={"flag": flag},
        detail=event.status,
        **post,
    )


SUBSCRIPTIONS = [
    (PostHidden, notify_moderator_action),
    (ThreadClosed, notify_moderator_action),
    (ThreadMoved, notify_moderator_action),
    (ThreadLocked, notify_moderator_action),
    (EscalationUpdated, notify_escalation_update),
    (FlagResolved, notify_flag_outcome),
]
