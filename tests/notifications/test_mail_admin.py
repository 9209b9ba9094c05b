"""Staff read outgoing mail in the admin: filtered by status, the last error shown, nothing
editable (retrying goes through /notifications/mail/, which keeps the queue's rules)."""

import io

from django.core.management import call_command
from django.urls import reverse

from notifications.models import OutgoingMail
from tests.factories import make_answer, make_thread, make_user


def test_the_admin_lists_failed_mail_with_its_error_and_edits_nothing(
    client, deliver, mail_server, category, settings
):
    settings.WENDA_MAIL_MAX_ATTEMPTS = 1
    asker = make_user(username="tom", email="tom@example.com")
    mail_server.stop()
    deliver(make_answer, thread=make_thread(author=asker, category=category), author=make_user())
    call_command("send_queued_mail", stdout=io.StringIO())
    mail = OutgoingMail.objects.get()

    admin = make_user(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("admin:notifications_outgoingmail_changelist") + "?status=failed")
    assert listing.status_code == 200
    assert "ConnectionRefusedError" in listing.content.decode()
    assert client.get(reverse("admin:notifications_outgoingmail_add")).status_code == 403
    change = reverse("admin:notifications_outgoingmail_change", args=[mail.pk])
    assert client.post(change, {"status": "sent"}).status_code == 403
    mail.refresh_from_db()
    assert mail.status == "failed"
