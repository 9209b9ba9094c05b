"""POST /uploads/: what the editor's upload gets back, and every refusal storing nothing."""

import io
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image

from tests.factories import PASSWORD
from tests.uploads import pictures
from tests.uploads.conftest import stored_files
from uploads.models import Upload

URL = "/uploads/"


def post_image(client, data, name="shot.png", **extra):
    return client.post(
        URL, {"image": pictures.upload_file(data, name=name)}, HTTP_HOST="localhost", **extra
    )


def test_an_uploaded_png_answers_with_its_url_markdown_and_size(member_client, media_root):
    response = post_image(member_client, pictures.png_bytes(64, 48), name="withdrawal error.png")
    assert response.status_code == 201
    body = response.json()
    upload = Upload.objects.get()
    assert body["url"] == f"/media/{upload.file_name}"
    assert body["markdown"] == f"![withdrawal error]({body['url']})"
    assert (body["width"], body["height"]) == (64, 48)
    assert stored_files(media_root) == [upload.file_name]
    assert len(upload.key) == 24 and upload.key in upload.file_name


def test_exif_with_gps_and_camera_serial_is_gone_after_upload(member_client, media_root):
    original = pictures.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(pictures.GPS_IFD)
    response = post_image(member_client, original, name="photo.jpg")
    assert response.status_code == 201
    stored = (Path(media_root) / Upload.objects.get().file_name).read_bytes()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert not image.getexif().get_ifd(pictures.GPS_IFD)
    for marker in (b"Exif", b"PhoneMaker", b"SN-123456789"):
        assert marker not in stored


def test_orientation_is_applied_before_the_metadata_is_dropped(member_client, media_root):
    # Orientation 6: the camera held sideways; viewers rotate the 80x40 pixels to 40x80.
    response = post_image(member_client, pictures.jpeg_with_gps(80, 40, orientation=6), "p.jpg")
    assert (response.json()["width"], response.json()["height"]) == (40, 80)
    stored = Image.open(Path(media_root) / Upload.objects.get().file_name)
    assert stored.size == (40, 80)
    assert pictures.ORIENTATION not in stored.getexif()


def test_a_wide_screenshot_gets_a_display_copy_and_keeps_its_original(member_client, media_root):
    response = post_image(member_client, pictures.png_bytes(2560, 1000))
    upload = Upload.objects.get()
    assert (response.json()["width"], response.json()["height"]) == (2560, 1000)
    assert (upload.display_width, upload.display_height) == (1280, 500)
    assert Image.open(Path(media_root) / upload.display_name).size == (1280, 500)
    assert len(stored_files(media_root)) == 2


def test_an_animated_gif_is_stored_as_its_first_frame(member_client, media_root):
    response = post_image(member_client, pictures.animated_gif(), name="anim.gif")
    assert response.status_code == 201
    stored = Image.open(Path(media_root) / Upload.objects.get().file_name)
    assert stored.format == "PNG" and not getattr(stored, "is_animated", False)
    assert stored.convert("RGB").getpixel((0, 0)) == (255, 0, 0)


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"just some text, not an image\n" * 20, "notes.png", "not a PNG, JPEG, WebP or GIF"),
        (pictures.png_bytes(300, 300)[:400], "cut.png", "damaged or incomplete"),
        (pictures.png_declaring(30_000, 30_000), "bomb.png", "too large"),
        (pictures.SVG, "logo.svg", "SVG included"),
        (pictures.animated_gif_bomb(), "bomb.gif", "too large"),
        (b"", "empty.png", "empty"),
    ],
    ids=["text-named-png", "truncated-png", "30000x30000", "svg", "gif-bomb", "zero-bytes"],
)
def test_bad_files_get_a_clear_4xx_and_nothing_is_stored(
    member_client, media_root, data, name, reason
):
    response = post_image(member_client, data, name=name)
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert Upload.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_reason_is_translated_for_a_chinese_reader(member_client):
    response = post_image(member_client, pictures.SVG, name="x.svg", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "SVG" in response.json()["error"] and "图" in response.json()["error"]


class CountingInput:
    """A request body that is produced only as it is read, counting what was read."""

    def __init__(self, length):
        self.length, self.read_bytes = length, 0

    def read(self, size=-1):
        size = self.length - self.read_bytes if size is None or size < 0 else size
        size = max(0, min(size, self.length - self.read_bytes))
        self.read_bytes += size
        return b"x" * size

    def readline(self, size=-1):
        return self.read(size)


def test_a_50_mb_body_is_refused_before_any_of_it_is_read(member_client, media_root):
    body = CountingInput(50 * 1024 * 1024)
    response = member_client.generic(
        "POST",
        URL,
        b"",
        HTTP_HOST="localhost",
        # The client sets these only for a body it builds itself.
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert "images of up to 10.0\xa0MB" in response.json()["error"]
    assert body.read_bytes == 0
    assert Upload.objects.count() == 0 and stored_files(media_root) == []


def test_a_file_past_the_cap_inside_a_short_body_is_skipped_as_it_streams(
    member_client, media_root, settings
):
    settings.WENDA_UPLOAD_MAX_BYTES = 64 * 1024
    large = pictures.png_bytes(600, 600, mode="RGB") + b"\0" * (300 * 1024)
    response = post_image(member_client, large)
    assert response.status_code == 413
    assert Upload.objects.count() == 0 and stored_files(media_root) == []


def test_an_anonymous_upload_is_refused_with_403_json(client, db, media_root):
    response = post_image(client, pictures.png_bytes())
    assert response.status_code == 403
    assert "Log in" in response.json()["error"]
    assert Upload.objects.count() == 0 and stored_files(media_root) == []


def test_an_upload_without_the_csrf_token_is_refused(user, media_root):
    client = Client(enforce_csrf_checks=True)
    client.login(username=user.username, password=PASSWORD)
    response = post_image(client, pictures.png_bytes())
    assert response.status_code == 403
    assert Upload.objects.count() == 0


def test_a_get_is_refused(member_client):
    assert member_client.get(URL, HTTP_HOST="localhost").status_code == 405


def test_past_the_hourly_limit_a_new_account_gets_429_with_retry_after(
    member_client, media_root, settings
):
    settings.WENDA_RATE_NEW_UPLOADS_PER_HOUR = 2
    for _ in range(2):
        assert post_image(member_client, pictures.png_bytes()).status_code == 201
    response = post_image(member_client, pictures.png_bytes())
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "New accounts can upload 2 images per hour" in response.json()["error"]
    assert Upload.objects.count() == 2 and len(stored_files(media_root)) == 2


def test_older_accounts_get_the_wider_hourly_limit(member_client, user, settings):
    settings.WENDA_RATE_NEW_UPLOADS_PER_HOUR = 1
    settings.WENDA_RATE_UPLOADS_PER_HOUR = 3
    type(user).objects.filter(pk=user.pk).update(date_joined="2020-01-01T00:00:00Z")
    statuses = [post_image(member_client, pictures.png_bytes()).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]


def test_past_the_storage_quota_an_upload_is_refused(member_client, media_root, settings):
    settings.WENDA_UPLOAD_NEW_QUOTA_MB = 0
    response = post_image(member_client, pictures.png_bytes())
    assert response.status_code == 400
    assert "storage for images" in response.json()["error"]
    assert Upload.objects.count() == 0 and stored_files(media_root) == []


def test_moderators_have_no_upload_limits(client, moderator, settings):
    settings.WENDA_RATE_NEW_UPLOADS_PER_HOUR = 0
    settings.WENDA_UPLOAD_NEW_QUOTA_MB = 0
    client.login(username=moderator.username, password=PASSWORD)
    assert post_image(client, pictures.png_bytes()).status_code == 201
