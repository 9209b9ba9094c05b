"""Who may see and change the FAQ: written once, used by views, services and templates.

Readers see published entries; moderators and staff also see unpublished and merged ones (to
republish or follow them) and are the only ones who change the FAQ.
"""

from django.shortcuts import get_object_or_404

from core.roles import is_moderator
from faq import selectors
from faq.models import FaqEntry


def can_change_faq(user) -> bool:
    return is_moderator(user)


def entry_get(user, pk) -> FaqEntry:
    """An entry ``user`` may read, or 404."""
    return get_object_or_404(selectors.faq_entry_list_visible(user=user), pk=pk)


def entry_shown_for_answer(user, entries) -> FaqEntry | None:
    """The FAQ entry a thread page names under an answer ("This answer is in the FAQ"), from
    the entries curated from that answer: the entry it lives in now (after merges), if
    ``user`` may read it."""
    for entry in entries:
        shown = entry.merged_into or entry
        if shown.is_published or can_change_faq(user):
            return shown
    return None


def entries_shown_for_thread(entries) -> list[FaqEntry]:
    """Of the entries curated from a thread, the published ones: the note under the question."""
    return [entry for entry in entries if entry.is_published]
