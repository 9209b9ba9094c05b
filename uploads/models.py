"""Images members upload for their posts, and which posts (and so revisions) show them.

uploads sits below the forum and the FAQ (docs/architecture.md): it knows posts only as a
"target", a short kind name ("forum.thread", "forum.answer", "faq.entry") and an id, which the
app that owns the post passes in. A post's revisions are covered by the same attachment: an
attachment is never dropped when an edit removes the image, because the history still shows it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Upload(models.Model):
    # Unguessable (secrets.token_urlsafe): the file names are derived from it, and anyone who
    # has the URL can fetch the file, so it must not be enumerable.
    key = models.CharField(max_length=40, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="uploads",
        verbose_name=_("uploaded by"),
    )
    # Names inside the default storage; display_name is empty when the original is small enough.
    file_name = models.CharField(max_length=200)
    display_name = models.CharField(max_length=200, blank=True)
    image_format = models.CharField(_("format"), max_length=8)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    display_width = models.PositiveIntegerField(default=0)
    display_height = models.PositiveIntegerField(default=0)
    # Bytes stored (original + display size), what the quota counts.
    size_bytes = models.PositiveBigIntegerField(_("bytes stored"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)
    # Set the first time a post references it; unattached uploads are cleaned up after a day.
    attached_at = models.DateTimeField(_("attached"), null=True, blank=True)
    # A moderator removed it for good: the files are gone, the row says so to readers.
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("removed by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uploaded image")
        verbose_name_plural = _("uploaded images")
        indexes = [models.Index(fields=["owner", "created_at"])]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def has_display_size(self) -> bool:
        return bool(self.display_name)


class Attachment(models.Model):
    """``upload`` is shown by the post ``target_kind`` #``target_id`` (or one of its revisions)."""

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="attachments")
    target_kind = models.CharField(max_length=32)
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["upload", "target_kind", "target_id"], name="one_attachment_per_target"
            )
        ]
        indexes = [models.Index(fields=["target_kind", "target_id"])]

    def __str__(self) -> str:
        return f"{self.upload_id} on {self.target_kind}#{self.target_id}"
