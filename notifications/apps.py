from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Tells people when something happens to their posts, places they watch or requests they
    made. It listens to the forum's, the FAQ's and moderation's events; nothing below it
    imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from core import events
        from forum import extensions
        from notifications.subscribers import SUBSCRIPTIONS
        from notifications.watch_subscribers import WATCH_SUBSCRIPTIONS

        for event_type, handler in SUBSCRIPTIONS + WATCH_SUBSCRIPTIONS:
            events.subscribe(event_type, handler)
        extensions.register_template(extensions.THREAD_ACTIONS, "notifications/_watch_thread.html")
        extensions.register_template(
            extensions.CATEGORY_HEADER, "notifications/_watch_category.html"
        )
        extensions.register_template(extensions.TAG_HEADER, "notifications/_watch_tag.html")
