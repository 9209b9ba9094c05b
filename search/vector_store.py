"""Sentence vectors of the indexed threads and FAQ entries, kept beside the Whoosh index.

Derived data, like the index: rebuilt from the database (`rebuild_index`, `update_index`),
checked and repaired by `search_check`. One SQLite file next to the index directory
(``<SEARCH_INDEX_PATH>.vectors.sqlite3``; ``rebuild_index`` deletes the directory itself, and
the store is cleared with it through the backend's ``clear()``), or an in-memory database for
RAM indexes (tests). SQLite gives what several web processes writing at once need: atomic
writes, one writer at a time, readers never blocked.

Tables:
- ``pending``: documents whose vector is still to compute (text and key), written by the index
  path after the commit, with no encoding; search.vector_worker encodes them in the background.
  A row stays until a vector with its key is stored, so a crash loses nothing.
- ``vectors``: one float32 vector per document id, with the key of the text it encodes
  (search.encoder.text_key: stale when the text or the model changes), its url and language;
  ``seq`` orders changes so each process reads only what changed since its last look.
- ``removed``: ids removed since, by ``seq``, for the same incremental read.

Imports neither Django nor haystack: benchmarks and the background worker use it as is.
"""

import os
import sqlite3
import threading
from dataclasses import dataclass, field

import numpy as np

from search.fusion import Int8Rows, quantize

SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    doc_id TEXT PRIMARY KEY, text TEXT NOT NULL, key TEXT NOT NULL,
    url TEXT NOT NULL, language TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (
    doc_id TEXT PRIMARY KEY, key TEXT NOT NULL, url TEXT NOT NULL, language TEXT NOT NULL,
    vector BLOB NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS vectors_seq ON vectors (seq);
CREATE TABLE IF NOT EXISTS removed (doc_id TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO state VALUES ('seq', 0), ('epoch', 0);
"""
BUSY_TIMEOUT_SECONDS = 30.0
# A process's matrix grows by half (at least this many rows) when vectors arrive after its full
# read (which sizes it once, for every stored row plus this headroom).
GROW_ROWS = 1024
READ_ROWS = 4096  # changed vectors read and quantised per block


@dataclass(frozen=True)
class PendingVector:
    doc_id: str
    text: str
    key: str
    url: str
    language: str


@dataclass
class Snapshot:
    """This process's copy of the vectors, for an exact nearest-neighbour search: int8 codes
    with a scale per row (search.fusion.Int8Rows, 512 bytes a vector; the store keeps the
    float32 originals).

    Removed documents keep their row, zeroed (cosine 0, under any floor), until the next
    full reload.
    """

    epoch: int = -1
    seq: int = -1
    doc_ids: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    row_of: dict[str, int] = field(default_factory=dict)
    row_of_url: dict[str, int] = field(default_factory=dict)
    codes: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))
    scales: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    @property
    def matrix(self) -> Int8Rows:
        rows = len(self.doc_ids)
        return Int8Rows(self.codes[:rows], self.scales[:rows])

    def put(self, entries: list[tuple[str, str, str]], vectors: np.ndarray) -> None:
        """Add or replace the rows of (doc_id, url, language) ``entries`` with float ``vectors``
        (quantised together: one call per block, not per row, on a full read)."""
        codes, scales = quantize(vectors)
        for (doc_id, url, language), row_codes, scale in zip(entries, codes, scales, strict=True):
            row = self.row_of.get(doc_id)
            if row is None:
                row = len(self.doc_ids)
                if row >= len(self.codes):
                    self._grow(max(row + GROW_ROWS, row * 3 // 2), codes.shape[1])
                self.doc_ids.append(doc_id)
                self.urls.append(url)
                self.languages.append(language)
                self.row_of[doc_id] = row
            else:
                self.row_of_url.pop(self.urls[row], None)
                self.urls[row], self.languages[row] = url, language
            self.row_of_url[url] = row
            self.codes[row], self.scales[row] = row_codes, scale

    def drop(self, doc_id: str) -> None:
        row = self.row_of.pop(doc_id, None)
        if row is not None:
            self.row_of_url.pop(self.urls[row], None)
            self.codes[row], self.scales[row] = 0, 0.0
            self.doc_ids[row] = ""

    def _grow(self, capacity: int, dimensions: int) -> None:
        """Room for ``capacity`` rows, the current ones copied over."""
        rows = min(len(self.doc_ids), capacity)
        codes = np.zeros((capacity, dimensions), np.int8)
        scales = np.zeros(capacity, np.float32)
        if rows:
            codes[:rows], scales[:rows] = self.codes[:rows], self.scales[:rows]
        self.codes, self.scales = codes, scales


class VectorStore:
    def __init__(self, path: str | None):
        self.path = path  # None: in memory, this process only
        self._lock = threading.RLock()
        self._connection = None
        self._pid = None
        self._snapshot = Snapshot()

    @classmethod
    def beside_index(cls, index_path: str | None) -> "VectorStore":
        if not index_path:
            return cls(None)
        return cls(os.path.abspath(index_path).rstrip(os.sep) + ".vectors.sqlite3")

    # -- connection -------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        # A connection must not cross a fork (gunicorn's preload): reopen in each process.
        if self._connection is None or self._pid != os.getpid():
            target = self.path or ":memory:"
            if self.path:
                os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            connection = sqlite3.connect(
                target, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False, isolation_level=None
            )
            if self.path:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(SCHEMA)
            self._connection, self._pid = connection, os.getpid()
            self._snapshot = Snapshot()
        return self._connection

    def _write(self, statements) -> None:
        """Run ``statements(db, seq)`` in one write transaction; seq is this change's number."""
        with self._lock:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                seq = db.execute("SELECT value FROM state WHERE name = 'seq'").fetchone()[0] + 1
                db.execute("UPDATE state SET value = ? WHERE name = 'seq'", (seq,))
                statements(db, seq)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # -- writes (the index path) ------------------------------------------------------------

    def enqueue(self, items: list[PendingVector]) -> int:
        """Queue documents whose stored vector does not encode their current text; returns how
        many were queued."""
        if not items:
            return 0
        with self._lock:
            current = self.keys([item.doc_id for item in items])
        todo = [item for item in items if current.get(item.doc_id) != item.key]
        unchanged = [item for item in items if current.get(item.doc_id) == item.key]

        def statements(db, seq):
            db.executemany(
                "INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?, ?)",
                [(i.doc_id, i.text, i.key, i.url, i.language) for i in todo],
            )
            # Same text: drop an older queued text, and follow a changed url or language.
            db.executemany("DELETE FROM pending WHERE doc_id = ?", [(i.doc_id,) for i in unchanged])
            db.executemany(
                "UPDATE vectors SET url = ?, language = ?, seq = ? WHERE doc_id = ? "
                "AND (url != ? OR language != ?)",
                [(i.url, i.language, seq, i.doc_id, i.url, i.language) for i in unchanged],
            )

        self._write(statements)
        return len(todo)

    def store(self, items: list[PendingVector], vectors: np.ndarray) -> None:
        """Save computed vectors; a pending row is cleared only if it still holds the key that
        was encoded (a newer edit queued meanwhile stays queued)."""
        vectors = np.asarray(vectors, dtype=np.float32)

        def statements(db, seq):
            for item, vector in zip(items, vectors, strict=True):
                db.execute(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?, ?, ?)",
                    (item.doc_id, item.key, item.url, item.language, vector.tobytes(), seq),
                )
                db.execute("DELETE FROM removed WHERE doc_id = ?", (item.doc_id,))
                db.execute(
                    "DELETE FROM pending WHERE doc_id = ? AND key = ?", (item.doc_id, item.key)
                )

        self._write(statements)

    def remove(self, doc_ids: list[str]) -> None:
        if not doc_ids:
            return

        def statements(db, seq):
            for doc_id in doc_ids:
                db.execute("DELETE FROM pending WHERE doc_id = ?", (doc_id,))
                gone = db.execute("DELETE FROM vectors WHERE doc_id = ?", (doc_id,)).rowcount
                if gone:
                    db.execute("INSERT OR REPLACE INTO removed VALUES (?, ?)", (doc_id, seq))

        self._write(statements)

    def remove_prefix(self, prefix: str) -> None:
        """Every document of one model ("forum.thread.")."""
        with self._lock:
            rows = self._db().execute(
                "SELECT doc_id FROM vectors WHERE substr(doc_id, 1, ?) = ? UNION "
                "SELECT doc_id FROM pending WHERE substr(doc_id, 1, ?) = ?",
                (len(prefix), prefix, len(prefix), prefix),
            )
            self.remove([row[0] for row in rows])

    def clear(self) -> None:
        def statements(db, seq):
            for table in ("pending", "vectors", "removed"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
            db.execute("UPDATE state SET value = value + 1 WHERE name = 'epoch'")

        self._write(statements)

    # -- reads --------------------------------------------------------------------------------

    def pending(self, limit: int) -> list[PendingVector]:
        with self._lock:
            rows = self._db().execute(
                "SELECT doc_id, text, key, url, language FROM pending ORDER BY rowid LIMIT ?",
                (limit,),
            )
            return [PendingVector(*row) for row in rows]

    def pending_ids(self) -> set[str]:
        with self._lock:
            return {row[0] for row in self._db().execute("SELECT doc_id FROM pending")}

    def keys(self, doc_ids: list[str] | None = None) -> dict[str, str]:
        """Stored vectors' text keys by document id (all of them, or of ``doc_ids``)."""
        with self._lock:
            db = self._db()
            if doc_ids is None:
                return dict(db.execute("SELECT doc_id, key FROM vectors"))
            found = {}
            for start in range(0, len(doc_ids), 500):
                chunk = doc_ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(
                    db.execute(
                        f"SELECT doc_id, key FROM vectors WHERE doc_id IN ({marks})",  # noqa: S608
                        chunk,
                    )
                )
            return found

    def version(self) -> str:
        """A token that changes with every write to the store, by any process: for caches of
        results that read the vectors."""
        with self._lock:
            state = dict(self._db().execute("SELECT name, value FROM state"))
        return f"{state['epoch']}.{state['seq']}"

    def snapshot(self) -> Snapshot:
        """The process's matrix, brought up to date with what other processes wrote: a full
        read after a clear, else only the rows changed since the last call."""
        with self._lock:
            db = self._db()
            state = dict(db.execute("SELECT name, value FROM state"))
            snapshot = self._snapshot
            if state["epoch"] != snapshot.epoch:
                snapshot = Snapshot(epoch=state["epoch"], seq=-1)
            if snapshot.seq == -1:  # a full read: room for every row at once, no regrowth
                count, dimensions = db.execute(
                    "SELECT count(*), max(length(vector)) / 4 FROM vectors"
                ).fetchone()
                if count:
                    snapshot._grow(count + GROW_ROWS, dimensions)
            if state["seq"] != snapshot.seq:
                changed = db.execute(
                    "SELECT doc_id, url, language, vector FROM vectors WHERE seq > ? ORDER BY seq",
                    (snapshot.seq,),
                )
                while block := changed.fetchmany(READ_ROWS):
                    snapshot.put(
                        [row[:3] for row in block],
                        np.frombuffer(b"".join(row[3] for row in block), np.float32).reshape(
                            len(block), -1
                        ),
                    )
                for (doc_id,) in db.execute(
                    "SELECT doc_id FROM removed WHERE seq > ?", (snapshot.seq,)
                ):
                    snapshot.drop(doc_id)
                snapshot.seq = state["seq"]
            self._snapshot = snapshot
            return snapshot
