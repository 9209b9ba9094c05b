"""Readers' "Was this helpful?" answers on FAQ entries: one per member, one per anonymous reader
(session, then client address), so the counts cannot be stuffed from fresh sessions."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from faq.models import (
    FaqEntry,
    FaqFeedback,
)
from faq.readers import ANONYMOUS_VOTE_WINDOW, address_key
from faq.selectors import faq_feedback_get_anonymous


@transaction.atomic
def faq_feedback_record(
    *,
    entry: FaqEntry,
    is_helpful: bool,
    user=None,
    session_key: str = "",
    client_ip: str | None = None,
) -> FaqFeedback:
    """One answer per signed-in member; for anonymous readers one per session and one per
    network address (``client_ip``, stored only as faq.readers.address_key) within
    ANONYMOUS_VOTE_WINDOW. Answering again changes the answer rather than counting twice."""
    # The entry's row lock queues votes on one entry, so two fresh sessions from one address
    # cannot both find "no vote yet" and both count.
    if not FaqEntry.objects.select_for_update().filter(pk=entry.pk, is_published=True).exists():
        raise ValidationError(_("This FAQ entry is not published."), code="unpublished")
    now = timezone.now()
    client_hash = ""
    if user is not None and user.is_authenticated:
        who = {"user": user}
        existing = FaqFeedback.objects.filter(entry=entry, user=user).first()
    elif session_key:
        client_hash = address_key(client_ip)
        who = {"user": None, "session_key": session_key, "client_hash": client_hash}
        # Hashes are kept only while they can still match: forget the expired ones.
        cutoff = now - ANONYMOUS_VOTE_WINDOW
        expired = FaqFeedback.objects.filter(entry=entry, created_at__lt=cutoff)
        expired.exclude(client_hash="").update(client_hash="")
        existing = faq_feedback_get_anonymous(
            entry=entry, session_key=session_key, client_hash=client_hash, now=now
        )
    else:
        raise ValidationError(_("Your browser must accept cookies to vote."), code="no_session")
    if existing is None:
        try:
            with transaction.atomic():
                feedback = FaqFeedback.objects.create(entry=entry, is_helpful=is_helpful, **who)
        except IntegrityError:
            # A parallel request from the same reader won the race; theirs is the one vote.
            lookup = {k: v for k, v in who.items() if k != "client_hash"}
            return FaqFeedback.objects.get(entry=entry, **lookup)
        counter = "helpful_yes" if is_helpful else "helpful_no"
        FaqEntry.objects.filter(pk=entry.pk).update(**{counter: F(counter) + 1})
        return feedback
    fields = []
    is_anonymous = "session_key" in who
    if is_anonymous and (existing.session_key, existing.client_hash) != (session_key, client_hash):
        # The reader's latest session and address own the vote from now on.
        existing.session_key, existing.client_hash = session_key, client_hash
        fields += ["session_key", "client_hash"]
    if existing.is_helpful != is_helpful:
        existing.is_helpful = is_helpful
        fields.append("is_helpful")
        plus, minus = ("helpful_yes", "helpful_no") if is_helpful else ("helpful_no", "helpful_yes")
        FaqEntry.objects.filter(pk=entry.pk, **{f"{minus}__gt": 0}).update(
            **{plus: F(plus) + 1, minus: F(minus) - 1}
        )
    if fields:
        existing.save(update_fields=fields)
    return existing
