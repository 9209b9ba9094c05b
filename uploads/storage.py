"""Where upload files live: Django's default storage (settings.STORAGES["default"]), the file
system under MEDIA_ROOT or an S3-compatible bucket (README "Configuration")."""

from django.core.files.storage import storages

# Files of one upload: "uploads/<key>.<ext>" and "uploads/<key>.display.<ext>". The key is what
# Markdown references are recognised by (uploads.selectors.upload_keys_in).
DIRECTORY = "uploads"


def media_storage():
    return storages["default"]


def original_name(key: str, extension: str) -> str:
    return f"{DIRECTORY}/{key}.{extension}"


def display_name(key: str, extension: str) -> str:
    return f"{DIRECTORY}/{key}.display.{extension}"


def file_url(name: str) -> str:
    return media_storage().url(name)
