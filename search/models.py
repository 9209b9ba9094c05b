from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    """An object whose search document must be rebuilt (or removed) from the database's state.

    The row is written in the same transaction as the change it follows, so a committed change
    always has a row; the row is deleted only after the index has been written. Whoosh allows a
    single writer: when it stays locked (another process writing, a rebuild running), the rows
    wait for the next successful writer or for ``manage.py search_check --repair``.
    """

    model_label = models.CharField(_("model"), max_length=100)  # "forum.thread"
    object_pk = models.CharField(_("object id"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")

    def __str__(self) -> str:
        return f"{self.model_label}.{self.object_pk}"
