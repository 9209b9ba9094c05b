"""Whoosh's multiprocessing writer (used by rebuilds and large updates) forks child processes
that hold the index's writer lock while they write their segments. If the parent is killed
(kill -9, the OOM killer), Whoosh leaves those children running: they keep the lock, each new
post then waits for it and stays unindexed, and `search_check --repair` fails with LockError.
Here every child asks the kernel to kill it when its parent dies (Linux prctl
PR_SET_PDEATHSIG), so a killed rebuild leaves no process and no held lock behind.

Like search.analyzer, this module imports neither Django nor haystack.
"""

import ctypes
import logging
import os
import signal

from whoosh import multiproc

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            logger.warning("prctl(PR_SET_PDEATHSIG) failed: %s", os.strerror(ctypes.get_errno()))
    except (OSError, AttributeError):  # not Linux: the children are not tied to the parent
        return
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the request took effect


class SubWriterTaskDyingWithParent(multiproc.SubWriterTask):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_pid = os.getpid()

    def run(self):
        _die_with_parent(self.parent_pid)
        super().run()


def tie_writer_children_to_their_parent() -> None:
    """Make Whoosh's multiprocessing writer start children that die with their parent."""
    multiproc.SubWriterTask = SubWriterTaskDyingWithParent
