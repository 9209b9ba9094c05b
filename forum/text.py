"""Small text rules shared by forum services and forms (no database access here)."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.models import MAX_TAGS, TAG_MAX_LENGTH, Language

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")
_TAG_ALLOWED = re.compile(r"^[\w\-.+#]+$")


def detect_language(text: str) -> str:
    """Chinese when CJK characters carry a fair share of the letters (one 字 ~ one word)."""
    cjk = len(_CJK.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    return Language.CHINESE if cjk and cjk >= latin_words else Language.ENGLISH


def clean_text(value: str, *, field: str, max_length: int) -> str:
    """Trim, refuse NUL bytes and empty or over-long text. Messages name the field."""
    value = (value or "").replace("\r\n", "\n")
    if "\x00" in value:
        raise ValidationError(
            _("%(field)s contains a NUL character; remove it and try again."),
            code="null_character",
            params={"field": field},
        )
    value = value.strip()
    if not value:
        raise ValidationError(
            _("%(field)s cannot be empty."), code="empty", params={"field": field}
        )
    if len(value) > max_length:
        raise ValidationError(
            _("%(field)s is too long: %(length)d characters, at most %(max)d."),
            code="too_long",
            params={"field": field, "length": len(value), "max": max_length},
        )
    return value


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
