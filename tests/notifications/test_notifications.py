"""Notifications through the real services and views: the forum and the FAQ announce events after
commit, notifications hears them (so writes run in django_capture_on_commit_callbacks)."""

import pytest
from django.urls import reverse
from django.utils import translation

from forum.services import answer_accept, answer_delete
from moderation.services import post_hide
from notifications.models import Kind, Notification
from tests.factories import make_answer, make_user
from tests.faq.factories import make_faq_category, promote


def _unread(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def test_the_asker_hears_of_an_answer_and_a_second_one_collapses_into_two_new_answers(
    client, deliver, thread, other_user
):
    first = deliver(make_answer, thread=thread, author=other_user)
    notice = _unread(thread.author).get()
    assert (notice.kind, notice.count, notice.answer, notice.actor) == (
        Kind.NEW_ANSWER,
        1,
        first,
        other_user,
    )
    second = deliver(make_answer, thread=thread, author=make_user())
    notice = _unread(thread.author).get()
    assert notice.count == 2 and notice.answer == second

    client.force_login(thread.author)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "2 new answers on “I forgot my password”" in page
    # The link marks it read and leads to the exact answer.
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/t/{thread.pk}/#answer-{second.pk}"
    assert not _unread(thread.author).exists()
    # Once read, the next answer opens a new notification.
    deliver(make_answer, thread=thread, author=other_user)
    assert _unread(thread.author).get().count == 1


def test_the_asker_answering_their_own_question_is_not_notified(deliver, thread):
    deliver(make_answer, thread=thread, author=thread.author)
    assert not Notification.objects.exists()


def test_delivering_the_same_event_twice_notifies_once(deliver, thread, other_user):
    from core.events import deliver as deliver_event
    from forum.events import AnswerCreated

    answer = deliver(make_answer, thread=thread, author=other_user)
    deliver_event(AnswerCreated(answer_id=answer.pk, thread_id=thread.pk, author_id=other_user.pk))
    assert Notification.objects.get().count == 1


def test_acceptance_notifies_the_answerer_but_not_an_asker_accepting_their_own(
    deliver, thread, other_user
):
    answer = deliver(make_answer, thread=thread, author=other_user)
    deliver(answer_accept, answer=answer, user=thread.author)
    accepted = Notification.objects.get(kind=Kind.ANSWER_ACCEPTED)
    assert accepted.recipient == other_user and accepted.actor == thread.author
    own = deliver(make_answer, thread=thread, author=thread.author)
    deliver(answer_accept, answer=own, user=thread.author)
    assert Notification.objects.filter(kind=Kind.ANSWER_ACCEPTED).count() == 1


def test_promotion_to_the_faq_notifies_the_author_and_links_the_entry(
    client, deliver, answer, moderator
):
    entry = deliver(promote, answer, moderator, make_faq_category())
    notice = Notification.objects.get(kind=Kind.ANSWER_PROMOTED)
    assert notice.recipient == answer.author and notice.faq_entry == entry
    client.force_login(answer.author)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f"Your answer is now in the FAQ: “{entry.question}”" in page
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response["Location"] == entry.get_absolute_url()


def test_a_moderator_promoting_their_own_answer_is_not_notified(deliver, thread, moderator):
    own = deliver(make_answer, thread=thread, author=moderator)
    deliver(promote, own, moderator, make_faq_category())
    assert not Notification.objects.filter(kind=Kind.ANSWER_PROMOTED).exists()


def test_the_bell_shows_the_unread_count_and_the_json_lists_the_unread_items(
    client, deliver, thread, other_user
):
    answer = deliver(make_answer, thread=thread, author=other_user)
    client.force_login(thread.author)
    home = client.get(reverse("forum:home")).content.decode()
    assert "1 notification" in home and reverse("notifications:list") in home

    data = client.get(reverse("notifications:unread_json")).json()
    notice = Notification.objects.get()
    assert data["unread"] == 1
    assert data["items"] == [
        {
            "id": notice.pk,
            "kind": "new_answer",
            "text": "New answer on “I forgot my password”",
            "count": 1,
            "is_unread": True,
            "url": reverse("notifications:open", args=[notice.pk]),
            "target_url": answer.get_absolute_url(),
            "updated_at": notice.updated_at.isoformat(),
        }
    ]


def test_mark_one_and_mark_all_read_take_a_post_and_clear_the_bell(
    client, deliver, thread, other_user, category
):
    from tests.factories import make_thread

    deliver(make_answer, thread=thread, author=other_user)
    second_thread = make_thread(author=thread.author, category=category)
    deliver(make_answer, thread=second_thread, author=other_user)
    first, second = Notification.objects.order_by("pk")
    client.force_login(thread.author)

    assert client.get(reverse("notifications:mark_read", args=[first.pk])).status_code == 405
    response = client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")
    assert list(_unread(thread.author)) == [second]
    response = client.post(reverse("notifications:mark_all_read"), HTTP_ACCEPT="application/json")
    assert response.json() == {"unread": 0}
    assert not _unread(thread.author).exists()
    assert "1 notification" not in client.get(reverse("forum:home")).content.decode()


def test_marking_someone_elses_notification_read_is_a_404(client, deliver, thread, other_user):
    deliver(make_answer, thread=thread, author=other_user)
    client.force_login(other_user)
    notice = Notification.objects.get()
    assert client.post(reverse("notifications:mark_read", args=[notice.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 404
    assert _unread(thread.author).exists()


def test_the_list_reads_in_chinese_for_a_chinese_reader(client, deliver, thread, other_user):
    deliver(make_answer, thread=thread, author=other_user)
    deliver(make_answer, thread=thread, author=make_user())
    client.force_login(thread.author)
    page = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert "通知" in text and "全部标为已读" in text
    with translation.override("zh-hans"):
        from notifications.presentation import notification_text

        expected = notification_text(Notification.objects.get(recipient=thread.author))
    assert expected in text and "new answers" not in text


def test_a_notification_about_a_hidden_or_deleted_post_leaves_the_list_and_never_404s(
    client, deliver, thread, other_user, moderator
):
    answer = deliver(make_answer, thread=thread, author=other_user)
    notice = Notification.objects.get()
    deliver(post_hide, post=answer, moderator=moderator, reason="spam")
    client.force_login(thread.author)
    assert "I forgot my password" not in client.get(reverse("notifications:list")).content.decode()
    assert client.get(reverse("notifications:unread_json")).json()["unread"] == 0
    response = client.get(reverse("notifications:open", args=[notice.pk]), follow=True)
    assert response.redirect_chain == [(reverse("notifications:list"), 302)]
    assert "That post is no longer available." in response.content.decode()

    other = deliver(make_answer, thread=thread, author=make_user())
    deliver(answer_delete, answer=other, user=other.author)
    assert client.get(reverse("notifications:unread_json")).json()["unread"] == 0


def test_the_list_is_paginated_newest_first(client, deliver, user, other_user, category):
    from tests.factories import make_thread

    threads = [make_thread(author=user, category=category) for _ in range(32)]
    for thread in threads:
        deliver(make_answer, thread=thread, author=other_user)
    client.force_login(user)
    first_page = client.get(reverse("notifications:list")).content.decode()
    assert threads[-1].title in first_page and f"“{threads[0].title}”" not in first_page
    second_page = client.get(reverse("notifications:list"), {"page": 2}).content.decode()
    assert f"“{threads[0].title}”" in second_page


@pytest.mark.parametrize(
    "method,name,args",
    [
        ("get", "notifications:list", []),
        ("get", "notifications:unread_json", []),
        ("get", "notifications:open", [1]),
        ("post", "notifications:mark_read", [1]),
        ("post", "notifications:mark_all_read", []),
    ],
)
def test_an_anonymous_visitor_is_sent_to_log_in(client, db, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_old_faq_notifications_address_redirects_permanently(client, db):
    response = client.get("/faq/notifications/")
    assert response.status_code == 301 and response["Location"] == "/notifications/"


def test_an_anonymous_visitor_sees_no_bell(client, db):
    assert reverse("notifications:list") not in client.get(reverse("forum:home")).content.decode()
