"""Vectorised BM25F for Whoosh: the top documents and the exact match count of a simple query.

Whoosh walks a query's matcher tree one posting at a time in Python (~10 us a match with
BM25F: is_active, id, skip_to, the document's length from its column, the score, the heap).
A forum query made of common words (钱包, "wallet") matches a large share of all posts, so a
page of results cost ~0.6 s at 100k threads, most of it scoring documents that are not shown.
Here each term's posting list is decoded a block at a time into numpy arrays and scored in
one vectorised BM25 expression; Or sums scores over the union of ids, And over the
intersection, filters and deletions are boolean masks. The result is exact: the same scores
(to float rounding) and order as Whoosh's own search (tests/search/test_fastscore.py compares
them), and the exact number of matching documents.

Supported: Term, Or and And (nested, with boosts) on scorable fields, under a BM25F weighting.
Anything else (phrases, wildcards, fuzzy or prefix terms, Not, ranges, other weightings)
raises Unsupported and the caller uses Whoosh's own search. Like search.analyzer, this module
imports neither Django nor haystack. The private Whoosh names it needs (codec blocks, length
columns) are reached only through search.whoosh_internals: when one is missing or changed,
top_documents() raises Unsupported.

Decoded posting lists are kept in a small LRU keyed by segment: segments never change once
written (deletions live in a separate set, applied as a mask), so a cached list stays right
until its segment is merged away.
"""

import threading
from collections import OrderedDict
from functools import wraps

import numpy as np
from whoosh import query as whoosh_query
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from search import whoosh_internals
from search.conf import DEFAULT_CACHE_MB

# Whoosh stores each document's field length in one byte (lossy); BM25 uses the decoded value.
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
# Size of the per-process cache of decoded posting lists until the backend sets the site's
# (search.conf.cache_bytes()). A word in 150k posts takes 1.2 MB (int32 ids, float32 frequencies).
POSTINGS_CACHE_BYTES = DEFAULT_CACHE_MB * 1024 * 1024
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)


class Unsupported(Exception):
    """The query has a shape this module does not score; use Whoosh's search."""


class _LruBytes:
    """Thread-safe LRU bounded by the total size of the numpy arrays it holds."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped


_postings_cache = _LruBytes(POSTINGS_CACHE_BYTES)


def set_cache_size(max_bytes: int) -> None:
    """Bound the decoded-postings cache (bytes); 0 turns caching off."""
    _postings_cache.max_bytes = max(0, int(max_bytes))


def _per_segment(kind: str):
    """Keep what `compute(reader, fieldname, *rest)` returns in the LRU, per segment."""

    def decorate(compute):
        @wraps(compute)
        def cached(reader, fieldname: str, *rest):
            segment = whoosh_internals.segment_id(reader)
            if segment is None:
                return compute(reader, fieldname, *rest)
            key = (segment, kind, fieldname, *rest)
            hit = _postings_cache.get(key)
            if hit is not None:
                return hit[0]
            value = compute(reader, fieldname, *rest)
            arrays = value if isinstance(value, tuple) else (value,)
            _postings_cache.put(key, value, sum(array.nbytes for array in arrays))
            return value

        return cached

    return decorate


@_per_segment("postings")
def _read_postings(reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, term frequencies) of a term in one segment."""
    matcher = reader.postings(fieldname, text)
    id_parts, weight_parts = [], []
    if whoosh_internals.is_block_matcher(matcher):
        for deltas, weights in whoosh_internals.posting_blocks(matcher):
            id_parts.append(np.cumsum(np.asarray(deltas, dtype=np.int32), dtype=np.int32))
            if weights is None:
                weight_parts.append(np.ones(len(deltas), dtype=np.float32))
            elif isinstance(weights, float):
                weight_parts.append(np.full(len(deltas), weights, dtype=np.float32))
            else:  # Whoosh keeps frequencies as float32 ("f" arrays): no precision lost
                weight_parts.append(np.asarray(weights, dtype=np.float32))
    else:
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        id_parts = [np.asarray(ids, dtype=np.int32)]
        weight_parts = [np.asarray(weights, dtype=np.float32)]
    ids = np.concatenate(id_parts) if id_parts else _EMPTY_IDS.astype(np.int32)
    weights = np.concatenate(weight_parts) if weight_parts else _EMPTY_SCORES.astype(np.float32)
    return ids, weights


@_per_segment("lengths")
def _field_lengths(reader, fieldname: str) -> np.ndarray:
    """Every document's decoded length of `fieldname` in one segment, as Whoosh's scorer sees it."""
    count = reader.doc_count_all()
    raw = whoosh_internals.length_bytes(reader, fieldname, count)
    if raw == b"":  # no document has the field
        return np.zeros(count, dtype=np.float64)
    if raw is not None:
        lengths = _BYTE_TO_LENGTH[np.frombuffer(raw, dtype=np.uint8)]
    else:
        lengths = np.array(
            [reader.doc_field_length(docnum, fieldname, 0) for docnum in range(count)],
            dtype=np.float64,
        )
    return lengths


@_per_segment("column")
def _column_values(reader, fieldname: str) -> np.ndarray:
    """A sortable field's raw column values in one segment (for sorting by date, say)."""
    try:
        column = reader.column_reader(fieldname, translate=False)
    except Exception as error:  # Whoosh raises a bare Exception for a field without a column
        raise Unsupported(f"no column for {fieldname!r}") from error
    # int64 for dates (microseconds overflow float64's exact range), whatever fits otherwise.
    return np.asarray([column[docnum] or 0 for docnum in range(reader.doc_count_all())])


def _deleted_mask(reader) -> np.ndarray | None:
    """Deleted documents of one segment as a boolean array, kept on the (long-lived) reader."""
    if not reader.has_deletions():
        return None
    return whoosh_internals.memo_on(
        reader,
        "_wenda_deleted_mask",
        lambda: docset_mask(whoosh_internals.deleted_docs(reader), reader.doc_count_all()),
    )


class _Scorer:
    """Scores one query tree over one segment; global statistics come from the top searcher."""

    def __init__(self, top_searcher, reader, weighting: BM25F):
        self.top = top_searcher
        self.reader = reader
        self.weighting = weighting

    def run(self, node) -> tuple[np.ndarray, np.ndarray]:
        """(sorted unique document numbers, their scores) for a query node."""
        kind = type(node)
        if kind is not whoosh_query.Term and len(node.subqueries) == 1:
            return self.run(node.subqueries[0])  # Whoosh ignores a one-child group's boost
        if kind is whoosh_query.Term:
            ids, scores = self._term(node)
        elif kind is whoosh_query.Or:
            ids, scores = self._union([self.run(child) for child in node.subqueries])
        elif kind is whoosh_query.And:
            ids, scores = self._intersection([self.run(child) for child in node.subqueries])
        else:  # checked by _check() already
            raise Unsupported(type(node).__name__)
        if node.boost != 1.0:
            scores = scores * node.boost
        return ids, scores

    def _term(self, node) -> tuple[np.ndarray, np.ndarray]:
        fieldname, text = node.fieldname, node.text
        if (fieldname, text) not in self.reader:
            return _EMPTY_IDS, _EMPTY_SCORES
        ids, frequencies = _read_postings(self.reader, fieldname, text)
        ids, frequencies = ids.astype(np.int64), frequencies.astype(np.float64)
        weighting = self.weighting
        b = whoosh_internals.field_b(weighting, fieldname)
        k1 = weighting.K1
        idf = self.top.idf(fieldname, text)
        average = self.top.avg_field_length(fieldname) or 1
        lengths = _field_lengths(self.reader, fieldname)[ids]
        scores = (
            idf * (frequencies * (k1 + 1)) / (frequencies + k1 * ((1 - b) + b * lengths / average))
        )
        return ids, scores

    @staticmethod
    def _union(parts) -> tuple[np.ndarray, np.ndarray]:
        parts = [part for part in parts if len(part[0])]
        if not parts:
            return _EMPTY_IDS, _EMPTY_SCORES
        if len(parts) == 1:
            return parts[0]
        ids = np.concatenate([part[0] for part in parts])
        scores = np.concatenate([part[1] for part in parts])
        unique, inverse = np.unique(ids, return_inverse=True)
        return unique, np.bincount(inverse, weights=scores, minlength=len(unique))

    @staticmethod
    def _intersection(parts) -> tuple[np.ndarray, np.ndarray]:
        if not parts:
            return _EMPTY_IDS, _EMPTY_SCORES
        parts = sorted(parts, key=lambda part: len(part[0]))  # smallest first
        ids, scores = parts[0]
        for other_ids, other_scores in parts[1:]:
            if not len(ids):
                break
            ids, left, right = np.intersect1d(
                ids, other_ids, assume_unique=True, return_indices=True
            )
            scores = scores[left] + other_scores[right]
        return ids, scores


def _check(node, schema) -> None:
    """Raise Unsupported unless the tree is made of plain Term, Or and And nodes (exact types:
    their subclasses, such as FuzzyTerm or DisjunctionMax, score differently)."""
    kind = type(node)
    if kind is whoosh_query.Term:
        if node.fieldname not in schema or not schema[node.fieldname].scorable:
            raise Unsupported(f"field {node.fieldname!r} is not scorable")
        if getattr(node, "minquality", None):
            raise Unsupported("minquality")
        return
    if kind is whoosh_query.Or:
        if node.minmatch or node.scale is not None:
            raise Unsupported("Or with minmatch or scale")
    elif kind is not whoosh_query.And:
        raise Unsupported(kind.__name__)
    for child in node.subqueries:
        _check(child, schema)


def top_documents(
    searcher,
    q,
    limit: int,
    *,
    allow: np.ndarray | None = None,
    deny: np.ndarray | None = None,
    sort_field: str | None = None,
    reverse: bool = False,
) -> tuple[list[tuple[float, int]], int]:
    """The `limit` best (score, docnum) pairs of `q`, best first (ties: lower docnum first, as
    Whoosh does), and how many documents match in all.

    `allow` / `deny` are boolean arrays over the searcher's document numbers (a filter and a
    mask). With `sort_field` the pairs are (column value, docnum) in that field's order
    (`reverse` for descending), as Whoosh's sortedby. Raises Unsupported for query shapes or
    weightings this module does not handle, and when a Whoosh internal it reads has changed.
    """
    if not whoosh_internals.fast_path_available():
        raise Unsupported("Whoosh internals missing: see search.whoosh_internals")
    try:
        return _top_documents(searcher, q, limit, allow, deny, sort_field, reverse)
    except whoosh_internals.InternalChanged as error:
        raise Unsupported(f"Whoosh internal changed: {error}") from error


def matching_documents(
    searcher, q, *, allow: np.ndarray | None = None, sort_field: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Every document matching `q` (deleted ones and those outside `allow` left out), unordered:
    (document numbers, BM25F scores), or the `sort_field` column's values in place of scores.
    For callers that rank something other than documents (search.grouping ranks threads).
    Raises Unsupported as top_documents() does."""
    if not whoosh_internals.fast_path_available():
        raise Unsupported("Whoosh internals missing: see search.whoosh_internals")
    try:
        return _matches(searcher, q, allow, None, sort_field)
    except whoosh_internals.InternalChanged as error:
        raise Unsupported(f"Whoosh internal changed: {error}") from error


def _top_documents(searcher, q, limit, allow, deny, sort_field, reverse):
    ids, scores = _matches(searcher, q, allow, deny, sort_field)
    total = len(ids)
    if not total or limit <= 0:
        return [], total
    if sort_field is not None:
        # Whoosh sorts (value, docnum) pairs, the whole pair reversed for descending order.
        order = np.lexsort((ids, scores))
        order = (order[::-1] if reverse else order)[:limit]
        return [(scores[i].item(), int(ids[i])) for i in order], total
    if total > limit:
        # A partial sort is enough; ties at the cut are settled by docnum below.
        threshold = np.partition(scores, total - limit)[total - limit]
        keep = scores >= threshold
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))[:limit]
    return [(float(scores[i]), int(ids[i])) for i in order], total


def _matches(searcher, q, allow, deny, sort_field) -> tuple[np.ndarray, np.ndarray]:
    weighting = searcher.weighting
    if not isinstance(weighting, BM25F) or type(weighting).scorer is not BM25F.scorer:
        raise Unsupported("weighting")
    if q is None or q is whoosh_query.NullQuery:
        return _EMPTY_IDS, _EMPTY_SCORES
    _check(q, searcher.schema)
    id_parts, score_parts = [], []
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        ids, scores = _Scorer(searcher, reader, weighting).run(q)
        if not len(ids):
            continue
        deleted = _deleted_mask(reader)
        if deleted is not None:
            keep = ~deleted[ids]
            ids, scores = ids[keep], scores[keep]
        if sort_field is not None:
            scores = _column_values(reader, sort_field)[ids]  # sort keys in place of scores
        id_parts.append(ids + offset)
        score_parts.append(scores)
    if not id_parts:
        return _EMPTY_IDS, _EMPTY_SCORES
    ids = np.concatenate(id_parts)
    scores = np.concatenate(score_parts)
    if allow is not None:
        keep = allow[ids]
        ids, scores = ids[keep], scores[keep]
    if deny is not None:
        keep = ~deny[ids]
        ids, scores = ids[keep], scores[keep]
    return ids, scores


def docset_mask(docnums, size: int) -> np.ndarray:
    """A boolean array over document numbers from any iterable of them (a filter's docs)."""
    mask = np.zeros(size, dtype=bool)
    ids = np.fromiter(docnums, dtype=np.int64)
    if len(ids):
        mask[ids] = True
    return mask
