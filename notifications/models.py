from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_ANSWER = "new_answer", _("new answer on your question")
    ANSWER_ACCEPTED = "answer_accepted", _("your answer was accepted")
    ANSWER_PROMOTED = "answer_promoted", _("answer promoted to the FAQ")


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
    count = models.PositiveIntegerField(_("count"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

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
