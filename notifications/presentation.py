"""A notification as the reader sees it: written in their language when it is shown (the row
holds a kind and ids), and the link to the exact post."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import Kind, Notification
from notifications.moderation_presentation import MODERATION_KINDS, moderation_notice_text


@dataclass(frozen=True)
class NotificationItem:
    id: int
    kind: str
    text: str
    count: int
    is_unread: bool
    target_url: str  # the post itself, e.g. /t/12/#answer-34
    open_url: str  # marks it read, then goes to target_url
    updated_at: datetime

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "count": self.count,
            "is_unread": self.is_unread,
            "url": self.open_url,
            "target_url": self.target_url,
            "updated_at": self.updated_at.isoformat(),
        }


def bell_label(unread: int) -> str:
    if not unread:
        return _("Notifications")
    return ngettext("%(counter)s notification", "%(counter)s notifications", unread) % {
        "counter": unread
    }


def notification_text(notification: Notification) -> str:
    title = notification.thread.title if notification.thread else ""
    if notification.kind in (Kind.MENTION, Kind.NEW_QUESTION):
        return _watch_or_mention_text(notification, title)
    if notification.kind == Kind.NEW_ANSWER:
        return ngettext(
            "New answer on “%(title)s”",
            "%(count)d new answers on “%(title)s”",
            notification.count,
        ) % {"count": notification.count, "title": title}
    if notification.kind == Kind.ANSWER_ACCEPTED:
        return _("Your answer on “%(title)s” was accepted") % {"title": title}
    if notification.kind == Kind.ANSWER_PROMOTED and notification.faq_entry is not None:
        return _("Your answer is now in the FAQ: “%(question)s”") % {
            "question": notification.faq_entry.question
        }
    if notification.kind in MODERATION_KINDS:
        return moderation_notice_text(notification)
    return notification.get_kind_display()


def _watch_or_mention_text(notification: Notification, title: str) -> str:
    if notification.kind == Kind.MENTION:
        who = notification.actor.public_name if notification.actor else _("Someone")
        return _("%(name)s mentioned you in “%(title)s”") % {"name": who, "title": title}
    if notification.detail:  # the watched tag's name, as it was
        return _("New question tagged %(tag)s: “%(title)s”") % {
            "tag": notification.detail,
            "title": title,
        }
    return _("New question in %(category)s: “%(title)s”") % {
        "category": notification.thread.category.display_name,
        "title": title,
    }


def notification_target_url(notification: Notification) -> str:
    if notification.kind == Kind.ANSWER_PROMOTED and notification.faq_entry is not None:
        return notification.faq_entry.get_absolute_url()
    if notification.answer is not None:
        return notification.answer.get_absolute_url()
    if notification.thread is not None and notification.kind == Kind.MENTION:
        return f"{notification.thread.get_absolute_url()}#question"
    if notification.thread is not None:
        return notification.thread.get_absolute_url()
    return reverse("notifications:list")


def notification_item(notification: Notification) -> NotificationItem:
    return NotificationItem(
        id=notification.pk,
        kind=notification.kind,
        text=notification_text(notification),
        count=notification.count,
        is_unread=notification.is_unread,
        target_url=notification_target_url(notification),
        open_url=reverse("notifications:open", args=[notification.pk]),
        updated_at=notification.updated_at,
    )
