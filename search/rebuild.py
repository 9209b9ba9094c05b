"""`rebuild_index` without a dark minute: the new index is built beside the live one and swapped in
atomically at the end; searches answer from the old index throughout.

1. A marker file (``<index>.rebuild``, the command's pid) announces the run. While it names a
   live process, every web process that applies index updates to the live index also appends
   their keys to a journal (``<index>.rebuild.journal``): posts made during the rebuild.
2. This process points its backend at ``<index>.next`` and runs ``update_index`` into it (one
   bulk writer, see search.index_writes) from the database.
3. Under the index write lock (search.index_queue; web processes queue meanwhile), the journal
   is applied to the new index, its generation is set past the live one's (every web process
   then sees a new index and reopens its searcher), and the two directories are exchanged in
   one ``renameat2(RENAME_EXCHANGE)``: there is no moment without an index at the path.
4. The old index stays as ``<index>.previous`` (open searchers keep reading it) until the next
   rebuild. A failed or killed run leaves the live index untouched; its leftovers are removed
   by the next run, and a dead pid in the marker is ignored.
"""

import ctypes
import logging
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from search import conf
from search.index_queue import apply_keys, errors_raised, index_pending_updates, index_write_lock
from search.rebuild_journal import paths_for, read_journal, rebuild_running

logger = logging.getLogger(__name__)

INDEX_NAME = whoosh_index._DEF_INDEX_NAME  # "MAIN", haystack's


class RebuildError(Exception):
    """The rebuild could not run or finish; the live index is unchanged."""


def _exchange(first: Path, second: Path) -> None:
    """Swap two directories in one step (Linux renameat2 with RENAME_EXCHANGE)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    at_fdcwd, rename_exchange = -100, 2
    if renameat2 is not None:
        first_b, second_b = os.fsencode(first), os.fsencode(second)
        if renameat2(at_fdcwd, first_b, at_fdcwd, second_b, rename_exchange) == 0:
            return
        error = ctypes.get_errno()
        logger.warning("renameat2 failed (%s); swapping with two renames", os.strerror(error))
    # Fallback (other kernels, some file systems): a moment without the live directory, during
    # which a search answers with the "being repaired" notice.
    parked = second.with_name(second.name + ".swap")
    os.rename(second, parked)
    os.rename(first, second)
    os.rename(parked, first)


def _bump_generation(new_path: Path, past: int) -> None:
    """Give the new index a generation above ``past`` (the live index's): every process that has
    the old index open sees a newer one at the path and reopens."""
    storage = FileStorage(str(new_path))
    toc = TOC.read(storage, INDEX_NAME)
    old_generation = toc.generation
    if old_generation > past:
        return
    toc.generation = past + 1
    toc.write(storage, INDEX_NAME)
    storage.delete_file(TOC._filename(INDEX_NAME, old_generation))


def _live_generation(live: Path) -> int:
    """From the file names only: a damaged live index must not stop the rebuild that repairs
    it."""
    if not live.is_dir():
        return -1
    return TOC._latest_generation(FileStorage(str(live)), INDEX_NAME)


@contextmanager
def _backend_at(backend, path: Path):
    """Point this process's backend at another directory for the duration."""
    previous = backend.path
    backend.path = str(path)
    backend.setup_complete = False
    try:
        backend.setup()
        yield backend
    finally:
        # Set up again on first use: the live index may be the damaged one being replaced.
        backend.path = previous
        backend.setup_complete = False


def _apply_journal(backend, journal: Path, start: int) -> int:
    keys, end = read_journal(journal, start)
    if keys:
        with errors_raised(backend):
            apply_keys(backend, keys)
    return end


def rebuild_aside(*, stdout=None, verbosity: int = 1, batchsize: int | None = None) -> int:
    """Build a new index from the database beside the live one and swap it in; returns the
    number of documents in the new index."""
    backend = connections[DEFAULT_ALIAS].get_backend()
    if not (backend.use_file_storage and backend.path):
        raise RebuildError("rebuilding aside needs an index on disk")
    live = Path(os.path.abspath(backend.path))
    paths = paths_for(live)
    if rebuild_running(str(live)):
        raise RebuildError(f"another rebuild is running (pid in {paths['marker']})")
    for leftover in (paths["next"],):
        shutil.rmtree(leftover, ignore_errors=True)
    paths["journal"].unlink(missing_ok=True)
    paths["marker"].write_text(str(os.getpid()))
    try:
        # Whatever was queued before the start is applied to the live index (and journaled).
        index_pending_updates(budget=float("inf"))
        # Sentence vectors stay in the live store beside the index (keyed by document, derived
        # from the database): bind it before the backend points aside, so the new index's
        # documents update the vectors searches use now instead of an orphan file.
        getattr(backend, "vector_store", None)
        with _backend_at(backend, paths["next"]):
            options = {"verbosity": verbosity, "remove": False}
            if batchsize:
                options["batchsize"] = batchsize
            call_command("update_index", stdout=stdout, **options)
            # Catch up with posts made during the build, outside the lock: usually all of them.
            position = _apply_journal(backend, paths["journal"], 0)
        with index_write_lock(backend, conf.lock_timeout() * 6) as acquired:
            if not acquired:
                raise RebuildError("the index stayed busy; the new index was not switched in")
            with _backend_at(backend, paths["next"]):
                _apply_journal(backend, paths["journal"], position)
            _bump_generation(paths["next"], _live_generation(live))
            if live.exists():
                _exchange(paths["next"], live)
                shutil.rmtree(paths["previous"], ignore_errors=True)
                os.rename(paths["next"], paths["previous"])
            else:
                os.rename(paths["next"], live)
        backend.setup_complete = False
        backend.setup()
        documents = backend.index.refresh().doc_count()
    except BaseException:
        shutil.rmtree(paths["next"], ignore_errors=True)
        raise
    finally:
        paths["marker"].unlink(missing_ok=True)
        paths["journal"].unlink(missing_ok=True)
    # Posts queued while the switch held the lock.
    index_pending_updates(budget=float("inf"))
    if stdout is not None and verbosity >= 1:
        stdout.write(f"Switched to the new index: {documents} documents.")
    return documents
