"""The queue of pending search-document updates, the index write lock, and the drain.

search.signals calls enqueue_for_change() on save/delete of any indexed model (or of a model
whose fields documents show, see search.dependencies): a ``PendingIndexUpdate`` row is written
in the same transaction (so no committed change can be forgotten), and after the commit the
pending rows are applied: each object is re-read through its index's
``index_queryset()`` (the visibility selector) and its document is rebuilt, or removed when the
selector no longer returns it (hidden, deleted, closed as duplicate).

Whoosh has a single writer lock. Writers in this project first take a sync lock (an ``flock`` on
a file next to the index), read the database while holding it, then write; so the last writer
always writes the newest state, and several web processes queue instead of failing. If the lock
or Whoosh's own lock stays busy past ``WENDA_SEARCH_LOCK_TIMEOUT`` seconds, the rows stay in the
table for the next writer or ``manage.py search_check --repair``: the database is the source of
truth and nothing is lost.

Who applies the rows after the commit: by default (``WENDA_SEARCH_WRITES=background``) a thread
of the committing process (search.background_writes), so the posting request answers without
waiting for the writer; with ``request`` the request itself, before it answers (the tests, so
a post is searchable as soon as the test's commit callbacks ran).
"""

import atexit
import fcntl
import logging
import os
import random
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.apps import apps
from django.db import connections as db_connections
from django.db import transaction
from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from haystack.exceptions import NotHandled
from whoosh.index import LockError

from core import events
from search import conf, dependencies
from search.background_writes import BackgroundDrain
from search.models import PendingIndexUpdate
from search.rebuild_journal import journal_keys, rebuild_running

logger = logging.getLogger(__name__)

DRAIN_BATCH = 200
# A request that commits a post also drains rows other processes left behind, but only for so
# long: a large backlog is the job of `search_check --repair` or `update_index`.
DRAIN_BUDGET_SECONDS = 2.0
# The background drain's pause between rounds: longer than index_write_lock's longest poll.
ROUND_PAUSE_SECONDS = 0.2
_ram_lock = threading.Lock()


@dataclass(frozen=True)
class DocumentsQueued(events.Event):
    """A commit changed these search documents, as (model label, pk): a post, an edit, a vote,
    a hide or a delete. Delivered after the commit; caches of the pages that show them
    (forum.page_cache) subscribe."""

    keys: tuple[tuple[str, str], ...]


def _keys_for(model, instance) -> list[tuple[str, str]]:
    """(model label, pk) of the object's document and of the documents that depend on it.

    Raises NotHandled when the model has no document and no document shows its fields.
    """
    keys = dependencies.dependent_keys(model, instance)
    try:
        index = connections[DEFAULT_ALIAS].get_unified_index().get_index(model)
    except NotHandled:
        if model not in dependencies.registered_models():
            raise
        return keys
    keys.append((model._meta.label_lower, str(instance.pk)))
    for related in index.related_documents(instance):
        keys.append((related._meta.label_lower, str(related.pk)))
    return keys


def enqueue_for_change(model, instance, *, using: str = "default") -> None:
    """Queue the documents a saved or deleted row changes (none for unindexed models)."""
    if model is PendingIndexUpdate:
        return
    try:
        keys = _keys_for(model, instance)
    except NotHandled:
        return
    _enqueue_keys(keys, using=using)


def index_enqueue(objects: Iterable, *, using: str = "default") -> None:
    """Queue search-document updates for objects changed without ``save()`` (``QuerySet.update``).

    Call it inside the transaction that changed them; the index follows after the commit.
    """
    keys = []
    for obj in objects:
        try:
            keys += _keys_for(type(obj), obj)
        except NotHandled:
            continue
    _enqueue_keys(keys, using=using)


def _enqueue_keys(keys: list[tuple[str, str]], *, using: str) -> None:
    if not keys:
        return
    unique = tuple(dict.fromkeys(keys))
    PendingIndexUpdate.objects.using(using).bulk_create(
        [PendingIndexUpdate(model_label=label, object_pk=pk) for label, pk in unique]
    )
    transaction.on_commit(partial(_drain_after_commit, using=using), using=using, robust=True)
    events.announce(DocumentsQueued(keys=unique), using=using)


def _drain_after_commit(*, using: str) -> None:
    if conf.background_writes() and using == "default":
        _background.wake()
        return
    try:
        index_pending_updates(db_alias=using)
    except Exception:
        # The rows are still in the table: the next writer (or search_check --repair) applies
        # them. A failing index must never turn a saved post into an error page.
        logger.exception("Search index update failed; pending updates stay queued")


_background_options = None


def _drain_in_background() -> bool:
    """The background thread's drain: everything queued; returns whether rows are left."""
    global _background_options
    options = connections.connections_info[DEFAULT_ALIAS]
    if options is not _background_options:
        # haystack's engines are per thread: this one follows a changed connection (the tests
        # point it at a new index directory), as a request thread's does.
        connections.reload(DEFAULT_ALIAS)
        _background_options = options
    try:
        # Rounds of DRAIN_BUDGET_SECONDS: under steady posting there is always a next row, and
        # the writer lock is let go between rounds, long enough for another process's writer,
        # `search_check --repair` or a rebuild polling for it (flock is not fair) to take it.
        while index_pending_updates():
            time.sleep(ROUND_PAUSE_SECONDS)
        return PendingIndexUpdate.objects.exists()
    finally:
        # This thread's own database connection: not held open between posts.
        db_connections.close_all()


_background = BackgroundDrain(
    _drain_in_background, failure="Applying search index updates", name="wenda-index-writes"
)
os.register_at_fork(after_in_child=_background.reset)
atexit.register(lambda: _background.finish(conf.lock_timeout() + DRAIN_BUDGET_SECONDS))


def wait_for_background_writes(timeout: float = 30.0) -> bool:
    """Block until the updates this process queued so far are applied (or given up on)."""
    return _background.wait_idle(timeout)


@contextmanager
def index_write_lock(backend, timeout: float):
    """Serialise this project's index writers; yields whether the lock was obtained."""
    path = getattr(backend, "path", None) if getattr(backend, "use_file_storage", False) else None
    if not path:
        # RAM storage (tests) lives in one process: a thread lock is enough.
        acquired = _ram_lock.acquire(timeout=timeout)
        try:
            yield acquired
        finally:
            if acquired:
                _ram_lock.release()
        return
    # Next to the index, not inside it: `rebuild_index` deletes the index directory.
    lock_path = os.path.abspath(path).rstrip(os.sep) + ".sync.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    acquired = False
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                acquired = True
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 0.1)
        yield acquired
    finally:
        if acquired:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def errors_raised(backend):
    """haystack's SILENTLY_FAIL would swallow a failed write and we would drop its pending row."""
    previous = getattr(backend, "silently_fail", False)
    backend.silently_fail = False
    try:
        yield backend
    finally:
        backend.silently_fail = previous


def _apply(backend, unified_index, rows) -> None:
    pks_by_label = defaultdict(set)
    for _row_pk, label, object_pk in rows:
        pks_by_label[label].add(object_pk)
    for label, pks in pks_by_label.items():
        try:
            index = unified_index.get_index(apps.get_model(label))
        except (LookupError, NotHandled):
            logger.warning("Dropping pending index updates for unindexed model %s", label)
            continue
        found = list(index.index_queryset(using=DEFAULT_ALIAS).filter(pk__in=pks))
        if found:
            backend.update(index, found)
        for object_pk in pks - {str(obj.pk) for obj in found}:
            backend.remove(f"{label}.{object_pk}")


def apply_keys(backend, keys) -> None:
    """Rebuild or remove the documents of (model label, pk) keys from the database's state."""
    unified_index = connections[DEFAULT_ALIAS].get_unified_index()
    _apply(backend, unified_index, [(None, label, pk) for label, pk in keys])


def _journal_for_rebuild(backend, rows) -> None:
    """While `rebuild_index` builds a new index aside, what is applied to the live one is also
    written to its journal, so the new index has these posts when it is switched in."""
    path = getattr(backend, "path", None) if getattr(backend, "use_file_storage", False) else None
    if path and rebuild_running(path):
        journal_keys(path, [(label, object_pk) for _row_pk, label, object_pk in rows])


def _apply_with_retry(backend, unified_index, rows, deadline: float) -> None:
    delay = 0.02
    while True:
        try:
            _apply(backend, unified_index, rows)
            return
        except LockError:
            # Someone outside the sync lock (update_index, a shell) holds Whoosh's writer lock.
            if time.monotonic() >= deadline:
                raise
            time.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, 0.5)


def index_pending_updates(
    *,
    db_alias: str = "default",
    budget: float = DRAIN_BUDGET_SECONDS,
    lock_timeout: float | None = None,
) -> int:
    """Apply queued index updates from the database's current state; returns how many rows.

    Raises LockError when Whoosh stays locked; the rows not applied stay queued.
    """
    lock_timeout = conf.lock_timeout() if lock_timeout is None else lock_timeout
    connection = connections[DEFAULT_ALIAS]
    backend, unified_index = connection.get_backend(), connection.get_unified_index()
    pending = PendingIndexUpdate.objects.using(db_alias)
    done = 0
    if getattr(backend, "bulk_in_progress", lambda: False)():
        # update_index/rebuild_index holds the writer for minutes and applies the queue
        # when it ends: queue now rather than keep a web request waiting for the lock.
        logger.info("Search index rebuild in progress; updates stay queued")
        return 0
    with index_write_lock(backend, lock_timeout) as acquired:
        if not acquired:
            logger.warning("Search index busy for %.1f s; updates stay queued", lock_timeout)
            return 0
        stop_at = time.monotonic() + budget
        with errors_raised(backend):
            while True:
                rows = list(pending.values_list("pk", "model_label", "object_pk")[:DRAIN_BATCH])
                if not rows:
                    break
                _apply_with_retry(backend, unified_index, rows, time.monotonic() + lock_timeout)
                _journal_for_rebuild(backend, rows)
                pending.filter(pk__in=[row[0] for row in rows]).delete()
                done += len(rows)
                if time.monotonic() >= stop_at:
                    break
    return done
