"""Every moderation write: flags, moderator actions on posts, escalations to staff.

Each moderator or staff action writes one AuditLogEntry in the same transaction. Posts are
changed with ``save(update_fields=...)``, never ``queryset.update()``, because the search index
follows model saves (search.signals): a hidden post must leave the index when the change commits.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.roles import is_moderator, is_staff_member
from forum import services as forum_services
from forum.models import Answer, Thread
from moderation.events import FlagResolved, ModeratorAction, PostHidden
from moderation.models import (
    FLAG_TEXT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    AuditAction,
    AuditLogEntry,
    Flag,
    FlagReason,
    FlagStatus,
)


def require_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))


def require_staff(user) -> None:
    if not is_staff_member(user):
        raise PermissionDenied(_("Only staff can do this."))


def clean_note(text: str, *, required: bool = False) -> str:
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


def announce_action(
    event_type: type[ModeratorAction], *, post: Thread | Answer, moderator, reason: str, **extra
) -> None:
    """Tell the apps above (after commit) that a moderator changed ``post``, and why."""
    is_answer = isinstance(post, Answer)
    events.announce(
        event_type(
            thread_id=post.thread_id if is_answer else post.pk,
            answer_id=post.pk if is_answer else None,
            author_id=post.author_id,
            moderator_id=moderator.pk,
            reason=reason,
            at=timezone.now(),
            **extra,
        )
    )


def locked_copy(post):
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
    if reason not in FlagReason.values or reason == FlagReason.APPEAL:
        # Appeals are the author's, through moderation.appeals.
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


def flags_resolve(*, post, moderator, status: str, reasons=None) -> int:
    """Close the open flags on ``post`` (those with one of ``reasons``, if given); each flagger
    hears the outcome (FlagResolved)."""
    flags = Flag.objects.select_for_update().filter(status=FlagStatus.OPEN, **_flag_target(post))
    if reasons is not None:
        flags = flags.filter(reason__in=reasons)
    closing = list(flags.values_list("pk", "user_id"))
    now = timezone.now()
    # Flags are not indexed, so a queryset update is fine here.
    Flag.objects.filter(pk__in=[pk for pk, _user in closing]).update(
        status=status, resolved_by=moderator, resolved_at=now
    )
    for flag_id, flagger_id in closing:
        events.announce(
            FlagResolved(
                flag_id=flag_id,
                flagger_id=flagger_id,
                moderator_id=moderator.pk,
                status=status,
                at=now,
            )
        )
    return len(closing)


@transaction.atomic
def flags_dismiss(*, post: Thread | Answer, moderator, reason: str = "") -> int:
    require_moderator(moderator)
    reason = clean_note(reason)
    count = flags_resolve(post=post, moderator=moderator, status=FlagStatus.DISMISSED)
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
    require_moderator(moderator)
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
    require_moderator(moderator)
    reason = clean_note(reason)
    post = locked_copy(post)
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
    flags = flags_resolve(post=post, moderator=moderator, status=FlagStatus.ACTIONED)
    audit_record(
        actor=moderator, action=AuditAction.HIDE, post=post, reason=reason, flags=flags, **details
    )
    announce_action(PostHidden, post=post, moderator=moderator, reason=reason)
    return post


@transaction.atomic
def post_unhide(*, post: Thread | Answer, moderator, reason: str = "") -> Thread | Answer:
    require_moderator(moderator)
    reason = clean_note(reason)
    post = locked_copy(post)
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
    # Unhiding grants the author's appeal, if they made one.
    flags_resolve(
        post=post, moderator=moderator, status=FlagStatus.RESTORED, reasons=[FlagReason.APPEAL]
    )
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
    require_moderator(moderator)
    reason = clean_note(reason)
    post = locked_copy(post)
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
