"""The author of a hidden post asks moderators to look again. An appeal is a flag (reason
APPEAL) by the author, so it waits in the moderators' flag queue like any report: unhiding the
post grants it (FlagStatus.RESTORED), dismissing the post's flags refuses it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Answer, Thread
from moderation import selectors
from moderation.models import FLAG_TEXT_MAX_LENGTH, Flag, FlagReason, FlagStatus


def appeal_refusal(*, user, post: Thread | Answer) -> str:
    """Why ``user`` may not appeal ``post`` now, or "" when they may."""
    if post.author_id != user.pk or not post.is_hidden or post.is_deleted:
        return _("Only the author of a hidden post can appeal.")
    appeal = selectors.appeal_get(user=user, post=post)
    if appeal is None:
        return ""
    if appeal.status == FlagStatus.OPEN:
        return _("You have appealed. Moderators will review your post.")
    hidden = selectors.hide_entry_latest(post=post)
    # One appeal per hiding: a refused appeal is final until the post is hidden again.
    if hidden is None or (appeal.resolved_at and appeal.resolved_at >= hidden.created_at):
        return _("Moderators reviewed your appeal and kept the post hidden.")
    return ""


@transaction.atomic
def appeal_create(*, user, post: Thread | Answer, text: str) -> Flag:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Tell the moderators why they should look again."), code="empty")
    if len(text) > FLAG_TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Keep the details under %(limit)d characters.") % {"limit": FLAG_TEXT_MAX_LENGTH},
            code="text_too_long",
        )
    post = type(post).objects.select_for_update().get(pk=post.pk)
    refusal = appeal_refusal(user=user, post=post)
    if refusal:
        raise ValidationError(refusal, code="not_allowed")
    target = {"thread": post} if isinstance(post, Thread) else {"answer": post}
    # The row lock on the post serialises two submits; an earlier appeal's row is reused
    # because a member has one flag per post (moderation.models.Flag).
    flag, _created = Flag.objects.update_or_create(
        user=user,
        **target,
        defaults={
            "reason": FlagReason.APPEAL,
            "text": text,
            "status": FlagStatus.OPEN,
            "resolved_at": None,
            "resolved_by": None,
            "created_at": timezone.now(),  # a renewed appeal is new in the queue
        },
    )
    return flag
