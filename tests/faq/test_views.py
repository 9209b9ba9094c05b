import pytest
from django.urls import reverse

from faq.models import FaqEntry, FaqFeedback, FaqRevision
from faq.services import faq_entries_merge, faq_entry_set_published
from forum.services import answer_delete, answer_edit
from tests.factories import PASSWORD, make_answer, make_thread
from tests.faq.factories import make_faq_entry, promote


def _promote_form(source, category, **overrides):
    client_data = {
        "question": source.thread.title,
        "answer": source.body,
        "category": category.pk,
        "language": source.thread.language,
        "is_published": "on",
        "opened_at": source.updated_at.isoformat(),
    }
    client_data.update(overrides)
    return client_data


def test_a_moderator_promotes_an_answer_in_one_form_and_both_links_work(
    client, moderator, answer, faq_category
):
    client.force_login(moderator)
    url = reverse("faq:entry_promote", args=[answer.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["question"] == "I forgot my password"
    assert page.context["form"].initial["answer"] == answer.body
    assert page.context["form"].initial["language"] == answer.thread.language == "en"
    response = client.post(
        url, _promote_form(answer, faq_category, question="How do I reset my password?")
    )
    entry = FaqEntry.objects.get()
    assert response.status_code == 302 and response.url == entry.get_absolute_url()
    assert (entry.source_answer, entry.credited_author, entry.promoted_by) == (
        answer,
        answer.author,
        moderator,
    )

    # The entry shows on /faq/, and links back to the thread crediting the author.
    index = client.get(reverse("faq:index"))
    assert "How do I reset my password?" in index.content.decode()
    detail = client.get(entry.get_absolute_url()).content.decode()
    assert answer.get_absolute_url() in detail
    assert "@other" in detail
    # The thread marks the answer and links to the entry; the promote button is gone.
    thread_page = client.get(answer.thread.get_absolute_url()).content.decode()
    assert "This answer is in the FAQ" in thread_page
    assert entry.get_absolute_url() in thread_page
    assert url not in thread_page


def test_members_and_anonymous_readers_see_the_mark_but_no_promote_button(
    client, user, moderator, answer, faq_category
):
    promote_url = reverse("faq:entry_promote", args=[answer.pk])
    client.force_login(user)
    assert promote_url not in client.get(answer.thread.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert promote_url in client.get(answer.thread.get_absolute_url()).content.decode()
    promote(answer, moderator, faq_category)
    client.logout()
    page = client.get(answer.thread.get_absolute_url()).content.decode()
    assert "This answer is in the FAQ" in page
    assert promote_url not in page


def test_promoting_the_same_answer_twice_offers_the_existing_entry(
    client, moderator, answer, faq_category
):
    entry = promote(answer, moderator, faq_category)
    client.force_login(moderator)
    response = client.post(
        reverse("faq:entry_promote", args=[answer.pk]),
        _promote_form(answer, faq_category, question="Typed again"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert reverse("faq:entry_edit", args=[entry.pk]) in page
    assert "Update the existing entry instead" in page
    assert "Typed again" in page  # nothing the moderator typed is lost
    assert FaqEntry.objects.count() == 1


def test_a_double_submitted_promote_form_makes_one_entry(client, moderator, answer, faq_category):
    client.force_login(moderator)
    url = reverse("faq:entry_promote", args=[answer.pk])
    data = _promote_form(answer, faq_category)
    first, second = client.post(url, data), client.post(url, data)
    assert (first.status_code, second.status_code) == (302, 400)
    assert FaqEntry.objects.count() == 1


def test_promoting_a_deleted_or_hidden_answer_is_refused_with_a_reason(
    client, moderator, thread, faq_category
):
    deleted = make_answer(thread=thread)
    answer_delete(answer=deleted, user=deleted.author)
    hidden = make_answer(thread=thread)
    hidden.is_hidden = True
    hidden.save(update_fields=["is_hidden"])
    client.force_login(moderator)
    for answer in (deleted, hidden):
        url = reverse("faq:entry_promote", args=[answer.pk])
        page = client.get(url)
        assert page.status_code == 400
        assert "hidden or deleted" in page.content.decode()
        posted = client.post(url, _promote_form(answer, faq_category))
        assert posted.status_code == 400
        assert "hidden or deleted" in posted.content.decode()
    assert not FaqEntry.objects.exists()
    assert client.get(reverse("faq:entry_promote", args=[999999])).status_code == 404


def test_promote_form_errors_keep_the_text_for_empty_fields_and_unknown_categories(
    client, moderator, answer, faq_category
):
    client.force_login(moderator)
    url = reverse("faq:entry_promote", args=[answer.pk])
    empty = client.post(url, _promote_form(answer, faq_category, question="   ", answer="Keep me"))
    assert empty.status_code == 400
    assert empty.context["form"].errors["question"]
    assert "Keep me" in empty.content.decode()
    unknown = client.post(
        url, {**_promote_form(answer, faq_category, question="Kept question"), "category": 987654}
    )
    assert unknown.status_code == 400
    assert "Choose one of the FAQ categories" in unknown.content.decode()
    assert "Kept question" in unknown.content.decode()
    no_answer = client.post(url, _promote_form(answer, faq_category, answer=""))
    assert no_answer.context["form"].errors["answer"]
    nul = client.post(url, _promote_form(answer, faq_category, answer="bad\x00byte"))
    assert nul.status_code == 400
    damaged = client.post(url, _promote_form(answer, faq_category, opened_at="yesterday"))
    assert damaged.status_code == 400
    assert not FaqEntry.objects.exists()


def test_a_stale_promote_form_shows_the_new_answer_and_keeps_the_typed_text(
    client, moderator, answer, faq_category
):
    client.force_login(moderator)
    url = reverse("faq:entry_promote", args=[answer.pk])
    data = _promote_form(answer, faq_category, answer="My careful rewrite")
    answer_edit(answer=answer, editor=answer.author, body="Brand new community text")
    stale = client.post(url, data)
    assert stale.status_code == 400
    page = stale.content.decode()
    assert "Brand new community text" in page and "My careful rewrite" in page
    assert not FaqEntry.objects.exists()
    # The form now carries the new timestamp: submitting again after reading goes through.
    answer.refresh_from_db()
    assert stale.context["form"]["opened_at"].value() == answer.updated_at.isoformat()
    data["opened_at"] = answer.updated_at.isoformat()
    assert client.post(url, data).status_code == 302
    assert FaqEntry.objects.get().answer == "My careful rewrite"


def test_editing_an_entry_keeps_a_revision_and_a_stale_edit_is_refused(
    client, moderator, staff, faq_entry
):
    opened_at = faq_entry.updated_at.isoformat()
    form = {
        "question": "Backing up",
        "answer": "Write the words on paper.",
        "category": faq_entry.category_id,
        "language": "en",
        "opened_at": opened_at,
    }
    client.force_login(moderator)
    url = reverse("faq:entry_edit", args=[faq_entry.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, form).status_code == 302
    client.force_login(staff)
    late = client.post(url, {**form, "answer": "Staff's late version"})
    assert late.status_code == 400
    assert "Write the words on paper." in late.content.decode()
    assert "Staff&#x27;s late version" in late.content.decode()
    faq_entry.refresh_from_db()
    assert faq_entry.answer == "Write the words on paper."
    revisions = client.get(reverse("faq:entry_revisions", args=[faq_entry.pk]))
    assert "How do I back up my wallet?" in revisions.content.decode()
    assert FaqRevision.objects.get().editor == moderator


def test_creating_an_entry_from_scratch_and_double_submitting_makes_one(
    client, moderator, faq_category
):
    client.force_login(moderator)
    data = {
        "question": "What is a seed phrase?",
        "answer": "Twelve words. **Never share.**",
        "category": faq_category.pk,
        "language": "en",
        "is_published": "on",
    }
    first = client.post(reverse("faq:entry_create"), data)
    second = client.post(reverse("faq:entry_create"), data)
    entry = FaqEntry.objects.get()
    assert first.status_code == 302 and second.status_code == 400
    assert reverse("faq:entry_edit", args=[entry.pk]) in second.content.decode()
    assert entry.answer_html == "<p>Twelve words. <strong>Never share.</strong></p>"
    assert entry.created_by == moderator and entry.source_answer is None


def test_unpublished_entries_are_hidden_from_readers_and_shown_to_moderators(
    client, user, moderator, faq_entry
):
    client.force_login(moderator)
    response = client.post(reverse("faq:entry_publish", args=[faq_entry.pk]), {"is_published": "0"})
    assert response.status_code == 302
    assert client.get(faq_entry.get_absolute_url()).status_code == 200
    assert "How do I back up" in client.get(reverse("faq:index")).content.decode()
    client.force_login(user)
    assert client.get(faq_entry.get_absolute_url()).status_code == 404
    assert "How do I back up" not in client.get(reverse("faq:index")).content.decode()
    client.force_login(moderator)
    client.post(reverse("faq:entry_publish", args=[faq_entry.pk]), {"is_published": "1"})
    client.force_login(user)
    assert client.get(faq_entry.get_absolute_url()).status_code == 200
    bad = client.post(reverse("faq:entry_publish", args=[faq_entry.pk]), {"is_published": "x"})
    assert bad.status_code == 403


def test_reorder_buttons_move_entries_and_categories(client, moderator, faq_category):
    first = make_faq_entry(created_by=moderator, category=faq_category, question="First?")
    second = make_faq_entry(created_by=moderator, category=faq_category, question="Second?")
    client.force_login(moderator)
    response = client.post(
        reverse("faq:entry_move", args=[second.pk]), {"direction": "up", "next": "/faq/#x"}
    )
    assert response.status_code == 302 and response.url == "/faq/#x"
    page = client.get(reverse("faq:index")).content.decode()
    assert page.index("Second?") < page.index("First?")
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.order < first.order
    offsite = client.post(
        reverse("faq:entry_move", args=[second.pk]),
        {"direction": "down", "next": "https://evil.example/"},
    )
    assert offsite.url.startswith("/faq/")
    assert (
        client.post(
            reverse("faq:entry_move", args=[second.pk]), {"direction": "sideways"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            reverse("faq:category_move", args=[faq_category.pk]), {"direction": "down"}
        ).status_code
        == 302
    )


def test_merging_redirects_the_merged_entry_to_the_kept_one(client, moderator, faq_category):
    keep = make_faq_entry(created_by=moderator, category=faq_category, question="Keep me?")
    merge = make_faq_entry(created_by=moderator, category=faq_category, question="Merge me?")
    client.force_login(moderator)
    url = reverse("faq:entry_merge", args=[keep.pk])
    assert "Merge me?" in client.get(url).content.decode()
    assert client.post(url, {"merge": keep.pk}).status_code == 400  # not into itself
    assert client.post(url, {"merge": merge.pk}).status_code == 302
    client.logout()
    response = client.get(reverse("faq:entry_detail", args=[merge.pk]))
    assert response.status_code == 301 and response.url == keep.get_absolute_url()
    assert "Merge me?" not in client.get(reverse("faq:index")).content.decode()


def test_helpful_votes_count_once_per_user_and_once_per_anonymous_session(
    client, user, moderator, faq_entry
):
    url = reverse("faq:entry_feedback", args=[faq_entry.pk])
    assert client.post(url, {"is_helpful": "yes"}).status_code == 302
    assert client.post(url, {"is_helpful": "yes"}).status_code == 302
    client.force_login(user)
    client.post(url, {"is_helpful": "no"})
    client.post(url, {"is_helpful": "no"})
    assert client.post(url, {"is_helpful": "maybe"}).status_code == 400
    faq_entry.refresh_from_db()
    assert (faq_entry.helpful_yes, faq_entry.helpful_no) == (1, 1)
    assert FaqFeedback.objects.count() == 2
    # Counts are for moderators only.
    assert "Helpful: 1 yes, 1 no" not in client.get(faq_entry.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert "Helpful: 1 yes, 1 no" in client.get(faq_entry.get_absolute_url()).content.decode()


def test_feedback_on_an_unpublished_entry_is_not_found_for_readers(client, moderator, faq_entry):
    faq_entry_set_published(entry=faq_entry, user=moderator, is_published=False)
    url = reverse("faq:entry_feedback", args=[faq_entry.pk])
    assert client.post(url, {"is_helpful": "yes"}).status_code == 404


def test_the_entry_url_is_stable_when_the_question_changes(client, moderator, faq_entry):
    old_url = faq_entry.get_absolute_url()
    assert client.get(reverse("faq:entry_detail", args=[faq_entry.pk])).status_code == 200
    client.force_login(moderator)
    client.post(
        reverse("faq:entry_edit", args=[faq_entry.pk]),
        {
            "question": "如何备份钱包？",
            "answer": "抄写助记词。",
            "category": faq_entry.category_id,
            "language": "zh-hans",
            "opened_at": faq_entry.updated_at.isoformat(),
        },
    )
    faq_entry.refresh_from_db()
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved.url == faq_entry.get_absolute_url()
    assert client.get(faq_entry.get_absolute_url()).status_code == 200


def test_the_index_shows_the_readers_language_first_and_can_show_the_other(
    client, moderator, faq_category
):
    make_faq_entry(created_by=moderator, category=faq_category, question="English entry?")
    make_faq_entry(
        created_by=moderator, category=faq_category, question="中文条目？", language="zh-hans"
    )
    english = client.get(reverse("faq:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "English entry?" in english and "中文条目？" not in english
    both = client.get(
        reverse("faq:index") + "?languages=all", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert both.index("中文条目？") < both.index("English entry?")


def _mutating_requests(answer, entry, category):
    return [
        ("get", reverse("faq:entry_promote", args=[answer.pk]), {}),
        ("post", reverse("faq:entry_promote", args=[answer.pk]), _promote_form(answer, category)),
        ("get", reverse("faq:entry_create"), {}),
        (
            "post",
            reverse("faq:entry_create"),
            {"question": "New?", "answer": "A", "category": category.pk, "language": "en"},
        ),
        ("get", reverse("faq:entry_edit", args=[entry.pk]), {}),
        (
            "post",
            reverse("faq:entry_edit", args=[entry.pk]),
            {"question": "Edited?", "answer": "B", "category": category.pk, "language": "en"},
        ),
        ("post", reverse("faq:entry_publish", args=[entry.pk]), {"is_published": "0"}),
        ("post", reverse("faq:entry_move", args=[entry.pk]), {"direction": "up"}),
        ("post", reverse("faq:category_move", args=[category.pk]), {"direction": "up"}),
        ("get", reverse("faq:entry_merge", args=[entry.pk]), {}),
        ("post", reverse("faq:entry_merge", args=[entry.pk]), {"merge": entry.pk}),
        ("get", reverse("faq:entry_revisions", args=[entry.pk]), {}),
        ("get", reverse("faq:category_create"), {}),
        ("post", reverse("faq:category_create"), {"name": "Fees"}),
    ]


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_anonymous_visitors_log_in_and_members_get_403_on_every_faq_tool(
    client, who, user, moderator, answer, faq_entry
):
    if who == "member":
        client.force_login(user)
    for method, url, data in _mutating_requests(answer, faq_entry, faq_entry.category):
        response = getattr(client, method)(url, data)
        if who == "anonymous":
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith(reverse("accounts:login")), (method, url)
            continue
        assert response.status_code == 403, (method, url)
        assert "Only moderators and staff" in response.content.decode()
    assert FaqEntry.objects.count() == 1
    faq_entry.refresh_from_db()
    assert faq_entry.question == "How do I back up my wallet?" and faq_entry.is_published
    page = client.get(faq_entry.get_absolute_url()).content.decode()
    assert reverse("faq:entry_edit", args=[faq_entry.pk]) not in page
    assert reverse("faq:entry_create") not in client.get(reverse("faq:index")).content.decode()


@pytest.mark.parametrize("who", ["moderator", "staff"])
def test_moderators_and_staff_may_use_every_faq_tool(
    client, who, moderator, staff, answer, faq_entry
):
    client.force_login(moderator if who == "moderator" else staff)
    for method, url, data in _mutating_requests(answer, faq_entry, faq_entry.category):
        response = getattr(client, method)(url, data)
        assert response.status_code in (200, 302, 400), (method, url, response.status_code)
        assert response.status_code != 400 or method == "post" and "merge" in url, url
    page = client.get(faq_entry.get_absolute_url(), follow=True).content.decode()
    assert reverse("faq:entry_edit", args=[faq_entry.pk]) in page


def test_login_through_the_real_form_then_promote(client, moderator, answer, faq_category):
    assert client.login(username="moderator", password=PASSWORD)
    response = client.post(
        reverse("faq:entry_promote", args=[answer.pk]), _promote_form(answer, faq_category)
    )
    assert response.status_code == 302


def test_the_header_shows_the_faq_link(client, db):
    assert reverse("faq:index") in client.get(reverse("forum:home")).content.decode()


def test_the_entry_keeps_the_credit_but_drops_the_thread_link_when_the_answer_is_deleted(
    client, moderator, answer, faq_category
):
    entry = promote(answer, moderator, faq_category)
    answer_delete(answer=answer, user=answer.author)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "@other" in page
    assert answer.thread.get_absolute_url() not in page


def test_promoting_an_answer_whose_entry_was_merged_offers_the_kept_entry(
    client, moderator, answer, faq_category
):
    merged = promote(answer, moderator, faq_category)
    keep = make_faq_entry(created_by=moderator, category=faq_category, question="Kept?")
    faq_entries_merge(keep=keep, merge=merged, user=moderator)
    client.force_login(moderator)
    page = client.get(reverse("faq:entry_promote", args=[answer.pk])).content.decode()
    assert reverse("faq:entry_edit", args=[keep.pk]) in page
    thread_page = client.get(answer.thread.get_absolute_url()).content.decode()
    assert "This answer is in the FAQ" in thread_page


def test_the_promote_form_defaults_to_the_threads_language(client, moderator, faq_category):
    thread = make_thread(title="提现一直没有到账怎么办", body="已经等了两个小时。")
    answer = make_answer(thread=thread, body="先查一下链上确认数。")
    client.force_login(moderator)
    page = client.get(reverse("faq:entry_promote", args=[answer.pk]))
    assert page.context["form"].initial["language"] == "zh-hans"


def test_a_thread_page_reads_the_faq_marks_of_the_question_and_all_answers_in_one_query(
    client, moderator, thread, faq_category, django_assert_max_num_queries
):
    answers = [make_answer(thread=thread) for _ in range(3)]
    promote(answers[0], moderator, faq_category, question="Promoted first")
    promote(answers[2], moderator, faq_category, question="Promoted third")
    with django_assert_max_num_queries(100) as captured:
        page = client.get(thread.get_absolute_url()).content.decode()
    faq_queries = [query for query in captured.captured_queries if "faq_faqentry" in query["sql"]]
    assert len(faq_queries) == 1
    # Under the question: both entries; under the answers: the mark on the promoted two only.
    assert "Promoted first" in page and "Promoted third" in page
    assert page.count("This answer is in the FAQ") == 2
    for answer, promoted in zip(answers, (True, False, True), strict=True):
        section = page.split(f'id="answer-{answer.pk}"', 1)[1].split("</article>", 1)[0]
        assert ("This answer is in the FAQ" in section) is promoted
