import pytest

from search.similar import SimilarResult, find_similar, is_query_long_enough
from tests.factories import make_answer, make_thread, make_user
from tests.faq.factories import make_faq_entry


@pytest.fixture
def posted(search_index, django_capture_on_commit_callbacks):
    def post(title, body="Nothing else to add.", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return make_thread(title=title, body=body, **extra)

    return post


def test_is_query_long_enough_wants_three_chinese_or_ten_latin_characters():
    assert is_query_long_enough("充值未到账")
    assert not is_query_long_enough("充值")
    assert is_query_long_enough("wallet sync")
    assert not is_query_long_enough("wallet")
    assert not is_query_long_enough("!!! ??? ...")


def test_find_similar_finds_a_chinese_thread_by_words_inside_its_title(posted):
    thread = posted("我的钱包提现一直不到账怎么办")
    posted("怎么修改登录密码")
    results = find_similar("提现不到账")
    assert [result.url for result in results] == [thread.get_absolute_url()]
    assert isinstance(results[0], SimilarResult)
    assert set(results[0].as_dict()) == {
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


def test_find_similar_ranks_a_title_match_above_a_body_match(posted):
    in_body = posted("钱包的问题", body="请问提现手续费太高了怎么办，有人知道吗")
    in_title = posted("提现手续费太高", body="有人知道原因吗")
    results = find_similar("提现手续费为什么这么高")
    assert [r.url for r in results[:2]] == [in_title.get_absolute_url(), in_body.get_absolute_url()]


def test_find_similar_drops_weak_matches_instead_of_filling_five_slots(posted):
    for title in (
        "Wallet shows zero balance",
        "Wallet app crashes on start",
        "Wallet address changed",
        "Wallet backup to cloud",
    ):
        posted(title)
    strong = posted("Staking rewards never arrived in my account")
    results = find_similar("Staking rewards not arrived after two weeks, wallet holders")
    assert [r.url for r in results] == [strong.get_absolute_url()]
    assert find_similar("Completely unrelated cooking recipe with tomatoes") == []


def test_find_similar_lists_threads_not_their_answers(posted, django_capture_on_commit_callbacks):
    thread = posted("Transaction stuck pending for hours")
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(thread=thread, body="Transaction stuck pending: raise the gas fee.")
    results = find_similar("Transaction stuck pending for hours")
    assert [(r.kind, r.url) for r in results] == [("thread", thread.get_absolute_url())]
    assert results[0].answer_count == 1


def test_find_similar_puts_a_strong_faq_match_first(posted, django_capture_on_commit_callbacks):
    thread = posted("How do I back up my seed phrase on paper safely at home")
    with django_capture_on_commit_callbacks(execute=True):
        faq = make_faq_entry(
            created_by=make_user(moderator=True), question="How do I back up my seed phrase?"
        )
    results = find_similar("How do I back up my seed phrase on paper safely at home")
    assert [r.kind for r in results] == ["faq", "thread"]
    assert results[0].url == faq.get_absolute_url()
    assert results[1].url == thread.get_absolute_url()
    assert results[1].score > results[0].score  # first because it is a strong FAQ match
