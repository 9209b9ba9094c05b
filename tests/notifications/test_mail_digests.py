"""Daily and weekly digests: one mail gathers a member's notifications of their digest topics;
running the command again sends nothing; the digest's link turns off that digest's topics."""

import io

import pytest
from django.core.management import call_command

from forum.services import answer_accept
from notifications.mail.preferences import frequencies_for, preferences_set
from notifications.models import EmailTopic, Frequency, MailStatus, Notification, OutgoingMail
from tests.factories import make_answer, make_thread, make_user
from tests.notifications.mailserver import part, subject


@pytest.fixture
def asker(db):
    asker = make_user(username="tom", email="tom@example.com")
    preferences_set(user=asker, frequencies={EmailTopic.ANSWERS_TO_MY_QUESTIONS: Frequency.DAILY})
    return asker


def _digests(frequency: str) -> str:
    out = io.StringIO()
    call_command("send_digests", frequency=frequency, stdout=out)
    return out.getvalue()


def test_a_daily_digest_gathers_several_notifications_into_one_mail_once(
    deliver, django_capture_on_commit_callbacks, mail_server, asker, category
):
    answerer = make_user(username="alice", email="alice@example.com")
    first = make_thread(author=asker, category=category, title="提现一直没到账怎么办")
    second = make_thread(author=asker, category=category, title="How do I change my phone?")
    answer = deliver(make_answer, thread=first, author=answerer)
    deliver(make_answer, thread=second, author=make_user())
    deliver(answer_accept, answer=answer, user=asker)  # alice's topic "my answers": daily too
    assert mail_server.messages == []  # nothing immediate

    with django_capture_on_commit_callbacks(execute=True):
        assert _digests("daily").startswith("2 daily")
    tom, alice = mail_server.inbox.to("tom@example.com"), mail_server.inbox.to("alice@example.com")
    assert len(tom) == 1 and len(alice) == 1
    assert subject(tom[0]) == "Your Wenda digest: 2 notifications"
    text = part(tom[0], "text/plain")
    assert "提现一直没到账怎么办" in text and "How do I change my phone?" in text
    assert "was accepted" in part(alice[0], "text/html")
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    digest = OutgoingMail.objects.get(recipient=asker)
    assert (digest.frequency, digest.status, digest.notifications.count()) == (
        Frequency.DAILY,
        MailStatus.SENT,
        2,
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert _digests("daily").startswith("0 daily")
        assert _digests("weekly").startswith("0 weekly")
    assert len(mail_server.messages) == 2


def test_a_digest_skips_read_and_hidden_notifications_and_members_without_an_address(
    deliver, django_capture_on_commit_callbacks, mail_server, asker, category
):
    nobody = make_user()
    preferences_set(user=nobody, frequencies={EmailTopic.ANSWERS_TO_MY_QUESTIONS: Frequency.DAILY})
    deliver(make_answer, thread=make_thread(author=nobody, category=category), author=asker)
    read = make_thread(author=asker, category=category)
    deliver(make_answer, thread=read, author=make_user())
    Notification.objects.filter(thread=read).update(read_at=read.created_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert _digests("daily").startswith("0 daily")
    assert mail_server.messages == [] and not OutgoingMail.objects.exists()


def test_the_digests_unsubscribe_link_turns_off_every_topic_of_that_digest(
    client, deliver, django_capture_on_commit_callbacks, mail_server, asker, category
):
    deliver(make_answer, thread=make_thread(author=asker, category=category), author=make_user())
    with django_capture_on_commit_callbacks(execute=True):
        _digests("daily")
    [message] = mail_server.messages
    path = (
        str(message["List-Unsubscribe"]).strip().strip("<>").removeprefix("https://wenda.example")
    )
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    frequencies = frequencies_for(user=asker)
    assert {topic for topic, chosen in frequencies.items() if chosen == Frequency.NEVER} == {
        EmailTopic.ANSWERS_TO_MY_QUESTIONS,
        EmailTopic.WATCHED_THREADS,
        EmailTopic.MY_ANSWERS,
        EmailTopic.FLAGS,
        EmailTopic.WATCHED_CATEGORIES_TAGS,
    }
    assert frequencies[EmailTopic.STAFF_NOTES] == Frequency.IMMEDIATELY
