from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forum.models import Answer, Thread

FLAG_TEXT_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 1000


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    ABUSE = "abuse", _("Abuse or harassment")
    SCAM = "scam", _("Scam or phishing")
    SECRET = "secret", _("Leaks a secret (seed phrase, private key, password)")
    OTHER = "other", _("Something else")
    # The author of a hidden post asking moderators to look again (moderation.appeals).
    APPEAL = "appeal", _("Appeal by the author of a hidden post")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
    ACTIONED = "actioned", _("Post hidden")
    RESTORED = "restored", _("Post restored")


class Flag(models.Model):
    """A member's report on one post; exactly one of ``thread`` and ``answer`` is set."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("flagged by"),
    )
    thread = models.ForeignKey(
        Thread,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("thread"),
    )
    answer = models.ForeignKey(
        Answer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("answer"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason.choices)
    text = models.CharField(_("details"), max_length=FLAG_TEXT_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, answer__isnull=True)
                | Q(thread__isnull=True, answer__isnull=False),
                name="flag_has_exactly_one_target",
            ),
            # One flag per user per post, ever: a dismissed flag cannot be re-filed to nag.
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="one_flag_per_user_per_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "answer"],
                condition=Q(answer__isnull=False),
                name="one_flag_per_user_per_answer",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        target = f"thread {self.thread_id}" if self.thread_id else f"answer {self.answer_id}"
        return f"{self.get_reason_display()} on {target}"

    @property
    def post(self):
        return self.thread if self.thread_id else self.answer


class AuditAction(models.TextChoices):
    HIDE = "hide", _("Hid a post")
    UNHIDE = "unhide", _("Unhid a post")
    DISMISS_FLAGS = "dismiss_flags", _("Dismissed flags")
    LOCK = "lock", _("Locked a thread")
    UNLOCK = "unlock", _("Unlocked a thread")
    PIN = "pin", _("Pinned a thread")
    UNPIN = "unpin", _("Unpinned a thread")
    MOVE = "move", _("Moved a thread")
    CLOSE_DUPLICATE = "close_duplicate", _("Closed a thread as a duplicate")
    REOPEN = "reopen", _("Reopened a thread")
    ESCALATE = "escalate", _("Sent a thread to staff")
    ESCALATION_UPDATE = "escalation_update", _("Updated an escalation")
    EDIT = "edit", _("Edited a post")
    FAQ_PROMOTE = "faq_promote", _("Promoted an answer to the FAQ")
    IMAGE_REMOVE = "image_remove", _("Removed an image for good")


class AuditLogEntry(models.Model):
    """Who did what to which post, when and why. Written by moderation services only
    (other apps call moderation.services.audit_record); moderation.audit renders it."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    thread = models.ForeignKey(
        Thread,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
        verbose_name=_("thread"),
    )
    answer = models.ForeignKey(
        Answer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
        verbose_name=_("answer"),
    )
    # A snapshot, so the log still says what was touched if the post is later purged.
    target_label = models.CharField(_("target"), max_length=200)
    reason = models.TextField(_("reason"), max_length=NOTE_MAX_LENGTH, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.target_label}"


class Urgency(models.IntegerChoices):
    # Integers so the staff queue can sort urgent first with a plain order_by.
    NORMAL = 0, _("Normal")
    URGENT = 1, _("Urgent")


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting for the user")
    RESOLVED = "resolved", _("Resolved")


class EscalationSource(models.TextChoices):
    COMPLAINTS = "complaints", _("Posted in a complaints category")
    NEEDS_STAFF = "needs_staff", _("Marked as needing staff")


class Escalation(models.Model):
    """A thread in the staff queue. At most one per thread; resolving keeps the row."""

    thread = models.OneToOneField(
        Thread, on_delete=models.CASCADE, related_name="escalation", verbose_name=_("thread")
    )
    source = models.CharField(_("source"), max_length=16, choices=EscalationSource.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EscalationStatus.choices,
        default=EscalationStatus.OPEN,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_escalations",
        verbose_name=_("assigned to"),
    )
    staff_note = models.TextField(_("latest staff note"), max_length=NOTE_MAX_LENGTH, blank=True)
    # Not auto_now_add: re-escalating a resolved thread restarts the clock the queue sorts by.
    created_at = models.DateTimeField(_("created"), db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-urgency", "created_at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        indexes = [models.Index(fields=["status", "-urgency", "created_at"])]

    def __str__(self) -> str:
        return f"{self.thread} ({self.get_status_display()})"

    @property
    def is_resolved(self) -> bool:
        return self.status == EscalationStatus.RESOLVED
