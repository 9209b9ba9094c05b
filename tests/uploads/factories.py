from tests.uploads import pictures
from uploads.services import upload_create


def make_upload(*, owner, width=64, height=48, name="shot.png"):
    """An upload through the real service: (upload, markdown that shows it)."""
    return upload_create(
        owner=owner, file=pictures.upload_file(pictures.png_bytes(width, height), name)
    )
