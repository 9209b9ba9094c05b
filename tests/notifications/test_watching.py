"""Watching threads, categories and tags, through the real views and services (events are
delivered by the `deliver` fixture, as a commit would)."""

import importlib

from django.apps import apps
from django.urls import reverse
from django.utils.html import escape

from moderation.services import post_hide
from notifications.models import Kind, Notification, Watch
from tests.factories import make_answer, make_category, make_thread, make_user

HOST = {"HTTP_HOST": "localhost"}


def _watch(client, url, value):
    return client.post(url, {"watch": value}, **HOST)


def _new_answers(user):
    return Notification.objects.filter(recipient=user, kind=Kind.NEW_ANSWER, read_at=None)


def test_asking_and_answering_watch_the_thread_but_an_explicit_unwatch_is_kept(
    client, deliver, category, other_user
):
    thread = deliver(make_thread, category=category)
    deliver(make_answer, thread=thread, author=other_user)
    watches = Watch.objects.filter(thread=thread, active=True)
    assert set(watches.values_list("user_id", flat=True)) == {thread.author_id, other_user.pk}

    client.force_login(other_user)
    response = _watch(client, reverse("notifications:watch_thread", args=[thread.pk]), "0")
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    deliver(make_answer, thread=thread, author=other_user)
    assert not Watch.objects.get(user=other_user, thread=thread).active


def test_a_thread_watcher_hears_of_answers_collapsed_until_they_unwatch(
    client, deliver, thread, other_user
):
    watcher = make_user()
    client.force_login(watcher)
    page = client.get(thread.get_absolute_url(), **HOST).content.decode()
    assert reverse("notifications:watch_thread", args=[thread.pk]) in page and ">Watch<" in page
    _watch(client, reverse("notifications:watch_thread", args=[thread.pk]), "1")
    assert "Stop watching" in client.get(thread.get_absolute_url(), **HOST).content.decode()
    scripted = client.post(
        reverse("notifications:watch_thread", args=[thread.pk]),
        {"watch": "1"},
        HTTP_ACCEPT="application/json",
        **HOST,
    )
    assert scripted.json() == {"watching": True}

    deliver(make_answer, thread=thread, author=other_user)
    last = deliver(make_answer, thread=thread, author=make_user())
    notice = _new_answers(watcher).get()
    assert (notice.count, notice.answer) == (2, last)
    # The asker watches too, as before watching existed.
    assert _new_answers(thread.author).get().count == 2
    page = client.get(reverse("notifications:list"), **HOST).content.decode()
    assert f"2 new answers on “{thread.title}”" in page

    _watch(client, reverse("notifications:watch_thread", args=[thread.pk]), "0")
    deliver(make_answer, thread=thread, author=other_user)
    assert _new_answers(watcher).get().count == 2


def test_the_asker_who_unwatched_and_deactivated_watchers_hear_nothing(
    client, deliver, thread, other_user
):
    gone = make_user()
    client.force_login(gone)
    _watch(client, reverse("notifications:watch_thread", args=[thread.pk]), "1")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    client.force_login(thread.author)
    _watch(client, reverse("notifications:watch_thread", args=[thread.pk]), "0")
    deliver(make_answer, thread=thread, author=other_user)
    assert not Notification.objects.filter(recipient__in=[gone, thread.author]).exists()


def test_a_hidden_answer_notifies_no_watcher(deliver, thread, other_user, moderator):
    def answer_then_hide():
        answer = make_answer(thread=thread, author=other_user)
        post_hide(post=answer, moderator=moderator, reason="spam")

    deliver(answer_then_hide)
    assert not Notification.objects.filter(kind=Kind.NEW_ANSWER).exists()


def test_a_category_watcher_hears_of_a_new_question_there_once(client, deliver, other_user):
    category = make_category(name="Withdrawals", name_zh="提现")
    client.force_login(other_user)
    url = reverse("notifications:watch_category", args=[category.slug])
    page = client.get(category.get_absolute_url(), **HOST).content.decode()
    assert url in page
    assert _watch(client, url, "1")["Location"] == category.get_absolute_url()

    thread = deliver(make_thread, category=category, title="提现一直没到账怎么办")
    deliver(make_thread, category=make_category())  # elsewhere: not told
    notice = Notification.objects.get(recipient=other_user)
    assert (notice.kind, notice.thread, notice.actor) == (Kind.NEW_QUESTION, thread, thread.author)
    assert not Notification.objects.filter(recipient=thread.author).exists()

    from core.events import deliver as deliver_event
    from forum.events import ThreadCreated

    deliver_event(ThreadCreated(thread.pk, thread.author_id, category.pk))
    assert Notification.objects.filter(recipient=other_user).count() == 1

    page = client.get(reverse("notifications:list"), **HOST).content.decode()
    assert "New question in Withdrawals: “提现一直没到账怎么办”" in page
    chinese = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="zh-hans", **HOST)
    assert "提现 有新问题：“提现一直没到账怎么办”" in chinese.content.decode()
    opened = client.get(reverse("notifications:open", args=[notice.pk]), **HOST)
    assert opened["Location"] == thread.get_absolute_url()


def test_a_tag_watcher_hears_of_a_question_tagged_at_creation_and_a_double_watcher_once(
    client, deliver, category, other_user
):
    first = deliver(make_thread, category=category, tags=["usdt"])
    tag = first.tags.get()
    client.force_login(other_user)
    url = reverse("notifications:watch_tag", args=["usdt"])
    assert url in client.get(tag.get_absolute_url(), **HOST).content.decode()
    _watch(client, url, "1")
    both = make_user()
    Watch.objects.create(user=both, tag=tag)
    Watch.objects.create(user=both, category=category)

    thread = deliver(make_thread, category=category, tags=["USDT", "trc20"], title="Fees?")
    notice = Notification.objects.get(recipient=other_user)
    assert (notice.kind, notice.detail) == (Kind.NEW_QUESTION, "usdt")
    assert Notification.objects.filter(recipient=both, thread=thread).count() == 1
    page = client.get(reverse("notifications:list"), **HOST).content.decode()
    assert "New question tagged usdt: “Fees?”" in page


def test_a_watcher_hears_nothing_of_a_question_hidden_before_delivery(
    deliver, category, other_user, moderator
):
    Watch.objects.create(user=other_user, category=category)

    def ask_then_hide():
        post_hide(post=make_thread(category=category), moderator=moderator, reason="spam")

    deliver(ask_then_hide)
    assert not Notification.objects.filter(recipient=other_user).exists()


def test_the_watch_list_shows_what_is_watched_with_unwatch_buttons(
    client, deliver, category, other_user
):
    thread = deliver(make_thread, category=category, author=other_user, tags=["fees"])
    client.force_login(other_user)
    _watch(client, reverse("notifications:watch_category", args=[category.slug]), "1")
    _watch(client, reverse("notifications:watch_tag", args=["fees"]), "1")
    page = client.get(reverse("notifications:watch_list"), **HOST).content.decode()
    for name in (thread.title, category.name, "fees"):
        assert escape(name) in page
    assert page.count("Stop watching") == 3

    response = client.post(
        reverse("notifications:watch_tag", args=["fees"]),
        {"watch": "0", "next": reverse("notifications:watch_list")},
        **HOST,
    )
    assert response["Location"] == reverse("notifications:watch_list")
    page = client.get(reverse("notifications:watch_list"), **HOST).content.decode()
    assert page.count("Stop watching") == 2 and ">fees<" not in page


def test_watching_needs_a_login_a_post_a_choice_and_a_thread_one_may_see(
    client, thread, other_user, moderator
):
    url = reverse("notifications:watch_thread", args=[thread.pk])
    response = _watch(client, url, "1")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert "Watch" in client.get(thread.get_absolute_url(), **HOST).content.decode()
    client.force_login(other_user)
    assert client.get(url, **HOST).status_code == 405
    refused = _watch(client, url, "maybe")
    assert refused.status_code == 400 and "Choose to watch" in refused.content.decode()
    missing = _watch(client, reverse("notifications:watch_tag", args=["nope"]), "1")
    assert missing.status_code == 404
    post_hide(post=thread, moderator=moderator, reason="spam")
    assert _watch(client, url, "1").status_code == 404
    assert not Watch.objects.filter(user=other_user).exists()


def test_migration_0004_watches_existing_threads_for_askers_and_answerers(thread, other_user):
    """Threads made without delivering their events, as before watching existed."""
    answer = make_answer(thread=thread, author=other_user)
    Watch.objects.create(user=make_user(), thread=thread, active=False)
    migration = importlib.import_module("notifications.migrations.0004_watch_existing_threads")
    migration.watch_asked_and_answered(apps, None)
    migration.watch_asked_and_answered(apps, None)  # again: nothing twice
    active = Watch.objects.filter(thread=thread, active=True)
    assert sorted(active.values_list("user_id", flat=True)) == sorted(
        [thread.author_id, answer.author_id]
    )
    assert Watch.objects.filter(thread=thread, active=False).count() == 1
