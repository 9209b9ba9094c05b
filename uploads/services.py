"""Every write to uploads: storing a cleaned image, attaching it to posts, removing it for good,
and cleaning up what no post ever used."""

import logging
import re
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.image_secrets import find_secrets_in_image
from core.markup import InlineImage
from core.secrets import describe
from uploads import selectors
from uploads.events import UploadRemoved
from uploads.images import clean_image
from uploads.limits import upload_limits_check
from uploads.models import Attachment, Upload
from uploads.storage import display_name, file_url, media_storage, original_name

logger = logging.getLogger(__name__)

ALT_MAX_LENGTH = 80
_ALT_UNSAFE = re.compile(r"[\[\]\\\n\r\t<>]+")


def _alt_text(file_name: str) -> str:
    """The file's name without its extension, as alt text the author can edit in the Markdown."""
    stem = (file_name or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return _ALT_UNSAFE.sub(" ", stem).strip()[:ALT_MAX_LENGTH] or _("image")


def upload_markdown(upload: Upload, *, alt: str) -> str:
    return f"![{alt}]({file_url(upload.file_name)})"


def _refuse_secrets(image) -> None:
    findings = find_secrets_in_image(image)
    if findings:
        raise ValidationError(
            _(
                "Image: %(what)s It was found in a QR code or barcode in the image. Never share "
                "it: anyone who has it can take your funds. Nothing was stored."
            )
            % {"what": describe(findings[0])},
            code="secret",
        )


def upload_create(*, owner, file) -> tuple[Upload, str]:
    """Store the image in ``file`` (an UploadedFile) for ``owner``: the upload and the Markdown
    that shows it. Raises ValidationError with the reason; then nothing is stored."""
    size = getattr(file, "size", None) or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    with transaction.atomic():
        # Limits first: a member over them costs no decoding.
        upload_limits_check(user=owner, incoming_bytes=size)
    file.seek(0)
    cleaned = clean_image(file)
    _refuse_secrets(cleaned.image)
    key = secrets.token_urlsafe(18)
    storage = media_storage()
    saved: list[str] = []
    try:
        saved.append(storage.save(original_name(key, cleaned.extension), ContentFile(cleaned.data)))
        if cleaned.display_data:
            saved.append(
                storage.save(
                    display_name(key, cleaned.extension), ContentFile(cleaned.display_data)
                )
            )
        with transaction.atomic():
            stored_bytes = len(cleaned.data) + len(cleaned.display_data)
            # Counted again under the row lock, with what is really stored.
            upload_limits_check(user=owner, incoming_bytes=stored_bytes)
            upload = Upload(
                key=key,
                owner=owner,
                file_name=saved[0],
                display_name=saved[1] if len(saved) > 1 else "",
                image_format=cleaned.format,
                width=cleaned.width,
                height=cleaned.height,
                display_width=cleaned.display_width,
                display_height=cleaned.display_height,
                size_bytes=stored_bytes,
            )
            upload.full_clean()
            upload.save()
    except BaseException:
        for name in saved:
            storage.delete(name)
        raise
    return upload, upload_markdown(upload, alt=_alt_text(getattr(file, "name", "")))


@dataclass(frozen=True)
class PostImages:
    """The uploads a post's Markdown references, checked for its author, and how to show them."""

    uploads: list[Upload] = field(default_factory=list)
    inline: dict[str, InlineImage] = field(default_factory=dict)


def post_images_check(*, source: str, author, target_kind: str = "", target_id=None) -> PostImages:
    """Refuse Markdown that shows another member's upload not yet part of any post (it may be
    theirs to post, or not posted at all on purpose); a post's own images, and images already
    public in some post, are fine. Call before the post is written."""
    uploads = list(selectors.upload_list_referenced(source=source))
    own_target = set()
    if target_kind and target_id is not None:
        own_target = set(
            Attachment.objects.filter(
                target_kind=target_kind, target_id=target_id, upload__in=uploads
            ).values_list("upload_id", flat=True)
        )
    for upload in uploads:
        if upload.owner_id == author.pk or upload.attached_at or upload.pk in own_target:
            continue
        raise ValidationError(
            _(
                "The text shows an image someone else uploaded that is not in any post yet "
                "(%(url)s). Upload your own copy of it instead."
            )
            % {"url": file_url(upload.file_name)},
            code="foreign_upload",
        )
    return PostImages(uploads=uploads, inline=selectors.inline_images(uploads))


def uploads_attach(*, images: PostImages, target_kind: str, target_id: int) -> None:
    """The post ``target_kind`` #``target_id`` shows ``images``: they stay while it (or a
    revision of it) exists. Attachments are only ever added, since revisions keep old text."""
    if not images.uploads:
        return
    Attachment.objects.bulk_create(
        [
            Attachment(upload=upload, target_kind=target_kind, target_id=target_id)
            for upload in images.uploads
        ],
        ignore_conflicts=True,
    )
    Upload.objects.filter(
        pk__in=[upload.pk for upload in images.uploads], attached_at__isnull=True
    ).update(attached_at=timezone.now())


def _delete_files(upload: Upload) -> None:
    storage = media_storage()
    for name in (upload.file_name, upload.display_name):
        if name:
            storage.delete(name)


@transaction.atomic
def upload_remove(*, upload: Upload, moderator) -> Upload:
    """Remove an image for good: its files are deleted from storage and the posts that showed
    it say "image removed by a moderator" (they re-render on UploadRemoved). The caller checks
    that ``moderator`` may, and records it in the audit log."""
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.is_removed:
        return upload
    upload.removed_at = timezone.now()
    upload.removed_by = moderator
    upload.save(update_fields=["removed_at", "removed_by"])
    # Deleted after the commit: a rolled-back removal must not lose the file.
    transaction.on_commit(lambda: _delete_files(upload))
    events.announce(
        UploadRemoved(
            upload_id=upload.pk,
            moderator_id=moderator.pk,
            targets=tuple(selectors.upload_targets(upload=upload)),
        )
    )
    return upload


def uploads_clean_unattached(*, older_than) -> int:
    """Delete uploads created before ``older_than`` that no post ever referenced (files and
    rows); returns how many."""
    count = 0
    for upload in selectors.upload_list_unattached(created_before=older_than).iterator():
        with transaction.atomic():
            # Re-read under a lock: a post may have attached it since the list was read.
            locked = (
                Upload.objects.select_for_update()
                .filter(pk=upload.pk, attached_at__isnull=True)
                .first()
            )
            if locked is None:
                continue
            locked.delete()
            transaction.on_commit(lambda upload=locked: _delete_files(upload))
        count += 1
    return count
