from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from forum.models import Answer, Thread
from forum.services import answer_create, answer_delete, answer_edit, thread_create
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English whatever an earlier test left active.
    with translation.override("en"):
        yield


@pytest.fixture
def limits(settings):
    """Small limits so the tests stay fast; the conftest lifts them for every other test."""
    settings.WENDA_RATE_NEW_ACCOUNT_HOURS = 24
    settings.WENDA_RATE_NEW_QUESTIONS_PER_HOUR = 2
    settings.WENDA_RATE_NEW_ANSWERS_PER_HOUR = 3
    settings.WENDA_RATE_QUESTIONS_PER_HOUR = 4
    settings.WENDA_RATE_ANSWERS_PER_HOUR = 5
    return settings


def veteran(**extra):
    return make_user(date_joined=timezone.now() - timedelta(days=30), **extra)


def ask(author, category, number):
    return thread_create(
        author=author, title=f"Question {number} about fees", body="Why?", category=category
    )


def backdate(post, minutes):
    type(post).objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_a_new_account_is_refused_its_third_question_within_the_hour(limits, user, category):
    ask(user, category, 1)
    ask(user, category, 2)
    with pytest.raises(ValidationError) as raised:
        ask(user, category, 3)
    assert raised.value.code == "rate_limited"
    message = raised.value.messages[0]
    assert "New accounts can post 2 questions per hour." in message
    assert "You can post again in 60 minutes" in message
    assert "Your text has been kept." in message
    assert Thread.objects.filter(author=user).count() == 2


def test_the_message_says_when_the_oldest_post_leaves_the_hour(limits, user, category):
    first = ask(user, category, 1)
    ask(user, category, 2)
    backdate(first, 50)
    with pytest.raises(ValidationError, match="You can post again in 10 minutes"):
        ask(user, category, 3)


def test_posts_older_than_an_hour_no_longer_count(limits, user, category):
    for number in (1, 2):
        backdate(ask(user, category, number), 61)
    ask(user, category, 3)
    ask(user, category, 4)
    assert Thread.objects.filter(author=user).count() == 4


def test_an_older_account_gets_the_general_limit(limits, category):
    author = veteran()
    for number in range(4):
        ask(author, category, number)
    with pytest.raises(ValidationError, match="You can post at most 4 questions per hour."):
        ask(author, category, 5)


def test_the_new_account_age_comes_from_the_settings_at_call_time(limits, category):
    author = make_user(date_joined=timezone.now() - timedelta(hours=3))
    ask(author, category, 1)
    ask(author, category, 2)
    limits.WENDA_RATE_NEW_ACCOUNT_HOURS = 2  # no longer new: the general limit of 4 applies
    ask(author, category, 3)
    limits.WENDA_RATE_QUESTIONS_PER_HOUR = 3
    with pytest.raises(ValidationError) as raised:
        ask(author, category, 4)
    assert raised.value.code == "rate_limited"


def test_a_new_account_is_refused_its_fourth_answer_within_the_hour(limits, thread, other_user):
    for number in range(3):
        answer_create(thread=thread, author=other_user, body=f"Try step {number}.")
    with pytest.raises(ValidationError) as raised:
        answer_create(thread=thread, author=other_user, body="Try step 4.")
    assert raised.value.code == "rate_limited"
    assert "New accounts can post 3 answers per hour." in raised.value.messages[0]
    thread.refresh_from_db()
    assert thread.answer_count == 3


def test_deleted_answers_still_count(limits, thread, other_user):
    answers = [answer_create(thread=thread, author=other_user, body=f"Try {n}.") for n in range(3)]
    answer_delete(answer=answers[0], user=other_user)
    with pytest.raises(ValidationError):
        answer_create(thread=thread, author=other_user, body="One more.")


def test_questions_and_answers_have_separate_allowances(limits, thread, user, category):
    ask(user, category, 2)  # the thread fixture was the first
    answer_create(thread=thread, author=user, body="Found it myself.")
    with pytest.raises(ValidationError):
        ask(user, category, 3)


def test_edits_are_not_rate_limited(limits, thread, other_user):
    answers = [answer_create(thread=thread, author=other_user, body=f"Try {n}.") for n in range(3)]
    answer_edit(answer=answers[0], editor=other_user, body="Try turning it off and on.")
    assert Answer.objects.get(pk=answers[0].pk).body == "Try turning it off and on."


@pytest.mark.parametrize("role", ["moderator", "staff"])
def test_moderators_and_staff_are_exempt(limits, request, role, category):
    author = request.getfixturevalue(role)
    for number in range(6):
        ask(author, category, number)
    assert Thread.objects.filter(author=author).count() == 6


def test_the_limit_is_per_user(limits, user, other_user, category):
    ask(user, category, 1)
    ask(user, category, 2)
    ask(other_user, category, 3)
    assert Thread.objects.count() == 3


def test_the_view_shows_the_limit_and_keeps_the_text(limits, client, user, category):
    ask(user, category, 1)
    ask(user, category, 2)
    client.force_login(user)
    form = {
        "title": "Third question in a row",
        "category": category.pk,
        "body": "Withdrawal stuck for two days",
        "tags": "",
    }
    response = client.post("/ask/", form, secure=True)
    assert response.status_code == 400
    content = response.content.decode()
    assert "New accounts can post 2 questions per hour." in content
    assert "Third question in a row" in content
    assert "Withdrawal stuck for two days" in content
