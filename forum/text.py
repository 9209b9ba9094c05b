"""Tag names: how typed tags become stored ones (no database access here). Text rules shared by
every app live in core.text."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.models import MAX_TAGS, TAG_MAX_LENGTH

_TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")
_TAG_ALLOWED = re.compile(r"^[\w\-.+#]+$")


def normalize_tags(raw) -> list[str]:
    """Split, trim, lowercase Latin (NFKC first, so full-width letters fold), drop duplicates."""
    items = _TAG_SEPARATORS.split(raw) if isinstance(raw, str) else list(raw or [])
    tags: list[str] = []
    for item in items:
        name = unicodedata.normalize("NFKC", str(item)).strip().lstrip("#").lower()
        if not name:
            continue
        if "\x00" in name or not _TAG_ALLOWED.match(name):
            raise ValidationError(
                _("Tag “%(tag)s” may contain only letters, digits and - . + #."),
                code="tag_invalid",
                params={"tag": name[:TAG_MAX_LENGTH]},
            )
        if len(name) > TAG_MAX_LENGTH:
            raise ValidationError(
                _("Tag “%(tag)s” is too long: at most %(max)d characters."),
                code="tag_too_long",
                params={"tag": name[:TAG_MAX_LENGTH] + "…", "max": TAG_MAX_LENGTH},
            )
        if name not in tags:
            tags.append(name)
    if len(tags) > MAX_TAGS:
        raise ValidationError(
            ngettext("Use at most %(max)d tag.", "Use at most %(max)d tags.", MAX_TAGS),
            code="too_many_tags",
            params={"max": MAX_TAGS},
        )
    return tags
