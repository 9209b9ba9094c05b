import pytest
from django.urls import reverse

from forum.models import Thread
from forum.search_forms import MAX_QUERY_LENGTH
from forum.services import answer_accept
from tests.factories import make_answer, make_category, make_thread

SEARCH = reverse("search:search")


@pytest.fixture
def forum_posts(search_index, user, category, django_capture_on_commit_callbacks):
    other = make_category(name="Security", slug="security")
    with django_capture_on_commit_callbacks(execute=True):
        solved = make_thread(
            author=user,
            category=category,
            title="Withdrawal fee is too high",
            body="Why is the withdrawal fee so high on weekends?",
        )
        accepted = make_answer(thread=solved, body="Fees follow network load; try a weekday.")
        answer_accept(answer=accepted, user=user)
        open_thread = make_thread(
            category=other,
            title="Withdrawal address whitelist",
            body="How do I add an address to the withdrawal whitelist?",
        )
        chinese = make_thread(
            category=category, title="提现手续费太高了", body="为什么周末的提现手续费这么高？"
        )
    return {"solved": solved, "accepted": accepted, "open": open_thread, "chinese": chinese}


def _titles(response):
    return [hit.title for hit in response.context["hits"]]


def test_the_search_page_without_a_query_shows_only_the_form(client, db):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert response.context["page"] is None


def test_search_finds_threads_and_answers_and_counts_them(client, forum_posts):
    response = client.get(SEARCH, {"q": "withdrawal"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    assert set(_titles(response)) == {"Withdrawal fee is too high", "Withdrawal address whitelist"}
    assert "2 results for “withdrawal”" in response.content.decode()


def test_search_highlights_the_query_in_snippets_and_escapes_the_rest(client, forum_posts):
    response = client.get(SEARCH, {"q": "whitelist"})
    html = response.content.decode()
    assert "<mark>whitelist</mark>" in html


def test_search_filters_by_kind_category_and_solved(client, forum_posts):
    answers = client.get(SEARCH, {"q": "weekday", "kind": "answer"})
    assert [h.kind for h in answers.context["hits"]] == ["answer"]
    by_category = client.get(SEARCH, {"q": "withdrawal", "category": "security"})
    assert _titles(by_category) == ["Withdrawal address whitelist"]
    solved = client.get(SEARCH, {"q": "withdrawal", "solved": "yes", "kind": "thread"})
    assert _titles(solved) == ["Withdrawal fee is too high"]
    unsolved = client.get(SEARCH, {"q": "withdrawal", "solved": "no"})
    assert _titles(unsolved) == ["Withdrawal address whitelist"]


def test_an_unknown_filter_value_is_a_400_with_the_reason(client, forum_posts):
    response = client.get(SEARCH, {"q": "withdrawal", "kind": "bogus"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_sort_newest_puts_the_latest_post_first(client, forum_posts):
    response = client.get(SEARCH, {"q": "withdrawal", "sort": "newest"})
    assert _titles(response) == ["Withdrawal address whitelist", "Withdrawal fee is too high"]


def test_results_are_paginated(client, search_index, settings, django_capture_on_commit_callbacks):
    settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE = 2
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            make_thread(title=f"Staking reward question {number}")
    first = client.get(SEARCH, {"q": "staking", "kind": "thread"})
    last = client.get(SEARCH, {"q": "staking", "kind": "thread", "page": "3"})
    beyond = client.get(SEARCH, {"q": "staking", "kind": "thread", "page": "99"})
    junk = client.get(SEARCH, {"q": "staking", "kind": "thread", "page": "x"})
    assert len(first.context["hits"]) == 2 and first.context["page"].paginator.num_pages == 3
    assert len(last.context["hits"]) == 1
    assert beyond.context["page"].number == 3
    assert junk.context["page"].number == 1
    assert "page=2" in first.content.decode()


def test_a_chinese_word_inside_a_sentence_is_found_and_highlighted(client, forum_posts):
    response = client.get(SEARCH, {"q": "手续费"})
    assert _titles(response) == ["提现手续费太高了"]
    assert "<mark>手续费</mark>" in response.content.decode()


def test_a_hidden_thread_never_shows_in_results(
    client, forum_posts, django_capture_on_commit_callbacks
):
    thread = forum_posts["open"]
    with django_capture_on_commit_callbacks(execute=True):
        thread.is_hidden = True
        thread.save(update_fields=["is_hidden"])
    assert _titles(client.get(SEARCH, {"q": "whitelist"})) == []


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "AND OR (",
        "*",
        "withdrawal AND",
        "((((",
        "title:withdrawal",
        "!!!???",
        "……，。",
        "-",
        "\\",
        "a\x00b",
        "\x00",
        "fee~",
        "[a TO",
        "NOT",
        "^",
        "'; DROP",
        "<script>alert(1)</script>",
    ],
)
def test_any_query_string_gives_a_page_never_a_500(client, forum_posts, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_only_punctuation_asks_for_a_word(client, forum_posts):
    response = client.get(SEARCH, {"q": "?!… ，。"})
    assert response.context["empty_query"] is True
    assert "Type at least one word or number" in response.content.decode()


def test_nul_bytes_are_removed_with_a_notice(client, forum_posts):
    response = client.get(SEARCH, {"q": "white\x00list"})
    assert response.context["query"] == "whitelist"
    assert "Control characters" in response.content.decode()


def test_a_very_long_query_is_shortened_with_a_notice(client, forum_posts):
    response = client.get(SEARCH, {"q": "withdrawal " * 300})
    assert response.status_code == 200
    assert len(response.context["query"]) <= MAX_QUERY_LENGTH
    assert "was too long and was shortened" in response.content.decode()


def test_a_misspelt_query_that_finds_little_suggests_a_spelling(client, forum_posts):
    response = client.get(SEARCH, {"q": "withdrawel"})
    suggestion = response.context["suggestion"]
    assert suggestion and suggestion.startswith("withdraw")
    assert "Did you mean" in response.content.decode()
    assert client.get(SEARCH, {"q": suggestion}).context["page"].paginator.count == 2


def test_a_query_that_finds_enough_offers_no_spelling(client, forum_posts):
    assert client.get(SEARCH, {"q": "withdrawal"}).context.get("suggestion") is None


SIMILAR = reverse("search:similar")
RESULT_KEYS = {
    "kind",
    "title",
    "url",
    "excerpt",
    "solved",
    "answer_count",
    "score",
    "language",
    "matched_by",
}


def test_similar_returns_up_to_five_results_in_the_documented_shape(client, forum_posts):
    response = client.get(SIMILAR, {"title": "withdrawal fee too high on weekends"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert 1 <= len(results) <= 5
    assert all(set(result) == RESULT_KEYS for result in results)
    first = results[0]
    assert first["title"] == "Withdrawal fee is too high"
    assert first["url"] == forum_posts["solved"].get_absolute_url()
    assert first["kind"] == "thread" and first["solved"] is True and first["answer_count"] == 1
    assert isinstance(first["score"], float)


def test_similar_finds_a_short_chinese_title(client, forum_posts):
    results = client.get(SIMILAR, {"title": "提现手续费"}).json()["results"]
    assert results[0]["title"] == "提现手续费太高了"


@pytest.mark.parametrize("title", ["", "   ", "提现", "withdraw", "fee high", "!!!!!!!!!!!!"])
def test_similar_returns_nothing_for_too_short_input(client, forum_posts, title):
    response = client.get(SIMILAR, {"title": title})
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_similar_uses_the_body_too(client, forum_posts):
    response = client.get(
        SIMILAR, {"title": "Question about weekends", "body": "the withdrawal fee is high"}
    )
    assert "Withdrawal fee is too high" in [r["title"] for r in response.json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"body": "only a body"},
        {"title": ["one", "two"]},
        {"title": "withdrawal fee\x00 is high"},
        {"title": "withdrawal fee", "body": "a\x00"},
    ],
)
def test_similar_rejects_missing_or_malformed_parameters_with_a_reason(client, db, params):
    response = client.get(SIMILAR, params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_similar_by_get_is_cacheable_and_other_methods_than_get_and_post_are_refused(
    client, forum_posts
):
    response = client.get(SIMILAR, {"title": "withdrawal fee too high"})
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert client.put(SIMILAR, {"title": "withdrawal fee too high"}).status_code == 405


def test_similar_never_suggests_a_hidden_thread(
    client, forum_posts, django_capture_on_commit_callbacks
):
    thread = forum_posts["solved"]
    with django_capture_on_commit_callbacks(execute=True):
        thread.is_hidden = True
        thread.save(update_fields=["is_hidden"])
    results = client.get(SIMILAR, {"title": "Withdrawal fee is too high"}).json()["results"]
    assert thread.get_absolute_url() not in [r["url"] for r in results]


def test_similar_survives_a_very_long_title(client, forum_posts):
    response = client.get(SIMILAR, {"title": "withdrawal fee " * 500, "body": "x" * 50_000})
    assert response.status_code == 200


ASK = reverse("forum:ask")


def _ask(client, category, **extra):
    data = {
        "title": "Withdrawal fee is too high",
        "body": "Why so expensive on weekends?",
        "category": category.pk,
        "tags": "",
        **extra,
    }
    return client.post(ASK, data)


def test_asking_a_question_with_strong_matches_first_shows_them_and_keeps_the_text(
    client, user, category, forum_posts
):
    client.force_login(user)
    response = _ask(client, category)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Post my question anyway" in html
    assert 'name="confirm_new" value="1"' in html
    assert forum_posts["solved"].get_absolute_url() in html
    assert 'value="Withdrawal fee is too high"' in html
    assert "Why so expensive on weekends?" in html
    assert Thread.objects.filter(title="Withdrawal fee is too high").count() == 1


def test_posting_anyway_creates_the_question(client, user, category, forum_posts):
    client.force_login(user)
    response = _ask(client, category, confirm_new="1")
    assert response.status_code == 302
    assert Thread.objects.filter(title="Withdrawal fee is too high").count() == 2


def test_a_question_without_strong_matches_is_posted_at_once(client, user, category, forum_posts):
    client.force_login(user)
    response = _ask(client, category, title="How do I export my transaction history to CSV?")
    assert response.status_code == 302
    assert Thread.objects.filter(title__startswith="How do I export").exists()


def test_similar_searches_from_three_chinese_characters(client, forum_posts):
    results = client.get(SIMILAR, {"title": "手续费"}).json()["results"]
    assert "提现手续费太高了" in [result["title"] for result in results]


def test_a_traditional_chinese_query_finds_the_simplified_post(client, forum_posts):
    response = client.get(SEARCH, {"q": "手續費"})
    assert _titles(response) == ["提现手续费太高了"]


def test_similar_takes_the_title_and_body_as_a_csrf_checked_post_and_keeps_it_private(
    forum_posts, user, caplog
):
    import logging

    from django.test import Client

    caplog.set_level(logging.DEBUG)

    checked = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    refused = checked.post(SIMILAR, {"title": "withdrawal fee too high on weekends"})
    assert refused.status_code == 403
    checked.force_login(user)
    checked.get(reverse("forum:ask"))  # sets the CSRF cookie, as the ask page does
    token = checked.cookies["csrftoken"].value
    response = checked.post(
        SIMILAR,
        {"title": "withdrawal fee too high on weekends", "body": "长" * 3000 + " marker-1729"},
        HTTP_X_CSRFTOKEN=token,
    )
    assert "marker-1729" not in caplog.text and "长长长" not in caplog.text
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["url"] == forum_posts["solved"].get_absolute_url()
    assert all(set(result) == RESULT_KEYS for result in results)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
