"""Moderation changes reach the real (in-RAM) Whoosh index through the on-commit processor."""

from haystack.query import SearchQuerySet

from moderation.services import post_hide, post_unhide
from moderation.thread_actions import thread_close_as_duplicate
from tests.factories import make_answer, make_thread


def _ids(kind):
    return sorted(int(result.pk) for result in SearchQuerySet().filter(kind=kind))


def _found(words):
    return sorted((result.kind, int(result.pk)) for result in SearchQuerySet().auto_query(words))


def test_a_hidden_thread_leaves_search_and_comes_back_when_unhidden(
    search_index, django_capture_on_commit_callbacks, moderator, category
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(category=category, title="Airdrop claim site asks for my seed")
        answer = make_answer(thread=thread, body="That airdrop site is a scam")
    assert _ids("thread") == [thread.pk] and _ids("answer") == [answer.pk]
    with django_capture_on_commit_callbacks(execute=True):
        post_hide(post=thread, moderator=moderator, reason="Scam")
    assert _ids("thread") == [] and _ids("answer") == []
    assert _found("airdrop") == []
    with django_capture_on_commit_callbacks(execute=True):
        post_unhide(post=thread, moderator=moderator)
    assert _ids("thread") == [thread.pk] and _ids("answer") == [answer.pk]


def test_a_hidden_answer_leaves_search_and_its_thread_stays(
    search_index, django_capture_on_commit_callbacks, moderator, thread
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = make_answer(thread=thread, body="DM me on telegram for a refund")
    assert _found("telegram") == [("answer", answer.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        post_hide(post=answer, moderator=moderator)
    assert _found("telegram") == []
    assert _ids("thread") == [thread.pk]
    with django_capture_on_commit_callbacks(execute=True):
        post_unhide(post=answer, moderator=moderator)
    assert _found("telegram") == [("answer", answer.pk)]


def test_a_thread_closed_as_duplicate_leaves_search_and_the_original_stays(
    search_index, django_capture_on_commit_callbacks, moderator, category
):
    with django_capture_on_commit_callbacks(execute=True):
        original = make_thread(category=category, title="Withdrawal stuck pending")
        duplicate = make_thread(category=category, title="My withdrawal is stuck")
    assert _ids("thread") == sorted([original.pk, duplicate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        thread_close_as_duplicate(thread=duplicate, original=original, moderator=moderator)
    assert _ids("thread") == [original.pk]
    assert ("thread", original.pk) in _found("withdrawal stuck")
    assert ("thread", duplicate.pk) not in _found("withdrawal stuck")
