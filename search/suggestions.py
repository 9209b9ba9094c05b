"""The one entry point for "similar questions": /api/similar and the ask page both call it.

Suggestions are a nicety on the way to posting: a missing, corrupt or locked index must never
turn the ask page or its endpoint into an error, so every lookup goes through the same guard.
"""

import logging

from search.similar import SimilarResult, find_similar, is_query_long_enough

logger = logging.getLogger(__name__)

# A match this close stops a no-JavaScript ask form once to show it. find_similar's score blends
# title overlap with BM25 relative to the best candidate, so a lone weak candidate still scores
# ~0.5-0.6; on the demo data real duplicates scored 0.67-0.94 and unrelated ones up to 0.62.
STRONG_MATCH_SCORE = 0.65
DEFAULT_LIMIT = 5


def suggest(title: str, body: str = "", limit: int = DEFAULT_LIMIT) -> list[SimilarResult]:
    """Existing threads and FAQ entries like the question being typed; [] on any index failure."""
    if not is_query_long_enough(title):
        return []
    try:
        return find_similar(title, body, limit=limit)
    except Exception:
        logger.exception("Similar-question lookup failed")
        return []


def strong_matches(*, title: str, body: str = "") -> list[SimilarResult]:
    """Existing posts close enough to a new question to show them before it is posted."""
    return [result for result in suggest(title, body) if result.score >= STRONG_MATCH_SCORE]
