"""The marker and journal of a running rebuild-aside (search.rebuild), in a module of their own
so that the index queue can journal without importing the rebuild."""

import os
import threading
from pathlib import Path

_journal_lock = threading.Lock()


def paths_for(live: Path) -> dict[str, Path]:
    return {
        "marker": live.with_name(live.name + ".rebuild"),
        "journal": live.with_name(live.name + ".rebuild.journal"),
        "next": live.with_name(live.name + ".next"),
        "previous": live.with_name(live.name + ".previous"),
    }


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def rebuild_running(live_path: str) -> bool:
    """Whether a rebuild-aside run (a live process) is building a new index for this path."""
    marker = paths_for(Path(os.path.abspath(live_path)))["marker"]
    try:
        pid = int(marker.read_text())
    except (OSError, ValueError):
        return False
    return pid != os.getpid() and _pid_alive(pid)


def journal_keys(live_path: str, keys) -> None:
    """Record index updates applied to the live index while a rebuild runs, for the new index.
    One write per call with O_APPEND: lines from several processes never interleave."""
    lines = "".join(f"{label} {pk}\n" for label, pk in keys)
    if not lines:
        return
    journal = paths_for(Path(os.path.abspath(live_path)))["journal"]
    with _journal_lock:
        fd = os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, lines.encode())
        finally:
            os.close(fd)


def read_journal(journal: Path, start: int) -> tuple[list[tuple[str, str]], int]:
    try:
        with journal.open("rb") as stream:
            stream.seek(start)
            data = stream.read()
    except FileNotFoundError:
        return [], start
    complete = data[: data.rfind(b"\n") + 1]  # a line being written is read next time
    keys = []
    for line in complete.decode().splitlines():
        label, _, pk = line.partition(" ")
        if label and pk:
            keys.append((label, pk))
    return keys, start + len(complete)
