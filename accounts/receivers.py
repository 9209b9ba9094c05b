"""What accounts does when Django signals something about a member (connected in apps.ready())."""

from accounts import services


def remember_language_at_login(sender, request, user, **kwargs) -> None:
    """The language a member logs in with is the one they read: mail follows it."""
    language = getattr(request, "LANGUAGE_CODE", None)
    if language:
        services.user_language_set(user=user, language=language)
