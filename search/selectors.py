"""Reads from the search index for the search page."""

import logging

from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from haystack.inputs import AutoQuery
from haystack.query import SearchQuerySet

from search import encoder, grouping, semantic

logger = logging.getLogger(__name__)


class SearchUnavailable(Exception):
    """The index could not be read (a damaged or missing file, a rebuild gone wrong). Pages
    show a "search is being repaired" notice; `manage.py search_check --repair` repairs it."""


def read_index(read):
    """Run ``read()`` (anything that evaluates search results; it must build its query set
    itself, so that a second call starts afresh). A failure is retried once on a fresh
    searcher: another process's commit may have merged away files the old one had not opened
    yet. A second failure is the index's: logged here and raised as SearchUnavailable, never
    an error page."""
    try:
        return read()
    except SearchUnavailable:
        raise
    except Exception:
        logger.warning("Search failed on this searcher; retrying on a fresh one", exc_info=True)
    _forget_searcher()
    try:
        return read()
    except Exception as error:
        logger.exception("Search index unreadable; search answers with a notice")
        raise SearchUnavailable(str(error)) from error


def results_version() -> str | None:
    """A token that changes whenever a search in this thread could answer differently: the
    index commit its searcher reads and, with vectors on, the vector store's state. None when
    the backend cannot tell (Elasticsearch's) or the index cannot be read: then the search
    runs uncached and reports the failure itself."""
    stamp = getattr(connections[DEFAULT_ALIAS].get_backend(), "results_stamp", None)
    if stamp is None:
        return None
    try:
        token = stamp()
        store = semantic.vector_store()
        if store is not None:
            token += f":{store.version()}"
    except Exception:
        return None
    return token


def _forget_searcher() -> None:
    backend = connections[DEFAULT_ALIAS].get_backend()
    forget = getattr(backend, "forget_searcher", None)
    if forget is not None:
        forget()


# Below this many hits the page offers a "did you mean" spelling: asking for it costs a pass over
# the index's word list, so well-answered queries skip it.
FEW_RESULTS = 3


def _grouped(*, query: str, kind: str, category: str, solved: str, sort: str = ""):
    words = SearchQuerySet().filter(content=AutoQuery(query)).query.build_query()
    filters = {"kind": kind, "category": category, "solved": solved == "yes" if solved else ""}
    return grouping.GroupedResults(
        words,
        filters={field: value for field, value in filters.items() if value != ""},
        sort_by=["-created_at"] if sort == "newest" else [],
    )


def search_results(
    *, query: str, kind: str = "", category: str = "", solved: str = "", sort: str = "relevance"
) -> grouping.GroupedResults:
    """Matching documents grouped by thread (search.grouping: one result per page of the site,
    its best-matching post), highlighted; each page's objects are re-read through the indexes'
    selectors, so a post hidden a moment ago never shows even before the index catches up."""
    return _grouped(query=query, kind=kind, category=category, solved=solved, sort=sort)


def has_hits(*, query: str, kind: str = "", category: str = "", solved: str = "") -> bool:
    return bool(_grouped(query=query, kind=kind, category=category, solved=solved).count())


def spelling_suggestion(query: str, **filters: str) -> str | None:
    """A corrected query from the index's own vocabulary that finds something under the same
    ``filters`` (kind, category, solved), or None when there is nothing better."""
    backend = connections[DEFAULT_ALIAS].get_backend()
    try:
        suggestion = " ".join((backend.create_spelling_suggestion(query) or "").split())
        if not suggestion or suggestion.casefold() == " ".join(query.split()).casefold():
            return None
        # Only a correction the reader can follow to results: the index's word list keeps the
        # words of documents removed from it (a hidden post) until their segment is merged away.
        return suggestion if has_hits(query=suggestion, **filters) else None
    except Exception:
        # A suggestion is a nicety: a corrupt or busy index must not break the results page.
        logger.exception("Spelling suggestion failed for a search query")
        return None


# Meaning-based matches are offered when word matches are fewer than this (search page).
MEANING_MATCHES_BELOW = FEW_RESULTS
MEANING_MATCHES_SHOWN = 5


def meaning_matches(
    *, query: str, kind: str = "", category: str = "", solved: str = "", exclude_urls=()
) -> list[tuple[dict, float]]:
    """Threads and FAQ entries near the query in meaning (search.semantic: stored vectors of
    visible posts only) under the page's filters, other than ``exclude_urls`` (pages the word
    matches already show); [] when vectors are off or fail: the word results stand alone."""
    if kind == "answer":
        return []  # answers have no vectors of their own
    excluded = {grouping.page_of(url) for url in exclude_urls}

    def accept(fields: dict) -> bool:
        return (
            (not kind or fields.get("kind") == kind)
            and (not category or fields.get("category") == category)
            and (not solved or is_true(fields.get("solved")) == (solved == "yes"))
            and grouping.page_of(str(fields.get("url") or "")) not in excluded
        )

    try:
        return semantic.nearest_to_query(query, accept=accept, limit=MEANING_MATCHES_SHOWN)
    except encoder.EncoderUnavailable:
        return []  # logged once when the model failed to load
    except Exception:
        logger.exception("Search by meaning failed; word matches only")
        return []


def is_true(value) -> bool:
    """A stored boolean as Whoosh gives it back (a bool, or "true" / "false")."""
    if isinstance(value, str):
        return value.strip().lower() in {"true", "t", "yes", "1"}
    return bool(value)
