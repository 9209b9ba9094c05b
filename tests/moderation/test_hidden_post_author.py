"""The author of a hidden post reads it with the moderator's reason and may appeal once; to
everyone else it still does not exist (404, not listed, not found)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forum.services import answer_create, thread_edit
from moderation.models import Flag, FlagReason, FlagStatus
from moderation.selectors import flag_queue
from moderation.services import post_hide
from notifications.models import Kind, Notification
from tests.factories import make_user


@pytest.fixture
def hide(client, moderator, django_capture_on_commit_callbacks):
    """Hide a post through the moderator's button, with a reason."""

    def run(post, reason):
        kind = "thread" if post.__class__.__name__ == "Thread" else "answer"
        client.force_login(moderator)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse(f"moderation:{kind}_action", args=[post.pk, "hide"]), {"reason": reason}
            )
        client.logout()

    return run


def test_the_author_of_a_hidden_answer_sees_it_with_the_reason_and_an_appeal_others_do_not(
    client, hide, thread, answer
):
    answer.refresh_from_db()
    hide(answer, "Links to a fake wallet site")
    client.force_login(answer.author)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert answer.body_html in page
    assert "A moderator hid your answer" in page
    assert "Reason: Links to a fake wallet site" in page
    assert reverse("moderation:appeal_answer", args=[answer.pk]) in page
    assert reverse("forum:answer_edit", args=[answer.pk]) not in page  # no quiet rewrite
    for reader in (thread.author, make_user(), None):
        client.logout()
        if reader is not None:
            client.force_login(reader)
        other_page = client.get(thread.get_absolute_url())
        assert other_page.status_code == 200
        assert answer.body_html not in other_page.content.decode()
        assert "Links to a fake wallet site" not in other_page.content.decode()


def test_a_hidden_thread_is_404_for_everyone_but_its_author_who_cannot_change_it(
    client, hide, thread, other_user
):
    hide(thread, "Duplicate spam")
    client.force_login(other_user)
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(thread.author)
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200
    assert "A moderator hid your question" in page.content.decode()
    assert "Reason: Duplicate spam" in page.content.decode()
    # Never listed, even for its author; no edits, answers or appeals around moderation.
    assert thread.title not in client.get(reverse("forum:home")).content.decode()
    assert client.get(reverse("forum:thread_edit", args=[thread.pk])).status_code == 403
    answered = client.post(reverse("forum:answer_create", args=[thread.pk]), {"body": "Bump!"})
    assert answered.status_code == 400
    assert not thread.answers.exists()
    thread.refresh_from_db()
    with pytest.raises(PermissionDenied):
        thread_edit(
            thread=thread,
            editor=thread.author,
            title="A new title",
            body="New text",
            category=thread.category,
        )
    with pytest.raises(ValidationError) as refused:
        answer_create(thread=thread, author=thread.author, body="Hidden answer")
    assert refused.value.code == "hidden"


def test_the_appeal_raises_one_flag_in_the_moderators_queue_and_only_once(
    client, hide, moderator, thread, answer
):
    hide(answer, "Spam")
    client.force_login(answer.author)
    url = reverse("moderation:appeal_answer", args=[answer.pk])
    response = client.post(url, {"text": "It is the official guide, not spam."})
    assert response.status_code == 302 and response["Location"].endswith(f"#answer-{answer.pk}")
    appeal = Flag.objects.get()
    assert (appeal.user, appeal.answer, appeal.reason, appeal.status) == (
        answer.author,
        answer,
        FlagReason.APPEAL,
        FlagStatus.OPEN,
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "You have appealed. Moderators will review your post." in page
    again = client.post(url, {"text": "Please!"})
    assert again.status_code == 400 and Flag.objects.count() == 1
    client.force_login(moderator)
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert [item.post for item in flag_queue()] == [answer]
    assert "It is the official guide, not spam." in queue


def test_an_empty_appeal_keeps_the_page_and_others_cannot_appeal(client, hide, thread, answer):
    hide(answer, "Spam")
    client.force_login(answer.author)
    url = reverse("moderation:appeal_answer", args=[answer.pk])
    response = client.post(url, {"text": "   "})
    assert response.status_code == 400 and not Flag.objects.exists()
    client.force_login(thread.author)
    assert client.post(url, {"text": "Not mine"}).status_code == 404
    assert not Flag.objects.exists()


def test_unhiding_grants_the_appeal_and_tells_the_author(
    client, hide, moderator, answer, django_capture_on_commit_callbacks
):
    hide(answer, "Spam")
    client.force_login(answer.author)
    client.post(reverse("moderation:appeal_answer", args=[answer.pk]), {"text": "Not spam"})
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("moderation:answer_action", args=[answer.pk, "unhide"]))
    assert Flag.objects.get().status == FlagStatus.RESTORED
    outcome = Notification.objects.get(recipient=answer.author, kind=Kind.FLAG_OUTCOME)
    assert outcome.answer == answer
    client.force_login(answer.author)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "moderators made the post visible again" in page


def test_a_refused_appeal_is_final_until_the_post_is_hidden_again(
    client, hide, moderator, answer, django_capture_on_commit_callbacks
):
    hide(answer, "Spam")
    client.force_login(answer.author)
    url = reverse("moderation:appeal_answer", args=[answer.pk])
    client.post(url, {"text": "Not spam"})
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("moderation:answer_action", args=[answer.pk, "dismiss-flags"]))
    client.force_login(answer.author)
    assert client.post(url, {"text": "Really not spam"}).status_code == 400
    assert "kept the post hidden" in client.get(url).content.decode()
    client.force_login(moderator)
    client.post(reverse("moderation:answer_action", args=[answer.pk, "unhide"]))
    post_hide(post=answer, moderator=moderator, reason="Spam again")
    client.force_login(answer.author)
    assert client.post(url, {"text": "Third look please"}).status_code == 302
    assert Flag.objects.get().status == FlagStatus.OPEN


def test_members_cannot_flag_with_the_appeal_reason(client, other_user, thread):
    client.force_login(other_user)
    response = client.post(
        reverse("moderation:flag_thread", args=[thread.pk]), {"reason": FlagReason.APPEAL}
    )
    assert response.status_code == 400 and not Flag.objects.exists()
