"""What notifications does for watching and mentions when the forum announces an event
(subscribed in apps.ready(), beside notifications.subscribers)."""

from django.contrib.auth import get_user_model

from forum.events import AnswerCreated, MembersMentioned, ThreadCreated
from forum.models import Answer, Thread
from notifications.mention_notices import notify_mentioned
from notifications.watch_notices import notify_new_question
from notifications.watching import watch_thread_auto


def watch_asked_thread(event: ThreadCreated) -> None:
    thread = Thread.objects.select_related("author").filter(pk=event.thread_id).first()
    if thread is not None:
        watch_thread_auto(user=thread.author, thread=thread)


def watch_answered_thread(event: AnswerCreated) -> None:
    answer = Answer.objects.select_related("author", "thread").filter(pk=event.answer_id).first()
    if answer is not None:
        watch_thread_auto(user=answer.author, thread=answer.thread)


def notify_place_watchers(event: ThreadCreated) -> None:
    # Tags are set before the commit that delivers this event, so the thread has them here.
    thread = Thread.objects.filter(pk=event.thread_id).first()
    if thread is not None:
        notify_new_question(thread=thread)


def notify_mentioned_members(event: MembersMentioned) -> None:
    thread = Thread.objects.filter(pk=event.thread_id).first()
    author = get_user_model().objects.filter(pk=event.author_id).first()
    answer = None
    if event.answer_id is not None:
        answer = Answer.objects.filter(pk=event.answer_id, thread_id=event.thread_id).first()
        if answer is None:
            return
    if thread is not None and author is not None:
        notify_mentioned(thread=thread, answer=answer, author=author, user_ids=event.user_ids)


WATCH_SUBSCRIPTIONS = [
    (ThreadCreated, watch_asked_thread),
    (ThreadCreated, notify_place_watchers),
    (AnswerCreated, watch_answered_thread),
    (MembersMentioned, notify_mentioned_members),
]
