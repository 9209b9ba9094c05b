"""What accounts does when Django signals something about a member (connected in apps.ready())."""

from django.conf import settings

from accounts import selectors, services


def remember_language_at_login(sender, request, user, **kwargs) -> None:
    """A language the visitor chose with the site's switch (its cookie) before logging in is the
    one they read: mail follows it. A browser's Accept-Language is only a guess (a shared or
    borrowed computer) and never overrides the member's own choice."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) if request is not None else None
    if chosen:
        services.user_language_set(user=user, language=chosen)


def forget_moderators(sender, **kwargs) -> None:
    """A member's staff flag, activity, groups or permissions changed, or a group's permissions:
    the role badges' list of moderators (accounts.selectors.user_moderator_ids) is read again."""
    selectors.forget_moderator_ids()
