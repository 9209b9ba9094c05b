"""Who may do what in moderation: written once, used by views, services and templates.

Pages: anonymous visitors log in, members without the role get 403 (core.decorators); posts are
fetched through forum.access, so a post a user may not see is a 404 here too.
"""

from django.shortcuts import get_object_or_404

from core.roles import is_moderator, is_staff_member
from moderation import selectors
from moderation.models import Escalation


def can_moderate(user) -> bool:
    return is_moderator(user)


def can_read_audit_log(user) -> bool:
    """Moderators act, so they read the log of what moderators did; staff too."""
    return is_moderator(user)


def can_work_escalations(user) -> bool:
    return is_staff_member(user)


def can_request_staff(user, thread) -> bool:
    return bool(user.is_authenticated and (thread.author_id == user.pk or is_moderator(user)))


def can_read_staff_note(user, thread) -> bool:
    """Staff write the escalation note to the asker; the people who may send a thread to staff
    (the asker and moderators) read it on the thread page."""
    return can_request_staff(user, thread)


def escalation_get(user, pk) -> Escalation:
    """An escalation for staff (the views are staff-only), or 404."""
    return get_object_or_404(selectors.escalation_list(), pk=pk)
