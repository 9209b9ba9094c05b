"""The /search/ page: one result per thread, snippets, spelling from visible posts only, and
matches by meaning when words find little."""

import pytest
from django.urls import reverse

from forum.services import answer_accept
from moderation.services import post_hide
from search.backend import _highlight_window
from search.snippets import highlight_to_html
from tests.factories import make_answer, make_category, make_thread, make_user

SEARCH = reverse("search:search")


def _get(client, **params):
    return client.get(SEARCH, params, HTTP_HOST="localhost")


@pytest.fixture
def withdrawal_thread(search_index, user, django_capture_on_commit_callbacks):
    """A thread that matches "withdrawal" in its question and in two answers."""
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(
            author=user,
            title="Withdrawal stuck for two days",
            body="My withdrawal has been pending since Monday.",
        )
        first = make_answer(thread=thread, body="A withdrawal waits for network confirmations.")
        make_answer(thread=thread, body="Contact support with the withdrawal id.")
        answer_accept(answer=first, user=user)
    return thread


def test_a_thread_matching_in_its_question_and_two_answers_shows_once(client, withdrawal_thread):
    response = _get(client, q="withdrawal")
    hits = response.context["hits"]
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert [hit.title for hit in hits] == ["Withdrawal stuck for two days"]
    assert hits[0].other_matches == 2
    html = response.content.decode()
    assert "1 result for “withdrawal”" in html
    assert "also matches in 2 more posts of this thread" in html


def test_the_grouped_count_and_pages_stay_right_across_pages(
    client, search_index, settings, django_capture_on_commit_callbacks
):
    settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE = 2
    with django_capture_on_commit_callbacks(execute=True):
        threads = [make_thread(title=f"Staking reward question {number}") for number in range(5)]
        for thread in threads:
            make_answer(thread=thread, body="Staking rewards arrive every epoch.")
            make_answer(thread=thread, body="Your staking reward is paid on Mondays.")
    pages = [_get(client, q="staking", page=str(number)) for number in (1, 2, 3)]
    urls = [hit.url.split("#")[0] for page in pages for hit in page.context["hits"]]
    assert pages[0].context["page"].paginator.count == 5
    assert pages[0].context["page"].paginator.num_pages == 3
    assert [len(page.context["hits"]) for page in pages] == [2, 2, 1]
    assert sorted(urls) == sorted(thread.get_absolute_url() for thread in threads)
    assert "5 results for “staking”" in pages[0].content.decode()


def test_an_answer_only_match_links_to_the_answer_and_filters_still_apply(
    client, withdrawal_thread
):
    answers = _get(client, q="confirmations", kind="answer")
    assert [hit.kind for hit in answers.context["hits"]] == ["answer"]
    assert "#answer-" in answers.context["hits"][0].url
    assert _get(client, q="withdrawal", kind="faq").context["page"].paginator.count == 0
    newest = _get(client, q="withdrawal", sort="newest")
    assert newest.context["page"].paginator.count == 1


def test_a_hidden_answer_is_not_counted_in_its_thread(
    client, withdrawal_thread, django_capture_on_commit_callbacks
):
    support = withdrawal_thread.answers.get(body__startswith="Contact support")
    with django_capture_on_commit_callbacks(execute=True):
        post_hide(post=support, moderator=make_user(moderator=True))
    hits = _get(client, q="withdrawal").context["hits"]
    assert len(hits) == 1 and hits[0].other_matches == 1
    assert _get(client, q="support").context["page"].paginator.count == 0


def test_a_snippet_starts_at_a_word_boundary():
    text = "Introduction " + "transaction " * 30 + "then the withdrawal failed " + "x " * 200
    window = _highlight_window(text, {"withdrawal"})
    assert "withdrawal" in window
    assert window.startswith("transaction ")


def test_a_term_is_found_where_a_word_starts_not_inside_another_word(client, search_index):
    text = "Unrelated " * 40 + "the transfer was late."
    assert _highlight_window(text, {"late"}).rstrip().endswith("the transfer was late.")


def test_a_long_answer_shows_the_matching_words_in_its_snippet(
    client, search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Deposit question", body="Where is my deposit?")
        make_answer(thread=thread, body="Unrelated words here. " * 20 + "The deposit was late.")
    snippet = str(_get(client, q="late").context["hits"][0].snippet)
    assert "<mark>late</mark>" in snippet
    assert not snippet.startswith(("nrelated", "elated", "lated", "ated", "ted", "ed", "d "))


def test_adjacent_chinese_highlights_are_one_mark_without_a_gap(
    client, search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(title="提现延迟怎么办", body="我的提现延迟了三天，客服说是网络拥堵。")
    snippet = str(_get(client, q="提现延迟").context["hits"][0].snippet)
    assert "<mark>提现延迟</mark>" in snippet
    assert "</mark><mark>" not in snippet and "</mark> <mark>" not in snippet


def test_merging_marks_keeps_the_text_between_them_and_escapes_it():
    html = highlight_to_html("<em>提现</em><em>延迟</em> and <em>fee</em> <em>&lt;b&gt;</em>")
    assert html == "<mark>提现延迟</mark> and <mark>fee &lt;b&gt;</mark>"


def test_a_hidden_posts_word_is_never_suggested_as_a_spelling(
    client, search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        secret = make_thread(title="Zebrawallet migration", body="Moving to zebrawallet now.")
        make_thread(title="Deposit delayed", body="My deposit is late.")
    assert _get(client, q="zebrawalet").context["suggestion"] == "zebrawallet"
    with django_capture_on_commit_callbacks(execute=True):
        post_hide(post=secret, moderator=make_user(moderator=True))
    response = _get(client, q="zebrawalet")
    assert response.context.get("suggestion") is None
    assert "zebrawallet" not in response.content.decode()
    assert _get(client, q="zebrawallet").context["page"].paginator.count == 0


def test_a_suggestion_must_find_something_under_the_pages_filters(client, withdrawal_thread):
    assert _get(client, q="withdrawl").context["suggestion"].startswith("withdraw")
    assert _get(client, q="withdrawl", kind="faq").context.get("suggestion") is None


def test_with_embeddings_off_there_is_no_meaning_section_and_no_error(client, withdrawal_thread):
    response = _get(client, q="completely different topic")
    assert response.status_code == 200
    assert response.context["meaning_hits"] == []
    assert "Similar in meaning" not in response.content.decode()


# -- by meaning, with the real model ------------------------------------------------------------


@pytest.fixture
def posted(search_index, sentence_model, django_capture_on_commit_callbacks):
    def post(title, body, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            thread = make_thread(title=title, body=body, **extra)
        assert search_index.background_encoder.wait_idle(timeout=60)
        return thread

    return post


def test_an_english_query_with_no_word_match_finds_the_chinese_thread_labelled(client, posted):
    chinese = posted("我忘记了钱包密码，怎么重置？", "登录不了，助记词还在。")
    posted("Staking rewards never arrived", "It has been two weeks.")
    response = _get(client, q="forgot my wallet password")
    meaning = response.context["meaning_hits"]
    assert response.context["page"].paginator.count == 0
    assert [hit.url for hit in meaning][:1] == [chinese.get_absolute_url()]
    assert meaning[0].matched_by == "meaning"
    html = response.content.decode()
    assert "Similar in meaning" in html
    assert "我忘记了钱包密码" in html
    assert meaning[0].language == "zh-hans"
    assert '<span class="badge badge-language" lang="zh-hans">中文</span>' in html
    assert "Nothing matched your search." not in html
    chinese_page = client.get(
        SEARCH,
        {"q": "forgot my wallet password"},
        HTTP_HOST="localhost",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "意思相近" in chinese_page.content.decode()
    assert "badge-language" not in chinese_page.content.decode()  # the reader's own language


def test_a_hidden_thread_is_never_found_by_meaning(
    client, posted, django_capture_on_commit_callbacks, search_index
):
    chinese = posted("我忘记了钱包密码，怎么重置？", "登录不了，助记词还在。")
    with django_capture_on_commit_callbacks(execute=True):
        post_hide(post=chinese, moderator=make_user(moderator=True))
    assert search_index.background_encoder.wait_idle(timeout=60)
    response = _get(client, q="forgot my wallet password")
    assert chinese.get_absolute_url() not in [hit.url for hit in response.context["meaning_hits"]]
    assert "我忘记了钱包密码" not in response.content.decode()


def test_matches_by_meaning_follow_the_pages_filters(client, posted, category):
    posted("我忘记了钱包密码，怎么重置？", "登录不了，助记词还在。", category=category)
    assert _get(client, q="forgot my wallet password", solved="yes").context["meaning_hits"] == []
    assert _get(client, q="forgot my wallet password", kind="answer").context["meaning_hits"] == []
    assert _get(client, q="forgot my wallet password", kind="thread").context["meaning_hits"]


def test_a_category_whose_slug_has_a_hyphen_filters_its_results(
    client, search_index, django_capture_on_commit_callbacks
):
    wallets = make_category(name="Hardware wallets", slug="hardware-wallets")
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(title="Ledger firmware update", category=wallets)
        make_thread(title="Ledger export to CSV")
    response = _get(client, q="ledger", category="hardware-wallets")
    assert [hit.title for hit in response.context["hits"]] == ["Ledger firmware update"]


def test_pages_cut_from_the_best_posts_only_equal_ranking_every_match(
    client, search_index, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The page's groups come from a sort of only the best documents, widened until it holds
    enough groups; with a cut of one document per group asked for (widening 4x each time),
    every page must be what a sort of every match gives, ties included."""
    from search import grouping

    settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE = 2
    with django_capture_on_commit_callbacks(execute=True):
        busy = make_thread(title="Staking staking staking rewards")
        for _ in range(5):
            make_answer(thread=busy, body="Staking staking staking, staking again.")
        for number in range(6):
            thread = make_thread(title=f"A question about staking {number}")
            make_answer(thread=thread, body="Staking is paid weekly." if number % 2 else "Same.")

    def all_pages():
        return [
            [
                (hit.url, hit.other_matches)
                for hit in _get(client, q="staking", page=str(n)).context["hits"]
            ]
            for n in (1, 2, 3, 4)
        ]

    monkeypatch.setattr(grouping, "MIN_CANDIDATES", 10**9)
    every_match = all_pages()
    monkeypatch.setattr(grouping, "MIN_CANDIDATES", 1)
    monkeypatch.setattr(grouping, "CANDIDATES_PER_GROUP", 1)
    assert all_pages() == every_match
    assert [len(page) for page in every_match] == [2, 2, 2, 1]
    best_url, other_matches = every_match[0][0]
    assert (best_url.split("#")[0], other_matches) == (busy.get_absolute_url(), 5)
