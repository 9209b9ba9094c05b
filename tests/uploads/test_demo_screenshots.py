from PIL import Image

from demo import screenshots
from uploads.services import upload_create


def test_every_demo_screenshot_is_an_image_the_upload_service_accepts(user, media_root):
    for shot in screenshots.SCREENSHOTS:
        upload, markdown = upload_create(owner=user, file=screenshots.screenshot_file(shot))
        assert (upload.width, upload.height) == screenshots.PHONE
        assert markdown.startswith(f"![{shot.file_name}](/media/uploads/")
        assert Image.open(f"{media_root}/{upload.file_name}").size == screenshots.PHONE


def test_each_demo_screenshot_belongs_to_a_demo_thread():
    from demo.loader import ALL_THREADS

    titles = {spec.title for spec in ALL_THREADS}
    assert {shot.thread_title for shot in screenshots.SCREENSHOTS} <= titles
