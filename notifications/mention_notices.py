"""Notices for @mentions, and the limits that keep "@" spam from reaching many people.

Per post, at most WENDA_MENTIONS_PER_POST members are ever told (the first named, counting
those an earlier version of the post already told). Per poster, at most
WENDA_MENTIONS_PER_HOUR mention notices in any hour, over all their posts and edits, so more
posts or edits full of names reach nobody more; moderators and staff are exempt from the hourly
limit, as from the posting limits. Names past a limit still link to the profile."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.roles import is_moderator
from forum.models import Answer, Thread
from forum.selectors import answer_list_visible, thread_list_visible
from notifications.models import Kind, Notification
from notifications.services import notification_add

HOUR = timedelta(hours=1)


def _can_see(user, thread: Thread, answer: Answer | None) -> bool:
    if answer is not None:
        return answer_list_visible(user=user).filter(pk=answer.pk).exists()
    return thread_list_visible(user=user).filter(pk=thread.pk).exists()


def _hourly_allowance(author) -> int | None:
    if is_moderator(author):
        return None
    since = timezone.now() - HOUR
    sent = Notification.objects.filter(
        kind=Kind.MENTION, actor=author, created_at__gt=since
    ).count()
    return max(0, settings.WENDA_MENTIONS_PER_HOUR - sent)


@transaction.atomic
def notify_mentioned(
    *, thread: Thread, answer: Answer | None, author, user_ids
) -> list[Notification]:
    """Tell the members named in a post (``user_ids``, in the order written), once each per
    post, within the limits above. Nobody is told of their own name, nor of a post they may
    not open; deactivated members are not told."""
    # The poster's row lock counts their concurrent posts' notices one after the other.
    get_user_model().objects.select_for_update().filter(pk=author.pk).exists()
    post_notices = Notification.objects.filter(kind=Kind.MENTION, thread=thread, answer=answer)
    told = set(post_notices.values_list("recipient_id", flat=True))
    left = settings.WENDA_MENTIONS_PER_POST - len(told)
    hourly = _hourly_allowance(author)
    if hourly is not None:
        left = min(left, hourly)
    members = get_user_model().objects.in_bulk([pk for pk in user_ids if pk != author.pk])
    notices = []
    for pk in dict.fromkeys(user_ids):
        member = members.get(pk)
        if len(notices) >= left:
            break
        if member is None or not member.is_active or pk in told:
            continue
        if not _can_see(member, thread, answer):
            continue
        notices.append(
            notification_add(
                recipient=member, kind=Kind.MENTION, actor=author, thread=thread, answer=answer
            )
        )
    return notices
