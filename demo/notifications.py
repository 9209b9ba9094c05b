"""The demo's notifications, delivered explicitly through the notification services.

The demo loads in one transaction, so the events its services announce are delivered only after
it commits (and never in tests, which roll the load back). Delivering them here, inside the load,
lets the notices be dated like the posts they are about; the later delivery of the same events
finds each notice already given and adds nothing (notifications.services is idempotent)."""

from datetime import timedelta

from django.db.models import F

from faq.models import FaqEntry
from forum.mentions import render_with_mentions
from forum.models import Answer, Category, Tag
from notifications.mention_notices import notify_mentioned
from notifications.models import Notification, Watch
from notifications.services import (
    notify_answer_accepted,
    notify_answer_promoted,
    notify_new_answer,
)
from notifications.watch_notices import notify_new_question
from notifications.watching import watch_set, watch_thread_auto

# Older news has been read: a demo member's bell shows the last fortnight's.
READ_AFTER = timedelta(days=14)

# (member, category slug or None, tag name or None, days ago the watch began): members who
# follow a place hear of each new question there; the recent ones wait for the daily digest.
PLACE_WATCHES = [
    ("lijing", "deposits-withdrawals", None, 30),
    ("alice_w", None, "usdt", 40),
    ("ben_carter", "transactions-fees", None, 20),
    ("chenxiao", None, "诈骗", 35),
]


def load_notifications(loader) -> None:
    given = []
    for thread in loader.threads:
        thread.refresh_from_db(fields=["accepted_answer"])
        answers = (
            Answer.objects.filter(thread=thread)
            .exclude(author_id=thread.author_id)
            .select_related("thread__author", "author")
            .order_by("pk")
        )
        # Asking and answering watch the thread, from the first post on: answerers hear of
        # the answers after theirs. All watches first, so a second run finds the same ones.
        _watch_dated(thread.author, thread, thread.created_at)
        for answer in answers:
            _watch_dated(answer.author, thread, answer.created_at)
        for answer in answers:
            for notice in notify_new_answer(answer=answer):
                given.append(_dated(notice, answer.created_at))
        if thread.accepted_answer_id:
            accepted = Answer.objects.select_related("author").get(pk=thread.accepted_answer_id)
            latest = loader.now - timedelta(hours=1)
            accepted_at = min(accepted.created_at + timedelta(hours=6), latest)
            notice = notify_answer_accepted(answer=accepted, accepted_by_id=thread.author_id)
            given.append(_dated(notice, accepted_at))
    given += _watched_places(loader)
    given += _mentions(loader)
    promoted = FaqEntry.objects.filter(
        source_thread__in=loader.threads, promoted_at__isnull=False
    ).select_related("credited_author")
    for entry in promoted:
        notice = notify_answer_promoted(entry=entry, promoted_by_id=entry.promoted_by_id)
        given.append(_dated(notice, entry.promoted_at))
    given = {notice.pk for notice in given if notice is not None}
    Notification.objects.filter(
        pk__in=given, read_at__isnull=True, updated_at__lt=loader.now - READ_AFTER
    ).update(read_at=F("updated_at") + timedelta(hours=2))
    for _ in given:
        loader.count("notifications", True)


def _watched_places(loader) -> list[Notification]:
    given = []
    for username, slug, tag_name, days in PLACE_WATCHES:
        user = loader.users[username]
        place = (
            {"category": Category.objects.get(slug=slug)}
            if slug
            else {"tag": Tag.objects.get(name=tag_name)}
        )
        since = loader.now - timedelta(days=days)
        watch = Watch.objects.filter(user=user, **place).first() or watch_set(
            user=user, active=True, **place
        )
        if watch.created_at > since:
            Watch.objects.filter(pk=watch.pk).update(created_at=since)
            watch.created_at = since
    for thread in sorted(loader.threads, key=lambda thread: thread.created_at):
        for notice in notify_new_question(thread=thread):
            given.append(_dated(notice, thread.created_at))
    return given


def _mentions(loader) -> list[Notification]:
    """The demo's posts that name members ("@mod_lin 说得对…"): told as a post would tell them
    after its commit, dated like the post."""
    given = []
    for thread in loader.threads:
        posts = [(thread, None, thread.body, thread.created_at)]
        posts += [
            (thread, answer, answer.body, answer.created_at)
            for answer in Answer.objects.filter(thread=thread, body__contains="@")
        ]
        for thread_, answer, body, at in posts:
            if "@" not in body:
                continue
            _rendered, mentioned = render_with_mentions(body)
            author = answer.author if answer is not None else thread_.author
            for notice in notify_mentioned(
                thread=thread_, answer=answer, author=author, user_ids=list(mentioned.values())
            ):
                given.append(_dated(notice, at))
    return given


def _watch_dated(user, thread, at) -> None:
    """A watch as old as the post that began it (an existing one keeps its date): a watcher
    hears only of answers after that."""
    watch = watch_thread_auto(user=user, thread=thread)
    if watch is not None and watch.created_at > at:
        Watch.objects.filter(pk=watch.pk).update(created_at=at)


def _dated(notice: Notification | None, at) -> Notification | None:
    """Demo-only backdating, as for posts: the notice is as old as the news it carries."""
    if notice is not None:
        first = {"created_at": at} if notice.count == 1 else {}
        Notification.objects.filter(pk=notice.pk).update(updated_at=at, **first)
    return notice
