"""Compare the search index with the database (the source of truth) and repair the difference.

For each indexed model: documents the selectors return but the index lacks (missing), documents
the index holds for objects the selectors no longer return (extra: hidden, deleted, closed), and
documents whose stored fields differ from what the object would index now (stale).
"""

import hashlib
from dataclasses import dataclass, field

from haystack import connections
from haystack.constants import DEFAULT_ALIAS, DJANGO_CT, DJANGO_ID

from search.index_queue import errors_raised, index_pending_updates, index_write_lock
from search.models import PendingIndexUpdate

CHUNK = 500
# Stored fields compared for staleness (dates are left out: time zones round-trip differently).
COMPARED_FIELDS = (
    "text",
    "title",
    "kind",
    "category",
    "tags",
    "solved",
    "language",
    "answer_count",
    "url",
    "excerpt",
)


@dataclass
class ModelDrift:
    label: str
    in_database: int = 0
    in_index: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    @property
    def has_drift(self) -> bool:
        return bool(self.missing or self.extra or self.stale)


@dataclass
class DriftReport:
    models: list[ModelDrift]
    pending: int

    @property
    def has_drift(self) -> bool:
        return bool(self.pending) or any(model.has_drift for model in self.models)


def _fingerprint(backend, fields: dict) -> str:
    """A digest of the compared fields, so a large index is not held in memory as text."""
    digest = hashlib.blake2b(digest_size=16)
    for name in COMPARED_FIELDS:
        value = backend._from_python(fields.get(name))
        digest.update(("" if value is None else str(value)).encode() + b"\x00")
    return digest.hexdigest()


def _stored_fingerprints(backend, label: str) -> dict[str, str]:
    index = backend.index.refresh()
    with index.searcher() as searcher:
        return {
            doc[DJANGO_ID]: _fingerprint(backend, doc)
            for doc in searcher.documents(**{DJANGO_CT: label})
        }


def _chunks(queryset):
    last_pk = None
    while True:
        page = queryset.order_by("pk")
        if last_pk is not None:
            page = page.filter(pk__gt=last_pk)
        objects = list(page[:CHUNK])
        if not objects:
            return
        yield objects
        last_pk = objects[-1].pk


def drift_report(*, check_stale: bool = True) -> DriftReport:
    connection = connections[DEFAULT_ALIAS]
    backend, unified_index = connection.get_backend(), connection.get_unified_index()
    if not backend.setup_complete:
        backend.setup()
    reports = []
    for model in sorted(unified_index.get_indexed_models(), key=lambda m: m._meta.label_lower):
        index = unified_index.get_index(model)
        label = model._meta.label_lower
        stored = _stored_fingerprints(backend, label)
        report = ModelDrift(label=label, in_index=len(stored))
        seen = set()
        for objects in _chunks(index.index_queryset(using=DEFAULT_ALIAS)):
            for obj in objects:
                pk = str(obj.pk)
                seen.add(pk)
                if pk not in stored:
                    report.missing.append(pk)
                elif check_stale and _fingerprint(backend, index.full_prepare(obj)) != stored[pk]:
                    report.stale.append(pk)
        report.in_database = len(seen)
        report.extra = sorted(set(stored) - seen)
        reports.append(report)
    return DriftReport(models=reports, pending=PendingIndexUpdate.objects.count())


def drift_repair(report: DriftReport, *, lock_timeout: float = 60.0) -> int:
    """Apply queued updates, then rewrite missing/stale documents and drop extra ones.

    Returns the number of documents written or removed.
    """
    index_pending_updates(budget=float("inf"), lock_timeout=lock_timeout)
    connection = connections[DEFAULT_ALIAS]
    backend, unified_index = connection.get_backend(), connection.get_unified_index()
    by_label = {model._meta.label_lower: model for model in unified_index.get_indexed_models()}
    changed = 0
    with index_write_lock(backend, lock_timeout) as acquired, errors_raised(backend):
        if not acquired:
            raise TimeoutError(f"search index still busy after {lock_timeout:.0f} s")
        for model_report in report.models:
            index = unified_index.get_index(by_label[model_report.label])
            to_write = model_report.missing + model_report.stale
            for start in range(0, len(to_write), CHUNK):
                # Re-read through the selector: the object may have changed since the check.
                objects = list(
                    index.index_queryset(using=DEFAULT_ALIAS).filter(
                        pk__in=to_write[start : start + CHUNK]
                    )
                )
                if objects:
                    backend.update(index, objects)
                changed += len(objects)
            visible = set(
                map(
                    str,
                    index.index_queryset(using=DEFAULT_ALIAS)
                    .filter(pk__in=model_report.extra)
                    .values_list("pk", flat=True),
                )
            )
            for pk in model_report.extra:
                if pk not in visible:
                    backend.remove(f"{model_report.label}.{pk}")
                    changed += 1
    return changed
