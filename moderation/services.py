"""Every moderation write: flags, moderator actions on posts, escalations to staff.

Each moderator or staff action writes one AuditLogEntry in the same transaction. Posts are
changed with ``save(update_fields=...)``, never ``queryset.update()``, because the search index
follows model saves (search.signals): a hidden post must leave the index when the change commits.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import is_moderator, is_staff_member
from forum import services as forum_services
from forum.models import Answer, Category, Thread
from moderation import access
from moderation.models import (
    FLAG_TEXT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    AuditAction,
    AuditLogEntry,
    Escalation,
    EscalationSource,
    EscalationStatus,
    Flag,
    FlagReason,
    FlagStatus,
    Urgency,
)


def _require_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))


def _require_staff(user) -> None:
    if not is_staff_member(user):
        raise PermissionDenied(_("Only staff can do this."))


def _clean_note(text: str, *, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError(_("Write a short note saying why."), code="note_required")
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the note under %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH},
            code="note_too_long",
        )
    return text


def _target_label(post) -> str:
    # A plain snapshot for the log, not UI text: it must survive the post being purged.
    if isinstance(post, Thread):
        return f"Thread #{post.pk}: {post.title}"[:200]
    return f"Answer #{post.pk} on thread #{post.thread_id}"[:200]


def audit_record(
    *, actor, action: str, post: Thread | Answer, reason: str = "", **details
) -> AuditLogEntry:
    """Write one audit entry about ``post``. For other apps' actions that moderators should see
    in the log (faq promotions); call it inside the transaction of the change it records.

    ``details`` are plain JSON values; moderation.audit knows how to show each key. A key
    ``<name>_url`` turns the ``<name>`` detail into a link.
    """
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")  # a programming error, not input
    return AuditLogEntry.objects.create(
        actor=actor,
        action=action,
        thread=post if isinstance(post, Thread) else None,
        answer=post if isinstance(post, Answer) else None,
        target_label=_target_label(post),
        reason=reason,
        details=details,
    )


def _locked_copy(post):
    """Re-read the post under a row lock so two moderators cannot interleave on it."""
    return type(post).objects.select_for_update().get(pk=post.pk)


def _flag_target(post) -> dict:
    return {"thread": post} if isinstance(post, Thread) else {"answer": post}


def _save_post(post, fields: list[str]) -> None:
    if isinstance(post, Answer):
        fields = [*fields, "updated_at"]  # the answer index's updated field
    post.save(update_fields=fields)


# Flags ------------------------------------------------------------------------------------------


def flag_check_allowed(*, user, post) -> None:
    """Raise ValidationError if ``user`` may not flag ``post``; the form page asks first."""
    if post.author_id == user.pk:
        raise ValidationError(_("You cannot flag your own post."), code="own_post")
    if post.is_deleted or post.is_hidden:
        raise ValidationError(_("This post is already out of public view."), code="not_public")
    if Flag.objects.filter(user=user, **_flag_target(post)).exists():
        raise ValidationError(
            _("You have already flagged this post. Moderators will review it."),
            code="already_flagged",
        )


@transaction.atomic
def flag_create(*, user, post: Thread | Answer, reason: str, text: str = "") -> Flag:
    if reason not in FlagReason.values:
        raise ValidationError(_("Choose one of the listed reasons."), code="bad_reason")
    text = (text or "").strip()
    if reason == FlagReason.OTHER and not text:
        raise ValidationError(
            _("Tell the moderators what is wrong with this post."), code="text_required"
        )
    if len(text) > FLAG_TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Keep the details under %(limit)d characters.") % {"limit": FLAG_TEXT_MAX_LENGTH},
            code="text_too_long",
        )
    flag_check_allowed(user=user, post=post)
    flag = Flag(user=user, reason=reason, text=text, **_flag_target(post))
    try:
        # The unique constraint settles a double submit that raced past the check above.
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        raise ValidationError(
            _("You have already flagged this post. Moderators will review it."),
            code="already_flagged",
        ) from None
    return flag


def _flags_resolve(*, post, moderator, status: str) -> int:
    # Flags are not indexed, so a queryset update is fine here.
    return Flag.objects.filter(status=FlagStatus.OPEN, **_flag_target(post)).update(
        status=status, resolved_by=moderator, resolved_at=timezone.now()
    )


@transaction.atomic
def flags_dismiss(*, post: Thread | Answer, moderator, reason: str = "") -> int:
    _require_moderator(moderator)
    reason = _clean_note(reason)
    count = _flags_resolve(post=post, moderator=moderator, status=FlagStatus.DISMISSED)
    if not count:
        raise ValidationError(_("This post has no open flags."), code="no_flags")
    audit_record(
        actor=moderator, action=AuditAction.DISMISS_FLAGS, post=post, reason=reason, flags=count
    )
    return count


@transaction.atomic
def flag_secret_found(*, post: Thread | Answer, moderator, summary: str) -> Flag:
    """An open "leaks a secret" flag by ``moderator`` (the secret scan's account), so a hidden
    post waits in the queue for a human to confirm or unhide it. Reopens an earlier flag of
    the same moderator rather than adding a second one (one flag per user per post)."""
    _require_moderator(moderator)
    flag, _created = Flag.objects.update_or_create(
        user=moderator,
        **_flag_target(post),
        defaults={
            "reason": FlagReason.SECRET,
            "status": FlagStatus.OPEN,
            "resolved_at": None,
            "resolved_by": None,
            "text": summary[:FLAG_TEXT_MAX_LENGTH],
        },
    )
    return flag


# Hiding -----------------------------------------------------------------------------------------


@transaction.atomic
def post_hide(*, post: Thread | Answer, moderator, reason: str = "") -> Thread | Answer:
    """Take a post out of public view (and search) and close its open flags as acted on."""
    _require_moderator(moderator)
    reason = _clean_note(reason)
    post = _locked_copy(post)
    if post.is_deleted:
        raise ValidationError(_("This post was deleted."), code="deleted")
    if post.is_hidden:
        raise ValidationError(_("This post is already hidden."), code="already_hidden")
    post.is_hidden = True
    _save_post(post, ["is_hidden"])
    details = {}
    if isinstance(post, Answer):
        # A hidden answer must not stay the thread's visible "solution"; unhiding restores it.
        thread = Thread.objects.select_for_update().get(pk=post.thread_id)
        if thread.accepted_answer_id == post.pk:
            thread.accepted_answer = None
            thread.save(update_fields=["accepted_answer"])
            details["was_accepted"] = True
    flags = _flags_resolve(post=post, moderator=moderator, status=FlagStatus.ACTIONED)
    audit_record(
        actor=moderator, action=AuditAction.HIDE, post=post, reason=reason, flags=flags, **details
    )
    return post


@transaction.atomic
def post_unhide(*, post: Thread | Answer, moderator, reason: str = "") -> Thread | Answer:
    _require_moderator(moderator)
    reason = _clean_note(reason)
    post = _locked_copy(post)
    if post.is_deleted:
        raise ValidationError(_("This post was deleted."), code="deleted")
    if not post.is_hidden:
        raise ValidationError(_("This post is not hidden."), code="not_hidden")
    post.is_hidden = False
    _save_post(post, ["is_hidden"])
    details = {}
    if isinstance(post, Answer):
        last_hide = (
            AuditLogEntry.objects.filter(answer=post, action=AuditAction.HIDE)
            .order_by("-created_at", "-pk")
            .first()
        )
        thread = Thread.objects.select_for_update().get(pk=post.thread_id)
        if (
            last_hide
            and last_hide.details.get("was_accepted")
            and thread.accepted_answer_id is None
        ):
            thread.accepted_answer = post
            thread.save(update_fields=["accepted_answer"])
            details["accepted_again"] = True
    audit_record(actor=moderator, action=AuditAction.UNHIDE, post=post, reason=reason, **details)
    return post


# Editing ----------------------------------------------------------------------------------------


@transaction.atomic
def post_edit(
    *, post: Thread | Answer, moderator, body: str, title: str | None = None, reason: str = ""
) -> Thread | Answer:
    """A moderator rewrites a post's text (the admin's change form does this). The forum's edit
    services keep the revision, re-render the Markdown and refuse secrets; this adds the audit
    entry, naming the fields that changed. Nothing changed: no entry."""
    _require_moderator(moderator)
    reason = _clean_note(reason)
    post = _locked_copy(post)
    if isinstance(post, Thread):
        before = {"title": post.title, "body": post.body}
        post = forum_services.thread_edit(
            thread=post,
            editor=moderator,
            title=post.title if title is None else title,
            body=body,
        )
        after = {"title": post.title, "body": post.body}
    else:
        before = {"body": post.body}
        post = forum_services.answer_edit(answer=post, editor=moderator, body=body)
        after = {"body": post.body}
    changed = [name for name in before if before[name] != after[name]]
    if changed:
        audit_record(
            actor=moderator, action=AuditAction.EDIT, post=post, reason=reason, fields=changed
        )
    return post


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
    _require_moderator(moderator)
    reason = _clean_note(reason)
    thread = _locked_copy(thread)
    if getattr(thread, field) == value:
        raise ValidationError(unchanged_message, code="unchanged")
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    audit_record(actor=moderator, action=action, post=thread, reason=reason)
    return thread


@transaction.atomic
def thread_lock(*, thread: Thread, moderator, reason: str = "") -> Thread:
    return _thread_set(
        thread=thread,
        moderator=moderator,
        field="is_locked",
        value=True,
        action=AuditAction.LOCK,
        reason=reason,
        unchanged_message=_("This thread is already locked."),
    )


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
    _require_moderator(moderator)
    reason = _clean_note(reason)
    thread = _locked_copy(thread)
    if thread.category_id == category.pk:
        raise ValidationError(_("The thread is already in this category."), code="unchanged")
    old_slug = thread.category.slug
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
    return thread


@transaction.atomic
def thread_close_as_duplicate(
    *, thread: Thread, original: Thread, moderator, reason: str = ""
) -> Thread:
    """Close ``thread`` in favour of ``original``: it stays readable with a banner, and leaves
    search (forum.selectors.thread_list_searchable) so searchers land on the original."""
    _require_moderator(moderator)
    reason = _clean_note(reason)
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
    return thread


@transaction.atomic
def thread_reopen(*, thread: Thread, moderator, reason: str = "") -> Thread:
    _require_moderator(moderator)
    reason = _clean_note(reason)
    thread = _locked_copy(thread)
    if not thread.is_closed:
        raise ValidationError(_("This thread is not closed."), code="not_closed")
    details = {"was_duplicate_of": thread.duplicate_of_id}
    thread.duplicate_of = None
    thread.closed_at = None
    thread.closed_reason = ""
    thread.save(update_fields=["duplicate_of", "closed_at", "closed_reason"])
    audit_record(actor=moderator, action=AuditAction.REOPEN, post=thread, reason=reason, **details)
    return thread


# Escalation -------------------------------------------------------------------------------------


def escalation_open_if_needed(*, thread: Thread) -> Escalation | None:
    """A thread in a complaints category goes to the staff queue once; called on create/move."""
    if not thread.category.is_complaints:
        return None
    escalation, _created = Escalation.objects.get_or_create(
        thread=thread,
        defaults={
            "source": EscalationSource.COMPLAINTS,
            "requested_by": thread.author,
            "created_at": timezone.now(),
        },
    )
    return escalation


def escalation_note_reply(*, thread: Thread, author_id: int) -> int:
    """The asker posting in a thread staff are waiting on puts it back in front of staff."""
    if author_id != thread.author_id:
        return 0
    # Escalations are not indexed, so a queryset update is fine (and cannot race a staff save
    # into a lost update of other fields).
    return Escalation.objects.filter(thread=thread, status=EscalationStatus.WAITING).update(
        status=EscalationStatus.OPEN, updated_at=timezone.now()
    )


@transaction.atomic
def escalation_request(*, thread: Thread, user, note: str = "") -> Escalation:
    """The asker (or a moderator) marks a thread "needs staff"; a resolved one is reopened."""
    if not access.can_request_staff(user, thread):
        raise PermissionDenied(_("Only the asker or a moderator can ask for staff."))
    note = _clean_note(note)
    escalation = Escalation.objects.select_for_update().filter(thread=thread).first()
    if escalation is not None and not escalation.is_resolved:
        raise ValidationError(
            _("Staff have already been asked to look at this thread."), code="already_escalated"
        )
    now = timezone.now()
    if escalation is None:
        escalation = Escalation(thread=thread)
    escalation.source = EscalationSource.NEEDS_STAFF
    escalation.requested_by = user
    escalation.urgency = Urgency.NORMAL
    escalation.status = EscalationStatus.OPEN
    escalation.created_at = now
    escalation.resolved_at = None
    escalation.full_clean(exclude=["thread"])
    escalation.save()
    audit_record(actor=user, action=AuditAction.ESCALATE, post=thread, reason=note)
    return escalation


@transaction.atomic
def escalation_update(
    *, escalation: Escalation, staff, urgency: int, status: str, note: str, assigned_to=None
) -> Escalation:
    _require_staff(staff)
    note = _clean_note(note, required=True)
    if urgency not in Urgency.values:
        raise ValidationError(_("Choose normal or urgent."), code="bad_urgency")
    if status not in EscalationStatus.values:
        raise ValidationError(_("Choose one of the listed statuses."), code="bad_status")
    if assigned_to is not None and not is_staff_member(assigned_to):
        raise ValidationError(_("Escalations can only be assigned to staff."), code="not_staff")
    escalation = (
        Escalation.objects.select_for_update().select_related("thread").get(pk=escalation.pk)
    )
    changes = {}
    for field, value in (
        ("urgency", urgency),
        ("status", status),
        ("assigned_to_id", assigned_to.pk if assigned_to else None),
    ):
        old = getattr(escalation, field)
        if old != value:
            changes[field.removesuffix("_id")] = [old, value]
            setattr(escalation, field, value)
    if "status" in changes:
        escalation.resolved_at = timezone.now() if status == EscalationStatus.RESOLVED else None
    escalation.staff_note = note
    escalation.save()
    audit_record(
        actor=staff,
        action=AuditAction.ESCALATION_UPDATE,
        post=escalation.thread,
        reason=note,
        **changes,
    )
    return escalation
