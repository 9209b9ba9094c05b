"""The one entry point for "similar questions": /api/similar and the ask page both call it.

Suggestions are a nicety on the way to posting: a missing, corrupt or locked index must never
turn the ask page or its endpoint into an error, so every lookup goes through the same guard.
"""

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from haystack.utils import get_identifier

from search import encoder, semantic
from search.selectors import SearchUnavailable, read_index
from search.similar import CANDIDATES, SimilarResult, find_similar, is_query_long_enough

logger = logging.getLogger(__name__)

# A match this close stops a no-JavaScript ask form once to show it. find_similar's score blends
# title overlap with BM25 relative to the best candidate, so a lone weak candidate still scores
# ~0.5-0.6; on the demo data real duplicates scored 0.67-0.94 and unrelated ones up to 0.62.
STRONG_MATCH_SCORE = 0.65
DEFAULT_LIMIT = 5


_pool: ThreadPoolExecutor | None = None
_pool_pid = 0
_pool_lock = threading.Lock()


def _meaning_pool() -> ThreadPoolExecutor:
    """One thread per process for the search by meaning. Made after gunicorn's fork (a pool
    made before it would have no thread in the worker)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wenda-meaning")
            _pool_pid = os.getpid()
        return _pool


def suggest(title: str, body: str = "", limit: int = DEFAULT_LIMIT) -> list[SimilarResult]:
    """Existing threads and FAQ entries like the question being typed, by words and by meaning
    (in either language); [] on any index failure, words only when the vectors fail.

    The title's encoding and the exact search over the vectors (numpy, which releases the GIL)
    run in a thread while this one ranks by words: at 100k threads each takes ~20-30 ms, and
    /api/similar's budget is 50 ms for both."""
    if not is_query_long_enough(title):
        return []
    nearest = _meaning_pool().submit(semantic.nearest_rows, semantic.vector_store(), title, body)
    try:
        lexical = read_index(lambda: find_similar(title, body, limit=CANDIDATES))
    except SearchUnavailable:
        return []  # logged by read_index
    try:
        neighbours = semantic.visible_neighbours(nearest.result())
    except encoder.EncoderUnavailable:
        neighbours = None  # logged once when the model failed to load
    except Exception:
        logger.exception("Similar-question lookup by meaning failed; words only")
        neighbours = None
    if neighbours is None:
        return lexical[:limit]
    return semantic.blend(lexical, neighbours, limit)


def strong_matches(*, title: str, body: str = "") -> list[SimilarResult]:
    """Existing posts close enough to a new question to show them before it is posted."""
    return [
        result for result in suggest(title, body) if semantic.is_strong(result, STRONG_MATCH_SCORE)
    ]


RELATED_LIMIT = 5


def related(obj, limit: int = RELATED_LIMIT) -> list[SimilarResult]:
    """Up to five visible threads and FAQ entries nearest in meaning to an indexed object (the
    thread page's "Related questions"), from stored vectors; [] on any failure."""
    try:
        return semantic.related_posts(get_identifier(obj), limit)
    except Exception:
        logger.exception("Related-question lookup failed")
        return []
