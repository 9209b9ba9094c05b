"""The forum's access rules (forum.access), through the real views and services."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forum.services import answer_edit, thread_edit
from moderation.models import Escalation
from moderation.services import post_hide
from moderation.thread_actions import thread_close_as_duplicate, thread_lock
from tests.factories import make_answer, make_category, make_thread, make_user


def _edit_form(thread, **changes):
    data = {
        "title": thread.title,
        "body": thread.body,
        "category": thread.category_id,
        "tags": "",
    }
    return {**data, **changes}


def test_the_author_cannot_edit_a_thread_after_a_moderator_locked_it(
    client, thread, user, moderator
):
    thread_lock(thread=thread, moderator=moderator, reason="Resolved by staff")
    client.force_login(user)
    edit_url = reverse("forum:thread_edit", args=[thread.pk])
    assert client.get(edit_url).status_code == 403
    response = client.post(edit_url, _edit_form(thread, title="Rewritten after the lock"))
    assert response.status_code == 403
    assert "locked" in response.content.decode()
    thread.refresh_from_db()
    assert thread.title == "I forgot my password"
    with pytest.raises(PermissionDenied):
        thread_edit(thread=thread, editor=user, title="Via the service", body=thread.body)


def test_a_thread_closed_as_a_duplicate_cannot_be_moved_to_complaints_by_its_author(
    client, thread, user, moderator, django_capture_on_commit_callbacks
):
    original = make_thread(title="The original question")
    thread_close_as_duplicate(thread=thread, original=original, moderator=moderator)
    complaints = make_category(name="Complaints", slug="complaints", is_complaints=True)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forum:thread_edit", args=[thread.pk]),
            _edit_form(thread, category=complaints.pk),
        )
    assert response.status_code == 403
    thread.refresh_from_db()
    assert thread.category_id != complaints.pk
    assert not Escalation.objects.exists()


def test_the_author_cannot_edit_an_answer_in_a_locked_thread_but_a_moderator_can(
    thread, other_user, moderator
):
    answer = make_answer(thread=thread, author=other_user, body="Try the reset link.")
    thread_lock(thread=thread, moderator=moderator)
    answer.refresh_from_db()
    with pytest.raises(PermissionDenied):
        answer_edit(answer=answer, editor=other_user, body="Changed after the lock")
    answer_edit(answer=answer, editor=moderator, body="Moderator note: see the FAQ.")
    answer.refresh_from_db()
    assert answer.body == "Moderator note: see the FAQ."


def test_only_staff_may_change_a_staff_members_official_post(client, thread, moderator, staff):
    official = make_answer(thread=thread, author=staff, body="Official: we never ask for keys.")
    client.force_login(moderator)
    thread_page = client.get(thread.get_absolute_url()).content.decode()
    assert reverse("forum:answer_edit", args=[official.pk]) not in thread_page
    response = client.post(
        reverse("forum:answer_edit", args=[official.pk]), {"body": "Send me your keys."}
    )
    assert response.status_code == 403
    official.refresh_from_db()
    assert official.body == "Official: we never ask for keys."
    other_staff = make_user(username="staff2", is_staff=True)
    answer_edit(answer=official, editor=other_staff, body="Official: we never ask for keys!")


def test_a_duplicate_banner_does_not_name_an_original_the_reader_may_not_see(
    client, thread, moderator, user
):
    original = make_thread(title="Secret original about keys")
    thread_close_as_duplicate(thread=thread, original=original, moderator=moderator)
    post_hide(post=original, moderator=moderator, reason="Spam")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Secret original about keys" not in page
    assert original.get_absolute_url() not in page
    assert "closed as a duplicate of a question that is no longer available" in page
    client.force_login(moderator)  # moderators see hidden threads, so the link stays for them
    assert "Secret original about keys" in client.get(thread.get_absolute_url()).content.decode()


def test_anonymous_visitors_are_sent_to_log_in_and_members_get_403_on_staff_pages(client, user):
    for url in (
        reverse("forum:ask"),
        reverse("moderation:staff_queue"),
        reverse("faq:entry_create"),
    ):
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(user)
    assert client.get(reverse("forum:ask")).status_code == 200
    assert client.get(reverse("moderation:staff_queue")).status_code == 403
    assert client.get(reverse("faq:entry_create")).status_code == 403
