from django.conf import settings

from core.roles import is_moderator


def site(request):
    return {
        "site_name": settings.WENDA_SITE_NAME,
        "user_is_moderator": is_moderator(request.user) if hasattr(request, "user") else False,
    }
