"""Applying queued index updates in a background thread of the process that committed them, so
a posting request answers without waiting for the single Whoosh writer or its commit. The same
thread class computes queued sentence vectors (search.vector_worker).

The queue is the database's ``PendingIndexUpdate`` table, not this thread's memory: a wake-up
only says "there may be work". Each drain applies every queued row (any process's), so posts
that arrive while a commit runs are written together in the next one: under 8 posters one
commit carries several posts, and the other web processes reopen their searchers less often.
If the process stops first, the rows stay for the next writer or ``search_check --repair``;
at a normal exit the process waits (bounded) for its drain to finish.

Imports neither Django nor haystack: the drain function is handed in (search.index_queue).
"""

import logging
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)

# After a drain that left rows behind (the writer was busy past the lock timeout, or a write
# failed), try again this many times, waiting twice as long each time; then wait for the next
# post. The rows are never dropped.
RETRIES = 3
FIRST_RETRY_SECONDS = 1.0


class BackgroundDrain:
    """One daemon thread per process, started on the first wake-up (also after a fork)."""

    def __init__(self, drain: Callable[[], bool], *, failure: str, name: str):
        """`drain()` works off the queue and returns whether work is left (then it is retried);
        `failure` starts the log line of a drain that raised."""
        self._drain = drain
        self._failure = failure
        self._name = name
        self.reset()

    def reset(self) -> None:
        """Fresh events and no thread; for a forked child (gunicorn's workers), whose copies of
        the parent's may be mid-drain (os.register_at_fork)."""
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._start_lock = threading.Lock()
        self._thread = None

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until what was queued before the call has been drained (or given up on)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            self._drain_with_retries()
            if not self._wake.is_set():
                self._idle.set()

    def _drain_with_retries(self) -> None:
        delay = FIRST_RETRY_SECONDS
        for attempt in range(RETRIES + 1):
            try:
                left = self._drain()
            except Exception:
                logger.exception("%s failed; they stay queued", self._failure)
                left = True
            if not left or self._wake.is_set():
                # Done, or a newer wake-up drains again at once.
                return
            if attempt < RETRIES and self._wake.wait(delay):
                return
            delay *= 2

    def finish(self, timeout: float) -> bool:
        """At a normal exit (atexit): wait up to `timeout` for a drain in progress."""
        if self._thread is None or not self._thread.is_alive() or self._idle.is_set():
            return True
        if self._idle.wait(timeout):
            return True
        logger.warning("Exiting with work still queued: %s", self._failure)
        return False
