"""update_index / rebuild_index write through one bulk writer; posts made meanwhile queue."""

import time
from io import StringIO

from django.core.management import call_command
from haystack.query import SearchQuerySet

from search.models import PendingIndexUpdate
from tests.factories import make_answer, make_thread


def _titles():
    return sorted(result.title for result in SearchQuerySet().filter(kind="thread"))


def test_rebuild_index_commits_once_and_leaves_one_segment_per_writer_process(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(12):
            make_answer(thread=make_thread(title=f"Bulk thread {number}"))
    call_command("rebuild_index", interactive=False, verbosity=0, stdout=StringIO())
    backend = search_index
    backend.index = backend.index.refresh()
    # Two child processes (one segment each) and the parent's empty part: no merging needed.
    assert len(backend.index._segments()) <= 2, [
        s.doc_count_all() for s in backend.index._segments()
    ]
    assert len(_titles()) == 12
    assert SearchQuerySet().filter(kind="answer").count() == 12


def test_a_post_made_while_a_bulk_run_holds_the_index_queues_at_once_and_is_indexed_after(
    search_index, django_capture_on_commit_callbacks
):
    make_thread(title="Indexed by the run")
    with search_index.bulk_writer():
        assert search_index.bulk_in_progress()
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            make_thread(title="Posted during the run")
        # Queued without waiting for the lock (WENDA_SEARCH_LOCK_TIMEOUT is 10 s).
        assert time.monotonic() - started < 2
        assert PendingIndexUpdate.objects.exists()
    assert not search_index.bulk_in_progress()
    call_command("update_index", verbosity=0, stdout=StringIO())
    assert _titles() == ["Indexed by the run", "Posted during the run"]
    assert not PendingIndexUpdate.objects.exists()


def test_a_bulk_marker_left_by_a_killed_run_does_not_block_posts(
    search_index, django_capture_on_commit_callbacks
):
    marker = search_index.bulk_marker
    marker.write_text("999999999")  # no such process
    try:
        assert not search_index.bulk_in_progress()
        with django_capture_on_commit_callbacks(execute=True):
            make_thread(title="After a crash")
        assert _titles() == ["After a crash"]
    finally:
        marker.unlink(missing_ok=True)


def test_a_failed_bulk_run_leaves_the_committed_index_as_it_was(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(title="Already searchable")
    try:
        with search_index.bulk_writer() as writer:
            writer.add_document(
                id="forum.thread.999",
                django_ct="forum.thread",
                django_id="999",
                text="half written",
                title="Half written",
                kind="thread",
            )
            raise RuntimeError("database went away")
    except RuntimeError:
        pass
    assert _titles() == ["Already searchable"]
    assert not search_index.bulk_in_progress()


def test_segments_are_written_as_separate_files_so_readers_do_not_copy_them_into_memory(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(title="Before the rebuild")
    call_command("rebuild_index", interactive=False, verbosity=0, stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(title="After the rebuild")
    search_index.index = search_index.index.refresh()
    segments = search_index.index._segments()
    assert segments and not any(segment.is_compound() for segment in segments)
    assert _titles() == ["After the rebuild", "Before the rebuild"]
