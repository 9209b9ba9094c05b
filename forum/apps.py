from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from core import events
        from forum import page_cache
        from forum.search_indexes import register_search_dependencies
        from forum.upload_subscribers import rerender_posts_showing_removed_upload
        from search.index_queue import DocumentsQueued
        from uploads.events import UploadRemoved

        register_search_dependencies()
        events.subscribe(UploadRemoved, rerender_posts_showing_removed_upload)
        # A commit that changes a thread's search documents makes its cached pages stale.
        events.subscribe(DocumentsQueued, page_cache.documents_changed)
