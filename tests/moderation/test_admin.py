"""The Thread and Answer admin, through the real admin views as a superuser."""

import pytest
from django.urls import reverse

from forum.models import Revision
from moderation.models import AuditAction, AuditLogEntry
from tests.factories import make_user

SEED_PHRASE = "abandon ability able about above absent absorb abstract absurd abuse access accident"


@pytest.fixture
def admin_client_for_superuser(db, client):
    client.force_login(make_user(username="root", is_staff=True, is_superuser=True))
    return client


def _change_url(post) -> str:
    return reverse(f"admin:forum_{post._meta.model_name}_change", args=[post.pk])


def _post_change(client, post, **changes):
    """Submit the change form as the admin page would: its current values plus ``changes``."""
    page = client.get(_change_url(post))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)  # an unticked checkbox is absent from the POST
        else:
            data[name] = "on" if value is True else value
    return client.post(_change_url(post), data)


def test_an_admin_edit_of_a_thread_goes_through_the_services(admin_client_for_superuser, thread):
    response = _post_change(
        admin_client_for_superuser,
        thread,
        title="I forgot my password again",
        body="Now with **bold** text",
        reason="Typo in the title",
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.title == "I forgot my password again"
    assert thread.body_html == "<p>Now with <strong>bold</strong> text</p>"  # re-rendered
    assert "bold text" in thread.body_text
    assert Revision.objects.get(thread=thread).title == "I forgot my password"
    entry = AuditLogEntry.objects.get(thread=thread, action=AuditAction.EDIT)
    assert entry.actor.username == "root"
    assert entry.details == {"fields": ["title", "body"]}
    assert entry.reason == "Typo in the title"


def test_an_admin_edit_with_a_seed_phrase_is_a_form_error_and_changes_nothing(
    admin_client_for_superuser, thread
):
    response = _post_change(
        admin_client_for_superuser, thread, body=f"My words: {SEED_PHRASE}", is_hidden=True
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Never share it" in response.content.decode()  # shown above the form
    thread.refresh_from_db()
    assert SEED_PHRASE not in thread.body
    assert not thread.is_hidden  # the hide in the same submit was undone too
    assert not Revision.objects.filter(thread=thread).exists()
    assert not AuditLogEntry.objects.exists()


def test_hiding_and_unhiding_in_the_admin_writes_audit_entries(
    admin_client_for_superuser, thread, answer
):
    assert _post_change(admin_client_for_superuser, answer, is_hidden=True).status_code == 302
    answer.refresh_from_db()
    assert answer.is_hidden
    assert _post_change(admin_client_for_superuser, answer, is_hidden=False).status_code == 302
    answer.refresh_from_db()
    assert not answer.is_hidden
    actions = list(
        AuditLogEntry.objects.filter(answer=answer).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [AuditAction.HIDE, AuditAction.UNHIDE]
    assert not Revision.objects.exists()  # no text changed: no revision, no edit entry


def test_an_admin_edit_of_an_answer_keeps_a_revision_and_an_audit_entry(
    admin_client_for_superuser, answer
):
    old_body = answer.body
    response = _post_change(admin_client_for_superuser, answer, body="Better *advice*")
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.body_html == "<p>Better <em>advice</em></p>"
    assert Revision.objects.get(answer=answer).body == old_body
    assert AuditLogEntry.objects.get(answer=answer).action == AuditAction.EDIT


def test_other_post_fields_are_read_only_and_posts_are_not_added_or_deleted_in_the_admin(
    admin_client_for_superuser, thread, answer
):
    client = admin_client_for_superuser
    form = client.get(_change_url(thread)).context["adminform"].form
    assert set(form.fields) == {"title", "body", "is_hidden", "reason"}
    form = client.get(_change_url(answer)).context["adminform"].form
    assert set(form.fields) == {"body", "is_hidden", "reason"}
    # A forged field is ignored: is_locked is not part of the form.
    _post_change(client, thread, is_locked=True)
    thread.refresh_from_db()
    assert not thread.is_locked
    assert client.get(reverse("admin:forum_thread_add")).status_code == 403
    assert client.get(reverse("admin:forum_answer_delete", args=[answer.pk])).status_code == 403
    assert client.get(reverse("admin:forum_thread_changelist")).status_code == 200
