"""The index follows every field it shows: categories, tags and sibling answers."""

from haystack.query import SearchQuerySet

from forum.services import thread_edit
from search.drift import drift_report
from tests.factories import make_answer, make_category, make_thread


def _stale(report) -> dict[str, list[str]]:
    return {model.label: model.stale + model.missing + model.extra for model in report.models}


def test_renaming_a_category_reindexes_its_threads_and_answers(
    search_index, django_capture_on_commit_callbacks
):
    category = make_category(name="Wallets", slug="wallets")
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Lost my wallet seed", category=category)
        answer = make_answer(thread=thread, body="Restore it from the backup phrase.")
        make_thread(title="Unrelated thread")
    with django_capture_on_commit_callbacks(execute=True):
        category.name, category.slug = "Wallets and keys", "wallets-and-keys"
        category.save()
    report = drift_report()
    assert not report.has_drift, _stale(report)
    found = sorted(
        (r.kind, int(r.pk)) for r in SearchQuerySet().filter(category="wallets-and-keys")
    )
    assert found == [("answer", answer.pk), ("thread", thread.pk)]
    assert not SearchQuerySet().filter(category="wallets").count()


def test_renaming_a_tag_reindexes_the_threads_and_answers_that_carry_it(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Gas fees explained", tags=["gas"])
        answer = make_answer(thread=thread)
    tag = thread.tags.get()
    with django_capture_on_commit_callbacks(execute=True):
        tag.name = "fees"
        tag.save()
    assert not drift_report().has_drift
    assert sorted(int(r.pk) for r in SearchQuerySet().filter(tags="fees")) == sorted(
        [thread.pk, answer.pk]
    )


def test_deleting_a_tag_takes_it_off_the_documents_that_showed_it(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Staking rewards", tags=["staking", "rewards"])
    with django_capture_on_commit_callbacks(execute=True):
        thread.tags.get(name="staking").delete()
    assert not drift_report().has_drift
    assert SearchQuerySet().filter(kind="thread")[0].tags == ["rewards"]


def test_a_second_answer_leaves_no_stale_answer_document(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(title="Two answers in a row")
        make_answer(thread=thread, body="First answer.")
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(thread=thread, body="Second answer.")
    report = drift_report()
    assert not report.has_drift, _stale(report)
    assert SearchQuerySet().filter(kind="thread")[0].answer_count == 2


def test_retitling_a_thread_still_reindexes_its_answers(
    search_index, django_capture_on_commit_callbacks, user
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(author=user, title="Old title here")
        make_answer(thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        thread_edit(thread=thread, editor=user, title="New title here", body=thread.body)
    assert not drift_report().has_drift
    assert SearchQuerySet().filter(kind="answer")[0].title == "New title here"
