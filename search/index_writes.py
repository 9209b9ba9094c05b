"""The index-writing half of search.backend's Whoosh backend (mixed into the backend class).

- update(): one writer per call; the batch's ids are deleted through one searcher, then added.
  Stock update_document() opens a searcher per document (quadratic in the index size).
- bulk_writer(): `update_index` / `rebuild_index` (search/management/commands/update_index.py)
  send every batch to one multiprocessing writer committed once at the end, so a rebuild
  writes one segment per child process and merges nothing; a writer per batch spent most of a
  100k-thread rebuild starting child processes and merging segments. Posts made meanwhile
  queue at once (bulk_in_progress()) and are applied when the run ends.
- Writes wait for Whoosh's single writer lock (LOCK_TIMEOUT, else search.conf.lock_timeout()
  seconds) instead of raising LockError at once, so several web processes can post at the
  same time.
"""

import math
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier, get_model_ct
from whoosh import query as whoosh_query
from whoosh.index import LockError
from whoosh.reading import SegmentReader

from search import conf, encoder
from search.vector_store import PendingVector, VectorStore
from search.vector_worker import BackgroundEncoder

# update() batches this large outside a bulk run are written by Whoosh's multiprocessing writer.
MP_MIN_DOCS = 1000
MP_WRITER_PROCS = 2
MP_JOB_DOCS = 250
MERGE_FACTOR = 8
# Documents that get a sentence vector: what suggestions offer (answers are never suggested).
VECTOR_KINDS = frozenset({"thread", "faq"})
_local_commits = 0


def local_commits() -> int:
    """How many index commits this process made: a searcher in this process checks for a new
    commit at once after one, not only every WENDA_SEARCH_REFRESH_MS (search.backend)."""
    return _local_commits


def _note_commit() -> None:
    global _local_commits
    _local_commits += 1


def merge_tiered(writer, segments):
    """Whoosh merge policy for every commit: segments of about the same size (same power of
    MERGE_FACTOR documents) are merged once MERGE_FACTOR of them exist.

    A multiprocessing writer's commit adds a segment per child process: left to Whoosh's
    MERGE_SMALL, 40k documents ended in 17 segments and /search/ p50 went from 95 to 148 ms;
    capping the count instead rewrote a large segment on every commit (130 docs/s at 100k
    threads). A post's commit adds a segment of a few documents: MERGE_SMALL rewrote the
    small segments before it on nearly every commit, 40% of a post's CPU time at 10k threads
    (benchmarks/profile_posting.py: 75 -> 44 ms a post with this policy, searches level).
    Tiers merge each document about log(N / batch) times and keep a few segments per tier.
    """
    tiers: dict[int, list] = {}
    for segment in segments:
        size = max(segment.doc_count_all(), 1)
        tiers.setdefault(int(math.log(size, MERGE_FACTOR)), []).append(segment)
    kept = []
    for members in tiers.values():
        if len(members) < MERGE_FACTOR:
            kept += members
            continue
        for segment in members:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return kept


class IndexWritesMixin:
    """Writes for WendaWhooshSearchBackend; see the module docstring."""

    @property
    def lock_timeout(self) -> float:
        """Seconds a write waits for Whoosh's writer lock (LOCK_TIMEOUT, else the site setting)."""
        if self.lock_timeout_option is not None:
            return float(self.lock_timeout_option)
        return conf.lock_timeout()

    def _writer(self, procs: int = 1):
        """A writer that waits for the lock rather than failing at once with LockError.

        compound=False: Whoosh packs a segment's files into one compound file by default, and
        opening a reader on it copies each packed file (postings, terms) into memory
        (BufferFile wraps the mmap in a BytesIO): 5 s and a second copy of the index per
        reader at 100k threads, paid by every post and every searcher refresh. Separate files
        are read in place.
        """
        self.index = self.index.refresh()
        options = {
            "timeout": self.lock_timeout,
            "delay": 0.05,
            "limitmb": self.writer_memory_mb,
            "compound": False,
        }
        if procs > 1:
            # The children are forked: never while this process's vector thread is inside the
            # model or the store (a lock held at the fork stays held in the child).
            self.background_encoder.wait_idle()
            # Whoosh's multiprocessing writer: `procs` child processes analyse and write
            # postings (one segment each) while this process keeps reading and preparing rows.
            return self.index.writer(
                procs=procs, batchsize=MP_JOB_DOCS, multisegment=True, **options
            )
        return self.index.writer(**options)

    def _write(self, action, what: str, procs: int = 1):
        try:
            writer = self._writer(procs)
        except LockError:
            if not self.silently_fail:
                raise
            self.log.exception("Index locked for %ss: could not %s", self.lock_timeout, what)
            return
        try:
            action(writer)
        except Exception:
            writer.cancel()
            if not self.silently_fail:
                raise
            self.log.exception("Failed to %s", what)
        else:
            writer.commit(mergetype=merge_tiered)
            _note_commit()

    def update(self, index, iterable, commit=True):
        if not self.setup_complete:
            self.setup()
        documents: dict[str, dict] = {}
        for obj in iterable:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                self.log.debug("Indexing for object `%s` skipped", obj)
                continue
            doc.pop("boost", None)  # document boosts are not supported by Whoosh 2.5+
            documents[doc[ID]] = {key: self._from_python(value) for key, value in doc.items()}
        if not documents:
            return
        if self._bulk is not None:
            _replace_documents(self._bulk, list(documents.values()))
            # update_index computes the run's vectors in batches once the index is committed.
            self._queue_vectors(documents.values())
            return
        # Large batches outside a bulk run go to several processes; a post's few documents stay
        # in this one (starting the children costs ~50 ms).
        procs = 1
        if len(documents) >= MP_MIN_DOCS and self.use_file_storage:
            procs = min(MP_WRITER_PROCS, os.cpu_count() or 1)
        self.add_documents(
            list(documents.values()), what=f"update {len(documents)} docs", procs=procs
        )
        if self._queue_vectors(documents.values()):
            self.background_encoder.wake()

    def add_documents(
        self, documents: list[dict], *, what: str = "add documents", procs: int = 1
    ) -> None:
        """Replace (by id) or add prepared documents with one writer and one commit; with
        procs > 1 through Whoosh's multiprocessing writer (document numbers then follow the
        child processes' segments, not the input order)."""
        self._write(lambda writer: _replace_documents(writer, documents), what, procs)

    # -- sentence vectors (search.vector_store), written beside the documents ------------------

    @property
    def vector_store(self) -> VectorStore:
        store = getattr(self, "_vector_store", None)
        if store is None:
            path = self.path if self.use_file_storage else None
            store = self._vector_store = VectorStore.beside_index(path)
        return store

    @property
    def background_encoder(self) -> BackgroundEncoder:
        worker = getattr(self, "_background_encoder", None)
        if worker is None:
            worker = self._background_encoder = BackgroundEncoder(self.vector_store)
        return worker

    def _queue_vectors(self, documents) -> int:
        """Queue the vectors of written thread and FAQ documents (no encoding here: a post's
        request must not wait for the model); returns how many need computing."""
        if not conf.embeddings_enabled():
            return 0
        return self.vector_store.enqueue(
            [pending_vector(doc) for doc in documents if doc.get("kind") in VECTOR_KINDS]
        )

    # -- bulk writes (update_index, rebuild_index) ----------------------------------------------

    @property
    def bulk_marker(self) -> Path | None:
        """A file next to the index that says a bulk run holds the writer (file storage only)."""
        if not (self.use_file_storage and self.path):
            return None
        return Path(os.path.abspath(self.path).rstrip(os.sep) + ".bulk")

    def bulk_in_progress(self) -> bool:
        """Whether another process's bulk_writer() holds the index (posts then queue at once
        instead of waiting for the lock)."""
        if self._bulk is not None:
            return True
        marker = self.bulk_marker
        try:
            pid = int(marker.read_text()) if marker else 0
        except (OSError, ValueError):
            return False
        if not pid:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False  # left behind by a killed run
        except PermissionError:
            return True
        return True

    @contextmanager
    def bulk_writer(self, procs: int | None = None):
        """Route every update()/remove() until the block ends to one writer, committed once.

        With procs > 1 it is Whoosh's multiprocessing writer: this process prepares documents
        from the database while `procs` children analyse them and write one segment each.
        Nothing is visible to searches until the commit; an exception cancels the whole run.
        """
        if not self.setup_complete:
            self.setup()
        if self._bulk is not None:
            yield self._bulk
            return
        if procs is None:
            procs = min(MP_WRITER_PROCS, os.cpu_count() or 1)
        if not self.use_file_storage:
            procs = 1  # child processes cannot write into this process's RamStorage
        writer = self._writer(procs)  # LockError when someone holds the index too long
        marker = self.bulk_marker
        if marker:
            marker.write_text(str(os.getpid()))
        self._bulk = writer
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        else:
            writer.commit(mergetype=merge_tiered)
            _note_commit()
        finally:
            self._bulk = None
            if marker:
                marker.unlink(missing_ok=True)

    def remove(self, obj_or_string, commit=True):
        if not self.setup_complete:
            self.setup()
        whoosh_id = get_identifier(obj_or_string)
        # Removed before the document: a hidden post's vector never outlives it.
        self.vector_store.remove([whoosh_id])
        if self._bulk is not None:
            self._bulk.delete_by_term(ID, whoosh_id)
            return
        self._write(lambda writer: writer.delete_by_term(ID, whoosh_id), f"remove {whoosh_id}")

    def clear(self, models=None, commit=True):
        if not self.setup_complete:
            self.setup()
        if models is None:
            self.vector_store.clear()
            self.delete_index()
            self._local = threading.local()
            _note_commit()
            return
        cts = [get_model_ct(model) for model in models]
        for ct in cts:
            self.vector_store.remove_prefix(f"{ct}.")
        query = whoosh_query.Or([whoosh_query.Term(DJANGO_CT, ct) for ct in cts])
        if self._bulk is not None:
            self._bulk.delete_by_query(query)
            return
        self._write(lambda writer: writer.delete_by_query(query), f"clear {', '.join(cts)}")

    def optimize(self):
        if not self.setup_complete:
            self.setup()
        writer = self._writer()
        writer.commit(optimize=True)
        _note_commit()


def pending_vector(doc: dict) -> PendingVector:
    """What a prepared thread or FAQ document's vector encodes (its `question` field: the title
    and the start of the body), and what a suggestion shows of it."""
    text = encoder.vector_text(str(doc.get("question") or doc.get("title") or ""))
    language = doc.get("language")
    return PendingVector(
        doc_id=doc[ID],
        text=text,
        key=encoder.text_key(text),
        url=str(doc.get("url") or ""),
        language="" if language in (None, "None") else str(language),
    )


def _replace_documents(writer, documents: list[dict]) -> None:
    """Delete the documents' ids (one searcher for the batch), then add them."""
    if writer.segments:  # nothing to replace while rebuilding from empty
        with writer.searcher() as searcher:
            for doc in documents:
                for docnum in searcher.document_numbers(**{ID: doc[ID]}):
                    writer.delete_document(docnum)
    for doc in documents:
        writer.add_document(**doc)
