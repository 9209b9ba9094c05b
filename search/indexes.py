"""The shared search-document fields, declared once for every app that puts documents in the index.

Whoosh has one schema for the whole index and haystack keeps the first definition of a field
name it meets, so apps never declare these fields themselves: they subclass ``DocumentIndex``,
set ``document_kind``, implement ``get_model()`` and ``index_queryset()`` (a selector: the one
visibility rule) and override the small ``*_of()`` hooks where their model differs::

    class FaqEntryIndex(DocumentIndex, indexes.Indexable):
        document_kind = "faq"
        def get_model(self): return FaqEntry
        def index_queryset(self, using=None): return faq_entry_list_published()
        def title_of(self, obj): return obj.question
        def body_of(self, obj): return obj.answer_text
"""

from django.utils.text import Truncator
from haystack import indexes

from search.features import match_features, question_text

EXCERPT_LENGTH = 200


def plain_excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """One line of plain text for result lists: whitespace folded, cut on a word boundary."""
    return Truncator(" ".join((text or "").split())).chars(length)


class BooleanField(indexes.BooleanField):
    """haystack's Whoosh backend stores "true"/"false" and reads them back through ``bool()``,
    which turns "false" into True."""

    def convert(self, value):
        if isinstance(value, str):
            return value.strip().lower() in {"true", "t", "yes", "1"}
        return super().convert(value)


class DocumentIndex(indexes.SearchIndex):
    text = indexes.CharField(document=True)
    title = indexes.CharField()
    question = indexes.CharField(stored=False)
    kind = indexes.CharField()
    category = indexes.CharField(null=True)
    tags = indexes.MultiValueField(null=True)
    solved = BooleanField()
    language = indexes.CharField(null=True)
    created_at = indexes.DateTimeField()
    answer_count = indexes.IntegerField()
    url = indexes.CharField(indexed=False)
    excerpt = indexes.CharField(indexed=False)
    # The thread a document was curated from (an FAQ entry promoted from an answer): suggestions
    # rank the curated entry at least as high as the thread it answers.
    source_url = indexes.CharField(indexed=False, null=True)
    # Terms of the title and excerpt that suggestions re-rank on (search.features), computed once
    # here rather than for every suggestion that lists the document.
    match_features = indexes.CharField(indexed=False, null=True)
    # The page of the site a document is shown on, as a number: search.grouping makes the
    # documents of one page one result and reads this sortable column a whole segment at a time
    # (milliseconds) instead of each document's stored URL (~28 us each). Number spaces, so two
    # apps never share one: a thread and its answers use the thread's id, an FAQ entry its
    # negated id (a 32-bit signed column). None groups the document by its URL instead.
    group = indexes.IntegerField(null=True, stored=False)

    document_kind = ""

    # Hooks a subclass overrides when its model names things differently.
    def title_of(self, obj) -> str:
        return obj.title

    def body_of(self, obj) -> str:
        return obj.body_text  # plain text rendered on write, never HTML

    def related_documents(self, obj) -> list:
        """Other indexed objects whose document must be rebuilt when ``obj`` changes.

        The signal processor calls this: a thread's document carries its answers' text, and an
        answer's visibility depends on its thread's.
        """
        return []

    def prepare_source_url(self, obj) -> str | None:
        return None

    def prepare_group(self, obj) -> int | None:
        return None

    def prepare_match_features(self, obj) -> str | None:
        return match_features(self.title_of(obj), self.prepare_excerpt(obj))

    def prepare_text(self, obj) -> str:
        return f"{self.title_of(obj)}\n{self.body_of(obj)}"

    def prepare_title(self, obj) -> str:
        return self.title_of(obj)

    def prepare_question(self, obj) -> str:
        return question_text(self.title_of(obj), self.body_of(obj))

    def prepare_kind(self, obj) -> str:
        return self.document_kind

    def prepare_category(self, obj) -> str | None:
        category = getattr(obj, "category", None)
        return getattr(category, "slug", None)

    def prepare_tags(self, obj) -> list[str]:
        tags = getattr(obj, "tags", None)
        return [tag.name for tag in tags.all()] if tags is not None else []

    def prepare_solved(self, obj) -> bool:
        return False

    def prepare_language(self, obj) -> str | None:
        return getattr(obj, "language", None)

    def prepare_created_at(self, obj):
        return obj.created_at

    def prepare_answer_count(self, obj) -> int:
        return 0

    def prepare_url(self, obj) -> str:
        return obj.get_absolute_url()

    def prepare_excerpt(self, obj) -> str:
        return plain_excerpt(self.body_of(obj))
