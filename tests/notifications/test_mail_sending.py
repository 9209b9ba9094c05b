"""Notification e-mail through a real SMTP server on loopback: answers are posted through the real
view, the mail task runs after the commit (tasks run immediately in tests), messages are parsed
and their links followed."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from moderation.services import post_hide
from notifications.mail.preferences import preferences_set
from notifications.models import EmailTopic, Frequency, MailStatus, Notification, OutgoingMail
from tests.factories import make_answer, make_thread, make_user
from tests.notifications.mailserver import SilentServer, part, subject

SITE = "https://wenda.example"


@pytest.fixture
def asker(db):
    return make_user(username="tom", email="tom@example.com")


@pytest.fixture
def asked(asker, category):
    return make_thread(author=asker, category=category, title="提现一直没到账怎么办")


def _post_answer(client, django_capture_on_commit_callbacks, thread, author, body="Wait a day."):
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("forum:answer_create", args=[thread.pk]), {"body": body})
    assert response.status_code == 302
    return thread.answers.order_by("-pk").first()


def _send_queued() -> None:
    call_command("send_queued_mail", stdout=io.StringIO())


def _links(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def test_the_asker_gets_a_mail_with_text_html_and_one_click_headers_when_an_answer_is_posted(
    client, django_capture_on_commit_callbacks, mail_server, asked, other_user
):
    answer = _post_answer(client, django_capture_on_commit_callbacks, asked, other_user)

    [message] = mail_server.messages
    assert message["To"] == "tom@example.com"
    assert subject(message) == "New answer on “提现一直没到账怎么办”"
    text, html = part(message, "text/plain"), part(message, "text/html")
    assert "提现一直没到账怎么办" in text and "提现一直没到账怎么办" in html
    unsubscribe = str(message["List-Unsubscribe"]).strip()
    assert re.fullmatch(rf"<{SITE}/notifications/unsubscribe/[^/>]+/>", unsubscribe)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in text and unsubscribe.strip("<>") in html

    # The first link leads the asker, logged in, to the exact answer.
    link = _links(text)[0]
    assert link.startswith(SITE) and f'href="{link}"' in html
    client.force_login(answer.thread.author)
    opened = client.get(link.removeprefix(SITE))
    assert opened.status_code == 302 and opened["Location"] == f"/t/{asked.pk}/#answer-{answer.pk}"
    assert client.get(opened["Location"]).status_code == 200

    notice = Notification.objects.get(recipient=asked.author)
    assert notice.emailed_at is not None
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts, list(mail.notifications.all())) == (
        MailStatus.SENT,
        1,
        [notice],
    )


def test_a_chinese_reader_gets_the_mail_in_chinese(
    client, django_capture_on_commit_callbacks, mail_server, asked, other_user
):
    asked.author.language = "zh-hans"
    asked.author.save(update_fields=["language"])
    _post_answer(client, django_capture_on_commit_callbacks, asked, other_user)

    [message] = mail_server.messages
    assert subject(message) == "“提现一直没到账怎么办”有 1 个新回答"
    assert "退订这些邮件" in part(message, "text/plain")
    assert 'lang="zh-hans"' in part(message, "text/html")


def test_no_mail_for_a_member_without_an_address_or_who_chose_never(
    client, django_capture_on_commit_callbacks, mail_server, category, other_user, asker
):
    no_address = make_thread(author=make_user(), category=category)
    _post_answer(client, django_capture_on_commit_callbacks, no_address, other_user)
    preferences_set(user=asker, frequencies={EmailTopic.ANSWERS_TO_MY_QUESTIONS: Frequency.NEVER})
    _post_answer(client, django_capture_on_commit_callbacks, make_thread(author=asker), other_user)
    assert Notification.objects.count() == 2
    assert mail_server.messages == [] and not OutgoingMail.objects.exists()


def test_a_second_answer_while_unread_is_mailed_again_only_after_the_throttle(
    client, django_capture_on_commit_callbacks, mail_server, asked, other_user, settings
):
    _post_answer(client, django_capture_on_commit_callbacks, asked, other_user)
    _post_answer(client, django_capture_on_commit_callbacks, asked, make_user())
    assert len(mail_server.messages) == 1

    settings.WENDA_MAIL_THROTTLE_SECONDS = 0
    _post_answer(client, django_capture_on_commit_callbacks, asked, make_user())
    assert len(mail_server.messages) == 2
    assert subject(mail_server.messages[1]) == "3 new answers on “提现一直没到账怎么办”"


def test_an_smtp_outage_keeps_the_mail_queued_and_the_retry_sends_it_exactly_once(
    client, django_capture_on_commit_callbacks, mail_server, asked, other_user, settings
):
    settings.WENDA_MAIL_RETRY_SECONDS = 0  # due again at once, for the retry command
    mail_server.stop()
    _post_answer(client, django_capture_on_commit_callbacks, asked, other_user)

    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 1)
    assert "Connection" in mail.last_error and mail.next_attempt_at is not None

    mail_server.start()
    _send_queued()
    _send_queued()
    [message] = mail_server.messages
    assert message["To"] == "tom@example.com"
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2) and mail.sent_at is not None


def test_a_mail_not_due_yet_waits_for_its_backoff(
    client, django_capture_on_commit_callbacks, mail_server, asked, other_user, settings
):
    settings.WENDA_MAIL_RETRY_SECONDS = 60
    mail_server.stop()
    before = timezone.now()
    _post_answer(client, django_capture_on_commit_callbacks, asked, other_user)
    mail_server.start()
    _send_queued()
    mail = OutgoingMail.objects.get()
    assert mail.status == MailStatus.QUEUED and mail_server.messages == []
    assert (mail.next_attempt_at - before).total_seconds() >= 60


def test_after_the_last_attempt_the_mail_is_failed_and_staff_see_and_retry_it(
    client, django_capture_on_commit_callbacks, mail_server, asked, other_user, staff, settings
):
    settings.WENDA_MAIL_RETRY_SECONDS = 0
    settings.WENDA_MAIL_MAX_ATTEMPTS = 2
    mail_server.stop()
    _post_answer(client, django_capture_on_commit_callbacks, asked, other_user)
    _send_queued()
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts, mail.next_attempt_at) == (MailStatus.FAILED, 2, None)
    _send_queued()
    mail.refresh_from_db()
    assert mail.attempts == 2  # failed mail is left for staff

    client.force_login(other_user)
    assert client.get(reverse("notifications:mail_list")).status_code == 403
    client.force_login(staff)
    page = client.get(reverse("notifications:mail_list")).content.decode()
    assert "tom" in page and "ConnectionRefusedError" in page and "Failed" in page

    mail_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:mail_retry", args=[mail.pk]))
    assert response.status_code == 302
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT and len(mail_server.messages) == 1
    assert (
        "Every e-mail has been sent."
        in client.get(reverse("notifications:mail_list")).content.decode()
    )


def test_a_mail_whose_answer_was_hidden_before_it_went_out_is_dropped(
    client, django_capture_on_commit_callbacks, mail_server, asked, other_user, moderator, settings
):
    settings.WENDA_MAIL_RETRY_SECONDS = 0
    mail_server.stop()
    answer = _post_answer(client, django_capture_on_commit_callbacks, asked, other_user)
    post_hide(post=answer, moderator=moderator, reason="spam")
    mail_server.start()
    _send_queued()
    assert mail_server.messages == [] and not OutgoingMail.objects.exists()


def test_a_notification_made_by_a_service_is_mailed_after_its_commit_only(
    deliver, mail_server, asked, other_user
):
    deliver(make_answer, thread=asked, author=other_user)
    assert len(mail_server.messages) == 1


def test_a_refused_recipient_and_a_server_that_times_out_are_recorded_and_retried(
    client, django_capture_on_commit_callbacks, mail_server, asked, other_user, settings
):
    settings.WENDA_MAIL_RETRY_SECONDS = 0
    mail_server.inbox.refusing = True
    _post_answer(client, django_capture_on_commit_callbacks, asked, other_user)
    mail = OutgoingMail.objects.get()
    assert mail.status == MailStatus.QUEUED and "SMTPRecipientsRefused" in mail.last_error

    silent = SilentServer()
    settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = silent.port, 1
    try:
        _send_queued()
    finally:
        silent.close()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 2)
    assert "timed out" in mail.last_error

    mail_server.inbox.refusing = False
    settings.EMAIL_PORT = mail_server.port
    _send_queued()
    assert len(mail_server.messages) == 1
