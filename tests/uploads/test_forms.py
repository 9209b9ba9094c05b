"""Without JavaScript: the question, answer and FAQ forms take an image in a plain file field,
append its Markdown to the text, and keep what was typed on any error."""

from django.core.files.uploadedfile import SimpleUploadedFile

from faq.models import FaqCategory, FaqEntry
from forum.models import Answer, Thread
from tests.factories import PASSWORD
from tests.uploads import pictures
from tests.uploads.conftest import stored_files
from uploads.models import Upload


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def test_the_ask_form_is_multipart_and_has_the_image_field(client, user):
    login(client, user)
    page = client.get("/ask/", HTTP_HOST="localhost").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="image"' in page and 'id="id_image"' in page
    assert "text written or drawn in an image is not read" in page


def test_an_image_sent_with_the_ask_form_is_appended_to_the_question(client, user, category):
    login(client, user)
    data = {
        "title": "Withdrawal shows pending for two days",
        "body": "Here is the screen:",
        "category": category.pk,
        "confirm_new": "1",
        "image": pictures.upload_file(pictures.png_bytes(120, 80), name="pending.png"),
    }
    response = client.post("/ask/", data, HTTP_HOST="localhost")
    assert response.status_code == 302
    thread = Thread.objects.get()
    upload = Upload.objects.get()
    assert thread.body == f"Here is the screen:\n\n![pending](/media/{upload.file_name})"
    assert f'<img src="/media/{upload.file_name}" alt="pending" width="120" height="80"' in (
        thread.body_html
    )
    assert upload.attached_at is not None


def test_a_refused_image_keeps_the_typed_question_and_stores_nothing(
    client, user, category, media_root
):
    login(client, user)
    data = {
        "title": "My typed title",
        "body": "My typed details.",
        "category": category.pk,
        "image": SimpleUploadedFile("logo.svg", pictures.SVG, content_type="image/svg+xml"),
    }
    response = client.post("/ask/", data, HTTP_HOST="localhost")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Other files (SVG included) cannot be uploaded." in page
    assert "My typed title" in page and "My typed details." in page
    assert not Thread.objects.exists() and not Upload.objects.exists()
    assert stored_files(media_root) == []


def test_a_too_large_image_keeps_the_typed_answer(client, user, thread, settings):
    settings.WENDA_UPLOAD_MAX_BYTES = 64 * 1024
    login(client, user)
    large = pictures.png_bytes(64, 64) + b"\0" * (200 * 1024)
    data = {"body": "My typed answer.", "image": pictures.upload_file(large)}
    response = client.post(f"/t/{thread.pk}/answer/", data, HTTP_HOST="localhost")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This file is too large: images of up to 64.0\xa0KB can be uploaded." in page
    assert "My typed answer." in page
    assert not Answer.objects.exists() and not Upload.objects.exists()


def test_an_image_sent_with_the_answer_form_is_appended(client, user, thread):
    login(client, user)
    data = {"body": "Mine looked like this.", "image": pictures.upload_file(pictures.png_bytes())}
    response = client.post(f"/t/{thread.pk}/answer/", data, HTTP_HOST="localhost")
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert "<img" in answer.body_html and answer.body.startswith("Mine looked like this.\n\n![")


def test_when_the_post_is_refused_the_uploaded_image_stays_in_the_text(client, user, thread):
    # The image was stored before the text was refused: the form shows its Markdown, so the
    # member's next submit posts it without uploading it again.
    login(client, user)
    phrase = " ".join(["abandon"] * 11 + ["about"])
    data = {"body": f"My words {phrase}", "image": pictures.upload_file(pictures.png_bytes())}
    response = client.post(f"/t/{thread.pk}/answer/", data, HTTP_HOST="localhost")
    assert response.status_code == 400
    upload = Upload.objects.get()
    assert f"![screenshot](/media/{upload.file_name})" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_moderator_adds_an_image_to_a_new_faq_entry(client, moderator):
    category = FaqCategory.objects.create(name="Fees", slug="fees")
    login(client, moderator)
    page = client.get("/faq/new/", HTTP_HOST="localhost").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="image"' in page
    data = {
        "question": "What does a normal network fee look like?",
        "answer": "Like this:",
        "category": category.pk,
        "language": "en",
        "is_published": "on",
        "image": pictures.upload_file(pictures.png_bytes(), name="fee.png"),
    }
    response = client.post("/faq/new/", data, HTTP_HOST="localhost")
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = FaqEntry.objects.get()
    assert entry.answer.startswith("Like this:\n\n![fee](/media/uploads/")
    assert "<img" in entry.answer_html
