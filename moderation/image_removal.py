"""Moderators remove an uploaded image for good (issue 12): the file leaves storage, the posts
that showed it say so, and the audit log records who did it, on which post, and why."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forum.models import Answer, Thread
from forum.services import ANSWER_UPLOADS, THREAD_UPLOADS
from moderation.models import AuditAction
from moderation.services import audit_record, clean_note, require_moderator
from uploads import selectors as upload_selectors
from uploads.models import Upload
from uploads.services import upload_remove


def target_of(post: Thread | Answer) -> tuple[str, int]:
    return (THREAD_UPLOADS if isinstance(post, Thread) else ANSWER_UPLOADS, post.pk)


def post_image_list(*, post: Thread | Answer):
    kind, pk = target_of(post)
    return upload_selectors.upload_list_for_target(target_kind=kind, target_id=pk)


@transaction.atomic
def post_image_remove(
    *, moderator, post: Thread | Answer, upload_id: int, reason: str = ""
) -> Upload:
    require_moderator(moderator)
    reason = clean_note(reason)
    upload = post_image_list(post=post).filter(pk=upload_id).first()
    if upload is None:
        raise ValidationError(
            _("This image is not shown by this post, or it was already removed."),
            code="not_attached",
        )
    upload = upload_remove(upload=upload, moderator=moderator)
    audit_record(
        actor=moderator,
        action=AuditAction.IMAGE_REMOVE,
        post=post,
        reason=reason,
        image=upload.file_name,
    )
    return upload
