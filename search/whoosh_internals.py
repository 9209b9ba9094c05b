"""Every private Whoosh name Wenda relies on, and nothing else, in one module.

search.fastscore reads posting blocks and length columns straight from Whoosh 2.7's default
codec (W3), and search.backend hands Whoosh a Results whose count it already knows. None of
that is public API: a Whoosh release may rename or drop any of it. So other modules reach
those names only through the accessors here, which raise InternalChanged (never an
AttributeError) when one is gone, and the fast path then falls back to Whoosh's own search.
``problems()`` lists what is missing or behaves differently; search.checks reports it as a
system-check warning at start-up. Like search.analyzer, this module imports neither Django
nor haystack.

The attributes Wenda itself puts on Whoosh's long-lived searchers and readers (memos that
live exactly as long as they do) are set through ``memo_on()``, with their names listed in
MEMO_NAMES.
"""

import importlib
import tempfile

from whoosh import columns as whoosh_columns
from whoosh import fields as whoosh_fields
from whoosh import query as whoosh_query
from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import BM25F
from whoosh.searching import Results

# (module, attribute path) of every private or codec-specific name used. Instance attributes
# (set in __init__) are checked on a probe index instead: see _probe_problems().
CLASS_LEVEL_NAMES = (
    ("whoosh.codec.whoosh3", "W3LeafMatcher"),
    ("whoosh.codec.whoosh3", "W3LeafMatcher._read_data"),
    ("whoosh.codec.whoosh3", "W3LeafMatcher._next_block"),
    ("whoosh.codec.whoosh3", "W3PerDocReader._cached_reader"),
    ("whoosh.codec.whoosh3", "W3PerDocReader.deleted_docs"),
    ("whoosh.codec.whoosh3", "_lenfield"),
    ("whoosh.codec.whoosh3", "LENGTHS_COLUMN"),
    ("whoosh.codec.base", "Segment.segment_id"),
)
INSTANCE_NAMES = (
    "W3LeafMatcher._byteids",
    "W3LeafMatcher._data",
    "SegmentReader._segment",
    "SegmentReader._perdoc",
    "FixedBytesColumn.Reader._dbfile",
    "FixedBytesColumn.Reader._basepos",
    "FixedBytesColumn.Reader._fixedlen",
    "FixedBytesColumn.Reader._count",
    "BM25F._field_B",
    "Results._total",
)
# Wenda's own memos on Whoosh objects (set by memo_on(); must not clash with Whoosh's names).
MEMO_NAMES = (
    "_wenda_deleted_mask",
    "_wenda_answer_mask",
    "_wenda_answer_mask_array",
    "_wenda_doc_frequency",
)


class InternalChanged(Exception):
    """A private Whoosh name is missing or no longer behaves as Wenda expects."""


def _resolve(module_name: str, path: str):
    """The named object; AttributeError unless each class along the path defines the next name
    itself (a method left only on an abstract base class raises NotImplementedError)."""
    obj = importlib.import_module(module_name)
    for part in path.split("."):
        if isinstance(obj, type) and part not in vars(obj):
            raise AttributeError(f"{obj.__name__}.{part}")
        obj = getattr(obj, part)
    return obj


def _codec():
    """The W3 codec names, or InternalChanged."""
    try:
        return (
            _resolve("whoosh.codec.whoosh3", "W3LeafMatcher"),
            _resolve("whoosh.codec.whoosh3", "_lenfield"),
            _resolve("whoosh.codec.whoosh3", "LENGTHS_COLUMN"),
        )
    except (ImportError, AttributeError) as error:
        raise InternalChanged(str(error)) from error


def missing_class_level_names() -> list[str]:
    """Cheap (a few getattr calls): run before every fast-path query."""
    missing = []
    for module_name, path in CLASS_LEVEL_NAMES:
        try:
            _resolve(module_name, path)
        except (ImportError, AttributeError):
            missing.append(f"{module_name}.{path}")
    return missing


def fast_path_available() -> bool:
    return not missing_class_level_names()


# -- accessors ------------------------------------------------------------------------------


def segment_id(reader) -> str | None:
    """The id of a leaf reader's segment (None for readers without one, e.g. empty ones)."""
    segment = getattr(reader, "_segment", None)
    if segment is None:
        return None
    try:
        return segment.segment_id()
    except AttributeError as error:
        raise InternalChanged("Segment.segment_id") from error


def posting_blocks(matcher):
    """(document-number deltas, weights) of each block of a W3 posting list, in order.

    Yields nothing usable for other matchers: callers check ``is_block_matcher()`` first.
    """
    try:
        while matcher.is_active():
            matcher._read_data()
            data = matcher._data
            yield data[0], data[1]
            matcher._next_block()
    except (AttributeError, TypeError, IndexError) as error:
        raise InternalChanged("W3LeafMatcher block reading") from error


def is_block_matcher(matcher) -> bool:
    """Whether ``posting_blocks()`` can read this matcher (W3, integer document ids)."""
    try:
        leaf_class = _codec()[0]
    except InternalChanged:
        return False
    if type(matcher) is not leaf_class:
        return False
    try:
        return not matcher._byteids
    except AttributeError as error:
        raise InternalChanged("W3LeafMatcher._byteids") from error


def length_bytes(reader, fieldname: str, count: int) -> bytes | None:
    """The one-byte encoded lengths of `fieldname` for a segment's `count` documents, read in
    one slice of the column file; b"" when the field has no length column, None when the
    column is not the fixed one-byte kind (the caller then asks document by document)."""
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None:
        return None
    _leaf, lenfield, lengths_column = _codec()
    try:
        column = perdoc._cached_reader(lenfield(fieldname), lengths_column)
    except AttributeError as error:
        raise InternalChanged("W3PerDocReader._cached_reader") from error
    if column is None:
        return b""
    dbfile, basepos = getattr(column, "_dbfile", None), getattr(column, "_basepos", None)
    if dbfile is None or basepos is None or getattr(column, "_fixedlen", None) != 1:
        return None
    return bytes(dbfile.get(basepos, count))


def fixed_column_bytes(reader, fieldname: str) -> tuple[bytes, int] | None:
    """(the raw values, their width in bytes) of a fixed-width column, e.g. a sortable NUMERIC
    field's, for one segment, read in one slice of the column file. Whoosh does not write the
    default values at the end of a column: documents past the bytes returned hold the default.
    None when the segment has no column file for the field (written before the field had one)."""
    try:
        column = reader.column_reader(fieldname, translate=False)
    except Exception:  # KeyError for an unknown field, a bare Exception for one without a column
        return None
    if isinstance(column, whoosh_columns.EmptyColumnReader):
        return None
    try:
        dbfile, basepos = column._dbfile, column._basepos
        width, count = column._fixedlen, column._count
    except AttributeError as error:
        raise InternalChanged(f"FixedBytesColumn.Reader attributes of {fieldname!r}") from error
    return bytes(dbfile.get(basepos, width * count)) if count else b"", width


def deleted_docs(reader):
    """A segment's deleted document numbers, from its per-document reader when it has one."""
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is not None and hasattr(perdoc, "deleted_docs"):
        try:
            return perdoc.deleted_docs()
        except NotImplementedError as error:
            raise InternalChanged("W3PerDocReader.deleted_docs") from error
    return (n for n in range(reader.doc_count_all()) if reader.is_deleted(n))


def field_b(weighting: BM25F, fieldname: str) -> float:
    """BM25F's per-field B (set as `fieldname_B=` keyword arguments), else its B."""
    try:
        return weighting._field_B.get(fieldname, weighting.B)
    except AttributeError as error:
        raise InternalChanged("BM25F._field_B") from error


def results_with_total(searcher, q, top: list[tuple[float, int]], total: int) -> Results:
    """A Whoosh Results for pairs scored elsewhere, with the exact match count known."""
    results = Results(searcher, q, top)
    if not hasattr(results, "_total"):
        raise InternalChanged("Results._total")
    results._total = total
    return results


def memo_on(obj, name: str, compute):
    """``compute()`` kept on a long-lived Whoosh object (its searcher or reader) under `name`."""
    assert name in MEMO_NAMES, name
    value = getattr(obj, name, None)
    if value is None:
        value = compute()
        try:
            setattr(obj, name, value)
        except AttributeError:  # a class with __slots__: recompute next time
            pass
    return value


# -- the start-up check -------------------------------------------------------------------------


def problems() -> list[str]:
    """Every private name missing or changed, as operator-readable lines; [] when all is well.

    Builds a two-document index in a temporary directory (a few milliseconds) to see the
    instance attributes that only exist once Whoosh has opened a segment.
    """
    found = [f"{name} is missing" for name in missing_class_level_names()]
    if found:
        return found
    try:
        found += _probe_problems()
    except Exception as error:  # anything at all: report it, never break start-up
        found.append(f"probing a small index failed: {error!r}")
    return found


def _probe_problems() -> list[str]:
    found = []
    schema = whoosh_fields.Schema(
        text=whoosh_fields.TEXT(), number=whoosh_fields.NUMERIC(sortable=True)
    )
    with tempfile.TemporaryDirectory(prefix="wenda-whoosh-probe-") as path:
        index = FileStorage(path).create_index(schema)
        writer = index.writer()
        writer.add_document(text="alpha beta", number=7)
        writer.add_document(text="alpha")
        writer.commit()
        with index.searcher() as searcher:
            reader = next(iter(searcher.leaf_searchers()))[0].reader()
            for name in ("_segment", "_perdoc"):
                if getattr(reader, name, None) is None:
                    found.append(f"SegmentReader.{name} is missing")
            if found:
                return found
            try:
                segment_id(reader)
                matcher = reader.postings("text", "alpha")
                if not is_block_matcher(matcher):
                    found.append("postings are not read by W3LeafMatcher with integer ids")
                else:
                    ids = [int(i) for deltas, _ in posting_blocks(matcher) for i in deltas]
                    if sum(ids) != 1:  # deltas of documents 0 and 1
                        found.append(f"W3LeafMatcher._data holds {ids!r}, not id deltas")
                if length_bytes(reader, "text", 2) is None:
                    found.append("the length column is not a one-byte FixedBytesColumn")
                column = fixed_column_bytes(reader, "number")
                if column is None or column[1] != 4 or len(column[0]) not in (4, 8):
                    found.append("a NUMERIC column is not a four-byte FixedBytesColumn")
                field_b(BM25F(), "text")
                results = results_with_total(searcher, whoosh_query.Every(), [], 7)
                if len(results) != 7:
                    found.append("Results._total no longer gives len(results)")
            except InternalChanged as error:
                found.append(f"{error} is missing or changed")
    return found
