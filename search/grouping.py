"""Search results one per page of the site: a thread's question and answers are one result.

Documents whose URLs differ only by their fragment (``/t/7/`` and ``/t/7/#answer-9``) are shown
on one page, so they are one result, represented by the best-matching of them (its snippet, its
link) and the number of its other matches. The rule needs no knowledge of the apps' models,
and the engine imports none.

Collapsing happens over every matching document, not over a page of them, so the count and
every page are exact (a thread never shows on two pages, nor a page short of one). Cost, per
query: the matching documents' numbers and scores from search.fastscore (already what a page of
results costs), then numpy work linear in the number of matches (a bincount and a maximum per
thread). Each document's thread is read once per segment from its stored URL and kept while
the segment lives (segments never change once written), lazily: see _group_keys().
"""

import threading
from collections.abc import Sequence

import numpy as np
from haystack import connections
from haystack.constants import DEFAULT_ALIAS, DJANGO_CT, DJANGO_ID, ID
from whoosh import query as whoosh_query

from search import fastscore, whoosh_internals
from search.query_cost import bounded_query, search_within_budget

# Group numbers of documents, per segment id. Bounded: an index has a few dozen segments.
SEGMENT_CACHE_SIZE = 256
_segment_keys: dict[str, np.ndarray] = {}
_key_numbers: dict[str, int] = {}  # page URL -> group number
_lock = threading.Lock()


def page_of(url: str) -> str:
    return (url or "").split("#", 1)[0]


def _group_number(fields: dict) -> int:
    # A document without a URL (none is indexed so today) is a group of its own.
    page = page_of(str(fields.get("url") or "")) or f"\0{fields.get(ID)}"
    number = _key_numbers.get(page)
    if number is None:
        with _lock:
            number = _key_numbers.setdefault(page, len(_key_numbers))
    return number


def _segment_keys_of(reader) -> np.ndarray:
    """The segment's group numbers by document number, -1 where not read yet."""
    try:
        segment = whoosh_internals.segment_id(reader)
    except whoosh_internals.InternalChanged:
        segment = None  # then read again for each query (still right, slower)
    keys = _segment_keys.get(segment) if segment is not None else None
    if keys is None:
        keys = np.full(reader.doc_count_all(), -1, dtype=np.int64)
        if segment is not None:
            with _lock:
                if len(_segment_keys) >= SEGMENT_CACHE_SIZE:
                    _segment_keys.clear()
                keys = _segment_keys.setdefault(segment, keys)
    return keys


def _group_keys(searcher, ids: np.ndarray) -> np.ndarray:
    """The group number of each document in ``ids`` (the searcher's document numbers).

    Read lazily, for the documents a query matched, from their stored fields (~25 us each), and
    kept per segment: a query pays only for matches no earlier query had, so the cost spreads
    over the first queries after a start or a merge instead of one query reading every
    document (seconds at 400k documents)."""
    leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
    offsets = np.asarray([offset for _reader, offset in leaves], dtype=np.int64)
    leaf_of = np.searchsorted(offsets, ids, side="right") - 1
    keys = np.empty(len(ids), dtype=np.int64)
    for index, (reader, offset) in enumerate(leaves):
        in_leaf = leaf_of == index
        if not in_leaf.any():
            continue
        local = ids[in_leaf] - offset
        segment_keys = _segment_keys_of(reader)
        for docnum in np.unique(local[segment_keys[local] < 0]).tolist():
            segment_keys[docnum] = _group_number(reader.stored_fields(docnum))
        keys[in_leaf] = segment_keys[local]
    return keys


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

    # -- ranking --------------------------------------------------------------------------------

    def _rank(self):
        """(group numbers best first, their best document, their match counts), computed once."""
        if self._ranked is not None:
            return self._ranked
        empty = (np.zeros(0, dtype=np.int64),) * 3
        backend = connections[self.using].get_backend()
        if not backend.setup_complete:
            backend.setup()
        self.backend = backend
        query_string = self.query_string
        if not query_string or (len(query_string) <= 1 and query_string != "*"):
            self._ranked = empty
            return empty
        searcher = backend.searcher()
        self.searcher = searcher
        parsed = backend.parser.parse(query_string)
        if not searcher.doc_count() or parsed is None or parsed is whoosh_query.NullQuery:
            self._ranked = empty
            return empty
        ids, values = self._matches(backend, searcher, parsed)
        if not len(ids):
            self._ranked = empty
            return empty
        keys = _group_keys(searcher, ids)
        size = int(keys.max()) + 1
        counts = np.bincount(keys, minlength=size)
        best = np.full(size, -np.inf)
        np.maximum.at(best, keys, values)
        # The representative: the best document of each group (ties: the lowest docnum, as
        # Whoosh orders ties), found in one pass over the documents sorted by docnum.
        is_best = values == best[keys]
        order = np.argsort(ids[is_best], kind="stable")
        best_ids, best_keys = ids[is_best][order], keys[is_best][order]
        groups, first = np.unique(best_keys, return_index=True)
        representative = best_ids[first]
        # Best first; ties by the representative's docnum.
        ranking = np.lexsort((representative, -best[groups]))
        self._ranked = (groups[ranking], representative[ranking], counts[groups[ranking]])
        return self._ranked

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
        return len(self._rank()[0])

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            page = self[index : index + 1] if index >= 0 else self[index:][:1]
            if not page:
                raise IndexError(index)
            return page[0]
        groups, representative, counts = self._rank()
        docnums = representative[index]
        if not len(docnums):
            return []
        matches = counts[index]
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
