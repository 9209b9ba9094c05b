"""Forum write rules through the real services: votes, acceptance, counters, revisions, input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.access import can_accept, can_answer
from forum.models import Revision, Thread, Vote
from forum.services import (
    answer_accept,
    answer_create,
    answer_delete,
    answer_edit,
    answer_unaccept,
    thread_create,
    thread_edit,
    vote_cast,
)
from tests.factories import make_answer, make_thread


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Each fixture user hashes a password; the real hasher costs seconds on a shared machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_vote_cast_counts_one_vote_per_user_and_can_change_and_withdraw_it(
    thread, other_user, moderator
):
    assert vote_cast(user=other_user, thread=thread, value=1) == 1
    assert vote_cast(user=other_user, thread=thread, value=1) == 1
    assert vote_cast(user=moderator, thread=thread, value=1) == 2
    assert vote_cast(user=other_user, thread=thread, value=-1) == 0
    assert vote_cast(user=other_user, thread=thread, value=0) == 1
    thread.refresh_from_db()
    assert thread.vote_score == 1
    assert list(Vote.objects.filter(thread=thread).values_list("user__username", "value")) == [
        ("moderator", 1)
    ]


def test_vote_cast_refuses_your_own_post_and_values_other_than_plus_minus_one(
    answer, other_user, user
):
    with pytest.raises(ValidationError) as error:
        vote_cast(user=other_user, answer=answer, value=1)
    assert error.value.code == "own_post"
    with pytest.raises(ValidationError):
        vote_cast(user=user, answer=answer, value=5)
    answer.refresh_from_db()
    assert answer.vote_score == 0 and not Vote.objects.exists()


def test_answer_create_and_delete_keep_the_answer_count_right(thread, other_user):
    first = make_answer(thread=thread)
    make_answer(thread=thread)
    thread.refresh_from_db()
    assert thread.answer_count == 2
    answer_delete(answer=first, user=first.author)
    answer_delete(answer=first, user=first.author)  # twice: counted once
    thread.refresh_from_db()
    assert thread.answer_count == 1
    first.refresh_from_db()
    assert first.is_deleted and first.body  # soft delete: the text stays


def test_answer_delete_refuses_other_members_and_an_accepted_answer(answer, user):
    with pytest.raises(PermissionDenied):
        answer_delete(answer=answer, user=user)
    answer_accept(answer=answer, user=user)
    with pytest.raises(ValidationError) as error:
        answer_delete(answer=answer, user=answer.author)
    assert error.value.code == "accepted"


def test_answer_accept_replaces_the_previous_choice_and_unaccept_clears_it(thread, answer, user):
    second = make_answer(thread=thread)
    answer_accept(answer=answer, user=user)
    answer_accept(answer=second, user=user)
    thread.refresh_from_db()
    assert thread.accepted_answer == second and thread.is_solved
    answer_unaccept(thread=thread, user=user)
    thread.refresh_from_db()
    assert not thread.is_solved


def test_answer_accept_is_for_the_asker_or_a_moderator_only(thread, answer, other_user, moderator):
    assert not can_accept(other_user, thread) and can_accept(moderator, thread)
    with pytest.raises(PermissionDenied):
        answer_accept(answer=answer, user=other_user)
    answer_accept(answer=answer, user=moderator)
    with pytest.raises(PermissionDenied):
        answer_unaccept(thread=thread, user=other_user)


def test_answer_accept_refuses_a_deleted_answer(thread, answer, user):
    answer_delete(answer=answer, user=answer.author)
    with pytest.raises(ValidationError) as error:
        answer_accept(answer=answer, user=user)
    assert error.value.code == "answer_gone"


def test_thread_edit_keeps_the_previous_text_as_a_revision_only_when_it_changes(thread, user):
    thread_edit(thread=thread, editor=user, title=thread.title, body=thread.body, tags="Wallet")
    assert not Revision.objects.exists()
    assert thread.edited_at is None
    thread_edit(thread=thread, editor=user, title="New title", body="New *body*")
    revision = Revision.objects.get()
    assert (revision.title, revision.body, revision.editor) == (
        "I forgot my password",
        "How do I *reset* my password?",
        user,
    )
    thread.refresh_from_db()
    assert thread.body_html == "<p>New <em>body</em></p>" and thread.edited_at is not None
    assert [tag.name for tag in thread.tags.all()] == ["wallet"]


def test_thread_edit_refuses_someone_elses_question(thread, other_user):
    with pytest.raises(PermissionDenied):
        thread_edit(thread=thread, editor=other_user, title="Mine now", body="Mine")
    thread.refresh_from_db()
    assert thread.title == "I forgot my password"


def test_answer_edit_records_who_edited_and_ignores_unchanged_text(answer, moderator):
    answer_edit(answer=answer, editor=answer.author, body=answer.body)
    assert not Revision.objects.exists()
    answer_edit(answer=answer, editor=moderator, body="Better wording")
    revision = Revision.objects.get(answer=answer)
    assert revision.editor == moderator and revision.body == "Use the *Forgot password* link."


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "   "}, "empty"),
        ({"title": "x" * 151}, "too_long"),
        ({"body": ""}, "empty"),
        ({"body": "y" * 30_001}, "too_long"),
        ({"title": "a\x00b"}, "null_character"),
        ({"tags": "a b c d e f"}, "too_many_tags"),
        ({"tags": ["x" * 31]}, "tag_too_long"),
    ],
)
def test_thread_create_refuses_bad_input(user, category, fields, code):
    data = {"title": "A fine title", "body": "A fine body", "tags": ()} | fields
    with pytest.raises(ValidationError) as error:
        thread_create(author=user, category=category, **data)
    assert error.value.code == code
    assert not Thread.objects.exists()


def test_thread_create_normalises_tags_and_detects_chinese(user, category):
    thread = thread_create(
        author=user,
        category=category,
        title="提现一直显示处理中怎么办",
        body="已经两天了，还没有到账。",
        tags="提现，ＵＳＤＴ usdt",
    )
    assert [tag.name for tag in thread.tags.all()] == ["usdt", "提现"]
    assert thread.language == "zh-hans"


def test_a_locked_thread_takes_answers_only_from_moderators(thread, other_user, moderator):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    thread.refresh_from_db()
    assert not can_answer(other_user, thread) and can_answer(moderator, thread)
    with pytest.raises(ValidationError):
        answer_create(thread=thread, author=other_user, body="Too late")
    answer_create(thread=thread, author=moderator, body="Locked because it is solved.")


def test_answers_bump_the_thread_to_the_top_of_latest_activity(category):
    older = make_thread(category=category)
    newer = make_thread(category=category)
    make_answer(thread=older)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.last_activity_at > newer.last_activity_at
