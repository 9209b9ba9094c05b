"""FAQ entries that showed an image a moderator removed for good are rendered again (see
forum/upload_subscribers.py); no revision is written."""

from core.markup import render_markdown
from faq.models import FaqEntry
from faq.services import ENTRY_UPLOADS
from uploads.events import UploadRemoved
from uploads.selectors import inline_images_for_source


def rerender_entries_showing_removed_upload(event: UploadRemoved) -> None:
    for kind, pk in event.targets:
        if kind != ENTRY_UPLOADS:
            continue
        entry = FaqEntry.objects.filter(pk=pk).first()
        if entry is None:
            continue
        rendered = render_markdown(entry.answer, images=inline_images_for_source(entry.answer))
        entry.answer_html, entry.answer_text = rendered.html, rendered.text
        # save(), not update(): the search index follows the entry's post_save signal.
        entry.save(update_fields=["answer_html", "answer_text"])
