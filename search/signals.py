"""The only use of signals in Wenda: model saves and deletes queue search-document updates.

HAYSTACK_SIGNAL_PROCESSOR points here. The queue, its lock and the drain that applies it after
the commit are in search.index_queue; which rows of models without documents (a category, a
tag) change which documents is registered in search.dependencies.
"""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from search import dependencies, index_queue


class OnCommitSignalProcessor(BaseSignalProcessor):
    def setup(self):
        signals.post_save.connect(self.handle_save)
        signals.post_delete.connect(self.handle_delete)
        # A deleted tag's threads are found through rows that the delete removes first.
        signals.pre_delete.connect(self.handle_dependency_delete)

    def teardown(self):
        signals.post_save.disconnect(self.handle_save)
        signals.post_delete.disconnect(self.handle_delete)
        signals.pre_delete.disconnect(self.handle_dependency_delete)

    def handle_save(self, sender, instance, **kwargs):
        index_queue.enqueue_for_change(sender, instance, using=kwargs.get("using") or "default")

    def handle_delete(self, sender, instance, **kwargs):
        if sender in dependencies.registered_models():
            return  # queued before the delete, by handle_dependency_delete()
        index_queue.enqueue_for_change(sender, instance, using=kwargs.get("using") or "default")

    def handle_dependency_delete(self, sender, instance, **kwargs):
        if sender in dependencies.registered_models():
            index_queue.enqueue_for_change(sender, instance, using=kwargs.get("using") or "default")
