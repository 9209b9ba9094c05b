from haystack import indexes

from faq.models import FaqEntry
from faq.selectors import faq_entry_list_published
from search.indexes import DocumentIndex


class FaqEntryIndex(DocumentIndex, indexes.Indexable):
    """Published FAQ entries; the shared suggestions rank kind "faq" first on a good match."""

    document_kind = "faq"

    def get_model(self):
        return FaqEntry

    def index_queryset(self, using=None):
        return faq_entry_list_published().select_related("category", "source_thread")

    def title_of(self, obj) -> str:
        return obj.question

    def body_of(self, obj) -> str:
        return obj.answer_text

    def prepare_source_url(self, obj) -> str | None:
        return obj.source_thread.get_absolute_url() if obj.source_thread_id else None

    def prepare_group(self, obj) -> int:
        # Negative: thread ids are the positive numbers (search.indexes.DocumentIndex.group).
        return -obj.pk

    def prepare_solved(self, obj) -> bool:
        return True  # an FAQ entry is an answer by definition
