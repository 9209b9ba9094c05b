"""Every FAQ read that encodes a rule. "Published" is defined once, here."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from core.roles import is_moderator
from faq.models import FaqCategory, FaqEntry, FaqFeedback, FaqRevision
from faq.readers import ANONYMOUS_VOTE_WINDOW, address_key
from forum.models import Answer
from forum.selectors import answer_list_public
from search.selectors import read_index, search_results


def faq_entry_list_published() -> QuerySet[FaqEntry]:
    """Entries anyone may read. The search index uses this definition too."""
    return FaqEntry.objects.filter(is_published=True, merged_into__isnull=True)


def faq_entry_list_visible(*, user) -> QuerySet[FaqEntry]:
    """Moderators also see unpublished and merged entries (to republish or follow them)."""
    entries = FaqEntry.objects.all() if is_moderator(user) else faq_entry_list_published()
    return entries.select_related(
        "category", "credited_author", "source_thread", "promoted_by", "merged_into"
    )


def faq_entry_merged_target(*, pk: int) -> FaqEntry | None:
    """Where a merged entry's URL leads: the entry it was merged into (merges re-point older
    merges, so one hop is enough)."""
    return FaqEntry.objects.filter(merged_entries__pk=pk).first()


def faq_category_list() -> QuerySet[FaqCategory]:
    return FaqCategory.objects.all()


@dataclass
class FaqSection:
    category: FaqCategory
    entries: list = field(default_factory=list)


def faq_sections(*, user, language: str, show_all_languages: bool) -> list[FaqSection]:
    """The FAQ index: categories in moderator order, each with its entries, the reader's
    language first. Categories with nothing to show are left out."""
    entries = faq_entry_list_visible(user=user).filter(merged_into__isnull=True)
    if not show_all_languages:
        entries = entries.filter(language=language)
    by_category: dict[int, list] = {}
    for entry in entries.order_by("order", "pk"):
        by_category.setdefault(entry.category_id, []).append(entry)
    sections = []
    for category in faq_category_list():
        rows = by_category.get(category.pk, [])
        if rows:
            rows.sort(key=lambda e: e.language != language)  # stable: keeps moderator order
            sections.append(FaqSection(category=category, entries=rows))
    return sections


def faq_entry_revisions(*, entry: FaqEntry) -> QuerySet[FaqRevision]:
    return entry.revisions.select_related("editor")


def faq_feedback_get(
    *, entry: FaqEntry, user, session_key: str, client_ip: str | None = None
) -> FaqFeedback | None:
    """The vote the reader sees as theirs: a member's own; an anonymous reader's by session,
    else by address (the vote that address cast, which a new session may change)."""
    if user.is_authenticated:
        return FaqFeedback.objects.filter(entry=entry, user=user).first()
    return faq_feedback_get_anonymous(
        entry=entry, session_key=session_key, client_hash=address_key(client_ip)
    )


def faq_feedback_get_anonymous(
    *, entry: FaqEntry, session_key: str, client_hash: str, now: datetime | None = None
) -> FaqFeedback | None:
    votes = FaqFeedback.objects.filter(entry=entry, user=None)
    if session_key and (vote := votes.filter(session_key=session_key).first()):
        return vote
    if not client_hash:
        return None
    since = (now or timezone.now()) - ANONYMOUS_VOTE_WINDOW
    return (
        votes.filter(client_hash=client_hash, created_at__gte=since)
        .order_by("-created_at", "-pk")
        .first()
    )


def faq_entry_for_answer(*, answer_id: int) -> FaqEntry | None:
    """The entry an answer lives in now: after a merge, the entry it was merged into."""
    entry = (
        FaqEntry.objects.filter(source_answer_id=answer_id).select_related("merged_into").first()
    )
    return entry.merged_into if entry is not None and entry.merged_into else entry


def faq_entry_source_is_public(*, entry: FaqEntry) -> bool:
    """Readers get the "original thread" link only while that answer is public."""
    return (
        bool(entry.source_answer_id)
        and answer_list_public().filter(pk=entry.source_answer_id).exists()
    )


def faq_entries_of_thread(*, thread_id: int) -> list[FaqEntry]:
    """Every entry curated from the thread (published or not, merged or not), with the entry
    it was merged into: the thread page's FAQ marks, for the question and each answer, in one
    query."""
    return list(FaqEntry.objects.filter(source_thread_id=thread_id).select_related("merged_into"))


def faq_entry_count_other_language(*, user, language: str) -> int:
    return (
        faq_entry_list_visible(user=user)
        .filter(merged_into__isnull=True)
        .exclude(language=language)
        .count()
    )


def faq_entry_search(*, user, query: str, limit: int = 20) -> list[FaqEntry]:
    """FAQ entries matching ``query``, best first, through the shared index and the search
    page's own query path. Hits are re-read through the visibility selector."""
    ids = read_index(
        lambda: [int(hit.pk) for hit in search_results(query=query, kind="faq")[:limit]]
    )
    entries = faq_entry_list_visible(user=user).in_bulk(ids)
    return [entries[pk] for pk in ids if pk in entries]


def answer_for_promotion() -> QuerySet:
    """Every answer, hidden and deleted ones too, so the promote page can say why it refuses."""
    return Answer.objects.select_related("thread", "author")
