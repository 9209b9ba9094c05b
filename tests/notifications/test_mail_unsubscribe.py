"""The unsubscribe link of a real mail: the RFC 8058 one-click POST, the confirmation page and its
button, without logging in; forged, expired and replayed tokens change nothing."""

import time

import pytest
from django.core import signing
from django.urls import reverse

from notifications.mail.preferences import frequencies_for, preferences_set
from notifications.mail.tokens import SALT, unsubscribe_token
from notifications.models import EmailPreference, EmailTopic, Frequency
from tests.factories import make_answer, make_thread, make_user
from tests.notifications.mailserver import part

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def asker(db):
    return make_user(username="tom", email="tom@example.com")


def _unsubscribe_path(message) -> str:
    url = str(message["List-Unsubscribe"]).strip().strip("<>")
    return url.removeprefix("https://wenda.example")


def _first_mail_path(deliver, mail_server, asker, category, other_user) -> str:
    deliver(make_answer, thread=make_thread(author=asker, category=category), author=other_user)
    return _unsubscribe_path(mail_server.messages[-1])


def test_the_one_click_post_from_the_header_unsubscribes_and_no_more_mail_comes(
    client, deliver, mail_server, asker, category, other_user
):
    path = _first_mail_path(deliver, mail_server, asker, category, other_user)
    assert path in part(mail_server.messages[-1], "text/plain")

    response = client.post(path, ONE_CLICK)  # no session, no CSRF token: a mail client's POST
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert frequencies_for(user=asker)[EmailTopic.ANSWERS_TO_MY_QUESTIONS] == Frequency.NEVER
    # Other topics keep their defaults.
    assert frequencies_for(user=asker)[EmailTopic.MENTIONS] == Frequency.IMMEDIATELY

    deliver(make_answer, thread=make_thread(author=asker, category=category), author=other_user)
    assert len(mail_server.messages) == 1


def test_get_only_asks_and_the_pages_button_unsubscribes(
    client, deliver, mail_server, asker, category, other_user
):
    path = _first_mail_path(deliver, mail_server, asker, category, other_user)
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Answers to your questions" in html
    assert f'action="{path}"' in html and 'name="List-Unsubscribe" value="One-Click"' in html
    assert not EmailPreference.objects.exists()  # a link scanner's GET changes nothing

    done = client.post(path, ONE_CLICK)  # what the button sends
    assert done.status_code == 200
    assert EmailPreference.objects.get(user=asker).frequency == Frequency.NEVER


def test_a_post_without_the_one_click_body_is_refused(
    client, deliver, mail_server, asker, category, other_user
):
    path = _first_mail_path(deliver, mail_server, asker, category, other_user)
    response = client.post(path, {"something": "else"})
    assert response.status_code == 400 and not EmailPreference.objects.exists()


def test_forged_expired_and_replayed_tokens_are_refused_and_change_nothing(
    client, deliver, mail_server, asker, category, other_user, settings, monkeypatch
):
    path = _first_mail_path(deliver, mail_server, asker, category, other_user)
    token = path.rstrip("/").rsplit("/", 1)[1]
    payload = {"u": other_user.pk, "t": [EmailTopic.MENTIONS], "v": 0}
    forgeries = [
        token[:-3] + ("abc" if not token.endswith("abc") else "xyz"),  # altered signature
        signing.dumps(payload, salt="another salt", compress=True),  # signed for another use
        signing.dumps(payload, key="not the secret key", salt=SALT, compress=True),
    ]
    for forged in forgeries:
        response = client.post(reverse("notifications:unsubscribe", args=[forged]), ONE_CLICK)
        assert response.status_code == 400
        assert "This unsubscribe link is not valid." in response.content.decode()
        assert client.get(reverse("notifications:unsubscribe", args=[forged])).status_code == 400

    settings.WENDA_MAIL_UNSUBSCRIBE_MAX_AGE_DAYS = 30
    issued_at = time.time() - 31 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: issued_at)
        old = unsubscribe_token(user=asker, topics=[EmailTopic.ANSWERS_TO_MY_QUESTIONS])
    response = client.post(reverse("notifications:unsubscribe", args=[old]), ONE_CLICK)
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert not EmailPreference.objects.exists()

    assert client.post(path, ONE_CLICK).status_code == 200
    changed = EmailPreference.objects.get(user=asker)
    replay = client.post(path, ONE_CLICK)
    assert replay.status_code == 400 and "already used" in replay.content.decode()
    assert EmailPreference.objects.get(user=asker).updated_at == changed.updated_at


def test_a_link_issued_before_the_members_latest_change_is_refused(
    client, deliver, mail_server, asker, category, other_user
):
    path = _first_mail_path(deliver, mail_server, asker, category, other_user)
    preferences_set(user=asker, frequencies={EmailTopic.FLAGS: Frequency.WEEKLY})
    assert client.post(path, ONE_CLICK).status_code == 400
    assert frequencies_for(user=asker)[EmailTopic.ANSWERS_TO_MY_QUESTIONS] == (
        Frequency.IMMEDIATELY
    )
