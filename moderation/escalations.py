"""The staff queue's writes: escalations opened by complaints or by "needs staff", their
updates by staff, and the asker's reply putting one back in front of staff."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.roles import is_staff_member
from forum.models import Thread
from moderation import access
from moderation.events import EscalationUpdated
from moderation.models import (
    AuditAction,
    Escalation,
    EscalationSource,
    EscalationStatus,
    Urgency,
)
from moderation.services import audit_record, clean_note, require_staff

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
    note = clean_note(note)
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
    require_staff(staff)
    note = clean_note(note, required=True)
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
    events.announce(
        EscalationUpdated(
            escalation_id=escalation.pk,
            thread_id=escalation.thread_id,
            staff_id=staff.pk,
            status=escalation.status,
            status_changed="status" in changes,
            note=note,
            at=timezone.now(),
        )
    )
    return escalation
