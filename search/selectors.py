"""Reads from the search index for the search page."""

import logging

from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from haystack.inputs import AutoQuery
from haystack.query import SearchQuerySet

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


def _forget_searcher() -> None:
    backend = connections[DEFAULT_ALIAS].get_backend()
    forget = getattr(backend, "forget_searcher", None)
    if forget is not None:
        forget()


# Below this many hits the page offers a "did you mean" spelling: asking for it costs a pass over
# the index's word list, so well-answered queries skip it.
FEW_RESULTS = 3


def search_results(
    *, query: str, kind: str = "", category: str = "", solved: str = "", sort: str = "relevance"
) -> SearchQuerySet:
    """Matching documents, highlighted; ``load_all()`` re-reads each page's objects through the
    indexes' selectors, so a post hidden a moment ago never shows even before the index catches
    up."""
    results = SearchQuerySet().filter(content=AutoQuery(query))
    if kind:
        results = results.filter(kind__exact=kind)
    if category:
        results = results.filter(category__exact=category)
    if solved:
        results = results.filter(solved=solved == "yes")
    if sort == "newest":
        results = results.order_by("-created_at")
    return results.highlight().load_all()


def spelling_suggestion(query: str) -> str | None:
    """A corrected query from the index's own vocabulary, or None when there is nothing better."""
    backend = connections[DEFAULT_ALIAS].get_backend()
    try:
        suggestion = backend.create_spelling_suggestion(query)
    except Exception:
        # A suggestion is a nicety: a corrupt or busy index must not break the results page.
        logger.exception("Spelling suggestion failed for a search query")
        return None
    suggestion = " ".join((suggestion or "").split())
    if not suggestion or suggestion.casefold() == " ".join(query.split()).casefold():
        return None
    return suggestion
