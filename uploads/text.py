from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def too_large_message() -> str:
    return _(
        "This file is too large: images of up to %(size)s can be uploaded. Nothing was saved; "
        "your text is kept if you go back."
    ) % {"size": filesizeformat(settings.WENDA_UPLOAD_MAX_BYTES)}
