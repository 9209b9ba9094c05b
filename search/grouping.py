"""Search results one per page of the site: a thread's question and answers are one result.

Documents whose URLs differ only by their fragment (``/t/7/`` and ``/t/7/#answer-9``) are shown
on one page, so they are one result, represented by the best-matching of them (its snippet, its
link) and the number of its other matches. The rule needs no knowledge of the apps' models,
and the engine imports none.

Collapsing happens over every matching document, not over a page of them, so the count and
every page are exact (a thread never shows on two pages, nor a page short of one). Cost, per
query: the matching documents' numbers and scores from search.fastscore (already what a page of
results costs), a bincount for the number of groups and their match counts, and a sort of only
the best documents, enough of them for the page asked for (GroupedResults._top_groups).

Each document's page comes from the sortable ``group`` column the apps' indexes fill
(search.indexes.DocumentIndex.group), read a whole segment at a time in one slice of the column
file (a few milliseconds for 400k documents) and kept while the segment lives (segments never
change once written). An index written before that field existed has no column, or a merged
segment has documents without a value: a query that matches any such document groups all its
matches by their stored URLs instead (~28 us a document, read lazily for the matched documents
and kept per segment: see _url_keys()), so an old index gives the same groups, only slower,
until `rebuild_index` (search_check says so).
"""

import logging
import threading
from collections.abc import Sequence

import numpy as np
from haystack import connections
from haystack.constants import DEFAULT_ALIAS, DJANGO_CT, DJANGO_ID, ID
from whoosh import query as whoosh_query

from search import fastscore, whoosh_internals
from search.query_cost import bounded_query, search_within_budget

logger = logging.getLogger(__name__)

GROUP_FIELD = "group"
# Per-segment memos, by segment id. Bounded: an index has a few dozen segments.
SEGMENT_CACHE_SIZE = 256
_segment_columns: dict[str, "_GroupColumn | None"] = {}
_segment_url_keys: dict[str, np.ndarray] = {}
_key_numbers: dict[str, int] = {}  # page URL -> group number (the URL path's numbers)
_lock = threading.Lock()
_MISSING = object()
# The first cut holds this many of the best documents (at least 8 per group asked for): a page
# of results is ~20 groups, and a thread rarely matches in more than a handful of posts.
MIN_CANDIDATES = 256
CANDIDATES_PER_GROUP = 8
# Column values decoded as unsigned ("sortable") integers of the column's width.
_UNSIGNED = {1: ">u1", 2: ">u2", 4: ">u4"}


def page_of(url: str) -> str:
    return (url or "").split("#", 1)[0]


class _GroupColumn:
    """One segment's group numbers by document number, and which documents have none."""

    def __init__(self, numbers: np.ndarray, missing: np.ndarray | None):
        self.numbers = numbers
        self.missing = missing  # None when every document has a number


def _segment_id(reader) -> str | None:
    try:
        return whoosh_internals.segment_id(reader)
    except whoosh_internals.InternalChanged:
        return None  # then read again for each query (still right, slower)


def _memo(cache: dict, segment: str | None, compute):
    if segment is None:
        return compute()
    value = cache.get(segment, _MISSING)
    if value is _MISSING:
        value = compute()
        with _lock:
            if len(cache) >= SEGMENT_CACHE_SIZE:
                cache.clear()
            value = cache.setdefault(segment, value)
    return value


def read_group_column(reader) -> _GroupColumn | None:
    """A segment's group numbers from its column, in one read; None without a column (an index
    written before the field existed) or when Whoosh's column layout has changed."""
    try:
        raw = whoosh_internals.fixed_column_bytes(reader, GROUP_FIELD)
    except whoosh_internals.InternalChanged:
        logger.warning("Whoosh's column layout changed: search groups by stored URLs")
        return None
    if raw is None:
        return None
    data, width = raw
    field = reader.schema[GROUP_FIELD]
    if width not in _UNSIGNED or getattr(field, "numtype", None) is not int:
        return None
    size = reader.doc_count_all()
    # Whoosh's "sortable" form: unsigned, and a signed number shifted up by half the range; the
    # column's default (a document without a value) is the largest unsigned number.
    absent = (1 << (8 * width)) - 1
    sortable = np.full(size, absent, dtype=np.int64)
    stored = np.frombuffer(data, dtype=_UNSIGNED[width])[:size]
    sortable[: len(stored)] = stored
    missing = sortable == absent
    numbers = sortable - (1 << (field.bits - 1)) if field.signed else sortable
    if size and not missing[0] and numbers[0] != reader.column_reader(GROUP_FIELD)[0]:
        # Checked against Whoosh's own decoding: a different layout falls back to the URLs.
        logger.warning("Whoosh's NUMERIC column decodes differently: search groups by URLs")
        return None
    # int32: the column's own range, half the memory (1.6 MB per 400k documents).
    return _GroupColumn(numbers.astype(np.int32), missing if missing.any() else None)


def _group_column(reader) -> _GroupColumn | None:
    return _memo(_segment_columns, _segment_id(reader), lambda: read_group_column(reader))


def warm(searcher) -> int:
    """Read every segment's group column now (after a start, say), not on the first query;
    returns the documents read. Segments without a column are left for the URL path, which
    reads lazily: warming it would read every stored document."""
    documents = 0
    for leaf, _offset in searcher.leaf_searchers():
        column = _group_column(leaf.reader())
        documents += len(column.numbers) if column is not None else 0
    return documents


def warm_live_index(using: str = DEFAULT_ALIAS) -> int:
    """warm() for the live index (config.wsgi's preload, in the master before gunicorn forks,
    so the workers share the arrays); returns the documents read. The searcher is its own and
    closed here: a file left open across the fork would be shared by every worker."""
    backend = connections[using].get_backend()
    if not backend.setup_complete:
        backend.setup()
    index = backend.index.refresh()
    if index.is_empty():
        return 0
    with index.searcher() as searcher:
        return warm(searcher)


def documents_without_group(using: str = DEFAULT_ALIAS) -> tuple[int, int]:
    """(live documents of the live index without a group number, live documents): the former
    are grouped by their stored URLs, slowly, until `rebuild_index` (search_check says so)."""
    backend = connections[using].get_backend()
    if not backend.setup_complete:
        backend.setup()
    index = backend.index.refresh()
    if index.is_empty():
        return 0, 0
    without = 0
    with index.searcher() as searcher:
        for leaf, _offset in searcher.leaf_searchers():
            reader = leaf.reader()
            column = _group_column(reader)
            if column is None:
                without += reader.doc_count()
            elif column.missing is not None:
                lacking = column.missing.copy()
                lacking[list(whoosh_internals.deleted_docs(reader))] = False
                without += int(lacking.sum())
        return without, searcher.doc_count()


def _url_number(fields: dict) -> int:
    # A document without a URL (none is indexed so today) is a group of its own.
    page = page_of(str(fields.get("url") or "")) or f"\0{fields.get(ID)}"
    number = _key_numbers.get(page)
    if number is None:
        with _lock:
            number = _key_numbers.setdefault(page, len(_key_numbers))
    return number


def _url_keys(reader, local: np.ndarray) -> np.ndarray:
    """The URL path's group numbers of a segment's documents ``local``: read lazily, for the
    documents a query matched, from their stored fields, and kept per segment, so a query pays
    only for matches no earlier query had."""
    keys = _memo(
        _segment_url_keys,
        _segment_id(reader),
        lambda: np.full(reader.doc_count_all(), -1, dtype=np.int64),
    )
    for docnum in np.unique(local[keys[local] < 0]).tolist():
        keys[docnum] = _url_number(reader.stored_fields(docnum))
    return keys[local]


def _group_keys(searcher, ids: np.ndarray) -> np.ndarray:
    """A group number for each document in ``ids`` (the searcher's document numbers): equal
    exactly for the documents of one page. From the group column when every matched document
    has a value there, else from the stored URLs (the two number spaces never mix)."""
    leaves = []
    offsets = np.asarray([offset for _leaf, offset in searcher.leaf_searchers()], dtype=np.int64)
    leaf_of = np.searchsorted(offsets, ids, side="right") - 1
    for index, (leaf, offset) in enumerate(searcher.leaf_searchers()):
        in_leaf = leaf_of == index
        if in_leaf.any():
            leaves.append((leaf.reader(), in_leaf, ids[in_leaf] - offset))
    keys = np.empty(len(ids), dtype=np.int64)
    for reader, in_leaf, local in leaves:
        column = _group_column(reader)
        if column is None or (column.missing is not None and column.missing[local].any()):
            break
        keys[in_leaf] = column.numbers[local]
    else:
        return keys
    for reader, in_leaf, local in leaves:
        keys[in_leaf] = _url_keys(reader, local)
    return keys


def _dense(keys: np.ndarray) -> np.ndarray:
    """The keys as small non-negative numbers for bincount: shifted when their range is
    compact (ids), else renumbered (a sort)."""
    low, high = int(keys.min()), int(keys.max())
    if high - low < max(4 * len(keys), 1 << 20):
        return keys - low
    return np.unique(keys, return_inverse=True)[1].reshape(-1)


class ThreadGroup:
    """One result: the best-matching document of a page, and how many others matched there."""

    def __init__(self, result, other_matches: int):
        self.result = result
        self.other_matches = other_matches

    def __getattr__(self, name):
        # A group reads as its best result (pk, title, url...) where a caller lists documents.
        if name == "result":
            raise AttributeError(name)
        return getattr(self.result, name)


class GroupedResults(Sequence):
    """What a Paginator pages: the groups of a query's matches, best first.

    ``query_string`` is the backend's query (haystack's ``build_query()``) for the words;
    ``filters`` exact field values ({"kind": "thread", "solved": True}), applied as a document
    set cached per searcher, so that search.fastscore ranks the words (as terms of the query
    they would send it to Whoosh's slow search; haystack also quoted a hyphenated category
    slug into a term that matched nothing); ``sort_by`` the order_by fields. Pages come
    highlighted, and each page's objects are re-read as ``load_all()`` does, so a post hidden a
    moment ago is dropped even before the index catches up.
    """

    def __init__(self, query_string: str, *, filters=None, sort_by=(), using: str = DEFAULT_ALIAS):
        self.query_string = bounded_query(query_string)
        self.filters = dict(filters or {})
        self.sort_by = list(sort_by or ())
        self.using = using
        self._ranked = None
        self._prefix = None

    # -- ranking --------------------------------------------------------------------------------

    def _rank(self):
        """The query's matches, computed once: (docnums, values where higher ranks first,
        dense group numbers, matches per group number, number of groups)."""
        if self._ranked is not None:
            return self._ranked
        empty = np.zeros(0, dtype=np.int64)
        self._ranked = (empty, empty.astype(np.float64), empty, empty, 0)
        self._prefix = (empty, empty)
        backend = connections[self.using].get_backend()
        if not backend.setup_complete:
            backend.setup()
        self.backend = backend
        query_string = self.query_string
        if not query_string or (len(query_string) <= 1 and query_string != "*"):
            return self._ranked
        searcher = backend.searcher()
        self.searcher = searcher
        parsed = backend.parser.parse(query_string)
        if not searcher.doc_count() or parsed is None or parsed is whoosh_query.NullQuery:
            return self._ranked
        ids, values = self._matches(backend, searcher, parsed)
        if not len(ids):
            return self._ranked
        keys = _dense(_group_keys(searcher, ids))
        counts = np.bincount(keys)
        self._ranked = (ids, values, keys, counts, int(np.count_nonzero(counts)))
        return self._ranked

    def _top_groups(self, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """(group numbers, their best document) of the ``stop`` best groups, best first.

        A group ranks by its best document's value, ties by that document's number (its
        representative: the lowest docnum among its best, as Whoosh orders ties). Only the best
        documents are sorted: the first ``stop`` groups met in the order of the documents
        above a cut are exactly the top ``stop``, because every group not met has all its
        documents below the cut. The cut widens until it holds enough groups, so a page deep
        in the results costs more than the first, never a sort of every match for page one.
        """
        ids, values, keys, _counts, total = self._rank()
        stop = min(stop, total)
        have_groups, _have_best = self._prefix
        if stop <= len(have_groups):
            return self._prefix
        documents = len(ids)
        candidates = max(CANDIDATES_PER_GROUP * stop, MIN_CANDIDATES)
        while True:
            if candidates >= documents:
                chosen = np.arange(documents)
            else:
                # Everything tied with the cut's value comes in, so ties are settled below.
                cut = np.partition(values, documents - candidates)[documents - candidates]
                chosen = np.flatnonzero(values >= cut)
            order = chosen[np.lexsort((ids[chosen], -values[chosen]))]
            ordered_keys = keys[order]
            _unique, first = np.unique(ordered_keys, return_index=True)
            if len(first) >= stop or len(chosen) == documents:
                first.sort()
                self._prefix = (ordered_keys[first], ids[order[first]])
                return self._prefix
            candidates *= 4

    def _matches(self, backend, searcher, parsed):
        """(docnums, values where higher ranks first) of every matching document."""
        narrow = backend._narrow_filter(None, None, None)
        terms = [whoosh_query.Term(field, value) for field, value in sorted(self.filters.items())]
        if terms:
            narrow = whoosh_query.And([*([narrow] if narrow is not None else []), *terms])
        filter_docs = backend._filter_docs(searcher, narrow)
        allow = None
        if filter_docs is not None:
            allow = backend._searcher_cache(searcher).get(("mask", id(filter_docs)))
        sort_field = self.sort_by[0].lstrip("-") if self.sort_by else None
        descending = bool(self.sort_by) and self.sort_by[0].startswith("-")
        if len(self.sort_by) <= 1 and (filter_docs is None or allow is not None):
            try:
                ids, values = fastscore.matching_documents(
                    searcher, parsed, allow=allow, sort_field=sort_field
                )
                if sort_field is not None and len(values):
                    # Dates are int64 microseconds, past float64's exact range: keep the offsets.
                    values = values - values.min()
                    values = values.astype(np.float64)
                    if not descending:
                        values = -values
                else:
                    values = values.astype(np.float64)
                return ids, values
            except fastscore.Unsupported:
                pass
        # Phrases, wildcards, fuzzy terms: Whoosh's own search, within the time budget; its
        # order becomes the values.
        results = search_within_budget(
            searcher,
            parsed,
            None,
            filter=filter_docs,
            sortedby=[field.lstrip("-") for field in self.sort_by] or None,
            reverse=descending,
        )
        docnums = np.asarray([docnum for _score, docnum in results.top_n], dtype=np.int64)
        return docnums, -np.arange(len(docnums), dtype=np.float64)

    # -- the Sequence a Paginator reads ---------------------------------------------------------

    def count(self) -> int:
        return self._rank()[4]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            page = self[index : index + 1] if index >= 0 else self[index:][:1]
            if not page:
                raise IndexError(index)
            return page[0]
        start, stop, step = index.indices(self.count())
        groups, representative = self._top_groups(max(start, stop) + 1 if step < 0 else stop)
        counts = self._rank()[3]
        docnums = representative[start:stop:step]
        matches = counts[groups[start:stop:step]]
        results = self._results(docnums)
        return [
            ThreadGroup(result, int(count) - 1)
            for result, count in zip(results, matches, strict=True)
            if result is not None
        ]

    def _results(self, docnums) -> list:
        """Highlighted haystack SearchResults for document numbers; None for a document whose
        object the index's read_queryset no longer returns (hidden or deleted a moment ago)."""
        backend, searcher = self.backend, self.searcher
        stored = [searcher.stored_fields(int(docnum)) for docnum in docnums]
        processed = backend._process_results(_StoredPage(stored), query_string=self.query_string)[
            "results"
        ]
        by_identifier = {(r.app_label, r.model_name, str(r.pk)): r for r in processed}
        backend._highlight(processed, self.query_string)
        _load_objects(processed, self.using)
        results = []
        for fields in stored:
            app_label, model_name = str(fields.get(DJANGO_CT, ".")).split(".", 1)
            result = by_identifier.get((app_label, model_name, str(fields.get(DJANGO_ID))))
            loaded = result is not None and getattr(result, "_object", None) is not None
            results.append(result if loaded else None)
        return results


class _StoredPage(list):
    """Stored-field dicts in the shape haystack's _process_results reads a Whoosh page in."""

    def score(self, offset: int) -> float:
        return 0.0


def _load_objects(results, using: str) -> None:
    """What SearchQuerySet.load_all() does: each object re-read through its index's
    read_queryset (the visibility selector); one that it no longer returns stays unloaded."""
    unified = connections[using].get_unified_index()
    by_model: dict = {}
    for result in results:
        by_model.setdefault(result.model, []).append(result)
    for model, model_results in by_model.items():
        try:
            index = unified.get_index(model)
        except Exception:
            continue
        pk_of = model._meta.pk.to_python
        objects = index.read_queryset(using=using).in_bulk([pk_of(r.pk) for r in model_results])
        for result in model_results:
            result._object = objects.get(pk_of(result.pk))
