"""The Content-Security-Policy forbids inline script and style, so no page may rely on them."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from forum.services import answer_edit, thread_edit
from tests.factories import make_answer, make_thread

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style|<[^>]+\sstyle\s*=", re.IGNORECASE)


@pytest.fixture(autouse=True)
def plain_http_and_fast_passwords(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def assert_no_inline_code(response):
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    page = response.content.decode()
    assert not INLINE_SCRIPT.search(page), INLINE_SCRIPT.search(page).group(0)
    assert not EVENT_HANDLER.search(page), EVENT_HANDLER.search(page).group(0)
    assert not STYLE.search(page), STYLE.search(page).group(0)


def test_forum_pages_send_the_policy_and_have_no_inline_script_or_style(
    client, user, category, other_user
):
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(1)> <p style='x'>hi</p>"
    thread = make_thread(author=user, category=category, body=hostile, tags=["xss"])
    answer = make_answer(thread=thread, author=other_user, body=hostile)
    thread_edit(thread=thread, editor=user, title="Edited title", body=hostile + " edited")
    answer_edit(answer=answer, editor=other_user, body=hostile + " edited")
    pages = [
        reverse("forum:home"),
        reverse("forum:category", args=[category.slug]),
        reverse("forum:tag", args=["xss"]),
        thread.get_absolute_url(),
        reverse("forum:thread_revisions", args=[thread.pk]),
        reverse("forum:answer_revisions", args=[answer.pk]),
        "/t/999999/",
    ]
    for url in pages:
        assert_no_inline_code(client.get(url))
    client.force_login(user)
    for url in [
        reverse("forum:home"),
        thread.get_absolute_url(),
        reverse("forum:ask"),
        reverse("forum:thread_edit", args=[thread.pk]),
        reverse("forum:thread_vote", args=[thread.pk]),
    ]:
        assert_no_inline_code(client.get(url))
    assert_no_inline_code(client.post(reverse("forum:ask"), {"title": "", "body": hostile}))
    client.force_login(other_user)
    assert_no_inline_code(client.get(reverse("forum:thread_edit", args=[thread.pk])))  # 403
    assert_no_inline_code(
        client.post(reverse("forum:answer_vote", args=[answer.pk]), {"value": "up"})
    )  # 400, own post


def test_the_pages_script_and_stylesheet_are_static_files(client, db):
    page = client.get(reverse("forum:home")).content.decode()
    assert '<script src="/static/js/forum.js" defer></script>' in page
    assert '<link rel="stylesheet" href="/static/css/wenda.css">' in page
    assert finders.find("js/forum.js") and finders.find("css/wenda.css")
