"""Uploads belong to the posts that show them, and to their revisions; moderators remove them
for good; uploads no post used are cleaned up."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from faq.models import FaqEntry
from forum.models import Answer, Thread
from forum.services import answer_edit, thread_create, thread_edit
from moderation.models import AuditAction, AuditLogEntry
from tests.factories import PASSWORD, make_answer, make_thread
from tests.uploads.conftest import stored_files
from tests.uploads.factories import make_upload
from uploads.models import Attachment, Upload


def test_a_post_showing_another_members_unattached_upload_is_refused(user, other_user, category):
    upload, markdown = make_upload(owner=other_user)
    with pytest.raises(ValidationError) as refused:
        thread_create(author=user, title="Look at this", body=markdown, category=category)
    assert refused.value.code == "foreign_upload"
    assert upload.file_name in refused.value.messages[0]
    assert not Thread.objects.exists()
    upload.refresh_from_db()
    assert upload.attached_at is None and not Attachment.objects.exists()


def test_the_ask_page_says_so_and_keeps_the_typed_text(client, user, other_user, category):
    _upload, markdown = make_upload(owner=other_user)
    client.login(username=user.username, password=PASSWORD)
    body = f"My typed question text.\n\n{markdown}"
    data = {"title": "Withdrawal stuck", "body": body, "category": category.pk}
    response = client.post("/ask/", data, HTTP_HOST="localhost")
    assert response.status_code == 400
    page = response.content.decode()
    assert "someone else uploaded" in page
    assert "My typed question text." in page and "Withdrawal stuck" in page
    assert not Thread.objects.exists()


def test_an_image_already_in_a_post_may_be_shown_by_another(user, other_user, category):
    upload, markdown = make_upload(owner=other_user)
    make_thread(author=other_user, category=category, body=markdown)
    thread = make_thread(author=user, category=category, body=f"Same as here: {markdown}")
    assert "<img" in thread.body_html
    assert Attachment.objects.filter(upload=upload).count() == 2


def test_an_edit_that_drops_an_image_keeps_it_for_the_revision(user, thread, media_root):
    upload, markdown = make_upload(owner=user)
    answer = make_answer(thread=thread, author=user, body=f"See {markdown}")
    answer_edit(answer=answer, editor=user, body="Text only now.")
    assert Attachment.objects.filter(
        upload=upload, target_kind="forum.answer", target_id=answer.pk
    ).exists()
    assert answer.revisions.get().body == f"See {markdown}"
    Upload.objects.filter(pk=upload.pk).update(created_at=timezone.now() - timedelta(days=3))
    call_command("clean_uploads", stdout=StringIO())
    assert Upload.objects.filter(pk=upload.pk).exists()
    assert upload.file_name in stored_files(media_root)


def test_an_edit_that_adds_an_image_attaches_it(user, thread):
    upload, markdown = make_upload(owner=user)
    thread_edit(thread=thread, editor=user, title=thread.title, body=f"{thread.body}\n\n{markdown}")
    upload.refresh_from_db()
    assert upload.attached_at is not None
    thread.refresh_from_db()
    assert f'src="/media/{upload.file_name}"' in thread.body_html


def test_clean_uploads_deletes_only_old_unattached_uploads(
    user, category, media_root, django_capture_on_commit_callbacks
):
    old_unused, _ = make_upload(owner=user)
    new_unused, _ = make_upload(owner=user)
    old_used, markdown = make_upload(owner=user)
    make_thread(author=user, category=category, body=markdown)
    day_ago = timezone.now() - timedelta(hours=25)
    Upload.objects.filter(pk__in=[old_unused.pk, old_used.pk]).update(created_at=day_ago)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # files go after the commit
        call_command("clean_uploads", stdout=out)
    assert "Deleted 1 unattached upload(s) older than 24 hours." in out.getvalue()
    assert set(Upload.objects.values_list("pk", flat=True)) == {new_unused.pk, old_used.pk}
    assert stored_files(media_root) == sorted([new_unused.file_name, old_used.file_name])


def test_a_moderator_removes_an_image_for_good_and_the_log_says_so(
    client, user, moderator, category, media_root, django_capture_on_commit_callbacks
):
    upload, markdown = make_upload(owner=user)
    thread = make_thread(author=user, category=category, body=f"Screenshot:\n\n{markdown}")
    client.login(username=moderator.username, password=PASSWORD)
    page = client.get(thread.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    url = f"/mod/thread/{thread.pk}/image/{upload.pk}/remove/"
    assert f'action="{url}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Shows an account number"}, HTTP_HOST="localhost")
    assert response.status_code == 302
    assert stored_files(media_root) == []
    upload.refresh_from_db()
    assert upload.removed_at is not None and upload.removed_by == moderator
    thread.refresh_from_db()
    assert "<img" not in thread.body_html
    assert "Image removed by a moderator." in thread.body_html
    assert thread.body == f"Screenshot:\n\n{markdown}"  # the author's text is not changed
    entry = AuditLogEntry.objects.get(action=AuditAction.IMAGE_REMOVE)
    assert entry.actor == moderator and entry.thread == thread
    assert entry.reason == "Shows an account number"
    assert entry.details == {"image": upload.file_name}
    log = client.get("/mod/log/", HTTP_HOST="localhost").content.decode()
    assert "Removed an image for good" in log


def test_a_removed_image_of_an_answer_and_a_faq_entry_shows_the_notice(
    user, moderator, thread, django_capture_on_commit_callbacks
):
    from faq.models import FaqCategory
    from faq.services import faq_entry_create
    from moderation.image_removal import post_image_remove

    upload, markdown = make_upload(owner=user)
    answer = make_answer(thread=thread, author=user, body=markdown)
    entry = faq_entry_create(
        created_by=moderator,
        question="What does the fee screen look like?",
        answer=markdown,
        category=FaqCategory.objects.create(name="Fees", slug="fees"),
        language="en",
    )
    assert "<img" in entry.answer_html
    with django_capture_on_commit_callbacks(execute=True):
        post_image_remove(moderator=moderator, post=answer, upload_id=upload.pk)
    assert "Image removed by a moderator." in Answer.objects.get(pk=answer.pk).body_html
    assert "Image removed by a moderator." in FaqEntry.objects.get(pk=entry.pk).answer_html


def test_members_cannot_remove_images(client, user, other_user, category, media_root):
    upload, markdown = make_upload(owner=user)
    thread = make_thread(author=user, category=category, body=markdown)
    client.login(username=other_user.username, password=PASSWORD)
    page = client.get(thread.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    assert "/image/" not in page
    url = f"/mod/thread/{thread.pk}/image/{upload.pk}/remove/"
    assert client.post(url, HTTP_HOST="localhost").status_code == 403
    assert upload.file_name in stored_files(media_root)
