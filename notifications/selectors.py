"""Which notifications a member sees. One whose post was hidden or deleted since (or an FAQ entry
unpublished) drops out: its link would lead to a 404."""

from django.db.models import Q, QuerySet

from faq.selectors import faq_entry_list_published, faq_entry_list_visible
from forum.selectors import answer_list_readable, thread_list_readable
from notifications.models import Kind, Notification


def notification_list_owned(*, user) -> QuerySet[Notification]:
    """All of the user's notifications, openable or not (opening one marks it read)."""
    return Notification.objects.filter(recipient=user)


def notification_list_for(*, user) -> QuerySet[Notification]:
    """The user's notifications whose post they may still open, newest activity first. The
    author of a hidden post may open it (and read why it is hidden), so its notices stay."""
    threads = thread_list_readable(user=user).values("pk")
    answers = answer_list_readable(user=user).values("pk")
    entries = faq_entry_list_visible(user=user).values("pk")
    forum_post_visible = (Q(thread__isnull=True) | Q(thread__in=threads)) & (
        Q(answer__isnull=True) | Q(answer__in=answers)
    )
    # A merged entry's URL redirects to the entry it was merged into.
    entry_visible = Q(faq_entry__in=entries) | Q(
        faq_entry__merged_into__in=faq_entry_list_published().values("pk")
    )
    return (
        notification_list_owned(user=user)
        .filter(
            (Q(kind=Kind.ANSWER_PROMOTED) & entry_visible)
            | (~Q(kind=Kind.ANSWER_PROMOTED) & forum_post_visible)
        )
        .select_related("thread__category", "answer", "faq_entry", "actor")
        .select_related("flag__thread", "flag__answer__thread")
    )


def notification_list_unread(*, user) -> QuerySet[Notification]:
    return notification_list_for(user=user).filter(read_at__isnull=True)


def notification_unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return notification_list_unread(user=user).count()
