from django import template

from accounts.selectors import user_moderator_ids

register = template.Library()

ROLE_STAFF = "staff"
ROLE_MODERATOR = "moderator"
ROLE_MEMBER = "member"


def _moderator_ids(context) -> frozenset[int]:
    """Every moderator's id, read once per request however many authors a page shows.

    ``core.roles.is_moderator`` asks ``has_perm``, which costs two queries for each distinct
    user object, and a thread list holds a fresh author object per row. Kept per process for a
    short while too (``user_moderator_ids``).
    """
    request = context.get("request")
    cached = getattr(request, "_wenda_moderator_ids", None)
    if cached is None:
        cached = user_moderator_ids()
        if request is not None:
            request._wenda_moderator_ids = cached
    return cached


@register.simple_tag(takes_context=True)
def user_role(context, author) -> str:
    """``staff``, ``moderator`` or ``member``: ``{% user_role author as role %}``."""
    if author is None or not author.is_active:
        return ROLE_MEMBER
    if author.is_staff:
        return ROLE_STAFF
    if author.pk in _moderator_ids(context):
        return ROLE_MODERATOR
    return ROLE_MEMBER
