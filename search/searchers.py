"""Reopening a long-lived searcher after a commit, without reopening what did not change.

A post commits one small segment; the other segments of a large index are the same files as
before, with the same deleted documents. Opening a fresh reader re-opened every one of them
(term dictionaries, columns, and search.fastscore's per-reader memos) in every web process after
every post. `reopen_reader` keeps the previous reader's leaf for each segment that is unchanged
and opens only the new or changed ones.

Whoosh-Reloaded 2.7.5's own reuse (``index.reader(reuse=...)``, ``Searcher.refresh()``) cannot be
used: it appends the old segments to the new list (merged documents show up twice) and keeps
the old segments' deletion sets (updated documents show up twice). Here a leaf is kept only for
a segment still in the new table of contents *and* with the same deletions; anything else is
opened afresh, so the result is the reader `index.reader()` would return.
"""

import threading
import time
from collections import OrderedDict

import numpy as np
from whoosh.reading import EmptyReader, MultiReader, SegmentReader

from search import whoosh_internals

OPEN_RETRIES = 10
# Filter document sets kept per segment (search.backend's filter queries: kind:thread, ...).
SEGMENT_FILTERS_KEPT = 512


def _leaves(reader) -> dict[str, SegmentReader]:
    """The previous reader's segment readers by segment id."""
    if reader is None:
        return {}
    try:
        leaves = [leaf for leaf, _offset in reader.leaf_readers()]
    except Exception:  # a closed or foreign reader: nothing to keep
        return {}
    found = {}
    for leaf in leaves:
        segment = getattr(leaf, "_segment", None)
        if isinstance(leaf, SegmentReader) and segment is not None and not leaf.is_closed:
            found[segment.segment_id()] = leaf
    return found


def _same_deletions(old, new) -> bool:
    if old.deleted_count() != new.deleted_count():
        return False
    return not new.deleted_count() or set(old.deleted_docs()) == set(new.deleted_docs())


def _open_columns(leaf: SegmentReader) -> None:
    """Open a new segment reader's column files now (stored fields, field lengths, sort
    columns), not at their first use: a searcher is now used for up to WENDA_SEARCH_REFRESH_MS
    after another process's commit, which may meanwhile merge this segment away and delete its
    files; files already open stay readable. Best effort: an unknown codec is left as it is.

    Whoosh asks the disk whether a column exists (``has_column``) before every use of one,
    open or not: once the files were deleted, stored fields read as None (a TypeError in the
    middle of a search) and columns as absent. So the per-document reader answers from the
    files opened here. Raises FileNotFoundError when the segment's stored fields are already
    gone: the table of contents just read is stale, and reopen_reader reads the new one."""
    perdoc = getattr(leaf, "_perdoc", None)
    columns = getattr(perdoc, "_colfiles", None)
    if columns is None or not hasattr(perdoc, "_get_column_file"):
        return
    schema = leaf.schema
    names = ["_stored"] + [f"_{name}_len" for name in schema.scorable_names()]
    names += [name for name, field in schema.items() if getattr(field, "column_type", None)]
    on_disk = perdoc.has_column
    for name in names:
        try:
            if name not in columns and on_disk(name):
                columns[name] = perdoc._get_column_file(name)
        except (AttributeError, OSError):
            continue
    if leaf.doc_count_all() and "_stored" not in columns:
        raise FileNotFoundError(f"segment {leaf.segment().segment_id()} was merged away")
    opened = frozenset(columns)
    perdoc.has_column = lambda name: name in opened or on_disk(name)


def _open(index, previous) -> tuple[object, int]:
    toc = index._read_toc()
    if not toc.segments:
        return EmptyReader(toc.schema), 0
    kept = _leaves(previous)
    readers, reused = [], 0
    for segment in toc.segments:
        leaf = kept.get(segment.segment_id())
        if leaf is not None and _same_deletions(leaf.segment(), segment):
            reused += 1
        else:
            leaf = SegmentReader(index.storage, toc.schema, segment, generation=toc.generation)
            _open_columns(leaf)
        readers.append(leaf)
    if len(readers) == 1:
        return readers[0], reused
    return MultiReader(readers, generation=toc.generation), reused


def reopen_reader(index, previous=None):
    """A reader on `index`'s latest commit that shares `previous`'s unchanged segment readers.

    Returns (reader, how many segment readers were kept). Like Whoosh's own `index.reader()`,
    it retries when a file vanished while opening (another process's commit merged it away).
    """
    for attempt in range(OPEN_RETRIES):
        try:
            return _open(index, previous)
        except OSError:
            if attempt == OPEN_RETRIES - 1:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


class _SegmentFilters:
    """The documents of a filter query in each segment, kept across searchers.

    A searcher's filter set (kind:thread is a quarter of the index) was computed again by
    every new searcher: ~40 ms at 40k documents, ~10x that at 400k, in every web process after
    every commit. A segment's documents never change; its deletions do, so the key has the
    segment's live document count too.
    """

    def __init__(self, kept: int):
        self.kept = kept
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.kept:
                self._items.popitem(last=False)


_segment_filters = _SegmentFilters(SEGMENT_FILTERS_KEPT)


def filter_docs(searcher, query) -> np.ndarray:
    """Document numbers matching `query` in `searcher`, in order, as Whoosh's
    ``docs_for_query`` gives them, computed once per segment (and per set of deletions) rather
    than per searcher."""
    parts = []
    for subsearcher, offset in searcher.subsearchers or [(searcher, 0)]:
        reader = subsearcher.reader()
        segment = whoosh_internals.segment_id(reader)
        key = None if segment is None else (segment, reader.doc_count(), repr(query))
        local = _segment_filters.get(key) if key else None
        if local is None:
            local = np.fromiter(query.docs(subsearcher), dtype=np.int64)
            if key:
                _segment_filters.put(key, local)
        parts.append(local + offset)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
