"""The FAQ's content for the secret scan (moderation.scanning), registered in apps.ready():
entries are unpublished through the FAQ's own service, old revisions redacted."""

from faq.models import FaqEntry, FaqRevision
from faq.services import faq_entry_set_published, faq_revision_redact
from moderation.scanning import ScanItem, revision_item


def _unpublish(entry: FaqEntry, actor) -> str:
    faq_entry_set_published(entry=entry, user=actor, is_published=False)
    return "unpublished"


def faq_items():
    for entry in FaqEntry.objects.order_by("pk").iterator():
        yield ScanItem(
            name=f"FAQ entry {entry.pk}",
            texts={"question": entry.question, "answer": entry.answer},
            out_of_view="" if entry.is_published else "unpublished",
            take_down=lambda actor, summary, entry=entry: _unpublish(entry, actor),
        )
    for revision in FaqRevision.objects.order_by("pk").iterator():
        yield revision_item(
            f"FAQ revision {revision.pk}",
            {"question": revision.question, "answer": revision.answer},
            lambda replacements, revision=revision: faq_revision_redact(
                revision=revision, replacements=replacements
            ),
        )
