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

import time

from whoosh.reading import EmptyReader, MultiReader, SegmentReader

OPEN_RETRIES = 10


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
