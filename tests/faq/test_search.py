from django.urls import reverse

from faq.services import faq_entry_set_published
from tests.factories import make_answer, make_thread
from tests.faq.factories import make_faq_entry, promote


def test_a_promoted_entry_is_found_by_the_faq_search_box_and_the_search_page(
    client, search_index, moderator, category, faq_category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(category=category, title="提现一直没有到账怎么办")
        answer = make_answer(thread=thread, body="提现通常在三十分钟内到账，请先检查链上确认数。")
        entry = promote(answer, moderator, faq_category, question="提现多久到账？")
        make_faq_entry(
            created_by=moderator,
            category=faq_category,
            question="How do I change my password?",
            answer="Use Settings.",
        )
    faq_page = client.get(reverse("faq:index"), {"q": "提现"})
    assert [hit.pk for hit in faq_page.context["results"]] == [entry.pk]
    assert entry.get_absolute_url() in faq_page.content.decode()
    search_page = client.get(reverse("search:search"), {"q": "到账", "kind": "faq"})
    assert entry.get_absolute_url() in search_page.content.decode()


def test_an_unpublished_entry_leaves_the_search_index(
    client, search_index, moderator, faq_category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = make_faq_entry(
            created_by=moderator,
            category=faq_category,
            question="What is a seed phrase?",
            answer="Twelve secret words.",
        )
    assert client.get(reverse("faq:index"), {"q": "seed phrase"}).context["results"] == [entry]
    with django_capture_on_commit_callbacks(execute=True):
        faq_entry_set_published(entry=entry, user=moderator, is_published=False)
    assert client.get(reverse("faq:index"), {"q": "seed phrase"}).context["results"] == []


def test_the_faq_search_box_survives_hostile_queries(client, search_index):
    for query in ['"unbalanced', "AND OR (", "*", "x" * 500, "!!!", "a\x00b"]:
        response = client.get(reverse("faq:index"), {"q": query})
        assert response.status_code == 200, query


def test_a_promoted_entry_ranks_first_in_similar_suggestions(
    client, search_index, moderator, category, faq_category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(
            category=category,
            title="My deposit has not arrived after an hour",
            body="I sent USDT from an exchange an hour ago.",
        )
        answer = make_answer(
            thread=thread, body="Check the network; most delays are confirmations on the chain."
        )
        make_thread(category=category, title="Deposit arrived twice?", body="Odd.")
        make_thread(category=category, title="How do I change my password?", body="Forgot it.")
        entry = promote(
            answer, moderator, faq_category, question="Why has my deposit not arrived yet?"
        )
    # Asked with the thread's own words: the FAQ entry still comes first, the thread after it.
    response = client.get(
        reverse("search:similar"), {"title": "My deposit has not arrived after an hour"}
    )
    results = response.json()["results"]
    assert results[0]["kind"] == "faq"
    assert results[0]["url"] == entry.get_absolute_url()
    assert thread.get_absolute_url() in [result["url"] for result in results[1:]]
    assert "password" not in " ".join(result["title"] for result in results)


def test_a_chinese_faq_entry_ranks_first_for_a_chinese_question(
    client, search_index, moderator, category, faq_category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(category=category, title="充值一直没有到账", body="已经两个小时了。")
        make_answer(thread=thread, body="请先确认链上确认数。")
        entry = make_faq_entry(
            created_by=moderator,
            category=faq_category,
            question="充值未到账怎么办？",
            answer="检查网络和确认数。",
            language="zh-hans",
        )
    results = client.get(reverse("search:similar"), {"title": "充值未到账"}).json()["results"]
    assert results[0]["kind"] == "faq"
    assert results[0]["url"] == entry.get_absolute_url()
    assert thread.get_absolute_url() in [result["url"] for result in results]
