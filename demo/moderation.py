"""What the moderator and the staff team did on the demo forum: pinned notices, a question closed
as a duplicate, one moved to its category, one locked, flagged scam replies (one hidden, one
waiting in the queue) and the staff queue (complaints plus "needs staff" requests), all through
the moderation services. Each step runs only if its result is not there yet."""

from dataclasses import dataclass
from datetime import timedelta

from demo import people
from forum.models import Answer, Category, Thread
from moderation.escalations import escalation_open_if_needed, escalation_request, escalation_update
from moderation.models import (
    AuditAction,
    AuditLogEntry,
    Escalation,
    EscalationStatus,
    Flag,
    FlagReason,
    Urgency,
)
from moderation.services import flag_create, post_hide
from moderation.thread_actions import (
    thread_close_as_duplicate,
    thread_lock,
    thread_move,
    thread_pin,
)

# (title, reason)
PINNED = [
    ("PSA: we will never DM you or ask for your recovery phrase", "Standing safety notice."),
    ("警惕冒充「官方客服」的骗子", "置顶安全提醒。"),
]

# (duplicate, original, reason)
DUPLICATES = [
    (
        "提现到账慢，周末是不是不处理？",
        "提币审核一般要多久？第一次提现有点慌",
        "同一个问题：周末的提现审核时间见原帖。",
    ),
]

# (title, category slug, reason): asked in the wrong place, moved where its answers are found.
MOVED = [
    (
        "Password reset e-mail never arrives",
        "account",
        "Moved to Account & login, where the password-reset questions are.",
    ),
]

# (title, reason)
LOCKED = [
    (
        "Is this airdrop site legit? It asks me to connect my wallet",
        "Answered; new replies were links to more airdrop sites. Locked to keep it safe.",
    ),
]


@dataclass(frozen=True)
class DemoFlaggedAnswer:
    thread: str
    author: str
    flags: tuple[tuple[str, str, str], ...]  # (member, reason, details)
    hide_reason: str = ""  # empty: the flags wait in the moderation queue


FLAGGED_ANSWERS = [
    DemoFlaggedAnswer(
        "Lost my phone with Google Authenticator, can't log in",
        "fast_recovery_pro",
        flags=(
            ("emma_l", FlagReason.SCAM, "Fake support asking for the recovery phrase."),
            ("ben_carter", FlagReason.SCAM, ""),
            ("alice_w", FlagReason.SPAM, ""),
        ),
        hide_reason="Phishing: fake support form asking for the recovery phrase.",
    ),
    DemoFlaggedAnswer(
        "钱包被盗了怎么办？资产被转走了",
        "fast_recovery_pro",
        flags=(
            ("lijing", FlagReason.SCAM, "冒充追回服务，要求先付服务费。"),
            ("chenxiao", FlagReason.SCAM, ""),
        ),
    ),
]


@dataclass(frozen=True)
class DemoEscalation:
    thread: str
    status: str
    note: str
    urgency: int = Urgency.NORMAL
    hours_later: float = 6.0  # when staff last updated it, after the question
    requested_by: str = ""  # set for a "needs staff" request; complaints escalate by themselves
    request_note: str = ""


ESCALATIONS = [
    DemoEscalation(
        "Support took 5 days to answer my ticket",
        EscalationStatus.RESOLVED,
        "Apologised in the thread; ticket queue staffed up since.",
        hours_later=10,
    ),
    DemoEscalation(
        "Suggestion: dark mode for the web version",
        EscalationStatus.OPEN,
        "Forwarded to the web team; on the roadmap for this quarter.",
        hours_later=30,
    ),
    DemoEscalation(
        "提现审核太慢了，投诉",
        EscalationStatus.RESOLVED,
        "风控规则已修正，白名单地址小额提现恢复自动出款。",
        hours_later=8,
    ),
    DemoEscalation(
        "建议延长中文客服的在线时间",
        EscalationStatus.RESOLVED,
        "中文客服时间延长到凌晨 1 点，已在帖子里回复。",
        hours_later=12,
    ),
    DemoEscalation(
        "钱包被盗了怎么办？资产被转走了",
        EscalationStatus.WAITING,
        "已标记收款地址；等用户提供报案回执以便联系交易所。",
        urgency=Urgency.URGENT,
        hours_later=3,
        requested_by="zhangwei_sz",
        request_note="希望官方帮忙标记盗币地址。",
    ),
    DemoEscalation(
        "Forgot to add the memo when depositing XRP",
        EscalationStatus.RESOLVED,
        "Deposit matched by hand and credited.",
        hours_later=80,
        requested_by="emma_l",
        request_note="Posted the txid, need staff to match it.",
    ),
]


def load_moderation(loader) -> None:
    """Runs inside DemoLoader.load(), after the forum content exists; counts into its summary."""
    moderator = loader.users[people.MODERATOR]
    staff = loader.users[people.STAFF]
    titles = [title for title, _ in PINNED]
    titles += [title for duplicate, original, _ in DUPLICATES for title in (duplicate, original)]
    titles += [title for title, _, _ in MOVED] + [title for title, _ in LOCKED]
    titles += [spec.thread for spec in ESCALATIONS]
    titles += [spec.thread for spec in FLAGGED_ANSWERS]
    threads = {thread.title: thread for thread in Thread.objects.filter(title__in=titles)}

    # Complaints escalate themselves after their post commits (moderation subscribes to the
    # forum's ThreadCreated); the demo loads in one transaction, so it opens them itself (the
    # service is idempotent) and dates them with their thread.
    for thread in Thread.objects.filter(category__is_complaints=True).select_related("category"):
        escalation_open_if_needed(thread=thread)
    fresh = Escalation.objects.filter(created_at__gte=loader.now).select_related("thread")
    for escalation in fresh:
        Escalation.objects.filter(pk=escalation.pk).update(created_at=escalation.thread.created_at)

    for title, reason in PINNED:
        thread = threads[title]
        was_pinned = thread.is_pinned
        if not was_pinned:
            thread_pin(thread=thread, moderator=moderator, reason=reason)
            _backdate_audit(loader, thread, thread.created_at + timedelta(hours=1))
        loader.count("pinned threads", not was_pinned)

    for duplicate_title, original_title, reason in DUPLICATES:
        duplicate = threads[duplicate_title]
        was_closed = duplicate.is_closed
        if not was_closed:
            duplicate = thread_close_as_duplicate(
                thread=duplicate,
                original=threads[original_title],
                moderator=moderator,
                reason=reason,
            )
            # Demo-only backdating, as for posts: the closure happened soon after the question.
            closed_at = duplicate.created_at + timedelta(hours=2)
            Thread.objects.filter(pk=duplicate.pk).update(closed_at=closed_at)
            _backdate_audit(loader, duplicate, closed_at)
        loader.count("threads closed as duplicates", not was_closed)

    for title, slug, reason in MOVED:
        thread = threads[title]
        category = Category.objects.get(slug=slug)
        was_moved = AuditLogEntry.objects.filter(thread=thread, action=AuditAction.MOVE).exists()
        if not was_moved and thread.category_id != category.pk:
            thread_move(thread=thread, moderator=moderator, category=category, reason=reason)
            _backdate_audit(loader, thread, thread.created_at + timedelta(hours=2))
        loader.count("threads moved", not was_moved)

    for title, reason in LOCKED:
        thread = threads[title]
        was_locked = AuditLogEntry.objects.filter(thread=thread, action=AuditAction.LOCK).exists()
        if not was_locked and not thread.is_locked:
            thread_lock(thread=thread, moderator=moderator, reason=reason)
            _backdate_audit(loader, thread, thread.created_at + timedelta(days=1))
        loader.count("threads locked", not was_locked)

    for spec in FLAGGED_ANSWERS:
        _load_flags(loader, spec, threads[spec.thread], moderator)

    for spec in ESCALATIONS:
        _load_escalation(loader, spec, threads[spec.thread], staff)


def _load_flags(loader, spec: DemoFlaggedAnswer, thread: Thread, moderator) -> None:
    answer = Answer.objects.get(thread=thread, author=loader.users[spec.author])
    flagged_at = answer.created_at + timedelta(hours=1)
    for username, reason, details in spec.flags:
        member = loader.users[username]
        is_new = not Flag.objects.filter(user=member, answer=answer).exists()
        if is_new and not answer.is_hidden:
            flag_create(user=member, post=answer, reason=reason, text=details)
        loader.count("flags", is_new)
    Flag.objects.filter(answer=answer, created_at__gte=loader.now).update(created_at=flagged_at)

    if spec.hide_reason:
        # Once hidden by the demo, a moderator may unhide it on a running demo: that stands.
        was_hidden = AuditLogEntry.objects.filter(answer=answer, action=AuditAction.HIDE).exists()
        if not was_hidden:
            post_hide(post=answer, moderator=moderator, reason=spec.hide_reason)
            hidden_at = flagged_at + timedelta(hours=1)
            Flag.objects.filter(answer=answer, resolved_at__gte=loader.now).update(
                resolved_at=hidden_at
            )
            AuditLogEntry.objects.filter(answer=answer, created_at__gte=loader.now).update(
                created_at=hidden_at
            )
        loader.count("posts hidden by the moderator", not was_hidden)


def _load_escalation(loader, spec: DemoEscalation, thread: Thread, staff) -> None:
    escalation = Escalation.objects.filter(thread=thread).first()
    if escalation is None and spec.requested_by:
        escalation = escalation_request(
            thread=thread, user=loader.users[spec.requested_by], note=spec.request_note
        )
        requested_at = thread.created_at + timedelta(hours=1)
        Escalation.objects.filter(pk=escalation.pk).update(created_at=requested_at)
        _backdate_audit(loader, thread, requested_at)
    # Staff notes mark an escalation someone already handled: leave those as they are.
    is_new = escalation.staff_note == ""
    if is_new:
        escalation = escalation_update(
            escalation=escalation,
            staff=staff,
            urgency=spec.urgency,
            status=spec.status,
            note=spec.note,
            assigned_to=staff,
        )
        handled_at = min(
            thread.created_at + timedelta(hours=spec.hours_later),
            loader.now - timedelta(minutes=30),
        )
        if escalation.resolved_at:
            Escalation.objects.filter(pk=escalation.pk).update(resolved_at=handled_at)
        _backdate_audit(loader, thread, handled_at)
    loader.count("staff queue entries handled", is_new)


def _backdate_audit(loader, thread: Thread, when) -> None:
    # Demo-only: the audit log shows the action at its demo time, not at load time.
    AuditLogEntry.objects.filter(thread=thread, created_at__gte=loader.now).update(created_at=when)
