"""Who may do what. Roles are Django groups and permissions, managed in the admin."""

MODERATORS_GROUP = "Moderators"
MODERATE_PERMISSION = "forum.moderate_forum"


def is_moderator(user) -> bool:
    """Moderators (the group's permission) and staff both moderate."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_staff or user.has_perm(MODERATE_PERMISSION)


def is_staff_member(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)
