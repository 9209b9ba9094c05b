import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forum.models import Thread
from forum.selectors import thread_list_searchable
from forum.services import answer_create
from moderation.models import AuditAction, AuditLogEntry
from moderation.services import post_hide
from moderation.thread_actions import thread_close_as_duplicate, thread_reopen
from tests.factories import make_thread


@pytest.fixture
def original(db, category):
    return make_thread(category=category, title="How to reset a password")


def test_closing_as_duplicate_keeps_the_thread_readable_but_out_of_search(
    client, thread, original, moderator, other_user
):
    thread_close_as_duplicate(
        thread=thread, original=original, moderator=moderator, reason="Same question"
    )
    thread.refresh_from_db()
    assert thread.duplicate_of == original and thread.is_closed
    assert list(thread_list_searchable()) == [original]
    page = client.get(thread.get_absolute_url(), secure=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert "closed as a duplicate" in html
    assert original.get_absolute_url() in html
    entry = AuditLogEntry.objects.get()
    assert entry.action == AuditAction.CLOSE_DUPLICATE
    assert entry.details == {"duplicate_of": original.pk}
    # Members answer on the original now.
    with pytest.raises(ValidationError):
        answer_create(thread=thread, author=other_user, body="Late answer")


def test_a_thread_cannot_be_a_duplicate_of_itself(thread, moderator):
    with pytest.raises(ValidationError) as error:
        thread_close_as_duplicate(thread=thread, original=thread, moderator=moderator)
    assert error.value.code == "self"


def test_the_original_must_be_visible(thread, original, moderator):
    post_hide(post=original, moderator=moderator)
    with pytest.raises(ValidationError) as error:
        thread_close_as_duplicate(thread=thread, original=original, moderator=moderator)
    assert error.value.code == "original_hidden"
    Thread.objects.filter(pk=original.pk).update(is_hidden=False, is_deleted=True)
    with pytest.raises(ValidationError) as error:
        thread_close_as_duplicate(thread=thread, original=original, moderator=moderator)
    assert error.value.code == "original_missing"


def test_closing_cannot_make_a_cycle_or_a_chain(thread, original, moderator, category):
    thread_close_as_duplicate(thread=thread, original=original, moderator=moderator)
    with pytest.raises(ValidationError) as error:
        thread_close_as_duplicate(thread=original, original=thread, moderator=moderator)
    assert error.value.code == "cycle"
    third = make_thread(category=category)
    with pytest.raises(ValidationError) as error:
        thread_close_as_duplicate(thread=third, original=thread, moderator=moderator)
    assert error.value.code == "original_closed"
    assert str(original.pk) in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        thread_close_as_duplicate(thread=thread, original=third, moderator=moderator)
    assert error.value.code == "already_closed"


def test_closing_an_original_repoints_its_duplicates(thread, original, moderator, category):
    newest = make_thread(category=category, title="Password reset, the canonical one")
    thread_close_as_duplicate(thread=thread, original=original, moderator=moderator)
    thread_close_as_duplicate(thread=original, original=newest, moderator=moderator)
    thread.refresh_from_db()
    assert thread.duplicate_of == newest


def test_reopening_brings_the_thread_back_to_search(thread, original, moderator):
    thread_close_as_duplicate(thread=thread, original=original, moderator=moderator)
    thread_reopen(thread=thread, moderator=moderator, reason="Different wallet")
    thread.refresh_from_db()
    assert thread.duplicate_of is None and not thread.is_closed
    assert thread in thread_list_searchable()
    with pytest.raises(ValidationError):
        thread_reopen(thread=thread, moderator=moderator)


def test_close_duplicate_view_by_role(client_for, thread, original, user, moderator):
    url = reverse("moderation:thread_close_duplicate", args=[thread.pk])
    data = {"original": original.get_absolute_url(), "reason": "dup"}
    assert client_for(moderator).get(url).status_code == 405
    assert client_for(None).post(url, data).status_code == 302
    assert client_for(user).post(url, data).status_code == 403
    assert Thread.objects.get(pk=thread.pk).duplicate_of is None
    response = client_for(moderator).post(url, data)
    assert response.status_code == 302
    assert Thread.objects.get(pk=thread.pk).duplicate_of == original


@pytest.mark.parametrize(
    "original_input, message",
    [
        ("self", "cannot be a duplicate of itself"),
        ("999999", "There is no thread #999999"),
        ("not a thread", "Enter a thread number"),
    ],
)
def test_close_duplicate_view_explains_bad_originals_and_keeps_the_input(
    client_for, thread, moderator, original_input, message
):
    if original_input == "self":
        original_input = str(thread.pk)
    response = client_for(moderator).post(
        reverse("moderation:thread_close_duplicate", args=[thread.pk]),
        {"original": original_input, "reason": "my reason"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "my reason" in html
    assert Thread.objects.get(pk=thread.pk).duplicate_of is None


def test_close_duplicate_view_refuses_a_hidden_original(client_for, thread, original, moderator):
    post_hide(post=original, moderator=moderator)
    response = client_for(moderator).post(
        reverse("moderation:thread_close_duplicate", args=[thread.pk]),
        {"original": f"#{original.pk}"},
    )
    assert response.status_code == 400
    assert "hidden" in response.content.decode()
