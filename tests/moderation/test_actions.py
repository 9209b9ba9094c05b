import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forum.models import Thread
from moderation.models import AuditAction, AuditLogEntry, FlagReason, FlagStatus
from moderation.services import flag_create, post_hide, post_unhide
from moderation.thread_actions import thread_lock, thread_move, thread_pin, thread_unlock
from tests.factories import make_category

THREAD_ACTIONS = ["hide", "unhide", "lock", "unlock", "pin", "unpin", "reopen", "dismiss-flags"]


def test_post_hide_hides_resolves_flags_and_logs_who_what_and_why(answer, user, moderator):
    flag_create(user=user, post=answer, reason=FlagReason.SCAM)
    post_hide(post=answer, moderator=moderator, reason="Phishing link")
    answer.refresh_from_db()
    assert answer.is_hidden
    assert answer.flags.get().status == FlagStatus.ACTIONED
    entry = AuditLogEntry.objects.get()
    assert (entry.actor, entry.action, entry.answer, entry.reason) == (
        moderator,
        AuditAction.HIDE,
        answer,
        "Phishing link",
    )
    assert entry.details == {"flags": 1}
    assert entry.created_at is not None


def test_hiding_twice_or_unhiding_a_visible_post_is_a_clear_error(thread, moderator):
    with pytest.raises(ValidationError) as error:
        post_unhide(post=thread, moderator=moderator)
    assert error.value.code == "not_hidden"
    post_hide(post=thread, moderator=moderator)
    with pytest.raises(ValidationError) as error:
        post_hide(post=thread, moderator=moderator)
    assert error.value.code == "already_hidden"
    assert AuditLogEntry.objects.count() == 1


def test_members_cannot_call_moderation_services(thread, other_user):
    with pytest.raises(PermissionDenied):
        post_hide(post=thread, moderator=other_user)
    with pytest.raises(PermissionDenied):
        thread_lock(thread=thread, moderator=other_user)
    thread.refresh_from_db()
    assert not thread.is_hidden and not thread.is_locked
    assert not AuditLogEntry.objects.exists()


def test_hiding_an_accepted_answer_unaccepts_it_and_unhiding_restores_it(
    answer, thread, user, moderator
):
    from forum.services import answer_accept

    answer_accept(answer=answer, user=user)
    post_hide(post=answer, moderator=moderator)
    thread.refresh_from_db()
    assert thread.accepted_answer_id is None
    post_unhide(post=answer, moderator=moderator)
    thread.refresh_from_db()
    assert thread.accepted_answer_id == answer.pk


def test_lock_pin_and_move_change_the_thread_and_log_it(thread, moderator):
    complaints = make_category(name="Complaints", is_complaints=True)
    thread_lock(thread=thread, moderator=moderator)
    thread_pin(thread=thread, moderator=moderator, reason="Announcement")
    thread_move(thread=thread, moderator=moderator, category=complaints)
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned and thread.category == complaints
    assert list(AuditLogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        AuditAction.LOCK,
        AuditAction.PIN,
        AuditAction.MOVE,
    ]
    # Moving into the complaints category sends the thread to staff.
    assert thread.escalation.source == "complaints"
    thread_unlock(thread=thread, moderator=moderator)
    with pytest.raises(ValidationError):
        thread_unlock(thread=thread, moderator=moderator)
    with pytest.raises(ValidationError):
        thread_move(thread=thread, moderator=moderator, category=complaints)


@pytest.mark.parametrize("action", THREAD_ACTIONS)
def test_thread_actions_are_post_only(client_for, moderator, thread, action):
    url = reverse("moderation:thread_action", args=[thread.pk, action])
    assert client_for(moderator).get(url).status_code == 405


def test_thread_actions_by_role(client_for, thread, user, other_user, moderator, staff):
    url = reverse("moderation:thread_action", args=[thread.pk, "lock"])
    anonymous = client_for(None).post(url)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    for member in (user, other_user):  # the author is no moderator either
        denied = client_for(member).post(url)
        assert denied.status_code == 403
        assert "Only moderators" in denied.content.decode()
    thread.refresh_from_db()
    assert not thread.is_locked
    assert client_for(moderator).post(url).status_code == 302
    thread.refresh_from_db()
    assert thread.is_locked
    unlock = reverse("moderation:thread_action", args=[thread.pk, "unlock"])
    assert client_for(staff).post(unlock).status_code == 302
    thread.refresh_from_db()
    assert not thread.is_locked
    assert [e.actor for e in AuditLogEntry.objects.order_by("pk")] == [moderator, staff]


def test_answer_actions_by_role(client_for, answer, user, moderator, staff):
    hide = reverse("moderation:answer_action", args=[answer.pk, "hide"])
    unhide = reverse("moderation:answer_action", args=[answer.pk, "unhide"])
    assert client_for(moderator).get(hide).status_code == 405
    assert client_for(None).post(hide).status_code == 302
    assert client_for(user).post(hide).status_code == 403
    answer.refresh_from_db()
    assert not answer.is_hidden
    back = f"{answer.thread.get_absolute_url()}#answer-{answer.pk}"
    response = client_for(moderator).post(hide, {"reason": "scam", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    answer.refresh_from_db()
    assert answer.is_hidden
    assert client_for(staff).post(unhide).status_code == 302
    answer.refresh_from_db()
    assert not answer.is_hidden


def test_an_unsafe_next_url_is_ignored(client_for, thread, moderator):
    response = client_for(moderator).post(
        reverse("moderation:thread_action", args=[thread.pk, "pin"]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == thread.get_absolute_url()


def test_actions_on_missing_posts_are_404(client_for, moderator):
    client = client_for(moderator)
    assert (
        client.post(reverse("moderation:thread_action", args=[999999, "hide"])).status_code == 404
    )
    assert (
        client.post(reverse("moderation:answer_action", args=[999999, "hide"])).status_code == 404
    )
    assert client.post(reverse("moderation:thread_move", args=[999999])).status_code == 404
    assert (
        client.post(
            reverse("moderation:thread_close_duplicate", args=[999999]), {"original": "1"}
        ).status_code
        == 404
    )
    assert client.get(reverse("moderation:thread_moderate", args=[999999])).status_code == 404


def test_an_unknown_action_is_404(client_for, thread, moderator):
    url = reverse("moderation:thread_action", args=[thread.pk, "explode"])
    assert client_for(moderator).post(url).status_code == 404


def test_a_repeated_action_shows_a_message_not_an_error_page(client_for, thread, moderator):
    client = client_for(moderator)
    url = reverse("moderation:thread_action", args=[thread.pk, "pin"])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "already pinned" in response.content.decode()


def test_a_too_long_reason_is_refused_without_changing_the_post(client_for, thread, moderator):
    client_for(moderator).post(
        reverse("moderation:thread_action", args=[thread.pk, "hide"]), {"reason": "x" * 1001}
    )
    thread.refresh_from_db()
    assert not thread.is_hidden


def test_move_view_by_role_and_bad_category(client_for, thread, user, moderator):
    target = make_category(name="Wallets")
    url = reverse("moderation:thread_move", args=[thread.pk])
    assert client_for(moderator).get(url).status_code == 405
    assert client_for(None).post(url, {"category": target.pk}).status_code == 302
    assert client_for(user).post(url, {"category": target.pk}).status_code == 403
    bad = client_for(moderator).post(url, {"category": "999999", "reason": "keep me"})
    assert bad.status_code == 400
    assert "keep me" in bad.content.decode()
    assert client_for(moderator).post(url, {"category": target.pk}).status_code == 302
    assert Thread.objects.get(pk=thread.pk).category == target


def test_the_moderation_page_of_a_thread_is_for_moderators(client_for, thread, user, moderator):
    url = reverse("moderation:thread_moderate", args=[thread.pk])
    assert client_for(None).get(url).status_code == 302
    assert client_for(user).get(url).status_code == 403
    assert client_for(moderator).get(url).status_code == 200
