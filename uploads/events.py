from dataclasses import dataclass

from core.events import Event


@dataclass(frozen=True)
class UploadRemoved(Event):
    """A moderator removed an image for good; the posts that showed it re-render their HTML.
    ``targets`` are (kind, id) pairs as given to uploads.services.uploads_attach."""

    upload_id: int
    moderator_id: int
    targets: tuple[tuple[str, int], ...]
