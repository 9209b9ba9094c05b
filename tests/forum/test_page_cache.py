"""The anonymous page cache, the sidebar's and the counts' (forum/page_cache.py), and the
pinned-first listing."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum import page_cache, services
from forum.models import Thread
from moderation import services as moderation_services
from tests.factories import make_thread

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def page_cache_on(settings, tmp_path):
    """The caches as in production, in stores of this test's own."""
    settings.WENDA_PAGE_CACHE_SECONDS = 30
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "LOCATION": f"pages-{tmp_path.name}"},
        "page_versions": {
            **settings.CACHES["page_versions"],
            "LOCATION": str(tmp_path / "page_versions"),
        },
    }


@pytest.fixture
def indexed(search_index):
    """The index for this test's posts, emptied afterwards: a later ask-page test in this
    process would otherwise meet them as similar questions."""
    yield search_index
    search_index.clear()


def _anonymous() -> Client:
    return Client(HTTP_HOST="localhost", enforce_csrf_checks=True)


def _get(client: Client, path: str):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_an_anonymous_reader_gets_the_thread_page_from_the_cache_until_an_answer_is_posted(
    page_cache_on, thread, other_user, django_capture_on_commit_callbacks
):
    reader = _anonymous()
    first = _get(reader, thread.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        again = _get(reader, thread.get_absolute_url())
    assert len(queries) == 0
    assert TOKEN.sub("", again) == TOKEN.sub("", first)  # each response masks the token anew
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_create(thread=thread, author=other_user, body="Try the reset link.")
    assert "Try the reset link." in _get(reader, thread.get_absolute_url())


def test_a_cached_page_carries_each_readers_own_csrf_token_and_its_forms_work(
    page_cache_on, thread
):
    first, second = _anonymous(), _anonymous()
    tokens = []
    for reader in (first, second):
        page = _get(reader, thread.get_absolute_url())
        assert page_cache.CSRF_PLACEHOLDER not in page
        tokens.append(TOKEN.search(page).group(1))
    assert tokens[0] != tokens[1]
    response = second.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": "/", "csrfmiddlewaretoken": tokens[1]}
    )
    assert response.status_code == 302
    refused = _anonymous().post(
        "/i18n/setlang/", {"language": "zh-hans", "next": "/", "csrfmiddlewaretoken": tokens[0]}
    )
    assert refused.status_code == 403


def test_a_member_gets_their_own_page_and_leaves_nothing_of_theirs_in_the_cache(
    page_cache_on, thread, other_user
):
    anonymous = _anonymous()
    _get(anonymous, thread.get_absolute_url())
    member = Client(HTTP_HOST="localhost")
    member.force_login(other_user)
    page = _get(member, thread.get_absolute_url())
    assert other_user.public_name in page and "Log out" in page
    assert 'name="value" value="up"' in page  # a vote form, not the log-in link
    assert other_user.public_name not in _get(_anonymous(), thread.get_absolute_url())
    assert "Log out" not in _get(_anonymous(), "/")


def test_a_hidden_thread_leaves_the_cached_thread_page_and_home_at_once(
    page_cache_on, thread, moderator, django_capture_on_commit_callbacks
):
    reader = _anonymous()
    assert thread.title in _get(reader, "/")
    _get(reader, thread.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.post_hide(post=thread, moderator=moderator, reason="Spam")
    assert reader.get(thread.get_absolute_url()).status_code == 404
    assert thread.title not in _get(reader, "/")


def test_a_voter_sees_their_vote_at_once_while_anonymous_readers_keep_the_cached_score(
    page_cache_on, thread, other_user
):
    """A vote changes no search document: anonymous readers see the new score when the cached
    page expires (WENDA_PAGE_CACHE_SECONDS), the voter, a member, at once."""
    score = re.compile(r'<span class="vote-score"[^>]*>(-?\d+)</span>')
    reader = _anonymous()
    assert score.findall(_get(reader, thread.get_absolute_url()))[0] == "0"
    services.vote_cast(user=other_user, value=1, thread=thread)
    voter = Client(HTTP_HOST="localhost")
    voter.force_login(other_user)
    assert score.findall(_get(voter, thread.get_absolute_url()))[0] == "1"
    assert score.findall(_get(reader, thread.get_absolute_url()))[0] == "0"


def test_with_the_cache_off_a_direct_change_shows_at_once(thread):
    reader = _anonymous()
    _get(reader, thread.get_absolute_url())
    Thread.objects.filter(pk=thread.pk).update(title="Changed behind the services")
    assert "Changed behind the services" in _get(reader, thread.get_absolute_url())


def test_a_page_with_a_pending_message_is_rendered_not_cached(page_cache_on, thread):
    reader = _anonymous()
    _get(reader, thread.get_absolute_url())
    reader.cookies["messages"] = "anything"
    with CaptureQueriesContext(connection) as queries:
        _get(reader, thread.get_absolute_url())
    assert len(queries) > 0


def test_home_lists_pinned_threads_first_then_by_latest_activity_across_pages(
    settings, category, user
):
    from datetime import timedelta

    from django.utils import timezone

    settings.WENDA_PAGE_SIZE = 2
    now = timezone.now()
    titles = ["oldest", "older", "newer", "newest", "pinned"]
    for age, title in enumerate(reversed(titles)):
        made = make_thread(author=user, category=category, title=f"Thread {title}")
        Thread.objects.filter(pk=made.pk).update(
            last_activity_at=now - timedelta(hours=age), is_pinned=title == "pinned"
        )
    reader = _anonymous()
    shown = []
    for number in (1, 2, 3):
        page = _get(reader, f"/?page={number}")
        shown.append(re.findall(r">Thread (\w+)</a>", page))
    assert shown == [["pinned", "newest"], ["newer", "older"], ["oldest"]]
    assert "5 questions" in _get(reader, "/")


def test_an_anonymous_search_is_served_from_the_cache_until_a_post_changes_the_index(
    page_cache_on, indexed, user, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(author=user, category=category, title="Withdrawal pending for two days")
    reader = _anonymous()
    first = _get(reader, "/search/?q=withdrawal")
    assert "Withdrawal pending for two days" in first
    with CaptureQueriesContext(connection) as queries:
        again = reader.get("/search/?q=withdrawal")
    assert len(queries) == 0
    assert again.headers["X-Page-Cache"] == "hit"
    again = again.content.decode()
    assert TOKEN.sub("", again) == TOKEN.sub("", first)
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(author=user, category=category, title="Withdrawal fee looks too high")
    assert "Withdrawal fee looks too high" in _get(reader, "/search/?q=withdrawal")


def test_a_hidden_thread_leaves_a_cached_search_at_once(
    page_cache_on, indexed, user, category, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        spam = make_thread(author=user, category=category, title="Withdrawal doubled, send here")
    reader = _anonymous()
    assert spam.title in _get(reader, "/search/?q=withdrawal")
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.post_hide(post=spam, moderator=moderator, reason="Scam")
    assert spam.title not in _get(reader, "/search/?q=withdrawal")


def test_a_members_search_is_never_taken_from_or_left_in_the_cache(
    page_cache_on, indexed, user, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(author=user, category=category, title="Withdrawal pending for two days")
    member = Client(HTTP_HOST="localhost")
    member.force_login(user)
    assert "Log out" in _get(member, "/search/?q=withdrawal")
    assert "Log out" not in _get(_anonymous(), "/search/?q=withdrawal")
