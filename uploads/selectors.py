"""Reads of uploads: which ones a post's Markdown references, and how a post shows them."""

import re
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet, Sum

from core.markup import InlineImage
from uploads.models import Attachment, Upload
from uploads.storage import DIRECTORY, file_url

KEY_LENGTH = 24  # secrets.token_urlsafe(18)
# "uploads/<key>.<ext>" anywhere in Markdown, whatever host or MEDIA_URL is in front of it.
_REFERENCE = re.compile(
    rf"{DIRECTORY}/([A-Za-z0-9_-]{{{KEY_LENGTH}}})(?:\.display)?\.(?:png|jpg|webp)\b"
)
# A post references at most this many uploads; more are shown as external links.
REFERENCES_MAX = 50


def upload_keys_in(source: str) -> list[str]:
    found: dict[str, None] = {}
    for match in _REFERENCE.finditer(source or ""):
        found.setdefault(match.group(1), None)
    return list(found)[:REFERENCES_MAX]


def upload_list_referenced(*, source: str) -> QuerySet[Upload]:
    keys = upload_keys_in(source)
    return Upload.objects.filter(key__in=keys) if keys else Upload.objects.none()


def _urls_of(upload: Upload) -> list[str]:
    """The ways a member may have written the upload's URL: as the endpoint gave it, and with
    the site's address in front when that URL is relative (copied from the browser's bar)."""
    urls = [file_url(upload.file_name)]
    if urls[0].startswith("/"):
        urls.append(f"{settings.WENDA_SITE_URL}{urls[0]}")
    if upload.display_name:
        display = file_url(upload.display_name)
        urls += (
            [display, f"{settings.WENDA_SITE_URL}{display}"]
            if display.startswith("/")
            else [display]
        )
    return urls


def inline_image(upload: Upload) -> InlineImage:
    if upload.is_removed:
        return InlineImage(src="", width=0, height=0, is_removed=True)
    if upload.display_name:
        return InlineImage(
            src=file_url(upload.display_name),
            width=upload.display_width,
            height=upload.display_height,
            original_url=file_url(upload.file_name),
        )
    return InlineImage(src=file_url(upload.file_name), width=upload.width, height=upload.height)


def inline_images(uploads) -> dict[str, InlineImage]:
    """{URL as it may be written in Markdown: how to show it}, for core.markup.render_markdown."""
    images = {}
    for upload in uploads:
        shown = inline_image(upload)
        for url in _urls_of(upload):
            images[url] = shown
    return images


def inline_images_for_source(source: str) -> dict[str, InlineImage]:
    return inline_images(upload_list_referenced(source=source))


def upload_list_for_target(*, target_kind: str, target_id: int) -> QuerySet[Upload]:
    """Images a post shows or showed (its revisions), still on the site."""
    return Upload.objects.filter(
        attachments__target_kind=target_kind,
        attachments__target_id=target_id,
        removed_at__isnull=True,
    ).order_by("created_at")


def upload_targets(*, upload: Upload) -> list[tuple[str, int]]:
    return list(
        Attachment.objects.filter(upload=upload)
        .order_by("pk")
        .values_list("target_kind", "target_id")
    )


def upload_bytes_stored(*, owner) -> int:
    total = Upload.objects.filter(owner=owner, removed_at__isnull=True).aggregate(
        total=Sum("size_bytes")
    )["total"]
    return total or 0


def upload_list_unattached(*, created_before: datetime) -> QuerySet[Upload]:
    return Upload.objects.filter(attached_at__isnull=True, created_at__lt=created_before)
