"""Every write to the forum goes through here: rules, rendering, counters, revisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.secrets import ensure_no_secrets
from core.text import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, clean_text, detect_language
from forum import access
from forum.events import (
    AnswerAccepted,
    AnswerCreated,
    AnswerEdited,
    ThreadCreated,
    ThreadEdited,
)
from forum.mentions import mentions_announce, render_with_mentions
from forum.models import (
    Answer,
    Category,
    Revision,
    Tag,
    Thread,
    Vote,
)
from forum.ratelimits import ANSWER, QUESTION, rate_limit_check
from forum.text import normalize_tags
from search.index_queue import index_enqueue
from uploads.services import post_images_check, uploads_attach

# How uploads knows a post it is attached to (uploads.models.Attachment.target_kind).
THREAD_UPLOADS = "forum.thread"
ANSWER_UPLOADS = "forum.answer"


def _tags_get_or_create(names: list[str]) -> list[Tag]:
    return [Tag.objects.get_or_create(name=name)[0] for name in names]


def _require_open(thread: Thread, user) -> None:
    """Locked and closed threads take no new answers or edits, except from moderators."""
    if access.can_answer(user, thread):
        return
    if thread.is_hidden:
        raise ValidationError(_("A moderator hid this thread."), code="hidden")
    if thread.is_locked:
        raise ValidationError(_("This thread is locked."), code="locked")
    # Closed as a duplicate: answers belong on the original thread.
    raise ValidationError(_("This thread is closed."), code="closed")


def _require_can_edit(editor, post, *, deleting: bool = False) -> None:
    if not access.can_edit(editor, post):
        raise PermissionDenied(access.edit_refusal(editor, post, deleting=deleting))


def _check_publishable(user, texts: dict[str, str], *, new_post: str | None = None) -> None:
    """Refuse secrets in any text about to be published ({field label: text}); a new question
    or answer (``new_post``) also counts against the posting rate limit."""
    for field, text in texts.items():
        ensure_no_secrets(text, field=field)
    if new_post is not None:
        rate_limit_check(user=user, kind=new_post)


@transaction.atomic  # the posting limit locks the author's row (select_for_update)
def thread_publishable_check(*, author, title: str, body: str) -> None:
    """What thread_create would refuse before it writes anything (secrets, the posting limit),
    for the ask page to say before it offers "this may already be answered"."""
    title = clean_text(title, field=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = clean_text(body, field=_("Details"), max_length=BODY_MAX_LENGTH)
    _check_publishable(author, {_("Title"): title, _("Details"): body}, new_post=QUESTION)
    post_images_check(source=body, author=author)


@transaction.atomic
def thread_create(*, author, title: str, body: str, category: Category, tags=()) -> Thread:
    title = clean_text(title, field=_("Title"), max_length=TITLE_MAX_LENGTH)
    # The form labels the body "Details": messages name the field the asker sees.
    body = clean_text(body, field=_("Details"), max_length=BODY_MAX_LENGTH)
    tag_names = normalize_tags(tags)
    _check_publishable(author, {_("Title"): title, _("Details"): body}, new_post=QUESTION)
    images = post_images_check(source=body, author=author)
    rendered, mentioned = render_with_mentions(body, images=images.inline)
    now = timezone.now()
    thread = Thread(
        title=title,
        body=body,
        body_html=rendered.html,
        body_text=rendered.text,
        language=detect_language(f"{title}\n{rendered.text}"),
        author=author,
        category=category,
        last_activity_at=now,
    )
    thread.full_clean()
    thread.save()
    thread.tags.set(_tags_get_or_create(tag_names))
    uploads_attach(images=images, target_kind=THREAD_UPLOADS, target_id=thread.pk)
    events.announce(
        ThreadCreated(thread_id=thread.pk, author_id=author.pk, category_id=category.pk)
    )
    mentions_announce(thread_id=thread.pk, answer_id=None, author_id=author.pk, mentioned=mentioned)
    return thread


@transaction.atomic
def thread_edit(
    *, thread: Thread, editor, title: str, body: str, category: Category | None = None, tags=None
) -> Thread:
    # Under a row lock: a moderator locking or closing the thread meanwhile wins.
    thread = (
        Thread.objects.select_for_update(of=("self",)).select_related("author").get(pk=thread.pk)
    )
    _require_can_edit(editor, thread)
    title = clean_text(title, field=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = clean_text(body, field=_("Details"), max_length=BODY_MAX_LENGTH)
    tag_names = normalize_tags(tags) if tags is not None else None
    changed_text = title != thread.title or body != thread.body
    changed_category = category is not None and category.pk != thread.category_id
    if changed_text:
        _check_publishable(editor, {_("Title"): title, _("Details"): body})
        images = post_images_check(
            source=body, author=editor, target_kind=THREAD_UPLOADS, target_id=thread.pk
        )
        Revision.objects.create(thread=thread, title=thread.title, body=thread.body, editor=editor)
        uploads_attach(images=images, target_kind=THREAD_UPLOADS, target_id=thread.pk)
        rendered, mentioned = render_with_mentions(body, images=images.inline)
        mentions_announce(
            thread_id=thread.pk,
            answer_id=None,
            author_id=editor.pk,
            mentioned=mentioned,
            previous_source=thread.body,
        )
        thread.title, thread.body = title, body
        thread.body_html, thread.body_text = rendered.html, rendered.text
        thread.language = detect_language(f"{title}\n{rendered.text}")
        thread.edited_at = timezone.now()
    if category is not None:
        thread.category = category
    thread.full_clean(exclude=["accepted_answer"])
    thread.save(
        update_fields=[
            "title",
            "body",
            "body_html",
            "body_text",
            "language",
            "edited_at",
            "category",
        ]
    )
    if tag_names is not None:
        thread.tags.set(_tags_get_or_create(tag_names))
    events.announce(
        ThreadEdited(
            thread_id=thread.pk,
            editor_id=editor.pk,
            text_changed=changed_text,
            category_changed=changed_category,
        )
    )
    return thread


@transaction.atomic
def answer_create(*, thread: Thread, author, body: str) -> Answer:
    _require_open(thread, author)
    body = clean_text(body, field=_("Answer"), max_length=BODY_MAX_LENGTH)
    _check_publishable(author, {_("Answer"): body}, new_post=ANSWER)
    images = post_images_check(source=body, author=author)
    rendered, mentioned = render_with_mentions(body, images=images.inline)
    answer = Answer(
        thread=thread, author=author, body=body, body_html=rendered.html, body_text=rendered.text
    )
    answer.full_clean()
    answer.save()
    uploads_attach(images=images, target_kind=ANSWER_UPLOADS, target_id=answer.pk)
    # Counters are updated in SQL so concurrent answers cannot overwrite each other.
    Thread.objects.filter(pk=thread.pk).update(
        answer_count=F("answer_count") + 1, last_activity_at=answer.created_at
    )
    events.announce(AnswerCreated(answer_id=answer.pk, thread_id=thread.pk, author_id=author.pk))
    mentions_announce(
        thread_id=thread.pk, answer_id=answer.pk, author_id=author.pk, mentioned=mentioned
    )
    return answer


@transaction.atomic
def answer_edit(*, answer: Answer, editor, body: str) -> Answer:
    _require_can_edit(editor, answer)
    body = clean_text(body, field=_("Answer"), max_length=BODY_MAX_LENGTH)
    if body == answer.body:
        return answer
    _check_publishable(editor, {_("Answer"): body})
    images = post_images_check(
        source=body, author=editor, target_kind=ANSWER_UPLOADS, target_id=answer.pk
    )
    Revision.objects.create(answer=answer, body=answer.body, editor=editor)
    uploads_attach(images=images, target_kind=ANSWER_UPLOADS, target_id=answer.pk)
    rendered, mentioned = render_with_mentions(body, images=images.inline)
    mentions_announce(
        thread_id=answer.thread_id,
        answer_id=answer.pk,
        author_id=editor.pk,
        mentioned=mentioned,
        previous_source=answer.body,
    )
    answer.body, answer.body_html, answer.body_text = body, rendered.html, rendered.text
    answer.edited_at = timezone.now()
    answer.full_clean()
    answer.save(update_fields=["body", "body_html", "body_text", "edited_at", "updated_at"])
    events.announce(
        AnswerEdited(answer_id=answer.pk, thread_id=answer.thread_id, editor_id=editor.pk)
    )
    return answer


@transaction.atomic
def answer_delete(*, answer: Answer, user) -> Answer:
    """Soft delete: the row and its text stay, readers no longer see it."""
    _require_can_edit(user, answer, deleting=True)
    thread = Thread.objects.select_for_update().get(pk=answer.thread_id)
    if thread.accepted_answer_id == answer.pk:
        raise ValidationError(_("An accepted answer cannot be deleted."), code="accepted")
    if answer.is_deleted:
        return answer
    answer.is_deleted = True
    answer.save(update_fields=["is_deleted", "updated_at"])
    Thread.objects.filter(pk=thread.pk, answer_count__gt=0).update(
        answer_count=F("answer_count") - 1
    )
    return answer


@transaction.atomic
def vote_cast(
    *, user, value: int, thread: Thread | None = None, answer: Answer | None = None
) -> int:
    """Set the user's vote on one post to +1, -1 or 0 (withdraw). Returns the new score."""
    if (thread is None) == (answer is None):
        raise ValueError("vote_cast needs exactly one of thread and answer")
    if value not in (Vote.UP, Vote.DOWN, 0):
        raise ValidationError(_("A vote is up or down."), code="bad_vote")
    post = thread or answer
    if not access.can_vote(user, post):
        raise ValidationError(_("You cannot vote on your own post."), code="own_post")
    target = {"thread": thread} if thread is not None else {"answer": answer}
    model = Thread if thread is not None else Answer
    existing = Vote.objects.select_for_update().filter(user=user, **target).first()
    old_value = existing.value if existing else 0
    if value == old_value:
        return model.objects.values_list("vote_score", flat=True).get(pk=post.pk)
    if existing and value == 0:
        existing.delete()
    elif existing:
        existing.value = value
        existing.save(update_fields=["value"])
    else:
        Vote.objects.create(user=user, value=value, **target)
    model.objects.filter(pk=post.pk).update(vote_score=F("vote_score") + (value - old_value))
    score = model.objects.values_list("vote_score", flat=True).get(pk=post.pk)
    if answer is not None and (score > 0) != (score - (value - old_value) > 0):
        # Crossing zero puts the answer's text into its thread's search document or takes it
        # out; QuerySet.update() sends no signal, so queue the index update explicitly.
        index_enqueue([answer])
    return score


@transaction.atomic
def answer_accept(*, answer: Answer, user) -> Thread:
    """The asker or a moderator marks the answer that solved the thread (replacing any other)."""
    thread = Thread.objects.select_for_update().get(pk=answer.thread_id)
    if not access.can_accept(user, thread):
        raise PermissionDenied(_("Only the asker or a moderator can accept an answer."))
    if answer.is_deleted or answer.is_hidden:
        raise ValidationError(_("This answer is no longer visible."), code="answer_gone")
    thread.accepted_answer = answer
    thread.save(update_fields=["accepted_answer"])
    events.announce(
        AnswerAccepted(answer_id=answer.pk, thread_id=thread.pk, accepted_by_id=user.pk)
    )
    return thread


@transaction.atomic
def answer_unaccept(*, thread: Thread, user) -> Thread:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not access.can_accept(user, thread):
        raise PermissionDenied(_("Only the asker or a moderator can change the accepted answer."))
    thread.accepted_answer = None
    thread.save(update_fields=["accepted_answer"])
    return thread


@transaction.atomic
def revision_redact(*, revision: Revision, replacements: dict[str, str]) -> Revision:
    """Replace fields of an old revision (``title``/``body``) with redacted text: history pages
    are public and a revision cannot be hidden, so a leaked secret is cut out of it."""
    unknown = set(replacements) - {"title", "body"}
    if unknown:
        raise ValueError(f"revisions have no field(s) {sorted(unknown)}")
    for field, text in replacements.items():
        setattr(revision, field, text)
    revision.save(update_fields=list(replacements))
    return revision
