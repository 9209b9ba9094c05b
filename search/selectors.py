"""Reads from the search index for the search page."""

import logging

from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from haystack.inputs import AutoQuery
from haystack.query import SearchQuerySet

from search.similar import SimilarResult, find_similar

logger = logging.getLogger(__name__)

# Below this many hits the page offers a "did you mean" spelling: asking for it costs a pass over
# the index's word list, so well-answered queries skip it.
FEW_RESULTS = 3
# A match this close stops a no-JavaScript ask form once to show it. find_similar's score blends
# title overlap with BM25 relative to the best candidate, so a lone weak candidate still scores
# ~0.5-0.6; on the demo data real duplicates scored 0.67-0.94 and unrelated ones up to 0.62.
STRONG_MATCH_SCORE = 0.65


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


def similar_strong_matches(*, title: str, body: str = "") -> list[SimilarResult]:
    """Existing posts close enough to a new question to show them before it is posted."""
    try:
        results = find_similar(title, body, limit=5)
    except Exception:
        # Posting a question must keep working when the index is missing or broken.
        logger.exception("Similar-question lookup failed on the ask form")
        return []
    return [result for result in results if result.score >= STRONG_MATCH_SCORE]
