"""WENDA_SEARCH_WRITES=background (the default outside the tests): a commit's index updates are
applied by a thread of the process, so the posting request does not wait for the index writer,
and nothing queued is lost when that writer is busy."""

import threading
import time

import pytest
from haystack import connections
from haystack.query import SearchQuerySet

from search import background_writes, conf, index_writes
from search.index_queue import index_write_lock, wait_for_background_writes
from search.models import PendingIndexUpdate
from tests.factories import make_category, make_thread, make_user


def _found(word: str) -> int:
    return SearchQuerySet().auto_query(word).count()


@pytest.fixture
def background(settings, transactional_db, disk_search_index):
    settings.WENDA_SEARCH_WRITES = "background"
    yield disk_search_index
    assert wait_for_background_writes(timeout=30)


def test_a_post_commits_without_waiting_for_the_index_writer_and_is_indexed_after(background):
    author, category = make_user(), make_category()
    backend = connections["default"].get_backend()
    with index_write_lock(backend, timeout=5) as acquired:
        assert acquired  # another writer is busy for as long as this block runs
        started = time.monotonic()
        make_thread(author=author, category=category, title="Withdrawal stuck overnight")
        assert time.monotonic() - started < 1.0  # the post did not wait for the writer
        assert PendingIndexUpdate.objects.exists()
        assert _found("overnight") == 0
    assert wait_for_background_writes(timeout=30)
    assert _found("overnight") == 1
    assert not PendingIndexUpdate.objects.exists()


def test_posts_queued_while_the_writer_was_busy_are_retried_without_a_new_post(
    background, settings
):
    settings.WENDA_SEARCH_LOCK_TIMEOUT = 0.2
    backend = connections["default"].get_backend()
    with index_write_lock(backend, timeout=5):
        make_thread(title="Deposit never arrived")
        time.sleep(0.5)  # the background drain gave up on the lock and will retry
    assert wait_for_background_writes(timeout=30)
    assert _found("deposit") == 1
    assert not PendingIndexUpdate.objects.exists()


def test_posts_made_while_a_commit_runs_are_written_together_in_the_next_one(background):
    author, category = make_user(), make_category()
    backend = connections["default"].get_backend()
    commits_before = index_writes.local_commits()
    with index_write_lock(backend, timeout=5):
        for number in range(6):
            make_thread(author=author, category=category, title=f"Fee question batch {number}")
    assert wait_for_background_writes(timeout=30)
    assert _found("batch") == 6
    assert index_writes.local_commits() - commits_before == 1
    assert not PendingIndexUpdate.objects.exists()


def test_a_normal_exit_waits_for_the_drain_in_progress():
    finished = threading.Event()

    def slow_drain():
        time.sleep(0.3)
        finished.set()
        return False

    drain = background_writes.BackgroundDrain(slow_drain, failure="Slow work", name="test")
    drain.wake()
    assert drain.finish(timeout=5)  # what atexit calls
    assert finished.is_set()


def test_a_failing_drain_is_logged_and_retried_then_waits_for_the_next_wake_up(monkeypatch, caplog):
    monkeypatch.setattr(background_writes, "FIRST_RETRY_SECONDS", 0.01)
    calls = []

    def failing_drain():
        calls.append(time.monotonic())
        raise RuntimeError("index unreadable")

    drain = background_writes.BackgroundDrain(failing_drain, failure="Failing work", name="test")
    drain.wake()
    assert drain.wait_idle(timeout=5)
    assert len(calls) == background_writes.RETRIES + 1
    assert "Failing work failed; they stay queued" in caplog.text
    drain.wake()  # the next post tries again
    assert drain.wait_idle(timeout=5)
    assert len(calls) == 2 * (background_writes.RETRIES + 1)


def test_an_unknown_writes_mode_is_reported_by_the_system_check_and_writes_in_the_background(
    settings,
):
    from django.core import checks

    settings.WENDA_SEARCH_WRITES = "sometimes"
    assert "search.W003" in {message.id for message in checks.run_checks()}
    assert conf.background_writes()
    settings.WENDA_SEARCH_WRITES = "Request"
    assert "search.W003" not in {message.id for message in checks.run_checks()}
    assert not conf.background_writes()
