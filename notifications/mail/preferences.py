"""Which e-mail topic a notification belongs to, and how often a member wants each topic.

Defaults (a topic without an EmailPreference row), after Discourse: what a member is waiting for
(answers to their question, a staff note on their request, a mention, a moderator acting on
their post) comes at once; the rest comes in the daily digest.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from notifications.models import EmailPreference, EmailTopic, Frequency, Kind, Notification

DEFAULT_FREQUENCIES = {
    EmailTopic.ANSWERS_TO_MY_QUESTIONS: Frequency.IMMEDIATELY,
    EmailTopic.WATCHED_THREADS: Frequency.DAILY,
    EmailTopic.MY_ANSWERS: Frequency.DAILY,
    EmailTopic.MENTIONS: Frequency.IMMEDIATELY,
    EmailTopic.MODERATION: Frequency.IMMEDIATELY,
    EmailTopic.STAFF_NOTES: Frequency.IMMEDIATELY,
    EmailTopic.FLAGS: Frequency.DAILY,
    EmailTopic.WATCHED_CATEGORIES_TAGS: Frequency.DAILY,
}

_TOPIC_OF_KIND = {
    Kind.ANSWER_ACCEPTED: EmailTopic.MY_ANSWERS,
    Kind.ANSWER_PROMOTED: EmailTopic.MY_ANSWERS,
    Kind.MENTION: EmailTopic.MENTIONS,
    Kind.POST_HIDDEN: EmailTopic.MODERATION,
    Kind.THREAD_CLOSED: EmailTopic.MODERATION,
    Kind.THREAD_MOVED: EmailTopic.MODERATION,
    Kind.THREAD_LOCKED: EmailTopic.MODERATION,
    Kind.ESCALATION_UPDATE: EmailTopic.STAFF_NOTES,
    Kind.FLAG_OUTCOME: EmailTopic.FLAGS,
    Kind.NEW_QUESTION: EmailTopic.WATCHED_CATEGORIES_TAGS,
}


def topic_for(notification: Notification) -> str | None:
    """The topic whose frequency decides this notification's mail; None for a kind no topic
    covers (it is shown in the app only)."""
    if notification.kind == Kind.NEW_ANSWER:
        asked = notification.thread is not None and (
            notification.thread.author_id == notification.recipient_id
        )
        return EmailTopic.ANSWERS_TO_MY_QUESTIONS if asked else EmailTopic.WATCHED_THREADS
    return _TOPIC_OF_KIND.get(notification.kind)


def frequencies_for(*, user) -> dict[str, str]:
    """Every topic's frequency for the member, defaults filled in."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("topic", "frequency"))
    return {topic: chosen.get(topic, default) for topic, default in DEFAULT_FREQUENCIES.items()}


def frequency_for(*, user, topic: str) -> str:
    return frequencies_for(user=user)[topic]


def preference_version(*, user) -> int:
    """Changes whenever the member's preferences change: an unsubscribe link carries it, so a
    link issued before the latest change (or replayed after it worked) is refused."""
    latest = EmailPreference.objects.filter(user=user).aggregate(latest=Max("updated_at"))
    return int(latest["latest"].timestamp() * 1_000_000) if latest["latest"] else 0


@transaction.atomic
def preferences_set(*, user, frequencies: dict[str, str]) -> None:
    """Store the member's choice for the given topics; only changed ones are written, so saving
    the page unchanged keeps the links in their mail valid."""
    current = frequencies_for(user=user)
    for topic, frequency in frequencies.items():
        if topic not in current or frequency not in Frequency.values:
            raise ValidationError(
                f"Unknown topic or frequency: {topic}={frequency}", code="invalid"
            )
        if current[topic] != frequency:
            EmailPreference.objects.update_or_create(
                user=user, topic=topic, defaults={"frequency": frequency}
            )


@transaction.atomic
def topics_unsubscribe(*, user, topics: list[str]) -> None:
    """Turn the topics off. Every row is written even when it was already off, so the
    preference version moves on and the link that did this cannot be used again."""
    for topic in topics:
        EmailPreference.objects.update_or_create(
            user=user, topic=topic, defaults={"frequency": Frequency.NEVER}
        )
