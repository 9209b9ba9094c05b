"""Reads for the moderation queue, staff queue, audit log and staff dashboard."""

import itertools
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from forum.models import Answer, Thread
from forum.selectors import answer_list_public, thread_list_public
from moderation.models import (
    AuditAction,
    AuditLogEntry,
    Escalation,
    EscalationStatus,
    Flag,
    FlagReason,
    FlagStatus,
)

QUEUE_LIMIT = 100
UNANSWERED_LIST_LIMIT = 20
DASHBOARD_WINDOWS = (7, 30)
# Upper bounds (in days) of the age buckets of open escalations; the last bucket is open-ended.
ESCALATION_AGE_BUCKETS = (1, 3, 7)


@dataclass
class FlaggedPost:
    post: Thread | Answer
    kind: str  # "thread" or "answer"
    flag_count: int
    last_flagged_at: datetime
    reasons: list[tuple[str, int]] = field(default_factory=list)  # (label, count), most first
    flags: list[Flag] = field(default_factory=list)

    @property
    def thread(self) -> Thread:
        return self.post if self.kind == "thread" else self.post.thread


def flag_queue(*, order: str = "newest", limit: int = QUEUE_LIMIT) -> list[FlaggedPost]:
    """Posts with open flags, newest flag first (or most flagged first), with their reasons."""
    ordering = (
        ("-flag_count", "-last_flagged_at")
        if order == "most"
        else ("-last_flagged_at", "-flag_count")
    )
    open_flags = Q(flags__status=FlagStatus.OPEN)
    annotations = {
        "flag_count": Count("flags", filter=open_flags),
        "last_flagged_at": Max("flags__created_at", filter=open_flags),
    }
    threads = (
        Thread.objects.filter(is_deleted=False)
        .annotate(**annotations)
        .filter(flag_count__gt=0)
        .select_related("author", "category")
        .order_by(*ordering)[:limit]
    )
    answers = (
        Answer.objects.filter(is_deleted=False, thread__is_deleted=False)
        .annotate(**annotations)
        .filter(flag_count__gt=0)
        .select_related("author", "thread")
        .order_by(*ordering)[:limit]
    )
    items = [
        FlaggedPost(
            post=t, kind="thread", flag_count=t.flag_count, last_flagged_at=t.last_flagged_at
        )
        for t in threads
    ]
    items += [
        FlaggedPost(
            post=a, kind="answer", flag_count=a.flag_count, last_flagged_at=a.last_flagged_at
        )
        for a in answers
    ]
    if order == "most":
        items.sort(key=lambda item: (item.flag_count, item.last_flagged_at), reverse=True)
    else:
        items.sort(key=lambda item: (item.last_flagged_at, item.flag_count), reverse=True)
    items = items[:limit]
    _attach_flags(items)
    return items


def _attach_flags(items: list[FlaggedPost]) -> None:
    by_key = {(item.kind, item.post.pk): item for item in items}
    flags = (
        Flag.objects.filter(status=FlagStatus.OPEN)
        .filter(
            Q(thread__in=[k[1] for k in by_key if k[0] == "thread"])
            | Q(answer__in=[k[1] for k in by_key if k[0] == "answer"])
        )
        .select_related("user")
        .order_by("-created_at")
    )
    for flag in flags:
        key = ("thread", flag.thread_id) if flag.thread_id else ("answer", flag.answer_id)
        by_key[key].flags.append(flag)
    labels = dict(FlagReason.choices)
    for item in items:
        counts = Counter(flag.reason for flag in item.flags)
        item.reasons = [(labels[reason], n) for reason, n in counts.most_common()]


def flag_list_for_thread(*, thread: Thread) -> QuerySet[Flag]:
    """Every flag on the thread and its answers, for the moderation page of one thread."""
    return (
        Flag.objects.filter(Q(thread=thread) | Q(answer__thread=thread))
        .select_related("user", "resolved_by", "answer")
        .order_by("status", "-created_at")
    )


def open_flag_count() -> int:
    return Flag.objects.filter(status=FlagStatus.OPEN).count()


def flag_keys_for_user(*, user, thread: Thread) -> set[tuple[str, int]]:
    """("thread"|"answer", id) of the posts in ``thread`` that ``user`` has flagged."""
    if not user.is_authenticated:
        return set()
    flags = Flag.objects.filter(user=user).filter(Q(thread=thread) | Q(answer__thread=thread))
    return {
        ("thread", f.thread_id) if f.thread_id else ("answer", f.answer_id)
        for f in flags.only("thread_id", "answer_id")
    }


def open_flag_counts_for_thread(*, thread: Thread) -> dict[tuple[str, int], int]:
    flags = (
        Flag.objects.filter(status=FlagStatus.OPEN)
        .filter(Q(thread=thread) | Q(answer__thread=thread))
        .values("thread_id", "answer_id")
        .annotate(n=Count("pk"))
    )
    return {
        ("thread", row["thread_id"]) if row["thread_id"] else ("answer", row["answer_id"]): row["n"]
        for row in flags
    }


def audit_log_list() -> QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.select_related(
        "actor", "thread", "answer", "answer__thread", "answer__author"
    ).order_by("-created_at", "-pk")


def audit_log_for_thread(*, thread: Thread) -> QuerySet[AuditLogEntry]:
    return audit_log_list().filter(Q(thread=thread) | Q(answer__thread=thread))


def escalation_get_for_thread(*, thread: Thread) -> Escalation | None:
    return Escalation.objects.filter(thread=thread).select_related("assigned_to").first()


def escalation_of_thread(*, thread: Thread) -> Escalation | None:
    """The thread's escalation, without a query when the thread page loaded it with the thread
    (forum.extensions.register_thread_page_relation), else in one (and kept on the thread)."""
    try:
        return thread.escalation
    except Escalation.DoesNotExist:
        return None


def escalation_list() -> QuerySet[Escalation]:
    return Escalation.objects.filter(thread__is_deleted=False).select_related(
        "thread", "thread__author", "thread__category", "assigned_to", "requested_by"
    )


def escalation_queue(*, status: str | None = None) -> QuerySet[Escalation]:
    """Urgent first, then oldest first. Without ``status``: everything not yet resolved."""
    escalations = escalation_list()
    if status:
        escalations = escalations.filter(status=status)
    else:
        escalations = escalations.exclude(status=EscalationStatus.RESOLVED)
    return escalations.order_by("-urgency", "created_at", "pk")


def staff_user_list() -> QuerySet:
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")


# Dashboard --------------------------------------------------------------------------------------


def _median_hours(pairs) -> float | None:
    """Median of (later - earlier) in hours over pairs whose later time exists."""
    deltas = [
        (later - earlier).total_seconds() / 3600 for earlier, later in pairs if later is not None
    ]
    return round(statistics.median(deltas), 1) if deltas else None


def _window_figures(*, since: datetime) -> dict:
    # Bounded: one row of two timestamps per thread asked in the window (at most 30 days).
    public_answers = Q(answers__in=answer_list_public())
    rows = list(
        thread_list_public()
        .filter(created_at__gte=since)
        .annotate(
            first_answer_at=Min("answers__created_at", filter=public_answers),
            first_staff_answer_at=Min(
                "answers__created_at", filter=public_answers & Q(answers__author__is_staff=True)
            ),
        )
        .values_list("created_at", "first_answer_at", "first_staff_answer_at", "accepted_answer_id")
    )
    asked = len(rows)
    solved = sum(1 for row in rows if row[3] is not None)
    return {
        "asked": asked,
        "answered": sum(1 for row in rows if row[1] is not None),
        "median_hours_to_first_answer": _median_hours((row[0], row[1]) for row in rows),
        "median_hours_to_first_staff_answer": _median_hours((row[0], row[2]) for row in rows),
        "solved": solved,
        "solved_rate": round(100 * solved / asked, 1) if asked else None,
    }


def thread_list_unanswered() -> QuerySet[Thread]:
    """Public threads without a single public answer, oldest first (they waited longest)."""
    has_answer = Exists(answer_list_public().filter(thread=OuterRef("pk")))
    return (
        thread_list_public()
        .filter(duplicate_of__isnull=True)
        .exclude(has_answer)
        .select_related("author", "category")
        .order_by("created_at")
    )


def escalation_age_buckets(*, now: datetime) -> list[dict]:
    created = list(
        Escalation.objects.filter(thread__is_deleted=False)
        .exclude(status=EscalationStatus.RESOLVED)
        .values_list("created_at", flat=True)
    )
    bounds = [0, *ESCALATION_AGE_BUCKETS, None]
    buckets = []
    for low, high in itertools.pairwise(bounds):
        count = sum(
            1
            for at in created
            if now - at >= timedelta(days=low) and (high is None or now - at < timedelta(days=high))
        )
        buckets.append({"min_days": low, "max_days": high, "count": count})
    return buckets


def dashboard_figures(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    unanswered = thread_list_unanswered()
    total = thread_list_public().count()
    solved = thread_list_public().filter(accepted_answer__isnull=False).count()
    return {
        "now": now,
        "unanswered_count": unanswered.count(),
        "unanswered": list(unanswered[:UNANSWERED_LIST_LIMIT]),
        "windows": [
            {"days": days, **_window_figures(since=now - timedelta(days=days))}
            for days in DASHBOARD_WINDOWS
        ],
        "threads_total": total,
        "solved_total": solved,
        "solved_rate_total": round(100 * solved / total, 1) if total else None,
        "escalation_buckets": escalation_age_buckets(now=now),
        "open_escalations": Escalation.objects.filter(thread__is_deleted=False)
        .exclude(status=EscalationStatus.RESOLVED)
        .count(),
    }


def hide_entry_latest(*, post: Thread | Answer) -> AuditLogEntry | None:
    """The audit entry of the moderator action that hid ``post`` (its reason is the author's
    answer to "why?")."""
    target = {"thread": post} if isinstance(post, Thread) else {"answer": post}
    return (
        AuditLogEntry.objects.filter(action=AuditAction.HIDE, **target)
        .order_by("-created_at", "-pk")
        .first()
    )


def appeal_get(*, user, post: Thread | Answer) -> Flag | None:
    """The author's appeal on their post, if they ever made one (one row per author and post)."""
    target = {"thread": post} if isinstance(post, Thread) else {"answer": post}
    return Flag.objects.filter(user=user, reason=FlagReason.APPEAL, **target).first()
