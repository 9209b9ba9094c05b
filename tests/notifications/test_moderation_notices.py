"""What moderators and staff did reaches the member it concerns, with the reason, through the
real moderator and staff views (moderation announces after commit, notifications hears it)."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.events import deliver as deliver_event
from forum.services import answer_delete
from moderation.escalations import escalation_request
from moderation.events import PostHidden
from moderation.models import EscalationStatus, Urgency
from moderation.services import flag_create
from notifications.models import Kind, Notification
from notifications.presentation import notification_text
from tests.factories import make_answer, make_category, make_thread, make_user


@pytest.fixture
def as_moderator(client, moderator, django_capture_on_commit_callbacks):
    """POST as the moderator and deliver what the action announced, as its commit would."""

    def post(url, data=None):
        client.force_login(moderator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data or {})
        client.logout()
        return response

    return post


def _notices(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind)


def _list_page(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("notifications:list")).content.decode()


def test_hiding_an_answer_tells_its_author_the_reason_and_links_to_the_answer(
    client, as_moderator, moderator, thread, answer
):
    response = as_moderator(
        reverse("moderation:answer_action", args=[answer.pk, "hide"]),
        {"reason": "Asks for a recovery phrase"},
    )
    assert response.status_code == 302
    notice = _notices(answer.author, Kind.POST_HIDDEN).get()
    assert (notice.actor, notice.answer, notice.detail) == (
        moderator,
        answer,
        "Asks for a recovery phrase",
    )
    page = _list_page(client, answer.author)
    assert "A moderator hid your answer on “I forgot my password”: Asks for a recovery phrase" in (
        page
    )
    opened = client.get(reverse("notifications:open", args=[notice.pk]))
    assert opened["Location"] == f"/t/{thread.pk}/#answer-{answer.pk}"
    assert client.get(opened["Location"]).status_code == 200
    # Nobody else hears of it: not the asker, not the moderator.
    assert not Notification.objects.exclude(recipient=answer.author).exists()


def test_hiding_a_question_tells_the_asker_and_the_notice_still_opens_the_thread(
    client, as_moderator, thread
):
    as_moderator(
        reverse("moderation:thread_action", args=[thread.pk, "hide"]), {"reason": "Off topic"}
    )
    notice = _notices(thread.author, Kind.POST_HIDDEN).get()
    assert notice.answer is None
    page = _list_page(client, thread.author)
    assert "A moderator hid your question “I forgot my password”: Off topic" in page
    opened = client.get(reverse("notifications:open", args=[notice.pk]), follow=True)
    assert opened.status_code == 200 and opened.redirect_chain[-1][0] == f"/t/{thread.pk}/"


def test_closing_moving_and_locking_each_tell_the_asker_with_the_reason(
    client, as_moderator, thread
):
    original = make_thread(title="How to reset a password")
    elsewhere = make_category(name="Security", slug="security")
    as_moderator(
        reverse("moderation:thread_close_duplicate", args=[thread.pk]),
        {"original": str(original.pk), "reason": "Answered there"},
    )
    as_moderator(
        reverse("moderation:thread_move", args=[thread.pk]),
        {"category": elsewhere.pk, "reason": "About security"},
    )
    as_moderator(reverse("moderation:thread_action", args=[thread.pk, "lock"]), {"reason": ""})
    assert set(Notification.objects.values_list("recipient", flat=True)) == {thread.author.pk}
    kinds = dict(Notification.objects.values_list("kind", "detail"))
    assert kinds == {
        Kind.THREAD_CLOSED: "Answered there",
        Kind.THREAD_MOVED: "About security",
        Kind.THREAD_LOCKED: "",
    }
    page = _list_page(client, thread.author)
    assert "closed your question “I forgot my password” as a duplicate: Answered there" in page
    assert "moved your question “I forgot my password” to Security: About security" in page
    assert "A moderator locked your question “I forgot my password”<" in page


def test_the_notice_is_written_in_the_readers_language_with_the_reason_as_written(
    as_moderator, answer
):
    as_moderator(
        reverse("moderation:answer_action", args=[answer.pk, "hide"]), {"reason": "诈骗链接"}
    )
    notice = _notices(answer.author, Kind.POST_HIDDEN).get()
    with translation.override("zh-hans"):
        text = notification_text(notice)
    assert "诈骗链接" in text and "A moderator" not in text


def test_nobody_is_told_of_their_own_action_nor_a_deactivated_author(
    as_moderator, moderator, category
):
    own = make_thread(author=moderator, category=category)
    as_moderator(reverse("moderation:thread_action", args=[own.pk, "lock"]))
    gone = make_user()
    theirs = make_thread(author=gone, category=category)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    as_moderator(reverse("moderation:thread_action", args=[theirs.pk, "lock"]))
    assert not Notification.objects.exists()


def test_an_event_delivered_twice_tells_once_but_hiding_again_is_news(
    as_moderator, moderator, answer
):
    hide = reverse("moderation:answer_action", args=[answer.pk, "hide"])
    as_moderator(hide, {"reason": "Spam"})
    first = _notices(answer.author, Kind.POST_HIDDEN).get()
    deliver_event(
        PostHidden(
            thread_id=answer.thread_id,
            answer_id=answer.pk,
            author_id=answer.author_id,
            moderator_id=moderator.pk,
            reason="Spam",
            at=first.created_at,
        )
    )
    assert _notices(answer.author, Kind.POST_HIDDEN).count() == 1
    as_moderator(reverse("moderation:answer_action", args=[answer.pk, "unhide"]))
    as_moderator(hide, {"reason": "Spam again"})
    assert list(
        _notices(answer.author, Kind.POST_HIDDEN).order_by("pk").values_list("detail", flat=True)
    ) == ["Spam", "Spam again"]


def test_staff_waiting_for_the_user_with_a_note_shows_the_asker_the_note_in_full(
    client, staff, thread, django_capture_on_commit_callbacks
):
    escalation = escalation_request(thread=thread, user=thread.author, note="Funds missing")
    note = "Please send the transaction id of the withdrawal; we cannot find it otherwise."
    client.force_login(staff)
    url = reverse("moderation:escalation_update", args=[escalation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {"urgency": Urgency.URGENT, "status": EscalationStatus.WAITING, "note": note},
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {"urgency": Urgency.URGENT, "status": EscalationStatus.WAITING, "note": "Any news?"},
        )
    notices = _notices(thread.author, Kind.ESCALATION_UPDATE).order_by("pk")
    assert [n.escalation for n in notices] == [escalation, escalation]  # every update is news
    page = _list_page(client, thread.author)
    assert f"(status: Waiting for the user): {note}" in page
    assert "(status: Waiting for the user): Any news?" in page
    # The thread page shows the latest note to the asker, not to other members.
    assert "Staff note: Any news?" in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(make_user())
    assert "Any news?" not in client.get(thread.get_absolute_url()).content.decode()


def test_resolving_flags_tells_each_flagger_the_outcome(
    client, as_moderator, moderator, thread, answer
):
    reporter, second = make_user(), make_user()
    flag_create(user=reporter, post=thread, reason="spam")
    flag_create(user=second, post=answer, reason="scam")
    as_moderator(reverse("moderation:thread_action", args=[thread.pk, "dismiss-flags"]))
    as_moderator(reverse("moderation:answer_action", args=[answer.pk, "hide"]))

    page = _list_page(client, reporter)
    assert "Your flag on “I forgot my password” was handled: moderators found nothing" in page
    dismissed = _notices(reporter, Kind.FLAG_OUTCOME).get()
    assert dismissed.thread == thread  # the post is still public: the notice links to it
    # The hidden answer is out of the flagger's sight: the notice stays, and leads nowhere.
    page = _list_page(client, second)
    assert "was handled: moderators hid the post" in page
    hidden = _notices(second, Kind.FLAG_OUTCOME).get()
    assert (hidden.thread, hidden.answer, hidden.actor) == (None, None, moderator)
    opened = client.get(reverse("notifications:open", args=[hidden.pk]))
    assert opened["Location"] == reverse("notifications:list")


def test_a_notice_whose_post_was_deleted_since_disappears(client, as_moderator, thread):
    answer = make_answer(thread=thread, author=make_user())
    as_moderator(reverse("moderation:thread_action", args=[thread.pk, "lock"]))
    as_moderator(reverse("moderation:answer_action", args=[answer.pk, "hide"]))
    assert _notices(answer.author, Kind.POST_HIDDEN).exists()
    answer_delete(answer=answer, user=make_user(moderator=True))
    assert "I forgot my password" not in _list_page(client, answer.author)
    assert "I forgot my password" in _list_page(client, thread.author)
