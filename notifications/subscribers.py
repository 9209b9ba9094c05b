"""What notifications does when the forum or the FAQ announces an event (subscribed in
apps.ready()). Handlers re-read the rows as of the commit; a row gone since means no notice."""

from faq.events import AnswerPromoted
from faq.models import FaqEntry
from forum.events import AnswerAccepted, AnswerCreated
from forum.models import Answer
from notifications import moderation_notices, services


def _answer(answer_id: int) -> Answer | None:
    return Answer.objects.select_related("thread__author", "author").filter(pk=answer_id).first()


def notify_watchers_of_answer(event: AnswerCreated) -> None:
    answer = _answer(event.answer_id)
    if answer is not None:
        services.notify_new_answer(answer=answer)


def notify_author_of_acceptance(event: AnswerAccepted) -> None:
    answer = _answer(event.answer_id)
    if answer is not None:
        services.notify_answer_accepted(answer=answer, accepted_by_id=event.accepted_by_id)


def notify_author_of_promotion(event: AnswerPromoted) -> None:
    entry = FaqEntry.objects.select_related("credited_author").filter(pk=event.entry_id).first()
    if entry is not None:
        services.notify_answer_promoted(entry=entry, promoted_by_id=event.promoted_by_id)


SUBSCRIPTIONS = [
    (AnswerCreated, notify_watchers_of_answer),
    (AnswerAccepted, notify_author_of_acceptance),
    (AnswerPromoted, notify_author_of_promotion),
]
# What moderators and staff did (moderation.events): notifications/moderation_notices.py
SUBSCRIPTIONS += moderation_notices.SUBSCRIPTIONS
