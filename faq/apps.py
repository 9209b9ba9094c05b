from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("FAQ")

    def ready(self):
        from faq.scanning import faq_items
        from moderation.scanning import register_source

        register_source(faq_items)
