from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from moderation.escalations import escalation_request, escalation_update
from moderation.models import (
    AuditAction,
    AuditLogEntry,
    Escalation,
    EscalationStatus,
    Urgency,
)
from moderation.selectors import escalation_queue
from tests.factories import make_category, make_thread


@pytest.fixture
def complaints(db):
    return make_category(name="Complaints", slug="complaints", is_complaints=True)


def test_a_thread_in_the_complaints_category_enters_the_staff_queue_after_it_commits(
    complaints, user, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = make_thread(author=user, category=complaints, title="Support never replied")
        ordinary = make_thread(author=user, category=category)
        assert not Escalation.objects.exists()  # moderation acts on the forum's committed event
    escalation = Escalation.objects.get()
    assert escalation.thread == complaint
    assert (escalation.source, escalation.status, escalation.urgency) == (
        "complaints",
        EscalationStatus.OPEN,
        Urgency.NORMAL,
    )
    assert not Escalation.objects.filter(thread=ordinary).exists()
    assert list(escalation_queue()) == [escalation]


def test_the_asker_marks_needs_staff_once_and_can_reopen_after_it_is_resolved(thread, user, staff):
    escalation = escalation_request(thread=thread, user=user, note="Funds missing")
    assert (escalation.source, escalation.requested_by) == ("needs_staff", user)
    with pytest.raises(ValidationError) as error:
        escalation_request(thread=thread, user=user)
    assert error.value.code == "already_escalated"
    escalation_update(
        escalation=escalation,
        staff=staff,
        urgency=Urgency.NORMAL,
        status=EscalationStatus.RESOLVED,
        note="Refunded",
    )
    escalation.refresh_from_db()
    assert escalation.resolved_at is not None
    again = escalation_request(thread=thread, user=user)
    assert again.pk == escalation.pk and again.status == EscalationStatus.OPEN
    assert again.resolved_at is None


def test_only_the_asker_or_a_moderator_may_ask_for_staff(thread, other_user, moderator):
    with pytest.raises(PermissionDenied):
        escalation_request(thread=thread, user=other_user)
    assert escalation_request(thread=thread, user=moderator).requested_by == moderator


def test_staff_queue_is_sorted_by_urgency_then_age(db, staff):
    now = timezone.now()
    threads = [make_thread(title=f"Thread {n}") for n in range(3)]
    oldest, middle, newest = (escalation_request(thread=t, user=t.author) for t in threads)
    for escalation, hours in ((oldest, 30), (middle, 20), (newest, 10)):
        Escalation.objects.filter(pk=escalation.pk).update(created_at=now - timedelta(hours=hours))
    escalation_update(
        escalation=newest,
        staff=staff,
        urgency=Urgency.URGENT,
        status=EscalationStatus.OPEN,
        note="Account drained",
    )
    assert list(escalation_queue()) == [newest, oldest, middle]
    escalation_update(
        escalation=oldest,
        staff=staff,
        urgency=Urgency.NORMAL,
        status=EscalationStatus.RESOLVED,
        note="Done",
    )
    assert list(escalation_queue()) == [newest, middle]
    assert list(escalation_queue(status=EscalationStatus.RESOLVED)) == [oldest]


def test_escalation_update_needs_staff_and_a_note_and_is_logged(thread, user, moderator, staff):
    escalation = escalation_request(thread=thread, user=user)
    with pytest.raises(PermissionDenied):
        escalation_update(
            escalation=escalation,
            staff=moderator,
            urgency=Urgency.URGENT,
            status=EscalationStatus.OPEN,
            note="x",
        )
    with pytest.raises(ValidationError) as error:
        escalation_update(
            escalation=escalation,
            staff=staff,
            urgency=Urgency.URGENT,
            status=EscalationStatus.OPEN,
            note="  ",
        )
    assert error.value.code == "note_required"
    with pytest.raises(ValidationError) as error:
        escalation_update(
            escalation=escalation,
            staff=staff,
            urgency=Urgency.URGENT,
            status=EscalationStatus.OPEN,
            note="Assign",
            assigned_to=user,
        )
    assert error.value.code == "not_staff"
    escalation_update(
        escalation=escalation,
        staff=staff,
        urgency=Urgency.URGENT,
        status=EscalationStatus.WAITING,
        note="Asked for the txid",
        assigned_to=staff,
    )
    escalation.refresh_from_db()
    assert (escalation.urgency, escalation.status, escalation.assigned_to) == (
        Urgency.URGENT,
        EscalationStatus.WAITING,
        staff,
    )
    entry = AuditLogEntry.objects.filter(action=AuditAction.ESCALATION_UPDATE).get()
    assert entry.actor == staff and entry.reason == "Asked for the txid"
    assert entry.details["status"] == ["open", "waiting"]


def test_needs_staff_view_by_role(client_for, thread, user, other_user, moderator):
    url = reverse("moderation:thread_needs_staff", args=[thread.pk])
    assert client_for(user).get(url).status_code == 405
    assert client_for(None).post(url).status_code == 302
    denied = client_for(other_user).post(url)
    assert denied.status_code == 403
    assert "Only the asker or a moderator" in denied.content.decode()
    assert not Escalation.objects.exists()
    assert client_for(user).post(url, {"note": "Please help"}).status_code == 302
    assert Escalation.objects.get().requested_by == user
    repeated = client_for(moderator).post(url, follow=True)
    assert "already been asked" in repeated.content.decode()
    assert (
        client_for(user).post(reverse("moderation:thread_needs_staff", args=[999999])).status_code
        == 404
    )


def test_the_asker_sees_the_status_on_the_thread(client_for, thread, user, staff):
    client = client_for(user)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert reverse("moderation:thread_needs_staff", args=[thread.pk]) in page
    escalation = escalation_request(thread=thread, user=user)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Staff have been asked to look at this thread." in page
    assert reverse("moderation:thread_needs_staff", args=[thread.pk]) not in page
    escalation_update(
        escalation=escalation,
        staff=staff,
        urgency=Urgency.URGENT,
        status=EscalationStatus.WAITING,
        note="Need txid",
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Staff are waiting for a reply from the asker." in page
    assert "Urgent" not in page  # urgency is for staff


def test_staff_pages_are_for_staff_only(client_for, thread, user, moderator, staff):
    escalation = escalation_request(thread=thread, user=user)
    pages = [
        reverse("moderation:staff_queue"),
        reverse("moderation:dashboard"),
        reverse("moderation:escalation_detail", args=[escalation.pk]),
    ]
    for url in pages:
        assert client_for(None).get(url).status_code == 302, url
        for role in (user, moderator):
            denied = client_for(role).get(url)
            assert denied.status_code == 403, url
            assert "Only staff" in denied.content.decode()
        assert client_for(staff).get(url).status_code == 200, url


def test_staff_update_an_escalation_through_the_form(client_for, thread, user, moderator, staff):
    escalation = escalation_request(thread=thread, user=user)
    url = reverse("moderation:escalation_update", args=[escalation.pk])
    data = {"urgency": "1", "status": "waiting", "note": "Asked for details", "assigned_to": ""}
    assert client_for(staff).get(url).status_code == 405
    assert client_for(None).post(url, data).status_code == 302
    assert client_for(moderator).post(url, data).status_code == 403
    assert client_for(user).post(url, data).status_code == 403
    missing_note = client_for(staff).post(url, {**data, "note": "", "status": "resolved"})
    assert missing_note.status_code == 400
    forged = client_for(staff).post(url, {**data, "urgency": "7"})
    assert forged.status_code == 400
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN
    response = client_for(staff).post(url, data)
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert (escalation.urgency, escalation.status) == (Urgency.URGENT, EscalationStatus.WAITING)
    assert (
        client_for(staff)
        .post(reverse("moderation:escalation_update", args=[999999]), data)
        .status_code
        == 404
    )
    queue = client_for(staff).get(reverse("moderation:staff_queue")).content.decode()
    assert thread.title in queue


def test_editing_a_thread_into_the_complaints_category_escalates_it(
    thread, user, complaints, django_capture_on_commit_callbacks
):
    from forum.services import thread_edit

    assert not Escalation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        thread_edit(
            thread=thread, editor=user, title=thread.title, body=thread.body, category=complaints
        )
    assert Escalation.objects.get().thread == thread


def test_a_reply_from_the_asker_puts_a_waiting_escalation_back_to_open(
    thread, user, other_user, staff, django_capture_on_commit_callbacks
):
    from tests.factories import make_answer

    escalation = escalation_request(thread=thread, user=user)
    escalation_update(
        escalation=escalation,
        staff=staff,
        urgency=Urgency.NORMAL,
        status=EscalationStatus.WAITING,
        note="Which network did you use?",
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(thread=thread, author=other_user, body="Not the asker")
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(thread=thread, author=user, body="It was TRC20, txid below")
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN
