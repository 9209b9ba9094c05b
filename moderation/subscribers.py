"""What moderation does when the forum announces an event (subscribed in apps.ready())."""

from forum.events import AnswerCreated, ThreadCreated, ThreadEdited
from forum.models import Thread
from moderation.escalations import escalation_note_reply, escalation_open_if_needed


def _thread(thread_id: int) -> Thread | None:
    return Thread.objects.select_related("category", "author").filter(pk=thread_id).first()


def open_escalation_for_complaints(event: ThreadCreated | ThreadEdited) -> None:
    """A thread posted in (or moved by its author into) a complaints category goes to staff."""
    if isinstance(event, ThreadEdited) and not event.category_changed:
        return
    thread = _thread(event.thread_id)
    if thread is not None:
        escalation_open_if_needed(thread=thread)


def reopen_escalation_when_the_asker_replies(event: AnswerCreated) -> None:
    thread = _thread(event.thread_id)
    if thread is not None:
        escalation_note_reply(thread=thread, author_id=event.author_id)


SUBSCRIPTIONS = [
    (ThreadCreated, open_escalation_for_complaints),
    (ThreadEdited, open_escalation_for_complaints),
    (AnswerCreated, reopen_escalation_when_the_asker_replies),
]
