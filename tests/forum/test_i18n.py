"""The forum renders in both languages: the browser's choice by default, the switcher on demand."""

from datetime import timedelta

import pytest
from django.urls import reverse

from forum.models import Thread


@pytest.fixture(autouse=True)
def plain_http_and_fast_passwords(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def three_hour_old_thread(thread):
    Thread.objects.filter(pk=thread.pk).update(
        last_activity_at=thread.created_at - timedelta(hours=3)
    )
    return thread


def test_home_follows_the_browsers_language(client, three_hour_old_thread):
    english = client.get(reverse("forum:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in english
    assert "Account &amp; login" in english and "3\xa0hours ago" in english

    chinese = client.get(
        reverse("forum:home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9"
    ).content.decode()
    assert '<html lang="zh-hans">' in chinese
    assert "账户与登录" in chinese and "Account &amp; login" not in chinese
    assert "3小时之前" in chinese  # Django's own humanize translation


def test_the_language_switcher_changes_the_thread_page(client, three_hour_old_thread):
    thread = three_hour_old_thread
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'action="{reverse("set_language")}"' in page and 'value="zh-hans"' in page
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": thread.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert '<html lang="zh-hans">' in page and "账户与登录" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(thread.get_absolute_url()).content.decode()
    assert '<html lang="en">' in page and "Account &amp; login" in page


def test_form_errors_come_in_the_readers_language(client, user, category):
    client.force_login(user)
    response = client.post(
        reverse("forum:ask"),
        {"title": "", "body": "正文保留", "category": category.pk},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "这个字段是必填项。" in page and "正文保留" in page


def test_error_pages_render_in_both_languages(client, db):
    for language in ("en", "zh-hans"):
        response = client.get("/t/424242/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 404
        assert f'<html lang="{language}">' in response.content.decode()
