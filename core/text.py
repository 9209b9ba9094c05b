"""Site-wide text vocabulary: the two languages, which one a reader or a text is in, and the
rules every posted text follows (trimmed, no NUL, not empty, not too long).

Every app uses these; none defines its own (a language check written four times drifted: one
copy said "zh", another "zh-hans").
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as _

TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 30_000

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


class Language(models.TextChoices):
    # Each named in itself, as the language switch shows them.
    ENGLISH = "en", "English"
    CHINESE = "zh-hans", "简体中文"


def reader_language() -> str:
    """The language of the page being rendered (the active translation), as a Language value."""
    return Language.CHINESE if (get_language() or "").startswith("zh") else Language.ENGLISH


def reader_reads_chinese() -> bool:
    return reader_language() == Language.CHINESE


def bilingual(english: str, chinese: str) -> str:
    """The reader's version of a name stored in both languages (the English one as fallback)."""
    return chinese if chinese and reader_reads_chinese() else english


def detect_language(text: str) -> str:
    """Chinese when CJK characters carry a fair share of the letters (one 字 ~ one word)."""
    cjk = len(_CJK.findall(text))
    latin_words = len(_LATIN_WORD.findall(text))
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
