"""Who may see and change member profiles: one guarded getter, one rule."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import selectors


def member_get(username: str):
    """A member with a public profile (active), or 404: deactivated accounts have none."""
    if "\x00" in username:  # no username has one, and PostgreSQL refuses NUL in a query
        raise Http404
    return get_object_or_404(selectors.user_list_public(), username=username)


def can_edit_profile(user, member) -> bool:
    return bool(user.is_authenticated and user.pk == member.pk)
