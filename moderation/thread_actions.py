"""Moderator actions on a thread's state: lock, pin, move, close as a duplicate, reopen.

Like every moderation write, each action writes one audit entry in its transaction and saves the
thread with ``save(update_fields=...)`` so the search index follows (moderation.services).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Category, Thread
from moderation.escalations import escalation_open_if_needed
from moderation.events import ThreadClosed, ThreadLocked, ThreadMoved
from moderation.models import (
    AuditAction,
)
from moderation.services import (
    announce_action,
    audit_record,
    clean_note,
    locked_copy,
    require_moderator,
)

# Thread state -----------------------------------------------------------------------------------


def _thread_set(
    *,
    thread: Thread,
    moderator,
    field: str,
    value: bool,
    action: str,
    unchanged_message: str,
    reason: str,
) -> Thread:
    require_moderator(moderator)
    reason = clean_note(reason)
    thread = locked_copy(thread)
    if getattr(thread, field) == value:
        raise ValidationError(unchanged_message, code="unchanged")
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    audit_record(actor=moderator, action=action, post=thread, reason=reason)
    return thread


@transaction.atomic
def thread_lock(*, thread: Thread, moderator, reason: str = "") -> Thread:
    thread = _thread_set(
        thread=thread,
        moderator=moderator,
        field="is_locked",
        value=True,
        action=AuditAction.LOCK,
        reason=reason,
        unchanged_message=_("This thread is already locked."),
    )
    announce_action(ThreadLocked, post=thread, moderator=moderator, reason=clean_note(reason))
    return thread


@transaction.atomic
def thread_unlock(*, thread: Thread, moderator, reason: str = "") -> Thread:
    return _thread_set(
        thread=thread,
        moderator=moderator,
        field="is_locked",
        value=False,
        action=AuditAction.UNLOCK,
        reason=reason,
        unchanged_message=_("This thread is not locked."),
    )


@transaction.atomic
def thread_pin(*, thread: Thread, moderator, reason: str = "") -> Thread:
    return _thread_set(
        thread=thread,
        moderator=moderator,
        field="is_pinned",
        value=True,
        action=AuditAction.PIN,
        reason=reason,
        unchanged_message=_("This thread is already pinned."),
    )


@transaction.atomic
def thread_unpin(*, thread: Thread, moderator, reason: str = "") -> Thread:
    return _thread_set(
        thread=thread,
        moderator=moderator,
        field="is_pinned",
        value=False,
        action=AuditAction.UNPIN,
        reason=reason,
        unchanged_message=_("This thread is not pinned."),
    )


@transaction.atomic
def thread_move(*, thread: Thread, moderator, category: Category, reason: str = "") -> Thread:
    require_moderator(moderator)
    reason = clean_note(reason)
    thread = locked_copy(thread)
    if thread.category_id == category.pk:
        raise ValidationError(_("The thread is already in this category."), code="unchanged")
    old_slug, old_category_id = thread.category.slug, thread.category_id
    thread.category = category
    thread.save(update_fields=["category"])
    audit_record(
        actor=moderator,
        action=AuditAction.MOVE,
        post=thread,
        reason=reason,
        from_category=old_slug,
        to_category=category.slug,
    )
    escalation_open_if_needed(thread=thread)
    announce_action(
        ThreadMoved,
        post=thread,
        moderator=moderator,
        reason=reason,
        from_category_id=old_category_id,
        to_category_id=category.pk,
    )
    return thread


@transaction.atomic
def thread_close_as_duplicate(
    *, thread: Thread, original: Thread, moderator, reason: str = ""
) -> Thread:
    """Close ``thread`` in favour of ``original``: it stays readable with a banner, and leaves
    search (forum.selectors.thread_list_searchable) so searchers land on the original."""
    require_moderator(moderator)
    reason = clean_note(reason)
    if original.pk == thread.pk:
        raise ValidationError(_("A thread cannot be a duplicate of itself."), code="self")
    # Lock both rows in a fixed order so two crossing closures cannot deadlock or form a cycle.
    locked = {
        t.pk: t
        for t in Thread.objects.select_for_update()
        .filter(pk__in=[thread.pk, original.pk])
        .order_by("pk")
    }
    if original.pk not in locked or locked[original.pk].is_deleted:
        raise ValidationError(_("The original thread does not exist."), code="original_missing")
    thread, original = locked[thread.pk], locked[original.pk]
    if thread.is_closed:
        raise ValidationError(_("This thread is already closed."), code="already_closed")
    if original.is_hidden:
        raise ValidationError(
            _("The original thread is hidden; point to a thread readers can see."),
            code="original_hidden",
        )
    if original.duplicate_of_id == thread.pk:
        raise ValidationError(
            _("Thread #%(original)d is itself closed as a duplicate of this one.")
            % {"original": original.pk},
            code="cycle",
        )
    if original.duplicate_of_id is not None:
        raise ValidationError(
            _(
                "Thread #%(original)d is itself closed as a duplicate of #%(target)d: "
                "point to #%(target)d instead."
            )
            % {"original": original.pk, "target": original.duplicate_of_id},
            code="original_closed",
        )
    thread.duplicate_of = original
    thread.closed_at = timezone.now()
    thread.closed_reason = reason[:300]  # the banner; the audit log keeps the full reason
    thread.save(update_fields=["duplicate_of", "closed_at", "closed_reason"])
    # Threads already closed as duplicates of this one now point at the original: no chains.
    for earlier in Thread.objects.select_for_update().filter(duplicate_of=thread):
        earlier.duplicate_of = original
        earlier.save(update_fields=["duplicate_of"])
    audit_record(
        actor=moderator,
        action=AuditAction.CLOSE_DUPLICATE,
        post=thread,
        reason=reason,
        duplicate_of=original.pk,
    )
    announce_action(
        ThreadClosed, post=thread, moderator=moderator, reason=reason, original_id=original.pk
    )
    return thread


@transaction.atomic
def thread_reopen(*, thread: Thread, moderator, reason: str = "") -> Thread:
    require_moderator(moderator)
    reason = clean_note(reason)
    thread = locked_copy(thread)
    if not thread.is_closed:
        raise ValidationError(_("This thread is not closed."), code="not_closed")
    details = {"was_duplicate_of": thread.duplicate_of_id}
    thread.duplicate_of = None
    thread.closed_at = None
    thread.closed_reason = ""
    thread.save(update_fields=["duplicate_of", "closed_at", "closed_reason"])
    audit_record(actor=moderator, action=AuditAction.REOPEN, post=thread, reason=reason, **details)
    return thread
