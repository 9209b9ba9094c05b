from django.conf import settings
from django.utils.translation import gettext as _


def too_large_message() -> str:
    return _(
        "This file is too large: images of up to %(megabytes)d MB can be uploaded. Nothing was "
        "saved; your text is kept if you go back."
    ) % {"megabytes": settings.WENDA_UPLOAD_MAX_BYTES // (1024 * 1024)}
