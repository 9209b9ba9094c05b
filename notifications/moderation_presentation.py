"""The words of a moderation notice (notifications.moderation_notices), in the reader's
language at read time. The moderator's reason and the staff note are shown as they were
written, in full."""

from django.utils.translation import gettext as _

from moderation.models import EscalationStatus, FlagStatus
from notifications.models import Kind, Notification
from notifications.moderation_notices import escalation_detail_parts

MODERATION_KINDS = {
    Kind.POST_HIDDEN,
    Kind.THREAD_CLOSED,
    Kind.THREAD_MOVED,
    Kind.THREAD_LOCKED,
    Kind.ESCALATION_UPDATE,
    Kind.FLAG_OUTCOME,
}


def _with_reason(sentence: str, reason: str) -> str:
    if not reason:
        return sentence
    return _("%(sentence)s: %(reason)s") % {"sentence": sentence, "reason": reason}


def _action_sentence(notification: Notification, title: str) -> str:
    on_answer = notification.answer_id is not None
    if notification.kind == Kind.POST_HIDDEN and on_answer:
        return _("A moderator hid your answer on “%(title)s”") % {"title": title}
    if notification.kind == Kind.POST_HIDDEN:
        return _("A moderator hid your question “%(title)s”") % {"title": title}
    if notification.kind == Kind.THREAD_CLOSED:
        return _("A moderator closed your question “%(title)s” as a duplicate") % {"title": title}
    if notification.kind == Kind.THREAD_MOVED:
        return _("A moderator moved your question “%(title)s” to %(category)s") % {
            "title": title,
            "category": notification.thread.category.display_name,
        }
    return _("A moderator locked your question “%(title)s”") % {"title": title}


def _escalation_text(notification: Notification, title: str) -> str:
    status, note = escalation_detail_parts(notification.detail)
    label = dict(EscalationStatus.choices).get(status, status)
    sentence = _("Staff updated your request on “%(title)s” (status: %(status)s)") % {
        "title": title,
        "status": label,
    }
    return _with_reason(sentence, note)


FLAG_OUTCOMES = {
    FlagStatus.DISMISSED: lambda: _("moderators found nothing to act on"),
    FlagStatus.ACTIONED: lambda: _("moderators hid the post"),
    FlagStatus.RESTORED: lambda: _("moderators made the post visible again"),
}


def _flag_text(notification: Notification) -> str:
    flag = notification.flag
    post = flag.post if flag is not None else None
    title = (post.title if flag.thread_id else post.thread.title) if post else ""
    outcome = FLAG_OUTCOMES.get(notification.detail, lambda: notification.detail)()
    return _("Your flag on “%(title)s” was handled: %(outcome)s") % {
        "title": title,
        "outcome": outcome,
    }


def moderation_notice_text(notification: Notification) -> str:
    if notification.kind == Kind.FLAG_OUTCOME:
        return _flag_text(notification)
    title = notification.thread.title if notification.thread else ""
    if notification.kind == Kind.ESCALATION_UPDATE:
        return _escalation_text(notification, title)
    return _with_reason(_action_sentence(notification, title), notification.detail)
