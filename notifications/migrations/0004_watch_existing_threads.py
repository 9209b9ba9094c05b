"""Watching starts with what members already did: the asker and every answerer of an existing
thread watch it, as asking or answering does from now on. Rows that exist (an explicit unwatch
included) are left as they are. Going back removes nothing: the table itself is 0003's."""

from django.db import migrations

BATCH = 1000


def watch_asked_and_answered(apps, schema_editor):
    thread_model = apps.get_model("forum", "Thread")
    answer_model = apps.get_model("forum", "Answer")
    watch_model = apps.get_model("notifications", "Watch")
    pairs = set(thread_model.objects.filter(is_deleted=False).values_list("author_id", "pk"))
    pairs |= set(
        answer_model.objects.filter(is_deleted=False, thread__is_deleted=False).values_list(
            "author_id", "thread_id"
        )
    )
    existing = set(
        watch_model.objects.filter(thread__isnull=False).values_list("user_id", "thread_id")
    )
    watch_model.objects.bulk_create(
        [
            watch_model(user_id=user_id, thread_id=thread_id, active=True)
            for user_id, thread_id in sorted(pairs - existing)
        ],
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0003_thread_closing"),
        ("notifications", "0003_watching_mail_and_more_kinds"),
    ]

    operations = [migrations.RunPython(watch_asked_and_answered, migrations.RunPython.noop)]
