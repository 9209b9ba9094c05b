import threading

import pytest
from django.db import transaction
from haystack.query import SearchQuerySet

from forum.models import Thread
from forum.services import (
    answer_accept,
    answer_delete,
    answer_edit,
    thread_edit,
    vote_cast,
)
from search.index_queue import index_enqueue, index_pending_updates, index_write_lock
from search.models import PendingIndexUpdate
from tests.factories import make_answer, make_thread, make_user


def _ids(kind, **filters):
    return sorted(int(r.pk) for r in SearchQuerySet().filter(kind=kind, **filters))


def test_a_new_thread_is_indexed_only_after_its_transaction_commits(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        thread = make_thread(title="Where is my deposit")
        assert _ids("thread") == []
    assert callbacks
    for callback in callbacks:
        callback()
    assert _ids("thread") == [thread.pk]
    assert not PendingIndexUpdate.objects.exists()


def test_a_rolled_back_post_never_reaches_the_index(
    search_index, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        make_thread(title="Never committed")
        raise RuntimeError
    assert _ids("thread") == []
    assert not PendingIndexUpdate.objects.exists()


def test_hiding_a_thread_removes_it_and_its_answers_from_the_index(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Hidden later")
        answer = make_answer(thread=thread)
    assert _ids("thread") == [thread.pk] and _ids("answer") == [answer.pk]
    with django_capture_on_commit_callbacks(execute=True):
        thread.is_hidden = True
        thread.save(update_fields=["is_hidden"])
    assert _ids("thread") == [] and _ids("answer") == []
    with django_capture_on_commit_callbacks(execute=True):
        thread.is_hidden = False
        thread.save(update_fields=["is_hidden"])
    assert _ids("thread") == [thread.pk] and _ids("answer") == [answer.pk]


def test_a_deleted_answer_leaves_the_index_and_its_thread_is_refreshed(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Two answers")
        kept = make_answer(thread=thread, body="keep this one")
        gone = make_answer(thread=thread, body="delete this one")
    assert SearchQuerySet().filter(kind="thread")[0].answer_count == 2
    with django_capture_on_commit_callbacks(execute=True):
        answer_delete(answer=gone, user=gone.author)
    assert _ids("answer") == [kept.pk]
    assert SearchQuerySet().filter(kind="thread")[0].answer_count == 1


def test_a_hard_deleted_thread_leaves_the_index_with_its_answers(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Spam thread")
        make_answer(thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        thread.delete()
    assert _ids("thread") == [] and _ids("answer") == []


def test_editing_an_accepted_answer_updates_the_thread_document(
    search_index, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(author=user, title="Sync problem")
        answer = make_answer(thread=thread, body="Restart the phone.")
        answer_accept(answer=answer, user=user)
    assert _ids("thread", content="restart") == [thread.pk]
    with django_capture_on_commit_callbacks(execute=True):
        answer_edit(answer=answer, editor=answer.author, body="Update the firmware.")
    assert _ids("thread", content="restart") == []
    assert _ids("thread", content="firmware") == [thread.pk]


def test_retitling_a_thread_replaces_its_old_words_in_the_index(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Ledger pairing fails")
    with django_capture_on_commit_callbacks(execute=True):
        thread_edit(
            thread=thread, editor=thread.author, title="Trezor pairing fails", body=thread.body
        )
    assert _ids("thread", content="ledger") == []
    assert _ids("thread", content="trezor") == [thread.pk]


def test_a_queryset_update_is_indexed_through_index_enqueue(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Bulk hidden")
    with django_capture_on_commit_callbacks(execute=True):
        Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
        index_enqueue([thread])
    assert _ids("thread") == []


def test_updates_stay_queued_while_the_index_is_busy_and_the_next_writer_applies_them(
    search_index, settings, django_capture_on_commit_callbacks
):
    settings.WENDA_SEARCH_LOCK_TIMEOUT = 0.05
    holder_ready, release = threading.Event(), threading.Event()

    def hold_the_lock():
        with index_write_lock(search_index, timeout=1) as acquired:
            assert acquired
            holder_ready.set()
            release.wait(5)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    holder_ready.wait(5)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            thread = make_thread(title="Posted while busy")
        assert _ids("thread") == []
        assert PendingIndexUpdate.objects.filter(object_pk=str(thread.pk)).exists()
    finally:
        release.set()
        holder.join()
    assert index_pending_updates() == 1
    assert _ids("thread") == [thread.pk]
    assert not PendingIndexUpdate.objects.exists()


def test_an_upvote_that_lifts_an_answer_above_zero_puts_its_text_in_the_thread_document(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Lost my phone")
        answer = make_answer(thread=thread, body="Restore from the recovery phrase backup.")
    assert _ids("thread", content="recovery") == []
    voter = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(user=voter, value=1, answer=answer)
    assert _ids("thread", content="recovery") == [thread.pk]
    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(user=voter, value=0, answer=answer)
    assert _ids("thread", content="recovery") == []
