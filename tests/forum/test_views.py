"""The forum through its real views: permissions, bad input, votes, acceptance, counters."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template import loader
from django.test import Client
from django.urls import reverse

from forum import views
from forum.forms import ThreadForm
from forum.models import Revision, Thread, Vote
from forum.services import answer_accept, thread_edit, vote_cast
from tests.factories import make_answer, make_category, make_thread, make_user


@pytest.fixture(autouse=True)
def plain_http_and_fast_passwords(settings):
    # Production defaults redirect http to https; the test client speaks plain http.
    settings.SECURE_SSL_REDIRECT = False
    # Each fixture user hashes a password; the real hasher costs seconds on a shared machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def ask_data(in_category, /, **overrides):
    data = {
        "title": "Withdrawal stuck for two days",
        "body": "My withdrawal shows *pending*.",
        "category": str(in_category.pk),
        "tags": "withdrawal pending",
    }
    data.update(overrides)
    return data


def text_of(response) -> str:
    return response.content.decode()


# --- Reading -----------------------------------------------------------------------------------


def test_home_lists_threads_with_category_tags_counts_author_and_relative_time(client, category):
    author = make_user(username="alice", display_name="Alice W")
    thread = make_thread(
        author=author, category=category, title="Cannot log in after update", tags=["login", "2fa"]
    )
    make_answer(thread=thread)
    Thread.objects.filter(pk=thread.pk).update(
        last_activity_at=thread.created_at - timedelta(hours=3)
    )
    response = client.get(reverse("forum:home"))
    page = text_of(response)
    assert response.status_code == 200
    assert "Cannot log in after update" in page and thread.get_absolute_url() in page
    assert "Account &amp; login" in page
    assert "/tags/login/" in page and "/tags/2fa/" in page
    assert "Alice W" in page
    assert "<strong>1</strong> answer</span>" in page
    assert "<time datetime=" in page and "3\xa0hours ago" in page


def test_home_puts_pinned_threads_first_then_latest_activity(client, category):
    pinned = make_thread(category=category, title="Read this first")
    Thread.objects.filter(pk=pinned.pk).update(is_pinned=True)
    make_thread(category=category, title="Older question")
    newest = make_thread(category=category, title="Newest question")
    page = text_of(client.get(reverse("forum:home")))
    assert (
        page.index("Read this first") < page.index("Newest question") < page.index("Older question")
    )
    make_answer(thread=make_thread(category=category, title="Will be bumped"))
    page = text_of(client.get(reverse("forum:home")))
    assert page.index("Will be bumped") < page.index(newest.title)


def test_tabs_show_unanswered_solved_and_top_threads(client, category, user, other_user):
    unanswered = make_thread(category=category, title="Nobody answered me")
    solved = make_thread(author=user, category=category, title="Solved one")
    accepted = make_answer(thread=solved, author=other_user)
    answer_accept(answer=accepted, user=user)
    popular = make_thread(category=category, title="Popular one")
    vote_cast(user=user, thread=popular, value=1)
    vote_cast(user=other_user, thread=popular, value=1)

    page = text_of(client.get(reverse("forum:home"), {"tab": "unanswered"}))
    assert unanswered.title in page and solved.title not in page
    page = text_of(client.get(reverse("forum:home"), {"tab": "solved"}))
    assert solved.title in page and unanswered.title not in page
    page = text_of(client.get(reverse("forum:home"), {"tab": "top"}))
    assert page.index(popular.title) < page.index(solved.title)
    assert client.get(reverse("forum:home"), {"tab": "<script>"}).status_code == 200


def test_listing_paginates_by_the_configured_page_size(client, category, settings):
    settings.WENDA_PAGE_SIZE = 2
    for number in range(5):
        make_thread(category=category, title=f"Paged question {number}")
    first = text_of(client.get(reverse("forum:home")))
    assert first.count("Paged question") == 2 and 'rel="next"' in first
    last = text_of(client.get(reverse("forum:home"), {"page": "3"}))
    assert "Paged question 0" in last and last.count("Paged question") == 1
    assert client.get(reverse("forum:home"), {"page": "nonsense"}).status_code == 200


def test_category_and_tag_pages_filter_threads_and_unknown_ones_are_404(client, category):
    other = make_category(name="Security", slug="security")
    inside = make_thread(category=category, title="Inside the category", tags=["sms"])
    outside = make_thread(category=other, title="Somewhere else")
    page = text_of(client.get(reverse("forum:category", args=[category.slug])))
    assert inside.title in page and outside.title not in page
    page = text_of(client.get(reverse("forum:tag", args=["sms"])))
    assert inside.title in page and outside.title not in page
    assert client.get(reverse("forum:category", args=["no-such"])).status_code == 404
    assert client.get(reverse("forum:tag", args=["no-such"])).status_code == 404


def test_thread_page_shows_the_accepted_answer_first_then_by_votes(client, thread, user):
    make_answer(thread=thread, body="Early answer")
    voted = make_answer(thread=thread, body="Voted answer")
    accepted = make_answer(thread=thread, body="Accepted answer")
    make_answer(thread=thread, body="Late answer")
    vote_cast(user=user, answer=voted, value=1)
    answer_accept(answer=accepted, user=user)
    page = text_of(client.get(thread.get_absolute_url()))
    assert page.index("Accepted answer") < page.index("Voted answer") < page.index("Early answer")
    assert page.index("Early answer") < page.index("Late answer")  # equal votes: oldest first
    assert "Log in to answer" in page


def test_thread_page_shows_the_viewers_own_vote_as_pressed(client, thread, other_user):
    vote_cast(user=other_user, thread=thread, value=1)
    client.force_login(other_user)
    page = text_of(client.get(thread.get_absolute_url()))
    assert 'value="clear" data-direction="up" class="vote-button vote-up is-pressed"' in page


def test_missing_or_hidden_threads_are_404_except_hidden_ones_for_moderators(
    client, thread, other_user, moderator
):
    assert client.get(reverse("forum:thread_detail", args=[999999])).status_code == 404
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(other_user)
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(moderator)
    assert client.get(thread.get_absolute_url()).status_code == 200


# --- Permissions for every mutating view -------------------------------------------------------

MUTATING_VIEWS = [
    ("forum:ask", None),
    ("forum:preview", None),
    ("forum:thread_edit", "thread"),
    ("forum:thread_vote", "thread"),
    ("forum:answer_create", "thread"),
    ("forum:thread_unaccept", "thread"),
    ("forum:answer_edit", "answer"),
    ("forum:answer_delete", "answer"),
    ("forum:answer_vote", "answer"),
    ("forum:answer_accept", "answer"),
]


@pytest.mark.parametrize(("name", "target"), MUTATING_VIEWS)
def test_anonymous_visitors_are_sent_to_log_in_and_nothing_changes(
    client, thread, answer, name, target
):
    objects = {"thread": thread, "answer": answer}
    url = reverse(name, args=[objects[target].pk] if target else None)
    response = client.post(
        url,
        {"value": "up", "title": "Changed", "body": "Changed body"},
        HTTP_REFERER=f"http://testserver{thread.get_absolute_url()}",
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    thread.refresh_from_db()
    assert thread.title == "I forgot my password" and thread.vote_score == 0
    assert thread.answer_count == 1 and thread.accepted_answer_id is None


def test_a_button_pressed_while_logged_out_returns_to_its_page_after_login(client, thread):
    response = client.post(
        reverse("forum:thread_vote", args=[thread.pk]),
        {"value": "up"},
        HTTP_REFERER=f"http://testserver{thread.get_absolute_url()}",
    )
    assert response["Location"].endswith(f"?next=/t/{thread.pk}/")
    response = client.post(
        reverse("forum:thread_vote", args=[thread.pk]),
        {"value": "up"},
        HTTP_REFERER="https://evil.example/phish",
    )
    assert response["Location"].endswith("?next=/")


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("forum:preview", None),
        ("forum:thread_vote", "thread"),
        ("forum:answer_create", "thread"),
        ("forum:thread_unaccept", "thread"),
        ("forum:answer_delete", "answer"),
        ("forum:answer_vote", "answer"),
        ("forum:answer_accept", "answer"),
    ],
)
def test_post_only_views_answer_a_get_with_405_and_a_reason(
    client, user, thread, answer, name, target
):
    client.force_login(user)
    objects = {"thread": thread, "answer": answer}
    response = client.get(reverse(name, args=[objects[target].pk] if target else None))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "only takes a button press" in text_of(response)


def test_ask_creates_a_thread_for_a_member_with_normalised_tags(client, user, category):
    client.force_login(user)
    assert client.get(reverse("forum:ask")).status_code == 200
    response = client.post(
        reverse("forum:ask"), ask_data(category, tags="Withdrawal, PENDING pending")
    )
    thread = Thread.objects.get(title="Withdrawal stuck for two days")
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert thread.author == user and thread.category == category
    assert sorted(tag.name for tag in thread.tags.all()) == ["pending", "withdrawal"]
    assert "<em>pending</em>" in thread.body_html


def test_ask_preselects_the_category_it_was_opened_from(client, user, category):
    client.force_login(user)
    page = text_of(client.get(reverse("forum:ask"), {"category": category.slug}))
    assert f'<option value="{category.pk}" selected>' in page
    for junk in ["no-such", "a\x00b", "<x>"]:
        page = text_of(client.get(reverse("forum:ask"), {"category": junk}))
        assert '<option value="" selected>' in page


def test_thread_edit_by_the_author_keeps_a_revision_and_shows_edited(client, user, thread):
    client.force_login(user)
    assert client.get(reverse("forum:thread_edit", args=[thread.pk])).status_code == 200
    response = client.post(
        reverse("forum:thread_edit", args=[thread.pk]),
        ask_data(
            thread.category, title="I forgot my wallet password", body="Reset *how*?", tags="reset"
        ),
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.title == "I forgot my wallet password" and thread.edited_at is not None
    revision = Revision.objects.get(thread=thread)
    assert revision.title == "I forgot my password" and revision.editor == user
    page = text_of(client.get(thread.get_absolute_url()))
    assert reverse("forum:thread_revisions", args=[thread.pk]) in page and "edited" in page
    history = text_of(client.get(reverse("forum:thread_revisions", args=[thread.pk])))
    assert "<del>I forgot my password</del>" in history
    assert "<ins>I forgot my wallet password</ins>" in history
    assert "Version 2" in history


def test_thread_edit_by_another_member_is_403_with_a_reason(client, other_user, thread):
    client.force_login(other_user)
    url = reverse("forum:thread_edit", args=[thread.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, ask_data(thread.category, title="Hijacked title"))
    assert response.status_code == 403
    assert "Only the author or a moderator can edit this question." in text_of(response)
    thread.refresh_from_db()
    assert thread.title == "I forgot my password"


def test_thread_edit_by_a_moderator_records_the_moderator_as_editor(client, moderator, thread):
    client.force_login(moderator)
    response = client.post(
        reverse("forum:thread_edit", args=[thread.pk]),
        ask_data(thread.category, title="Password reset (clarified)"),
    )
    assert response.status_code == 302
    assert Revision.objects.get(thread=thread).editor == moderator


def test_answer_create_by_a_member_bumps_the_count_and_redirects_to_the_answer(
    client, other_user, thread
):
    client.force_login(other_user)
    response = client.post(
        reverse("forum:answer_create", args=[thread.pk]), {"body": "Check the *spam* folder."}
    )
    thread.refresh_from_db()
    answer = thread.answers.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#answer-{answer.pk}")
    assert thread.answer_count == 1


def test_answer_create_refuses_a_locked_thread_for_members_but_not_moderators(
    client, thread, other_user, moderator
):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    client.force_login(other_user)
    page = client.get(thread.get_absolute_url())
    assert "This thread is locked" in text_of(page)
    response = client.post(reverse("forum:answer_create", args=[thread.pk]), {"body": "Late reply"})
    assert response.status_code == 400
    assert "This thread is locked." in text_of(response) and "Late reply" in text_of(response)
    client.force_login(moderator)
    response = client.post(reverse("forum:answer_create", args=[thread.pk]), {"body": "Mod note"})
    assert response.status_code == 302


def test_answer_edit_by_its_author_and_by_a_moderator_but_not_by_another_member(
    client, answer, user, other_user, moderator
):
    url = reverse("forum:answer_edit", args=[answer.pk])
    client.force_login(user)  # the asker, not the answer's author
    assert client.get(url).status_code == 403
    response = client.post(url, {"body": "Vandalised"})
    assert response.status_code == 403
    assert "Only the author or a moderator can edit this answer." in text_of(response)

    client.force_login(other_user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"body": "Use the **Forgot password** link."}).status_code == 302
    client.force_login(moderator)
    assert (
        client.post(url, {"body": "Use the Forgot password link on the login page."}).status_code
        == 302
    )

    answer.refresh_from_db()
    assert answer.body == "Use the Forgot password link on the login page."
    editors = list(
        Revision.objects.filter(answer=answer)
        .order_by("created_at", "pk")
        .values_list("editor__username", flat=True)
    )
    assert editors == ["other", "moderator"]
    history = text_of(client.get(reverse("forum:answer_revisions", args=[answer.pk])))
    assert "Version 3" in history and "Use the *Forgot password* link." in history


def test_answer_delete_by_its_author_hides_it_and_lowers_the_count(
    client, answer, other_user, thread
):
    client.force_login(other_user)
    response = client.post(reverse("forum:answer_delete", args=[answer.pk]))
    assert response.status_code == 302
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert answer.is_deleted and thread.answer_count == 0
    assert "Use the <em>Forgot password</em> link." not in text_of(
        client.get(thread.get_absolute_url())
    )
    assert client.post(reverse("forum:answer_delete", args=[answer.pk])).status_code == 404


def test_answer_delete_by_another_member_is_403_and_by_a_moderator_works(
    client, answer, user, moderator
):
    client.force_login(user)
    response = client.post(reverse("forum:answer_delete", args=[answer.pk]))
    assert response.status_code == 403
    assert "Only the author or a moderator can delete this answer." in text_of(response)
    client.force_login(moderator)
    assert client.post(reverse("forum:answer_delete", args=[answer.pk])).status_code == 302
    answer.refresh_from_db()
    assert answer.is_deleted


def test_an_accepted_answer_cannot_be_deleted(client, answer, user, other_user):
    answer_accept(answer=answer, user=user)
    client.force_login(other_user)
    page = text_of(client.get(answer.thread.get_absolute_url()))
    assert reverse("forum:answer_delete", args=[answer.pk]) not in page
    response = client.post(reverse("forum:answer_delete", args=[answer.pk]))
    assert response.status_code == 400
    assert "An accepted answer cannot be deleted." in text_of(response)
    answer.refresh_from_db()
    assert not answer.is_deleted


# --- Votes -------------------------------------------------------------------------------------


def test_voting_up_twice_counts_once_and_can_be_changed_and_withdrawn(client, other_user, thread):
    client.force_login(other_user)
    url = reverse("forum:thread_vote", args=[thread.pk])
    assert client.post(url, {"value": "up"}).status_code == 302
    assert client.post(url, {"value": "up"}).status_code == 302
    thread.refresh_from_db()
    assert thread.vote_score == 1 and Vote.objects.filter(thread=thread).count() == 1
    client.post(url, {"value": "down"})
    thread.refresh_from_db()
    assert thread.vote_score == -1
    client.post(url, {"value": "clear"})
    thread.refresh_from_db()
    assert thread.vote_score == 0 and not Vote.objects.filter(thread=thread).exists()


def test_answer_votes_from_two_members_add_up_and_the_moderator_votes_too(
    client, answer, user, moderator
):
    url = reverse("forum:answer_vote", args=[answer.pk])
    client.force_login(user)
    client.post(url, {"value": "up"})
    client.force_login(moderator)
    response = client.post(url, {"value": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#answer-{answer.pk}")
    answer.refresh_from_db()
    assert answer.vote_score == 2


def test_voting_on_your_own_post_is_refused_with_a_reason(client, user, thread, other_user, answer):
    client.force_login(user)
    response = client.post(reverse("forum:thread_vote", args=[thread.pk]), {"value": "up"})
    assert response.status_code == 400
    assert "You cannot vote on your own post." in text_of(response)
    client.force_login(other_user)
    response = client.post(reverse("forum:answer_vote", args=[answer.pk]), {"value": "down"})
    assert response.status_code == 400
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert thread.vote_score == 0 and answer.vote_score == 0


@pytest.mark.parametrize("value", ["sideways", "", "2", "UP", "1"])
def test_malformed_vote_values_are_400(client, other_user, thread, value):
    client.force_login(other_user)
    response = client.post(reverse("forum:thread_vote", args=[thread.pk]), {"value": value})
    assert response.status_code == 400
    assert "A vote is" in text_of(response)


def test_votes_answer_in_json_for_the_scripted_buttons(client, other_user, thread):
    client.force_login(other_user)
    url = reverse("forum:thread_vote", args=[thread.pk])
    response = client.post(url, {"value": "down"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert json.loads(response.content) == {"score": -1, "value": -1}
    response = client.post(url, {"value": "bad"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "error" in json.loads(response.content)


@pytest.mark.parametrize(
    "url_name",
    [
        "forum:thread_vote",
        "forum:answer_vote",
        "forum:answer_accept",
        "forum:answer_delete",
        "forum:thread_unaccept",
        "forum:answer_create",
    ],
)
def test_actions_on_non_existent_ids_are_404(client, user, url_name):
    client.force_login(user)
    assert (
        client.post(reverse(url_name, args=[987654]), {"value": "up", "body": "x"}).status_code
        == 404
    )


def test_non_existent_ids_on_edit_pages_are_404(client, user):
    client.force_login(user)
    assert client.get(reverse("forum:thread_edit", args=[987654])).status_code == 404
    assert client.get(reverse("forum:answer_edit", args=[987654])).status_code == 404
    assert client.get(reverse("forum:answer_revisions", args=[987654])).status_code == 404
    assert client.get("/t/not-a-number/").status_code == 404
    assert client.get("/t/99999999999999999999999/").status_code == 404  # beyond 64 bits
    assert client.get(reverse("forum:home"), {"page": "9" * 30}).status_code == 200


# --- Accepting -------------------------------------------------------------------------------


def test_the_asker_accepts_an_answer_changes_it_and_unaccepts(client, user, thread, answer):
    second = make_answer(thread=thread, body="Another way")
    client.force_login(user)
    assert client.post(reverse("forum:answer_accept", args=[answer.pk])).status_code == 302
    thread.refresh_from_db()
    assert thread.accepted_answer == answer and thread.is_solved
    client.post(reverse("forum:answer_accept", args=[second.pk]))
    thread.refresh_from_db()
    assert thread.accepted_answer == second
    page = text_of(client.get(thread.get_absolute_url()))
    assert "Unaccept" in page and page.index("Another way") < page.index("Forgot password")
    client.post(reverse("forum:thread_unaccept", args=[thread.pk]))
    thread.refresh_from_db()
    assert thread.accepted_answer is None


def test_accepting_an_answer_on_someone_elses_thread_is_403(client, other_user, thread, answer):
    client.force_login(other_user)
    page = text_of(client.get(thread.get_absolute_url()))
    assert reverse("forum:answer_accept", args=[answer.pk]) not in page
    response = client.post(reverse("forum:answer_accept", args=[answer.pk]))
    assert response.status_code == 403
    assert "Only the asker or a moderator can accept an answer." in text_of(response)
    answer_accept(answer=answer, user=thread.author)
    response = client.post(reverse("forum:thread_unaccept", args=[thread.pk]))
    assert response.status_code == 403
    thread.refresh_from_db()
    assert thread.accepted_answer == answer


def test_a_moderator_can_accept_and_unaccept_on_any_thread(client, moderator, thread, answer):
    client.force_login(moderator)
    assert client.post(reverse("forum:answer_accept", args=[answer.pk])).status_code == 302
    thread.refresh_from_db()
    assert thread.accepted_answer == answer
    assert client.post(reverse("forum:thread_unaccept", args=[thread.pk])).status_code == 302
    thread.refresh_from_db()
    assert thread.accepted_answer is None


# --- Bad input keeps what the user typed -----------------------------------------------------

BAD_ASK_INPUT = [
    ({"title": ""}, "This field is required.", "My withdrawal shows *pending*."),
    ({"title": "    "}, "This field is required.", "My withdrawal shows *pending*."),
    ({"title": "T" * 151}, "at most 150 characters", "T" * 151),
    ({"body": ""}, "This field is required.", "Withdrawal stuck for two days"),
    ({"body": " \n\t "}, "This field is required.", "Withdrawal stuck for two days"),
    ({"body": "B" * 30_001}, "at most 30000 characters", "B" * 30_001),
    (
        {"category": "99999"},
        "Choose one of the listed categories.",
        "Withdrawal stuck for two days",
    ),
    ({"category": "not-a-number"}, "Choose one of the listed categories.", "My withdrawal shows"),
    ({"category": ""}, "This field is required.", "Withdrawal stuck for two days"),
    ({"tags": "a b c d e f"}, "Use at most 5 tags.", 'value="a b c d e f"'),
    ({"tags": "wallet <b>"}, "may contain only letters", "wallet &lt;b&gt;"),
    ({"title": "Null\x00byte title"}, "Null characters are not allowed.", "My withdrawal shows"),
    ({"body": "Null\x00byte body"}, "Null characters are not allowed.", "Withdrawal stuck for two"),
]


@pytest.mark.parametrize(("overrides", "error", "kept"), BAD_ASK_INPUT)
def test_ask_refuses_bad_input_with_400_and_keeps_the_typed_text(
    client, user, category, overrides, error, kept
):
    client.force_login(user)
    response = client.post(reverse("forum:ask"), ask_data(category, **overrides))
    page = text_of(response)
    assert response.status_code == 400
    assert error in page
    assert kept in page
    assert not Thread.objects.exists()


def test_a_body_of_exactly_the_limit_with_crlf_line_breaks_is_accepted(client, user, category):
    client.force_login(user)
    body = ("x" * 99 + "\r\n") * 299 + "x" * 100  # 30,000 once a line break counts as one
    assert len(body) == 30_299
    response = client.post(reverse("forum:ask"), ask_data(category, body=body))
    assert response.status_code == 302
    assert len(Thread.objects.get().body) == 30_000


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("A" * 30_001, "at most 30000 characters"),
        ("Null\x00answer", "Null characters are not allowed."),
    ],
)
def test_answer_create_refuses_bad_input_with_400_and_keeps_the_typed_text(
    client, other_user, thread, body, error
):
    client.force_login(other_user)
    response = client.post(reverse("forum:answer_create", args=[thread.pk]), {"body": body})
    page = text_of(response)
    assert response.status_code == 400
    assert error in page
    assert body.replace("\x00", "").strip()[:200] in page.replace("\x00", "")
    assert thread.title in page  # the thread page itself, re-rendered around the form
    thread.refresh_from_db()
    assert thread.answer_count == 0


def test_thread_edit_refuses_bad_input_and_keeps_the_typed_text(client, user, thread):
    client.force_login(user)
    response = client.post(
        reverse("forum:thread_edit", args=[thread.pk]),
        ask_data(thread.category, title="", body="Rewritten body kept"),
    )
    assert response.status_code == 400
    assert "Rewritten body kept" in text_of(response)
    thread.refresh_from_db()
    assert thread.body == "How do I *reset* my password?"
    assert not Revision.objects.exists()


def test_answer_edit_refuses_bad_input_and_keeps_the_typed_text(client, other_user, answer):
    client.force_login(other_user)
    response = client.post(reverse("forum:answer_edit", args=[answer.pk]), {"body": "Z" * 30_001})
    assert response.status_code == 400
    assert "Z" * 30_001 in text_of(response)


# --- Preview -----------------------------------------------------------------------------------


def test_preview_renders_with_the_same_sanitiser_as_saving(client, user, category):
    client.force_login(user)
    source = "Try **this** <script>alert(1)</script> [x](javascript:alert(1))"
    response = client.post(reverse("forum:preview"), {"body": source})
    assert response.status_code == 200
    preview_html = json.loads(response.content)["html"]
    saved = thread_edit(
        thread=make_thread(author=user, category=category),
        editor=user,
        title="Same text",
        body=source,
    )
    assert preview_html == saved.body_html
    assert "<strong>this</strong>" in preview_html and "<script" not in preview_html


def test_preview_refuses_nul_bytes_and_over_long_text_with_json_errors(client, user):
    client.force_login(user)
    for body in ["a\x00b", "c" * 30_001]:
        response = client.post(reverse("forum:preview"), {"body": body})
        assert response.status_code == 400
        assert json.loads(response.content)["error"]


def test_service_errors_naming_a_field_show_under_it_and_others_above_the_form(category):
    form = ThreadForm(data=ask_data(category))
    assert form.is_valid()
    views._add_service_error(form, ValidationError({"title": "Bad title", "language": "Odd"}))
    assert form.errors["title"] == ["Bad title"]
    assert form.non_field_errors() == ["Odd"]


def test_tag_addresses_are_normalised_and_invalid_ones_are_404(client, category):
    make_thread(category=category, tags=["usdt"])
    response = client.get("/tags/USDT/")
    assert response.status_code == 301 and response["Location"] == reverse(
        "forum:tag", args=["usdt"]
    )
    assert client.get(reverse("forum:tag", args=["usdt"])).status_code == 200
    assert client.get("/tags/%3Cscript%3E/").status_code == 404


def test_a_form_posted_without_its_csrf_token_gets_a_translated_reason_page(user, category):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("forum:ask"), ask_data(category))
    assert response.status_code == 403
    assert "The form expired" in text_of(response)
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    "name", ["400.html", "403.html", "403_csrf.html", "404.html", "405.html", "500.html"]
)
def test_error_pages_render_even_without_a_request(db, name):
    # Django renders 400 and 500 pages with an empty context, so base.html must not need one.
    page = loader.get_template(name).render()
    assert name[:3] in page and "</html>" in page


def test_posting_a_question_an_answer_and_an_edit_each_confirm_in_a_short_message(
    client, user, other_user, category
):
    client.force_login(user)
    response = client.post(
        reverse("forum:ask"),
        {"title": "Withdrawal stuck for two days", "body": "Sent on Monday.",
         "category": category.pk, "tags": "", "confirm_new": "1"},
        follow=True,
    )  # fmt: skip
    assert "Your question is posted." in response.content.decode()
    thread = response.context["thread"]
    client.force_login(other_user)
    response = client.post(
        reverse("forum:answer_create", args=[thread.pk]), {"body": "Check the txid."}, follow=True
    )
    assert "Your answer is posted." in response.content.decode()
    answer = thread.answers.get()
    response = client.post(
        reverse("forum:answer_edit", args=[answer.pk]), {"body": "Check the txid first."},
        follow=True,
    )  # fmt: skip
    assert "Your changes are saved." in response.content.decode()
