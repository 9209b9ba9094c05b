"""Threads and answers in the shared search index (fields are declared in search.indexes)."""

from django.db.models import Prefetch
from haystack import indexes

from core.text import detect_language
from forum.models import Answer, Category, Tag, Thread
from forum.selectors import answer_list_searchable, thread_list_searchable
from search import dependencies
from search.indexes import DocumentIndex

# A thread's document carries the text of its accepted answer and of a few well-voted answers,
# so a solved thread is found by the words of its solution. Each is capped so a long discussion
# cannot bloat one document.
TOP_ANSWERS_IN_THREAD = 3
ANSWER_TEXT_CAP = 3000


def _searchable_answers_best_first():
    return answer_list_searchable().order_by("-vote_score", "created_at")


class ThreadIndex(DocumentIndex, indexes.Indexable):
    document_kind = "thread"

    def get_model(self):
        return Thread

    def index_queryset(self, using=None):
        return (
            thread_list_searchable()
            .select_related("category")
            .prefetch_related(
                "tags",
                Prefetch(
                    "answers",
                    queryset=_searchable_answers_best_first(),
                    to_attr="searchable_answers",
                ),
            )
        )

    def get_updated_field(self):
        return "last_activity_at"

    def related_documents(self, obj) -> list:
        # Hiding, closing or retitling a thread changes its answers' documents too.
        return list(Answer.objects.filter(thread_id=obj.pk).only("pk", "thread_id"))

    def _answers_in_document(self, obj) -> list[Answer]:
        answers = getattr(obj, "searchable_answers", None)
        if answers is None:
            answers = list(_searchable_answers_best_first().filter(thread_id=obj.pk))
        accepted = [a for a in answers if a.pk == obj.accepted_answer_id]
        voted = [a for a in answers if a.pk != obj.accepted_answer_id and a.vote_score > 0]
        return accepted + voted[:TOP_ANSWERS_IN_THREAD]

    def prepare_text(self, obj) -> str:
        parts = [obj.title, obj.body_text]
        parts += [answer.body_text[:ANSWER_TEXT_CAP] for answer in self._answers_in_document(obj)]
        return "\n".join(parts)

    def prepare_group(self, obj) -> int:
        return obj.pk  # the thread's page: its answers share the number

    def prepare_solved(self, obj) -> bool:
        return obj.is_solved

    def prepare_answer_count(self, obj) -> int:
        return obj.answer_count


class AnswerIndex(DocumentIndex, indexes.Indexable):
    """Answers are their own documents so a result can point straight at the answer."""

    document_kind = "answer"

    def get_model(self):
        return Answer

    def index_queryset(self, using=None):
        return (
            answer_list_searchable()
            .select_related("thread__category")
            .prefetch_related("thread__tags")
        )

    def get_updated_field(self):
        return "updated_at"

    def related_documents(self, obj) -> list:
        # The thread's document holds the accepted and top answers' text and the answer count.
        return [Thread(pk=obj.thread_id)]

    def title_of(self, obj) -> str:
        return obj.thread.title

    def prepare_question(self, obj) -> str:
        return ""  # an answer asks nothing: suggestions look at threads and FAQ entries

    def prepare_match_features(self, obj) -> None:
        return None

    def prepare_group(self, obj) -> int:
        return obj.thread_id  # shown on its thread's page

    def prepare_text(self, obj) -> str:
        # Only the answer's own words: with the thread's title too, a title query would list
        # every answer of the thread next to the thread itself.
        return obj.body_text

    def prepare_category(self, obj) -> str | None:
        return obj.thread.category.slug

    def prepare_tags(self, obj) -> list[str]:
        return [tag.name for tag in obj.thread.tags.all()]

    def prepare_solved(self, obj) -> bool:
        return obj.thread.accepted_answer_id == obj.pk

    def prepare_language(self, obj) -> str:
        return detect_language(obj.body_text)

    # No answer_count: it is the thread's, and a sibling answer would leave this document stale
    # (the search page shows a count for thread hits only).


def _documents_showing_category(category: Category):
    return [
        Thread.objects.filter(category=category),
        Answer.objects.filter(thread__category=category),
    ]


def _documents_showing_tag(tag: Tag):
    return [Thread.objects.filter(tags=tag), Answer.objects.filter(thread__tags=tag)]


def register_search_dependencies() -> None:
    """Thread and answer documents show their category's slug and their tags' names: renaming
    one rebuilds the documents that show it (called from ForumConfig.ready())."""
    dependencies.register(Category, _documents_showing_category)
    dependencies.register(Tag, _documents_showing_tag)
