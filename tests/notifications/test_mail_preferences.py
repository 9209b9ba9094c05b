"""The e-mail settings page, and the member's language for mail kept current from the site."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from notifications.mail.preferences import DEFAULT_FREQUENCIES, frequencies_for
from notifications.models import EmailTopic, Frequency
from tests.factories import PASSWORD, make_user

PAGE = reverse("notifications:email_preferences")


def _choices(**changes) -> dict:
    data = {topic.value: DEFAULT_FREQUENCIES[topic] for topic in EmailTopic}
    return {**data, "language": "en", **changes}


def test_the_page_needs_a_login_and_shows_the_defaults(client, user):
    assert client.get(PAGE).status_code == 302
    user.email = "member@example.com"
    user.save(update_fields=["email"])
    client.force_login(user)
    html = client.get(PAGE).content.decode()
    assert "Answers to your questions" in html and "Daily digest" in html
    assert "has no e-mail address" not in html


def test_a_member_without_an_address_is_told_that_no_mail_is_sent(client, user):
    client.force_login(user)
    assert "Your account has no e-mail address" in client.get(PAGE).content.decode()


def test_saving_stores_each_topic_and_the_language_of_mail(client, user):
    client.force_login(user)
    response = client.post(
        PAGE, _choices(mentions=Frequency.WEEKLY, flags=Frequency.NEVER, language="zh-hans")
    )
    assert response.status_code == 302
    frequencies = frequencies_for(user=user)
    assert frequencies[EmailTopic.MENTIONS] == Frequency.WEEKLY
    assert frequencies[EmailTopic.FLAGS] == Frequency.NEVER
    assert frequencies[EmailTopic.STAFF_NOTES] == Frequency.IMMEDIATELY
    user.refresh_from_db()
    assert user.language == "zh-hans"


def test_an_unknown_choice_is_refused_with_the_form_kept(client, user):
    client.force_login(user)
    response = client.post(PAGE, _choices(mentions="hourly", flags=Frequency.WEEKLY))
    assert response.status_code == 400
    assert frequencies_for(user=user)[EmailTopic.FLAGS] == Frequency.DAILY
    assert 'value="weekly" selected' in response.content.decode()


def test_switching_the_site_language_and_logging_in_keep_the_mail_language_current(client, db):
    member = make_user(username="lin")
    client.force_login(member)
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "zh-hans"

    # Logging in from a browser that asks for English keeps the member's own choice ...
    client.logout()
    client.cookies.pop("django_language", None)
    login = {"username": "lin", "password": PASSWORD}
    response = client.post(reverse("accounts:login"), login, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "zh-hans"

    # ... while English picked with the site's switch before logging in is a choice.
    client.logout()
    client.cookies["django_language"] = "en"
    assert client.post(reverse("accounts:login"), login).status_code == 302
    member.refresh_from_db()
    assert member.language == "en"


def test_a_member_who_signs_up_in_chinese_gets_chinese_mail(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "xiaoming",
            "email": "xiaoming@example.com",
            "display_name": "小明",
            "password1": "a-long-pass-phrase-2026",
            "password2": "a-long-pass-phrase-2026",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="xiaoming").language == "zh-hans"
