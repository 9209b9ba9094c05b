"""Similar posts by meaning: the nearest stored sentence vectors (search.vector_store) to a
question being typed, and their blend with the word ranking (search.similar).

Visibility: a vector exists only for a document the index path wrote (the visibility selector's
objects) and is removed with it; each neighbour is also looked up in the current index, and
one that is not there is skipped, so a hidden or deleted post never surfaces, not even while
its removal is on its way.

Exact search (one matrix-vector product over every stored vector) keeps up at the embedded
default's scale; benchmarks/README.md gives its cost at 100k threads and what takes over past it.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from haystack import connections
from haystack.constants import ID

from search import conf, encoder, fusion
from search.index_writes import VECTOR_KINDS
from search.similar import STRONG_FAQ_SCORE, SimilarResult, similar_result

CANDIDATES = 30  # like the word ranking's pool (search.similar.CANDIDATES)
# Cosines (USE v3), set from a handful of hand-written pairs (tests/search/test_semantic.py),
# not tuned on the dev splits: a question and its translation score 0.68-0.75 with their
# bodies, other questions of the same forum 0.07-0.34.
STRONG_FAQ_COSINE = 0.6
STRONG_MATCH_COSINE = 0.75


@dataclass(frozen=True)
class Neighbours:
    results: list[SimilarResult]  # best first; score is the cosine
    cosine_of: Callable[[str], float | None]  # a post's cosine by url (None: no vector yet)


@dataclass(frozen=True)
class NearestRows:
    """The nearest stored vectors to a text, before the visibility rule is applied."""

    snapshot: object  # search.vector_store.Snapshot
    vector: object  # the text's unit vector
    rows: list[tuple[int, float]]  # (row, cosine), best first


def vector_store():
    """This thread's backend's vector store (haystack keeps one backend per thread: a helper
    thread must be handed the request thread's store, not look up its own), or None."""
    if not conf.embeddings_enabled():
        return None
    return getattr(connections["default"].get_backend(), "vector_store", None)


def nearest_rows(store, title: str, body: str = "") -> NearestRows | None:
    """Encoding and the exact search only: numpy work that releases the GIL and reads no index,
    so search.suggestions runs it in a thread beside the word ranking. None when vectors are
    off or none are stored; raises encoder.EncoderUnavailable when the model cannot be loaded."""
    if store is None:
        return None
    snapshot = store.snapshot()
    if not snapshot.row_of:
        return None
    vector = encoder.encode_query(encoder.document_text(title, body))
    return NearestRows(snapshot, vector, fusion.nearest(snapshot.matrix, vector, CANDIDATES))


def visible_neighbours(nearest: NearestRows | None) -> Neighbours | None:
    """The visibility rule over nearest_rows()'s answer, on the request's own searcher."""
    if nearest is None:
        return None
    backend = connections["default"].get_backend()
    snapshot, vector = nearest.snapshot, nearest.vector
    results = _visible_rows(backend, snapshot, nearest.rows)

    def cosine_of(url: str) -> float | None:
        row = snapshot.row_of_url.get(url)
        return None if row is None else float(snapshot.matrix[row] @ vector)

    return Neighbours(results, cosine_of)


def related_posts(doc_id: str, limit: int) -> list[SimilarResult]:
    """The visible threads and FAQ entries nearest to a stored document, from the stored vectors
    only (no encoding at page time); [] when it has no vector (yet) or vectors are off."""
    if not conf.embeddings_enabled():
        return []
    backend = connections["default"].get_backend()
    store = getattr(backend, "vector_store", None)
    snapshot = store.snapshot() if store is not None else None
    row = snapshot.row_of.get(doc_id) if snapshot is not None else None
    if row is None:
        return []
    return _visible(backend, snapshot, snapshot.matrix[row], skip=doc_id)[:limit]


def _visible(backend, snapshot, vector, *, skip: str = "") -> list[SimilarResult]:
    """The nearest stored documents that the current index holds (the visibility rule)."""
    rows = fusion.nearest(snapshot.matrix, vector, CANDIDATES)
    return _visible_rows(backend, snapshot, rows, skip=skip)


def _visible_rows(backend, snapshot, rows, *, skip: str = "") -> list[SimilarResult]:
    searcher = backend.searcher()
    results = []
    for row, cosine in rows:
        doc_id = snapshot.doc_ids[row]
        docnum = searcher.document_number(**{ID: doc_id}) if doc_id and doc_id != skip else None
        if docnum is None:
            continue  # not in the index (any more): the visibility selector left it out
        fields = searcher.stored_fields(docnum)
        if fields.get("kind") in VECTOR_KINDS:
            results.append(replace(similar_result(fields, cosine), matched_by="meaning"))
    return results


def blend(lexical: list[SimilarResult], neighbours: Neighbours, limit: int) -> list[SimilarResult]:
    """Word matches and nearest neighbours fused by rank (search.fusion.blend), FAQ entries
    found strongly by either first. A word match keeps its word score (what strong_matches
    reads); a post found only by meaning carries its cosine (matched_by "meaning")."""
    by_url = {result.url: result for result in lexical}
    for result in neighbours.results:
        by_url.setdefault(result.url, result)
    order = fusion.blend(
        [result.url for result in lexical],
        [(result.url, result.score) for result in neighbours.results],
    )
    ranked = [by_url[url] for url in order]

    def strong_faq(result: SimilarResult) -> bool:
        if result.kind != "faq":
            return False
        if result.matched_by == "words" and result.score >= STRONG_FAQ_SCORE:
            return True
        return (neighbours.cosine_of(result.url) or 0.0) >= STRONG_FAQ_COSINE

    first = [result for result in ranked if strong_faq(result)]
    rest = [result for result in ranked if not strong_faq(result)]
    return (first + rest)[:limit]


def is_strong(result: SimilarResult, words_threshold: float) -> bool:
    """Close enough to stop a no-JavaScript ask form once: by the word score for a word match,
    by the cosine for a post found only by meaning."""
    if result.matched_by == "meaning":
        return result.score >= STRONG_MATCH_COSINE
    return result.score >= words_threshold


# The search page looks further down the list than the ask page's five: the page's filters
# (category, solved) are applied to these candidates.
SEARCH_CANDIDATES = 100


def nearest_to_query(query: str, *, accept: Callable[[dict], bool], limit: int) -> list:
    """(stored fields, cosine) of the visible threads and FAQ entries nearest in meaning to a
    search query that ``accept(fields)`` keeps, best first; [] when vectors are off or none are
    stored. Raises encoder.EncoderUnavailable when the model cannot be loaded."""
    if not conf.embeddings_enabled():
        return []
    backend = connections["default"].get_backend()
    store = getattr(backend, "vector_store", None)
    snapshot = store.snapshot() if store is not None else None
    if snapshot is None or not snapshot.row_of:
        return []
    vector = encoder.encode_query(encoder.vector_text(query))
    searcher = backend.searcher()
    found = []
    for row, cosine in fusion.nearest(snapshot.matrix, vector, SEARCH_CANDIDATES):
        doc_id = snapshot.doc_ids[row]
        docnum = searcher.document_number(**{ID: doc_id}) if doc_id else None
        if docnum is None:
            continue  # not in the index (any more): the visibility selector left it out
        fields = searcher.stored_fields(docnum)
        if fields.get("kind") in VECTOR_KINDS and accept(fields):
            found.append((fields, cosine))
            if len(found) >= limit:
                break
    return found
