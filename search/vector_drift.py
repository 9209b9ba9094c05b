"""Compare the stored sentence vectors with the database and repair the difference.

Expected: one vector per thread and FAQ entry the visibility selectors return, encoding its
current text (search.index_writes.pending_vector). Missing: none stored or queued; stale: the
stored one encodes other text (or another model); extra: stored for a post that is no longer
visible or no longer exists. Queued ones (computed in the background) are counted apart.
"""

from dataclasses import dataclass, field

from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from haystack.exceptions import SkipDocument

from search import vector_worker
from search.drift import CHUNK, _chunks
from search.index_writes import VECTOR_KINDS, pending_vector
from search.vector_store import PendingVector


@dataclass
class VectorDrift:
    expected: int = 0
    stored: int = 0
    pending: int = 0
    missing: list[PendingVector] = field(default_factory=list)
    stale: list[PendingVector] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def has_drift(self) -> bool:
        return bool(self.missing or self.stale or self.extra or self.pending)


def _expected_vectors():
    unified_index = connections[DEFAULT_ALIAS].get_unified_index()
    for model in unified_index.get_indexed_models():
        index = unified_index.get_index(model)
        for objects in _chunks(index.index_queryset(using=DEFAULT_ALIAS)):
            for obj in objects:
                try:
                    doc = index.full_prepare(obj)
                except SkipDocument:
                    continue
                if doc.get("kind") in VECTOR_KINDS:
                    yield pending_vector(doc)


def vector_drift_report() -> VectorDrift:
    store = connections[DEFAULT_ALIAS].get_backend().vector_store
    stored = store.keys()
    pending = store.pending_ids()
    report = VectorDrift(stored=len(stored), pending=len(pending))
    seen = set()
    for expected in _expected_vectors():
        seen.add(expected.doc_id)
        if expected.doc_id in pending:
            continue
        key = stored.get(expected.doc_id)
        if key is None:
            report.missing.append(expected)
        elif key != expected.key:
            report.stale.append(expected)
    report.expected = len(seen)
    report.extra = sorted(set(stored) - seen)
    return report


def vector_drift_repair(report: VectorDrift) -> int:
    """Queue missing and stale vectors, drop extra ones, then compute every queued vector here.

    Returns how many vectors were computed or removed. Raises encoder.EncoderUnavailable when
    the model cannot be loaded (what was queued stays queued).
    """
    store = connections[DEFAULT_ALIAS].get_backend().vector_store
    todo = report.missing + report.stale
    for start in range(0, len(todo), CHUNK):
        store.enqueue(todo[start : start + CHUNK])
    store.remove(report.extra)
    return len(report.extra) + vector_worker.encode_pending(store)
