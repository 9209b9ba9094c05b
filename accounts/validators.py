"""Names that pose as staff or support are refused (issue 5: "官方客服" must not sign up).

Names are compared by *skeleton*: a folded form in which look-alikes collapse to one spelling, so
"Ａｄｍｉｎ", "аdmin" (Cyrillic а), "ad.min" and "4dm1n" all read "admln". The check is
deliberately strict: a false refusal costs a member one more try at a name, a false pass can cost
another member their wallet.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RESERVED_TOKENS = (
    "admin", "administrator", "support", "staff", "official", "moderator", "bitpie-support",
    "官方", "客服", "管理员", "管理員", "版主", "工作人员", "工作人員",
)  # fmt: skip

# Characters that render like a Latin letter (or like each other) in common fonts, as pairs
# "<look-alike><what it reads as>". NFKC already folds full-width forms, mathematical letters and
# ligatures; these are what it leaves alone.
_LOOK_ALIKE_PAIRS = (
    # Cyrillic
    "аa вb гr дd еe ёe зe иu йu кk лn мm нh оo пn рp сc тt уy фo хx цu чa шw щw ъb ьb эe єe "
    "іi їi јj ѕs ԁd һh ԛq ԝw ӏl ɡg үy ңh ѵv "
    # Greek, after casefold
    "αa βb γy δd εe ζz ηn θo ιi κk λl μu νv οo πn ρp σo ςc τt υu φo χx ωw ϲc ϳj "
    # Latin small capitals and variants
    "ıi ȷj łl ɑa ɩi ɪi ʟl ɴn ꜱs ʀr ᴅd ᴍm ᴏo ᴛt ᴜu ꞵb øo đd "
    # digits and symbols written for letters
    "0o 1l 3e 4a 5s 7t 8b 9g @a $s !i |l €e "
    # CJK characters that pass for reserved ones
    "宫官 宮官 営官 仿方 板版 "
).split()
_LOOK_ALIKES = str.maketrans(dict(_LOOK_ALIKE_PAIRS))
# Characters that read as two letters, and pairs that read as one ("rn" looks like "m"); the
# pairs are replaced after separators are gone.
_LOOK_ALIKES.update({ord("ы"): "bl", ord("ю"): "io", ord("ß"): "ss"})
_CONFUSABLE_SEQUENCES = (("rn", "m"), ("vv", "w"))


def name_skeleton(value: str) -> str:
    """Fold a name so that strings that look alike compare equal.

    Case, width and compatibility forms (NFKC), accents, homoglyphs from other scripts, leet
    digits, and separators (spaces, dots, underscores, dashes, invisible characters) all go;
    1, l and i collapse to one letter because many fonts barely tell them apart.
    """
    folded = unicodedata.normalize("NFKC", value).casefold()
    # Strip accents: "ádmin" is "admin" to a hurried reader.
    folded = "".join(
        char for char in unicodedata.normalize("NFD", folded) if not unicodedata.combining(char)
    )
    folded = folded.translate(_LOOK_ALIKES)
    folded = "".join(char for char in folded if char.isalnum()).replace("i", "l")
    for sequence, replacement in _CONFUSABLE_SEQUENCES:
        folded = folded.replace(sequence, replacement)
    return folded


_RESERVED_SKELETONS = tuple(dict.fromkeys(name_skeleton(token) for token in RESERVED_TOKENS))
# A staff name this short is matched only exactly: containing "bob" proves nothing.
STAFF_NAME_CONTAINMENT_MIN_LENGTH = 5


def contains_reserved_token(value: str) -> bool:
    skeleton = name_skeleton(value)
    return any(token in skeleton for token in _RESERVED_SKELETONS)


def is_confusable_with(value: str, protected_names) -> bool:
    """True if ``value`` looks like (or contains something that looks like) a protected name."""
    skeleton = name_skeleton(value)
    if not skeleton:
        return False
    for name in protected_names:
        protected = name_skeleton(name)
        if not protected:
            continue
        if skeleton == protected:
            return True
        if len(protected) >= STAFF_NAME_CONTAINMENT_MIN_LENGTH and protected in skeleton:
            return True
    return False


def validate_not_reserved(value: str) -> None:
    if contains_reserved_token(value):
        raise ValidationError(
            _(
                "This name is reserved: it could be mistaken for Wenda staff or support. "
                "Please choose another name."
            ),
            code="reserved_name",
        )


def validate_public_name(value: str, *, exclude_user=None) -> None:
    """The whole rule for a member-chosen username or display name.

    ``exclude_user`` is the member editing their own profile, so that a staff member's own
    names do not count against them.
    """
    from accounts.selectors import user_names_protected

    validate_not_reserved(value)
    if is_confusable_with(value, user_names_protected(exclude_user=exclude_user)):
        raise ValidationError(
            _(
                "This name looks too much like the name of a Wenda staff member or moderator. "
                "Please choose another name."
            ),
            code="confusable_name",
        )
