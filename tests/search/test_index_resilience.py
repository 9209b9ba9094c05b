"""Search never goes dark: rebuild_index builds aside and switches atomically, a killed rebuild
leaves no process or lock behind, and a damaged index is a notice (never a 500) that
search_check --repair repairs."""

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from django.core.management import call_command
from haystack import connections
from haystack.query import SearchQuerySet

from search import rebuild_journal
from search.index_queue import index_pending_updates
from tests.factories import make_category, make_thread, make_user
from tests.search import concurrency_worker as worker
from tests.search.test_concurrency import prepared_site, shared_site  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]


def _count(word: str) -> int:
    return SearchQuerySet().auto_query(word).count()


@pytest.fixture
def indexed_threads(transactional_db, disk_search_index, django_capture_on_commit_callbacks):
    author, category = make_user(), make_category()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(60):
            make_thread(
                author=author,
                category=category,
                title=f"Withdrawal question number {number}",
                body=f"My withdrawal {number} has been pending since the morning.",
            )
    assert _count("withdrawal") == 60
    return disk_search_index


def test_searches_keep_answering_from_the_old_index_while_rebuild_index_runs(indexed_threads):
    marker = rebuild_journal.paths_for(Path(os.path.abspath(indexed_threads.path)))["marker"]
    failures, counts, seen_running = [], [], 0

    def rebuild():
        try:
            call_command("rebuild_index", interactive=False, verbosity=0, batchsize=1)
        except Exception as error:  # reported by the assertion below
            failures.append(error)

    running = threading.Thread(target=rebuild)
    running.start()
    while running.is_alive():
        counts.append(_count("withdrawal"))
        seen_running += marker.exists()
    running.join()
    assert failures == []
    assert seen_running > 0  # the searches above ran while the rebuild was building
    assert min(counts) == 60  # never an empty index
    assert _count("withdrawal") == 60  # and the new one is complete
    assert not marker.exists()
    assert Path(indexed_threads.path + ".previous").is_dir()  # open searchers kept reading it


def test_updates_applied_while_a_rebuild_runs_are_journaled_for_the_new_index(
    indexed_threads, django_capture_on_commit_callbacks
):
    paths = rebuild_journal.paths_for(Path(os.path.abspath(indexed_threads.path)))
    # Another process (alive) is rebuilding: what this process applies is journaled for it.
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        paths["marker"].write_text(str(other.pid))
        with django_capture_on_commit_callbacks(execute=True):
            thread = make_thread(title="Posted during the rebuild", body="journal me please")
        keys, _ = rebuild_journal.read_journal(paths["journal"], 0)
        assert ("forum.thread", str(thread.pk)) in keys
        assert _count("journal") == 1  # the live index has it too
    finally:
        other.kill()
        other.wait()
    # A marker whose process is gone is ignored: no journal grows for a dead rebuild.
    paths["journal"].unlink()
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(title="Posted after the rebuild died", body="nobody is rebuilding")
    assert not paths["journal"].exists()
    paths["marker"].unlink()


def test_posts_made_during_rebuild_index_from_other_processes_are_all_found_after_it(
    shared_site,  # noqa: F811
):
    env, setup, context = shared_site
    rebuild = subprocess.Popen(
        [sys.executable, "manage.py", "rebuild_index", "--noinput", "--batch-size", "1"],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        with context.Manager() as manager, ProcessPoolExecutor(4, mp_context=context) as pool:
            start = manager.Event()
            futures = [
                pool.submit(worker.post, env, number, author, setup, 4, start)
                for number, author in enumerate(setup["authors"])
            ]
            start.set()
            for future in futures:
                future.result(timeout=300)
    finally:
        assert rebuild.wait(timeout=300) == 0
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        found = pool.submit(worker.find_everything, env, False).result(timeout=180)
    assert found["lost"] == []
    assert found["pending"] == 0


def _children_of(pid: int) -> list[int]:
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            children.append(int(status.parent.name))
    return children


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_rebuild_leaves_no_process_or_lock_and_the_next_post_is_indexed_at_once(
    shared_site,  # noqa: F811
):
    env, setup, context = shared_site
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        pool.submit(worker.bulk_threads, env, 3000, setup["authors"][0], setup["category"]).result(
            timeout=120
        )
    rebuild = subprocess.Popen(
        [sys.executable, "manage.py", "rebuild_index", "--noinput"],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    children = []
    deadline = time.monotonic() + 120
    while not children and time.monotonic() < deadline and rebuild.poll() is None:
        children = _children_of(rebuild.pid)
        time.sleep(0.05)
    assert children, "the rebuild ended before its writer processes started"
    rebuild.send_signal(signal.SIGKILL)
    rebuild.wait()
    deadline = time.monotonic() + 10
    while any(_alive(child) for child in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(child) for child in children)

    with ProcessPoolExecutor(1, mp_context=context) as pool:
        after = pool.submit(
            worker.post_and_search, env, setup["authors"][1], setup["category"], "afterkill"
        ).result(timeout=60)
    assert after["found"] == 1
    assert after["pending"] == 0
    assert after["seconds"] < 5  # no writer lock left to wait for
    # And the next rebuild runs, with the killed run's leftovers cleaned up.
    assert (
        subprocess.run(
            [sys.executable, "manage.py", "rebuild_index", "--noinput"],
            cwd=ROOT,
            env={**os.environ, **env},
            timeout=300,
        ).returncode
        == 0
    )


def _damage(index_path: str) -> None:
    """Truncate a term file and delete a postings file, as a full disk or a bad copy would,
    then start afresh like a new web process (a running one still has the files open)."""
    folder = Path(index_path)
    for terms in folder.glob("*.trm"):
        terms.write_bytes(terms.read_bytes()[:20])
    for postings in folder.glob("*.pst"):
        postings.unlink()
    connections.reload("default")


def test_a_damaged_index_shows_a_notice_instead_of_an_error_and_repair_restores_it(
    client, indexed_threads, caplog
):
    _damage(indexed_threads.path)
    page = client.get("/search/", {"q": "withdrawal"})
    assert page.status_code == 503
    assert page["Retry-After"] == "60"
    assert "Search is being repaired" in page.content.decode()
    assert "Search index unreadable" in caplog.text
    faq = client.get("/faq/", {"q": "withdrawal"})
    assert faq.status_code == 200
    assert "Search is being repaired" in faq.content.decode()
    similar = client.get("/api/similar", {"title": "Withdrawal pending since the morning"})
    assert similar.status_code == 200
    assert similar.json()["results"] == []
    assert client.get("/ask/").status_code in (200, 302)

    call_command("search_check", "--repair", verbosity=0)

    repaired = client.get("/search/", {"q": "withdrawal"})
    assert repaired.status_code == 200
    assert "Withdrawal question number 7" in repaired.content.decode()
    assert index_pending_updates() == 0


def test_a_search_whose_searcher_fails_is_retried_once_on_a_fresh_one(
    client, search_index, django_capture_on_commit_callbacks, caplog
):
    # What another process's commit does to this process's long-lived searcher when it merges
    # away segment files the searcher had not opened yet: its next read fails.
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(title="Withdrawal pending", body="My withdrawal is pending since morning.")
    assert client.get("/search/", {"q": "withdrawal"}).status_code == 200
    search_index.searcher().close()
    response = client.get("/search/", {"q": "pending"})
    assert response.status_code == 200
    assert "Withdrawal pending" in response.content.decode()
    assert "retrying on a fresh one" in caplog.text
