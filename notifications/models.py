from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_ANSWER = "new_answer", _("new answer on your question or a thread you watch")
    ANSWER_ACCEPTED = "answer_accepted", _("your answer was accepted")
    ANSWER_PROMOTED = "answer_promoted", _("answer promoted to the FAQ")
    MENTION = "mention", _("you were mentioned")
    NEW_QUESTION = "new_question", _("new question in a category or tag you watch")
    POST_HIDDEN = "post_hidden", _("a moderator hid your post")
    THREAD_CLOSED = "thread_closed", _("your question was closed as a duplicate")
    THREAD_MOVED = "thread_moved", _("your question was moved")
    THREAD_LOCKED = "thread_locked", _("your question was locked")
    ESCALATION_UPDATE = "escalation_update", _("staff updated your request")
    FLAG_OUTCOME = "flag_outcome", _("your flag was handled")


class Notification(models.Model):
    """Something that happened to one member's post. Stored as a kind and the ids it is about,
    never as a sentence: the text is written in the reader's language when it is shown
    (notifications.presentation)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # For a collapsed "new answers" notification, the newest answer it counts.
    answer = models.ForeignKey(
        "forum.Answer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    faq_entry = models.ForeignKey(
        "faq.FaqEntry", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    escalation = models.ForeignKey(
        "moderation.Escalation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    flag = models.ForeignKey(
        "moderation.Flag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Words a person wrote for the recipient at the time (a moderator's reason, the staff note,
    # the new status): kept as written, because the source may change or be edited later.
    detail = models.TextField(_("detail"), blank=True)
    count = models.PositiveIntegerField(_("count"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # When it went out by e-mail (alone or in a digest); a digest takes only those without.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at", "-updated_at"])]
        constraints = [
            # New answers on one thread collapse into one unread notification: with the row
            # lock in notifications.services this makes two concurrent answers unable to open
            # two of them.
            models.UniqueConstraint(
                fields=["recipient", "thread"],
                condition=Q(kind="new_answer", read_at__isnull=True),
                name="notifications_one_unread_new_answer_per_thread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Watch(models.Model):
    """One member following one thread, category or tag. ``active=False`` records an explicit
    unwatch, so that answering the thread again does not watch it behind the member's back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        "forum.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(
        "forum.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    active = models.BooleanField(_("watching"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(thread__isnull=False, category__isnull=True, tag__isnull=True)
                    | Q(thread__isnull=True, category__isnull=False, tag__isnull=True)
                    | Q(thread__isnull=True, category__isnull=True, tag__isnull=False)
                ),
                name="notifications_watch_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="notifications_watch_thread_once",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="notifications_watch_category_once",
            ),
            models.UniqueConstraint(
                fields=["user", "tag"],
                condition=Q(tag__isnull=False),
                name="notifications_watch_tag_once",
            ),
        ]

    def __str__(self) -> str:
        target = self.thread_id or self.category_id or self.tag_id
        return f"watch {target} by {self.user_id}"


class EmailTopic(models.TextChoices):
    """What a member chooses an e-mail frequency for; each notification kind belongs to one."""

    ANSWERS_TO_MY_QUESTIONS = "answers_to_my_questions", _("Answers to your questions")
    WATCHED_THREADS = "watched_threads", _("Answers in threads you watch")
    MY_ANSWERS = "my_answers", _("Your answers accepted or put in the FAQ")
    MENTIONS = "mentions", _("Mentions of you")
    MODERATION = "moderation", _("Moderator actions on your posts")
    STAFF_NOTES = "staff_notes", _("Staff updates on your requests")
    FLAGS = "flags", _("Outcomes of your flags")
    WATCHED_CATEGORIES_TAGS = (
        "watched_categories_tags",
        _("New questions in categories and tags you watch"),
    )


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


class EmailPreference(models.Model):
    """A member's choice for one topic; a topic without a row uses the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    topic = models.CharField(_("topic"), max_length=32, choices=EmailTopic.choices)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="notifications_pref_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.topic}: {self.frequency}"


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutgoingMail(models.Model):
    """One e-mail to one member: a single notification or a digest of several. The row is the
    record that the mail is owed; the task queue only carries its id, so an SMTP outage or a
    lost task delays the mail but never loses it. Subject and body are written at send time,
    in the recipient's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    notifications = models.ManyToManyField(Notification, related_name="mails", blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"mail {self.pk} to {self.recipient_id} ({self.status})"
