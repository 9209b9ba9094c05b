import pytest
from django.urls import reverse

from faq.models import FaqEntry
from faq.services import AlreadyPromoted
from moderation.models import AuditAction, AuditLogEntry
from tests.faq.factories import promote
from tests.faq.test_views import _promote_form


def test_a_promotion_through_the_form_appears_in_the_audit_log(
    client, moderator, answer, faq_category
):
    client.force_login(moderator)
    client.post(
        reverse("faq:entry_promote", args=[answer.pk]),
        _promote_form(answer, faq_category, question="How do I reset my password?"),
    )
    entry = FaqEntry.objects.get()
    logged = AuditLogEntry.objects.get(action=AuditAction.FAQ_PROMOTE)
    assert (logged.actor, logged.answer) == (moderator, answer)
    html = client.get(reverse("moderation:audit_log")).content.decode()
    assert "Promoted an answer to the FAQ" in html
    entry_url = reverse("faq:entry_detail", args=[entry.pk])
    assert f'FAQ entry: <a href="{entry_url}">How do I reset my password?</a>' in html
    assert f"Answer by {answer.author.public_name} in “{answer.thread.title}”" in html
    chinese = client.get(reverse("moderation:audit_log"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "将回答收录进常见问题" in chinese.content.decode()


def test_a_refused_promotion_writes_no_audit_entry(moderator, answer, faq_category):
    promote(answer, moderator, faq_category)
    with pytest.raises(AlreadyPromoted):
        promote(answer, moderator, faq_category, question="Again")
    assert AuditLogEntry.objects.filter(action=AuditAction.FAQ_PROMOTE).count() == 1
