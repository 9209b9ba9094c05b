import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core import events
from faq.events import AnswerPromoted
from faq.feedback import faq_feedback_record
from faq.models import FaqEntry, FaqFeedback, FaqRevision
from faq.services import (
    AlreadyPromoted,
    StaleForm,
    faq_category_move,
    faq_entries_merge,
    faq_entry_create,
    faq_entry_move,
    faq_entry_set_published,
    faq_entry_update,
)
from forum.services import answer_delete, answer_edit
from tests.factories import make_answer
from tests.faq.factories import make_faq_category, make_faq_entry, promote


def test_faq_entry_create_renders_markdown_and_appends_to_its_category(moderator, faq_category):
    first = make_faq_entry(created_by=moderator, category=faq_category)
    second = make_faq_entry(
        created_by=moderator, category=faq_category, answer="Click <b onclick=x>here</b>"
    )
    assert first.answer_html == "<p>Open <em>Settings</em> and tap <strong>Reset</strong>.</p>"
    assert second.answer_html == "<p>Click <b>here</b></p>"
    assert second.answer_text == "Click here"
    assert (first.order, second.order) == (0, 1)


def test_faq_entry_create_refuses_members(user, faq_category):
    with pytest.raises(PermissionDenied):
        make_faq_entry(created_by=user, category=faq_category)
    assert not FaqEntry.objects.exists()


def test_faq_entry_create_refuses_empty_text_per_field(moderator, faq_category):
    with pytest.raises(ValidationError) as caught:
        faq_entry_create(
            created_by=moderator, question="  ", answer="\n", category=faq_category, language="en"
        )
    assert set(caught.value.error_dict) == {"question", "answer"}


def test_faq_entry_create_refuses_an_unknown_language_or_category(moderator, faq_category):
    with pytest.raises(ValidationError) as caught:
        faq_entry_create(
            created_by=moderator, question="Q?", answer="A", category=faq_category, language="fr"
        )
    assert "language" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        faq_entry_create(
            created_by=moderator, question="Q?", answer="A", category=None, language="en"
        )
    assert "category" in caught.value.error_dict


def test_faq_entry_create_twice_with_the_same_question_is_refused(moderator, faq_entry):
    with pytest.raises(ValidationError) as caught:
        make_faq_entry(created_by=moderator, question="how do I back up my wallet?")
    assert caught.value.code == "duplicate"
    assert caught.value.entry == faq_entry
    assert FaqEntry.objects.count() == 1


def test_faq_entry_promote_links_credits_and_announces_the_promotion_after_commit(
    answer, moderator, faq_category, django_capture_on_commit_callbacks
):
    heard = []
    events.subscribe(AnswerPromoted, heard.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            entry = promote(answer, moderator, faq_category)
    finally:
        events.unsubscribe(AnswerPromoted, heard.append)
    assert entry.source_answer == answer
    assert entry.source_thread == answer.thread
    assert entry.credited_author == answer.author
    assert entry.promoted_by == moderator and entry.promoted_at is not None
    assert entry.question == answer.thread.title
    assert heard == [
        AnswerPromoted(
            entry_id=entry.pk,
            answer_id=answer.pk,
            thread_id=answer.thread_id,
            author_id=answer.author_id,
            promoted_by_id=moderator.pk,
        )
    ]


def test_faq_entry_promote_twice_raises_already_promoted_with_the_entry(
    answer, moderator, faq_category
):
    entry = promote(answer, moderator, faq_category)
    with pytest.raises(AlreadyPromoted) as caught:
        promote(answer, moderator, faq_category, question="Another wording")
    assert caught.value.code == "already_promoted"
    assert caught.value.entry == entry
    assert FaqEntry.objects.count() == 1


def test_faq_entry_promote_refuses_deleted_and_hidden_answers(answer, moderator, faq_category):
    answer_delete(answer=answer, user=answer.author)
    with pytest.raises(ValidationError) as caught:
        promote(answer, moderator, faq_category)
    assert caught.value.code == "answer_gone"
    hidden = make_answer(thread=answer.thread)
    hidden.is_hidden = True
    hidden.save(update_fields=["is_hidden"])
    with pytest.raises(ValidationError):
        promote(hidden, moderator, faq_category)
    assert not FaqEntry.objects.exists()


def test_faq_entry_promote_with_a_stale_answer_carries_the_new_text(
    answer, moderator, faq_category
):
    opened_at = answer.updated_at
    answer_edit(answer=answer, editor=answer.author, body="Newer, better advice.")
    with pytest.raises(StaleForm) as caught:
        promote(answer, moderator, faq_category, answer_updated_at=opened_at)
    assert caught.value.current.body == "Newer, better advice."
    assert not FaqEntry.objects.exists()


def test_faq_entry_update_keeps_a_revision_and_detects_stale_forms(moderator, staff, faq_entry):
    opened_at = faq_entry.updated_at
    updated = faq_entry_update(
        entry=faq_entry,
        editor=moderator,
        question="How to back up?",
        answer="Write down the words.",
        expected_updated_at=opened_at,
    )
    revision = FaqRevision.objects.get(entry=faq_entry)
    assert (revision.question, revision.editor) == ("How do I back up my wallet?", moderator)
    assert revision.answer == "Open *Settings* and tap **Reset**."
    assert updated.answer_html == "<p>Write down the words.</p>"
    with pytest.raises(StaleForm) as caught:
        faq_entry_update(
            entry=faq_entry,
            editor=staff,
            question="Late edit",
            answer="Lost?",
            expected_updated_at=opened_at,
        )
    assert caught.value.current.question == "How to back up?"
    assert FaqRevision.objects.count() == 1


def test_faq_entry_update_without_changes_keeps_no_revision(moderator, faq_entry):
    faq_entry_update(
        entry=faq_entry, editor=moderator, question=faq_entry.question, answer=faq_entry.answer
    )
    assert not FaqRevision.objects.exists()


def test_faq_entry_set_published_toggles_and_refuses_members(moderator, user, faq_entry):
    assert not faq_entry_set_published(
        entry=faq_entry, user=moderator, is_published=False
    ).is_published
    with pytest.raises(PermissionDenied):
        faq_entry_set_published(entry=faq_entry, user=user, is_published=True)
    assert faq_entry_set_published(entry=faq_entry, user=moderator, is_published=True).is_published


def test_faq_entry_move_swaps_neighbours_and_stops_at_the_ends(moderator, faq_category):
    a, b, c = (make_faq_entry(created_by=moderator, category=faq_category) for _ in range(3))
    faq_entry_move(entry=c, user=moderator, direction="up")
    faq_entry_move(entry=a, user=moderator, direction="up")
    ordered = list(FaqEntry.objects.filter(category=faq_category).order_by("order"))
    assert ordered == [a, c, b]


def test_faq_category_move_reorders_categories(moderator):
    first, second = make_faq_category(), make_faq_category()
    faq_category_move(category=second, user=moderator, direction="up")
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.order < first.order


def test_faq_entries_merge_moves_feedback_and_revisions_and_unpublishes(
    moderator, user, other_user, faq_category
):
    keep = make_faq_entry(created_by=moderator, category=faq_category)
    merge = make_faq_entry(created_by=moderator, category=faq_category)
    faq_entry_update(entry=merge, editor=moderator, question=merge.question, answer="Edited")
    faq_feedback_record(entry=keep, user=user, is_helpful=True)
    faq_feedback_record(entry=merge, user=user, is_helpful=False)  # same reader: kept one stands
    faq_feedback_record(entry=merge, user=other_user, is_helpful=True)
    faq_feedback_record(entry=merge, session_key="abc", is_helpful=False)
    kept = faq_entries_merge(keep=keep, merge=merge, user=moderator)
    merge.refresh_from_db()
    assert (kept.helpful_yes, kept.helpful_no) == (2, 1)
    assert FaqFeedback.objects.filter(entry=keep).count() == 3
    assert FaqRevision.objects.filter(entry=keep).count() == 2
    assert merge.merged_into == keep and not merge.is_published
    with pytest.raises(ValidationError):
        faq_entries_merge(keep=keep, merge=merge, user=moderator)
    with pytest.raises(ValidationError):
        faq_entry_set_published(entry=merge, user=moderator, is_published=True)


def test_faq_feedback_record_counts_once_per_user_and_per_session(user, faq_entry):
    faq_feedback_record(entry=faq_entry, user=user, is_helpful=True)
    faq_feedback_record(entry=faq_entry, user=user, is_helpful=True)
    faq_feedback_record(entry=faq_entry, session_key="s1", is_helpful=True)
    faq_feedback_record(entry=faq_entry, session_key="s1", is_helpful=False)
    faq_entry.refresh_from_db()
    assert (faq_entry.helpful_yes, faq_entry.helpful_no) == (1, 1)
    assert FaqFeedback.objects.count() == 2


def test_faq_feedback_record_refuses_unpublished_entries_and_missing_sessions(moderator, faq_entry):
    with pytest.raises(ValidationError):
        faq_feedback_record(entry=faq_entry, session_key="", is_helpful=True)
    faq_entry_set_published(entry=faq_entry, user=moderator, is_published=False)
    with pytest.raises(ValidationError):
        faq_feedback_record(entry=faq_entry, session_key="s1", is_helpful=True)


def test_the_database_refuses_a_second_entry_for_one_answer_and_a_second_vote(
    answer, moderator, faq_category, user
):
    entry = promote(answer, moderator, faq_category)
    copy = FaqEntry(
        question="Copy",
        answer="A",
        answer_html="<p>A</p>",
        answer_text="A",
        category=faq_category,
        source_answer=answer,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    FaqFeedback.objects.create(entry=entry, user=user, is_helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        FaqFeedback.objects.create(entry=entry, user=user, is_helpful=False)
    FaqFeedback.objects.create(entry=entry, session_key="s", is_helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        FaqFeedback.objects.create(entry=entry, session_key="s", is_helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        FaqFeedback.objects.create(entry=entry, is_helpful=True)  # neither user nor session
