from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from core import events
        from moderation.subscribers import SUBSCRIPTIONS

        for event_type, handler in SUBSCRIPTIONS:
            events.subscribe(event_type, handler)
