from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Tells people when something happens to their posts. It listens to the forum's and the
    FAQ's events; nothing below it imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from core import events
        from notifications.subscribers import SUBSCRIPTIONS

        for event_type, handler in SUBSCRIPTIONS:
            events.subscribe(event_type, handler)
