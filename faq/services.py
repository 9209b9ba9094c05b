"""Every write to the FAQ goes through here: permissions, text rules, rendering, revisions."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import events
from core.markup import render_markdown
from core.roles import is_moderator
from core.secrets import ensure_no_secrets
from core.text import BODY_MAX_LENGTH, Language, clean_text
from faq.events import AnswerPromoted
from faq.models import (
    QUESTION_MAX_LENGTH,
    FaqCategory,
    FaqEntry,
    FaqRevision,
)
from forum.models import Answer
from forum.selectors import answer_list_public
from moderation.models import AuditAction
from moderation.services import audit_record
from uploads.services import post_images_check, uploads_attach

# How uploads knows an entry it is attached to (uploads.models.Attachment.target_kind).
ENTRY_UPLOADS = "faq.entry"


class AlreadyPromoted(ValidationError):
    """The answer already has an FAQ entry; ``entry`` is it, so the caller can offer to edit it."""

    def __init__(self, entry: FaqEntry):
        super().__init__(
            _("This answer is already in the FAQ. Update the existing entry instead."),
            code="already_promoted",
        )
        self.entry = entry


class StaleForm(ValidationError):
    """The text changed after the form was opened; ``current`` is the fresh row to show."""

    def __init__(self, message: str, current):
        super().__init__(message, code="stale")
        self.current = current


def _require_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators and staff can change the FAQ."))


def _clean_entry_text(*, question: str, answer: str) -> tuple[str, str]:
    """Every check on FAQ text lives here, so a new rule (the secret-leak guard) is one line.

    Errors are keyed by field so forms show them next to the right input.
    """
    errors = {}
    try:
        question = clean_text(question, field=_("Question"), max_length=QUESTION_MAX_LENGTH)
        ensure_no_secrets(question, field=_("Question"))
    except ValidationError as error:
        errors["question"] = error
    try:
        answer = clean_text(answer, field=_("Answer"), max_length=BODY_MAX_LENGTH)
        ensure_no_secrets(answer, field=_("Answer"))
    except ValidationError as error:
        errors["answer"] = error
    if errors:
        raise ValidationError(errors)
    return question, answer


def _check_language(language: str) -> None:
    if language not in Language.values:
        raise ValidationError(
            {"language": ValidationError(_("Choose English or Chinese."), code="bad_language")}
        )


def _check_category(category) -> None:
    if not isinstance(category, FaqCategory) or category.pk is None:
        raise ValidationError(
            {"category": ValidationError(_("Choose an FAQ category."), code="bad_category")}
        )


def _next_order(category: FaqCategory) -> int:
    highest = FaqEntry.objects.filter(category=category).aggregate(top=Max("order"))["top"]
    return 0 if highest is None else highest + 1


def faq_category_create(*, name: str, slug: str = "", name_zh: str = "") -> FaqCategory:
    name = clean_text(name, field=_("Name"), max_length=80)
    name_zh = (name_zh or "").strip()
    highest = FaqCategory.objects.aggregate(top=Max("order"))["top"]
    category = FaqCategory(
        name=name,
        name_zh=name_zh,
        slug=slug or slugify(name),
        order=0 if highest is None else highest + 1,
    )
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def faq_entry_create(
    *,
    created_by,
    question: str,
    answer: str,
    category: FaqCategory,
    language: str,
    is_published: bool = True,
) -> FaqEntry:
    """A moderator writes an entry from scratch.

    The same question twice in one language is refused (code "duplicate", carrying the entry)
    so a double-submitted form cannot make two entries.
    """
    _require_moderator(created_by)
    question, answer = _clean_entry_text(question=question, answer=answer)
    _check_language(language)
    _check_category(category)
    # Lock the category row: concurrent creates in one category run one after the other, so
    # the duplicate check below cannot be passed by both.
    category = FaqCategory.objects.select_for_update().get(pk=category.pk)
    existing = FaqEntry.objects.filter(
        question__iexact=question, language=language, merged_into__isnull=True
    ).first()
    if existing is not None:
        error = ValidationError(
            _("An FAQ entry with this question already exists."), code="duplicate"
        )
        error.entry = existing
        raise error
    images = post_images_check(source=answer, author=created_by)
    rendered = render_markdown(answer, images=images.inline)
    entry = FaqEntry(
        question=question,
        answer=answer,
        answer_html=rendered.html,
        answer_text=rendered.text,
        language=language,
        category=category,
        order=_next_order(category),
        is_published=is_published,
        created_by=created_by,
    )
    entry.full_clean()
    entry.save()
    uploads_attach(images=images, target_kind=ENTRY_UPLOADS, target_id=entry.pk)
    return entry


@transaction.atomic
def faq_entry_promote(
    *,
    source_answer: Answer,
    promoted_by,
    question: str,
    answer: str,
    category: FaqCategory,
    language: str,
    is_published: bool = True,
    answer_updated_at: datetime | None = None,
) -> FaqEntry:
    """Turn a community answer into an FAQ entry, crediting its author.

    ``answer_updated_at`` is the answer's ``updated_at`` when the form was opened: if the answer
    was edited since, StaleForm carries the fresh answer. An answer already in the FAQ raises
    AlreadyPromoted with its entry.
    """
    _require_moderator(promoted_by)
    # The row lock makes two simultaneous promotions of one answer queue up; the second then
    # finds the first's entry. The unique constraint backs this up where locks are no-ops.
    locked = Answer.objects.select_for_update().select_related("thread").get(pk=source_answer.pk)
    if not answer_list_public().filter(pk=locked.pk).exists():
        raise ValidationError(
            _("This answer is hidden or deleted, so it cannot go into the FAQ."), code="answer_gone"
        )
    existing = FaqEntry.objects.filter(source_answer=locked).first()
    if existing is not None:
        raise AlreadyPromoted(existing)
    if answer_updated_at is not None and locked.updated_at != answer_updated_at:
        raise StaleForm(
            _(
                "The answer was edited while you were writing. Its new text is shown below; "
                "check your entry and save again."
            ),
            current=locked,
        )
    question, answer = _clean_entry_text(question=question, answer=answer)
    _check_language(language)
    _check_category(category)
    images = post_images_check(source=answer, author=promoted_by)
    rendered = render_markdown(answer, images=images.inline)
    now = timezone.now()
    entry = FaqEntry(
        question=question,
        answer=answer,
        answer_html=rendered.html,
        answer_text=rendered.text,
        language=language,
        category=category,
        order=_next_order(category),
        is_published=is_published,
        source_answer=locked,
        source_thread=locked.thread,
        credited_author=locked.author,
        promoted_by=promoted_by,
        promoted_at=now,
        created_by=promoted_by,
    )
    entry.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise AlreadyPromoted(FaqEntry.objects.get(source_answer=locked)) from None
    uploads_attach(images=images, target_kind=ENTRY_UPLOADS, target_id=entry.pk)
    # Promotion republishes a member's words under the site's name: moderators see it in the
    # audit log, on the answer. The pk URL stays valid when the question is edited later.
    audit_record(
        actor=promoted_by,
        action=AuditAction.FAQ_PROMOTE,
        post=locked,
        faq_entry=entry.question,
        faq_entry_url=reverse("faq:entry_detail", args=[entry.pk]),
    )
    events.announce(
        AnswerPromoted(
            entry_id=entry.pk,
            answer_id=locked.pk,
            thread_id=locked.thread_id,
            author_id=locked.author_id,
            promoted_by_id=promoted_by.pk,
        )
    )
    return entry


@transaction.atomic
def faq_entry_update(
    *,
    entry: FaqEntry,
    editor,
    question: str,
    answer: str,
    category: FaqCategory | None = None,
    language: str | None = None,
    expected_updated_at: datetime | None = None,
) -> FaqEntry:
    """Edit an entry, keeping the previous text as a FaqRevision.

    ``expected_updated_at`` is the entry's ``updated_at`` when the form was opened; if someone
    saved in between, StaleForm carries the current entry instead of overwriting their work.
    """
    _require_moderator(editor)
    locked = FaqEntry.objects.select_for_update().get(pk=entry.pk)
    if expected_updated_at is not None and locked.updated_at != expected_updated_at:
        raise StaleForm(
            _(
                "Someone else changed this entry while you were editing. The current text is "
                "shown below; merge your changes and save again."
            ),
            current=locked,
        )
    question, answer = _clean_entry_text(question=question, answer=answer)
    if language is not None:
        _check_language(language)
    if category is not None:
        _check_category(category)
    changed_text = question != locked.question or answer != locked.answer
    changed_meta = (language is not None and language != locked.language) or (
        category is not None and category.pk != locked.category_id
    )
    if not (changed_text or changed_meta):
        return locked
    if changed_text:
        images = post_images_check(
            source=answer, author=editor, target_kind=ENTRY_UPLOADS, target_id=locked.pk
        )
        FaqRevision.objects.create(
            entry=locked, question=locked.question, answer=locked.answer, editor=editor
        )
        uploads_attach(images=images, target_kind=ENTRY_UPLOADS, target_id=locked.pk)
        rendered = render_markdown(answer, images=images.inline)
        locked.question, locked.answer = question, answer
        locked.answer_html, locked.answer_text = rendered.html, rendered.text
    if language is not None:
        locked.language = language
    if category is not None and category.pk != locked.category_id:
        locked.category = category
        locked.order = _next_order(category)
    locked.full_clean(validate_constraints=False)
    locked.save(
        update_fields=[
            "question",
            "answer",
            "answer_html",
            "answer_text",
            "language",
            "category",
            "order",
            "updated_at",
        ]
    )
    return locked


@transaction.atomic
def faq_entry_set_published(*, entry: FaqEntry, user, is_published: bool) -> FaqEntry:
    _require_moderator(user)
    locked = FaqEntry.objects.select_for_update().get(pk=entry.pk)
    if is_published and locked.merged_into_id is not None:
        raise ValidationError(
            _("This entry was merged into another one and cannot be published again."),
            code="merged",
        )
    if locked.is_published == is_published:
        return locked
    locked.is_published = is_published
    # save() rather than update(): the search index follows post_save. "Last updated" means
    # the text, so updated_at stays as it was.
    locked.save(update_fields=["is_published"])
    locked.refresh_from_db(fields=["updated_at"])
    return locked


def _move_in_sequence(rows: list, target, direction: str) -> list:
    if direction not in ("up", "down"):
        raise ValidationError(_("Move up or down."), code="bad_direction")
    index = next(i for i, row in enumerate(rows) if row.pk == target.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    return rows


@transaction.atomic
def faq_entry_move(*, entry: FaqEntry, user, direction: str) -> FaqEntry:
    """Swap the entry with its neighbour in its category; orders are renumbered 0..n-1 so
    equal or gappy values (from the admin, or imports) cannot make a move a no-op."""
    _require_moderator(user)
    rows = list(
        FaqEntry.objects.select_for_update()
        .filter(category_id=entry.category_id, merged_into__isnull=True)
        .order_by("order", "pk")
    )
    for position, row in enumerate(_move_in_sequence(rows, entry, direction)):
        if row.order != position:
            # Order is not in the search index, so a plain UPDATE (no signal) is enough.
            FaqEntry.objects.filter(pk=row.pk).update(order=position)
    return FaqEntry.objects.get(pk=entry.pk)


@transaction.atomic
def faq_category_move(*, category: FaqCategory, user, direction: str) -> FaqCategory:
    _require_moderator(user)
    rows = list(FaqCategory.objects.select_for_update().order_by("order", "pk"))
    for position, row in enumerate(_move_in_sequence(rows, category, direction)):
        if row.order != position:
            FaqCategory.objects.filter(pk=row.pk).update(order=position)
    return FaqCategory.objects.get(pk=category.pk)


@transaction.atomic
def faq_entries_merge(*, keep: FaqEntry, merge: FaqEntry, user) -> FaqEntry:
    """Fold ``merge`` into ``keep``: feedback and revisions move over, ``merge`` is
    unpublished and points at ``keep`` so its URL redirects there."""
    _require_moderator(user)
    if keep.pk == merge.pk:
        raise ValidationError(_("Choose two different entries to merge."), code="same_entry")
    locked = {
        e.pk: e for e in FaqEntry.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])
    }
    keep, merge = locked[keep.pk], locked[merge.pk]
    if keep.merged_into_id is not None or merge.merged_into_id is not None:
        raise ValidationError(
            _("One of these entries was already merged into another."), code="already_merged"
        )
    yes, no = merge.helpful_yes, merge.helpful_no
    kept_users = set(keep.feedback.exclude(user=None).values_list("user_id", flat=True))
    kept_sessions = set(keep.feedback.filter(user=None).values_list("session_key", flat=True))
    kept_anonymous = keep.feedback.filter(user=None).exclude(client_hash="")
    kept_addresses = set(kept_anonymous.values_list("client_hash", flat=True))
    for vote in merge.feedback.all():
        duplicate = (
            (vote.user_id in kept_users)
            if vote.user_id
            else (vote.session_key in kept_sessions or vote.client_hash in kept_addresses)
        )
        if duplicate:
            # The reader already answered on the kept entry: their vote there stands.
            yes, no = yes - vote.is_helpful, no - (not vote.is_helpful)
            vote.delete()
    merge.feedback.update(entry=keep)
    merge.revisions.update(entry=keep)
    FaqRevision.objects.create(
        entry=keep, question=merge.question, answer=merge.answer, editor=user
    )
    FaqEntry.objects.filter(pk=keep.pk).update(
        helpful_yes=F("helpful_yes") + max(yes, 0), helpful_no=F("helpful_no") + max(no, 0)
    )
    FaqEntry.objects.filter(merged_into=merge).update(merged_into=keep)
    merge.is_published = False
    merge.merged_into = keep
    merge.helpful_yes = merge.helpful_no = 0
    merge.save(update_fields=["is_published", "merged_into", "helpful_yes", "helpful_no"])
    keep.refresh_from_db()
    return keep


@transaction.atomic
def faq_revision_redact(*, revision: FaqRevision, replacements: dict[str, str]) -> FaqRevision:
    """Replace fields of an old FAQ revision with redacted text (the secret scan): revisions are
    shown to moderators and cannot be hidden."""
    unknown = set(replacements) - {"question", "answer"}
    if unknown:
        raise ValueError(f"FAQ revisions have no field(s) {sorted(unknown)}")
    for field, text in replacements.items():
        setattr(revision, field, text)
    revision.save(update_fields=list(replacements))
    return revision
