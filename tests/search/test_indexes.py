from haystack.query import SearchQuerySet

from forum.services import answer_accept, vote_cast
from search.indexes import plain_excerpt
from tests.factories import make_answer, make_thread, make_user


def _docs(**filters):
    return list(SearchQuerySet().filter(**filters))


def test_a_thread_document_carries_the_shared_fields(
    search_index, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(
            title="Withdrawal stuck for two days",
            category=category,
            body="My **withdrawal** to the bank is still pending.",
            tags=["withdrawal", "bank"],
        )
    [doc] = _docs(kind="thread")
    assert doc.pk == str(thread.pk)
    assert doc.title == "Withdrawal stuck for two days"
    assert doc.category == "account"
    assert sorted(doc.tags) == ["bank", "withdrawal"]
    assert doc.solved is False
    assert doc.language == "en"
    assert doc.answer_count == 0
    assert doc.url == thread.get_absolute_url()
    assert doc.excerpt == "My withdrawal to the bank is still pending."
    assert "**" not in doc.text and "<" not in doc.text


def test_a_solved_thread_is_found_by_the_words_of_its_accepted_answer(
    search_index, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(author=user, title="App shows a blank screen")
        answer = make_answer(thread=thread, body="Clear the cache in settings, then reinstall.")
        answer_accept(answer=answer, user=user)
    [doc] = _docs(kind="thread", content="reinstall")
    assert doc.pk == str(thread.pk)
    assert doc.solved is True
    assert doc.answer_count == 1


def test_only_accepted_and_upvoted_answers_go_into_the_thread_document(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Which network for USDT?")
        make_answer(thread=thread, body="Nobody voted for the zebra idea.")
        liked = make_answer(thread=thread, body="Use the tron network for lower fees.")
        vote_cast(user=make_user(), value=1, answer=liked)
    assert [d.pk for d in _docs(kind="thread", content="tron")] == [str(thread.pk)]
    assert _docs(kind="thread", content="zebra") == []
    assert len(_docs(kind="answer", content="zebra")) == 1


def test_an_answer_document_points_at_the_answer_inside_its_thread(
    search_index, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Gas fee too high", category=category, tags=["fees"])
        answer = make_answer(thread=thread, body="Wait for the weekend when gas is cheaper.")
    [doc] = _docs(kind="answer")
    assert doc.pk == str(answer.pk)
    assert doc.title == "Gas fee too high"
    assert doc.url.endswith(f"#answer-{answer.pk}")
    assert doc.category == "account"
    assert doc.tags == ["fees"]
    assert doc.solved is False


def test_plain_excerpt_folds_whitespace_and_cuts_long_text():
    assert plain_excerpt("a\n\n b\tc") == "a b c"
    assert len(plain_excerpt("word " * 100)) <= 200
    assert plain_excerpt("word " * 100).endswith("…")
