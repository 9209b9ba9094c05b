from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from core import events
        from forum import page_cache
        from forum.search_indexes import register_search_dependencies
        from search.index_queue import DocumentsQueued

        register_search_dependencies()
        # A commit that changes a thread's search documents makes its cached pages stale.
        events.subscribe(DocumentsQueued, page_cache.documents_changed)
