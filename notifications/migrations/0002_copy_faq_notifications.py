"""Move the FAQ's notifications into this app, keeping every row (and its id, so an open link
to /notifications/<id>/ still works). faq.0003 drops the old table after this has run."""

from django.core.management.color import no_style
from django.db import migrations
from django.urls import NoReverseMatch, reverse


def copy_from_faq(apps, schema_editor):
    old = apps.get_model("faq", "Notification")
    new = apps.get_model("notifications", "Notification")
    rows = []
    for notice in old.objects.select_related("entry").order_by("pk").iterator():
        entry = notice.entry
        rows.append(
            new(
                pk=notice.pk,
                recipient_id=notice.recipient_id,
                kind="answer_promoted",  # the only verb the FAQ had
                actor_id=entry.promoted_by_id if entry else None,
                thread_id=entry.source_thread_id if entry else None,
                answer_id=entry.source_answer_id if entry else None,
                faq_entry=entry,
                count=1,
                created_at=notice.created_at,
                updated_at=notice.created_at,
                read_at=notice.read_at,
            )
        )
    # auto_now_add/auto_now restamp the rows (and these objects) on insert: put the times back.
    created = {row.pk: row.created_at for row in rows}
    new.objects.bulk_create(rows, batch_size=500)
    for pk, created_at in created.items():
        new.objects.filter(pk=pk).update(created_at=created_at, updated_at=created_at)
    _reset_sequence(schema_editor, new)


def copy_back_to_faq(apps, schema_editor):
    """Reverse: the FAQ's model knew only promotions; the other kinds cannot go back."""
    old = apps.get_model("faq", "Notification")
    new = apps.get_model("notifications", "Notification")
    rows = []
    for notice in new.objects.filter(kind="answer_promoted").order_by("pk").iterator():
        rows.append(
            old(
                pk=notice.pk,
                recipient_id=notice.recipient_id,
                verb="answer_promoted",
                entry_id=notice.faq_entry_id,
                url=_entry_url(notice.faq_entry_id),
                created_at=notice.created_at,
                read_at=notice.read_at,
            )
        )
    created = {row.pk: row.created_at for row in rows}
    old.objects.bulk_create(rows, batch_size=500)
    for pk, created_at in created.items():
        old.objects.filter(pk=pk).update(created_at=created_at)
    new.objects.all().delete()
    _reset_sequence(schema_editor, old)


def _entry_url(entry_id):
    if entry_id is None:
        return ""
    try:
        return reverse("faq:entry_detail", args=[entry_id])
    except NoReverseMatch:
        return ""


def _reset_sequence(schema_editor, model):
    # Rows were inserted with their ids: on PostgreSQL the id sequence must move past them.
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_initial"),
        ("faq", "0002_feedback_client_address_hash"),
    ]

    operations = [migrations.RunPython(copy_from_faq, copy_back_to_faq)]
