"""The FAQ's notifications moved into the notifications app (notifications.0002 copies them,
faq.0003 drops the old table): rows made under the old schema survive, ids and read state kept."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from notifications.models import Notification
from tests.factories import make_answer, make_user
from tests.faq.factories import make_faq_category, promote

BEFORE = [("notifications", "0001_initial"), ("faq", "0002_feedback_client_address_hash")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migrating_keeps_the_faq_notifications_rows_and_back_again():
    # Staff, not the Moderators group: an earlier transactional test's flush may have removed
    # the group (and its permission) that a data migration made.
    moderator = make_user(is_staff=True)
    answer = make_answer()
    # No transaction around them: the events are delivered at once (the asker hears of the
    # answer: a kind the FAQ's table cannot hold, so migrating back drops it).
    entry = promote(answer, moderator, make_faq_category())
    (delivered,) = Notification.objects.filter(kind="answer_promoted").values_list("pk", flat=True)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_apps = _migrate(BEFORE)
        old = old_apps.get_model("faq", "Notification")
        unread = old.objects.create(
            recipient_id=answer.author_id, verb="answer_promoted", entry_id=entry.pk, url="/x/"
        )
        read = old.objects.create(
            recipient_id=answer.author_id,
            verb="answer_promoted",
            entry_id=entry.pk,
            read_at=unread.created_at,
        )

        new_apps = _migrate(latest)
        new = new_apps.get_model("notifications", "Notification")
        moved = {row.pk: row for row in new.objects.all()}
        # The notice that existed went back to the FAQ's table and came forward again.
        assert set(moved) == {delivered, unread.pk, read.pk}
        assert moved[unread.pk].kind == "answer_promoted" and moved[unread.pk].read_at is None
        assert moved[read.pk].read_at == unread.created_at
        assert moved[unread.pk].created_at == unread.created_at
        assert (moved[unread.pk].faq_entry_id, moved[unread.pk].answer_id) == (entry.pk, answer.pk)
        assert moved[unread.pk].actor_id == moderator.pk
        # The id sequence moved past the copied ids.
        fresh = new.objects.create(recipient_id=answer.author_id, kind="answer_promoted")
        assert fresh.pk > read.pk

        back = _migrate(BEFORE).get_model("faq", "Notification")
        kept = set(back.objects.values_list("pk", flat=True))
        assert kept == {delivered, unread.pk, read.pk, fresh.pk}
    finally:
        _migrate(latest)
