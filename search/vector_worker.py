"""Computing queued vectors: in a background thread of the process that queued them (after a
post, so its request never waits for the model), or in batches in the calling thread
(`update_index`, `search_check --repair`, tests that wait for it).

The queue is the store's ``pending`` table, not this thread's memory: if the process stops
first, the next wake-up of any process, `update_index` or `search_check --repair` computes what
is left. Imports neither Django nor haystack.
"""

import logging
import threading

from search import encoder
from search.vector_store import VectorStore

logger = logging.getLogger(__name__)

BATCH = 64


def encode_pending(store: VectorStore, *, limit: int | None = None) -> int:
    """Compute and store queued vectors, BATCH at a time; returns how many were stored.

    Raises encoder.EncoderUnavailable when the model cannot be loaded (the rows stay queued).
    """
    done = 0
    while limit is None or done < limit:
        batch = store.pending(BATCH if limit is None else min(BATCH, limit - done))
        if not batch:
            break
        vectors = encoder.encode([item.text for item in batch])
        store.store(batch, vectors)
        done += len(batch)
    return done


class BackgroundEncoder:
    """One daemon thread per store and process, woken after each index write."""

    def __init__(self, store: VectorStore):
        self.store = store
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = None
        self._start_lock = threading.Lock()

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="wenda-vectors", daemon=True)
                self._thread.start()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until everything queued before the call is encoded (or the work failed)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            try:
                encode_pending(self.store)
            except encoder.EncoderUnavailable:
                pass  # logged once by the encoder; lexical suggestions go on
            except Exception:
                logger.exception("Computing sentence vectors failed; they stay queued")
            if not self._wake.is_set():
                self._idle.set()
