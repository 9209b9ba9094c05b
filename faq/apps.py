from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("FAQ")

    def ready(self):
        from core import events
        from faq.scanning import faq_items
        from faq.upload_subscribers import rerender_entries_showing_removed_upload
        from forum import extensions
        from moderation.scanning import register_source
        from uploads.events import UploadRemoved

        register_source(faq_items)
        events.subscribe(UploadRemoved, rerender_entries_showing_removed_upload)
        extensions.register_template(extensions.THREAD_FOOTER, "faq/_thread_mark.html", order=10)
        extensions.register_template(extensions.ANSWER_FOOTER, "faq/_answer_mark.html", order=10)
