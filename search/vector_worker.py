"""Computing queued vectors: in a background thread of the process that queued them (after a
post, so its request never waits for the model), or in batches in the calling thread
(`update_index`, `search_check --repair`, tests that wait for it).

The queue is the store's ``pending`` table, not this thread's memory: if the process stops
first, the next wake-up of any process, `update_index` or `search_check --repair` computes what
is left. Imports neither Django nor haystack.
"""

from search import encoder
from search.background_writes import BackgroundDrain
from search.vector_store import VectorStore

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


class BackgroundEncoder(BackgroundDrain):
    """One daemon thread per store and process, woken after each index write."""

    def __init__(self, store: VectorStore):
        self.store = store
        super().__init__(self._encode, failure="Computing sentence vectors", name="wenda-vectors")

    def _encode(self) -> bool:
        try:
            encode_pending(self.store)
        except encoder.EncoderUnavailable:
            pass  # logged once by the encoder; lexical suggestions go on
        return False
