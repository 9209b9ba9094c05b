from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from core import events
        from forum import extensions
        from moderation.subscribers import SUBSCRIPTIONS

        for event_type, handler in SUBSCRIPTIONS:
            events.subscribe(event_type, handler)
        extensions.register_template(extensions.THREAD_FOOTER, "moderation/_thread_panel.html")
        # The panel's escalation notice, read with the thread (selectors.escalation_of_thread).
        extensions.register_thread_page_relation("escalation")
        extensions.register_template(extensions.ANSWER_FOOTER, "moderation/_answer_panel.html")
        # After the other tools (order 60): each post's uploaded images, removable for good.
        extensions.register_template(
            extensions.THREAD_FOOTER, "moderation/_image_panel.html", order=60
        )
        extensions.register_template(
            extensions.ANSWER_FOOTER, "moderation/_image_panel.html", order=60
        )
        extensions.register_template(
            extensions.HIDDEN_POST_NOTICE, "moderation/_hidden_notice.html"
        )
