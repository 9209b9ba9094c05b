"""Notices for watchers of a category or tag: one NEW_QUESTION per member and thread."""

from django.db import transaction

from forum.models import Thread
from forum.selectors import thread_list_visible
from notifications.models import Kind, Notification
from notifications.services import notification_add
from notifications.watching import place_watches_for


@transaction.atomic
def notify_new_question(*, thread: Thread) -> list[Notification]:
    """Tell whoever watches the thread's category or one of its tags, except the asker and
    those who may not see it. A member watching both hears once, of the category (the place
    they chose first in the page's wording); for a tag, ``detail`` keeps the tag's name."""
    places: dict[int, object] = {}
    for watch in place_watches_for(thread=thread):
        # A watch begun after the question was asked: it is not news to that watcher (an
        # event delivered late, or the demo's history).
        if watch.created_at > thread.created_at:
            continue
        if watch.user_id != thread.author_id and (
            watch.user_id not in places or watch.category_id is not None
        ):
            places[watch.user_id] = watch
    told = set(
        Notification.objects.filter(
            kind=Kind.NEW_QUESTION, thread=thread, recipient_id__in=places
        ).values_list("recipient_id", flat=True)
    )
    notices = []
    for user_id, watch in places.items():
        if user_id in told or not thread_list_visible(user=watch.user).filter(pk=thread.pk):
            continue
        notices.append(
            notification_add(
                recipient=watch.user,
                kind=Kind.NEW_QUESTION,
                actor_id=thread.author_id,
                thread=thread,
                detail=watch.tag.name if watch.category_id is None else "",
            )
        )
    return notices
